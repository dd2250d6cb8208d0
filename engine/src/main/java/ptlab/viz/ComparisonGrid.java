package ptlab.viz;

import ptlab.race.Grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Comparison} as a grid, rows x columns, each cell listing its outcomes with the bad ones
 * picked out: FORBIDDEN red, INTERESTING amber, ACCEPTABLE plain. HTML (inline styles, no scripts)
 * for notebooks, and a text grid for terminals where "!!" marks forbidden and "!" interesting.
 */
public final class ComparisonGrid {
    private ComparisonGrid() {}

    public static String html(Comparison c) {
        StringBuilder b = new StringBuilder("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">");
        b.append("<caption style=\"text-align:left;font-weight:bold;padding:4px 0\">").append(Markup.escape(c.title())).append("</caption>");
        b.append("<tr>").append(head(corner(c)));
        for (String col : c.columns()) b.append(head(col));
        b.append("</tr>");
        for (String row : c.rows()) {
            b.append("<tr>").append(head(row));
            for (String col : c.columns()) {
                var cell = c.cell(row, col);
                if (cell.isEmpty()) {
                    b.append("<td style=\"border:1px solid #ccc;padding:4px 8px;color:#999\">—</td>");
                    continue;
                }
                Grade worst = cell.get().worst();
                b.append("<td class=\"").append(worst.name().toLowerCase(Locale.ROOT)).append("\" style=\"border:1px solid #ccc;padding:4px 8px;vertical-align:top;background:")
                        .append(GradeColors.hex(GradeColors.tint(worst))).append("\">");
                for (Comparison.Entry e : cell.get().outcomes()) {
                    b.append("<div");
                    if (e.bad()) {
                        b.append(" style=\"font-weight:bold;color:").append(GradeColors.hex(GradeColors.bar(e.grade()).darker())).append('"');
                    }
                    b.append('>').append(Markup.escape(entry(e))).append("</div>");
                }
                if (cell.get().outcomes().isEmpty()) b.append("<div style=\"color:#999\">no outcome</div>");
                if (cell.get().note() != null) {
                    b.append("<div style=\"color:#777;font-size:11px\">").append(Markup.escape(cell.get().note())).append("</div>");
                }
                b.append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    public static String text(Comparison c) {
        List<String> header = new ArrayList<>(List.of(corner(c)));
        header.addAll(c.columns());
        List<List<List<String>>> rows = new ArrayList<>();
        for (String row : c.rows()) {
            List<List<String>> cells = new ArrayList<>();
            cells.add(List.of(row));
            for (String col : c.columns()) {
                List<String> lines = new ArrayList<>();
                c.cell(row, col).ifPresentOrElse(cell -> {
                    for (Comparison.Entry e : cell.outcomes()) {
                        lines.add((e.grade() == Grade.FORBIDDEN ? "!! " : e.grade() == Grade.INTERESTING ? "!  " : "   ") + entry(e));
                    }
                    if (cell.note() != null) lines.add("   (" + cell.note() + ")");
                }, () -> lines.add("-"));
                cells.add(lines);
            }
            rows.add(cells);
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) widths[i] = header.get(i).length();
        for (List<List<String>> r : rows) {
            for (int i = 0; i < r.size(); i++) for (String l : r.get(i)) widths[i] = Math.max(widths[i], l.length());
        }
        StringBuilder b = new StringBuilder(c.title()).append('\n');
        line(b, header.stream().map(List::of).toList(), widths);
        for (int i = 0; i < widths.length; i++) b.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        b.append('\n');
        for (List<List<String>> r : rows) line(b, r, widths);
        return b.append("!! forbidden, ! interesting\n").toString();
    }

    /** "x=1 (12)" or just "x=1" when the count is unknown. */
    private static String entry(Comparison.Entry e) {
        return e.count() < 0 ? e.outcome() : e.outcome() + String.format(Locale.US, " (%,d)", e.count());
    }

    private static String corner(Comparison c) {
        if (c.rowKnob().isEmpty() && c.columnKnob().isEmpty()) return "";
        return c.rowKnob() + " \\ " + c.columnKnob();
    }

    private static String head(String text) {
        return "<th style=\"border:1px solid #ccc;padding:4px 8px;background:#f0f0f0;text-align:left\">" + Markup.escape(text) + "</th>";
    }

    private static void line(StringBuilder b, List<List<String>> cells, int[] widths) {
        int height = cells.stream().mapToInt(List::size).max().orElse(1);
        for (int r = 0; r < height; r++) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String s = r < cells.get(i).size() ? cells.get(i).get(r) : "";
                if (i > 0) l.append(" | ");
                l.append(s).append(" ".repeat(Math.max(0, widths[i] - s.length())));
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }
    }
}
