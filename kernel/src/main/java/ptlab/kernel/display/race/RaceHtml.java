package ptlab.kernel.display.race;

import ptlab.kernel.display.Html;
import ptlab.race.Grade;
import ptlab.race.LockMetrics;
import ptlab.race.LockStats;
import ptlab.race.Outcome;
import ptlab.race.OutcomeTable;
import ptlab.race.Trace;

import java.util.List;

/** HTML for the race scheduler's results: plain tables with inline styles, no scripts. */
final class RaceHtml {
    private RaceHtml() {}

    private static final String TABLE = "<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">";
    private static final String CELL = "<td style=\"border:1px solid #ccc;padding:2px 6px;text-align:%s;vertical-align:top%s\">";
    private static final String HEAD = "<th style=\"border:1px solid #ccc;padding:2px 6px;background:#f0f0f0\">";

    static String grade(Grade g) {
        return switch (g) {
            case ACCEPTABLE -> "#e6f4e6";
            case INTERESTING -> "#fff4d6";
            case FORBIDDEN -> "#fbdada";
        };
    }

    static void cell(StringBuilder b, String text, boolean right, String background) {
        b.append(String.format(CELL, right ? "right" : "left", background == null ? "" : ";background:" + background))
                .append(Html.escape(text).replace("\n", "<br>")).append("</td>");
    }

    static void header(StringBuilder b, List<String> names) {
        b.append("<tr>");
        for (String n : names) b.append(HEAD).append(Html.escape(n)).append("</th>");
        b.append("</tr>");
    }

    static String outcomes(OutcomeTable t) {
        StringBuilder b = new StringBuilder(TABLE);
        b.append("<caption style=\"text-align:left\">").append(Html.escape(t.denominator())).append("</caption>");
        header(b, t.exhaustive() ? List.of("outcome", "count", "share", "grade", "")
                : List.of("outcome", "count", "share", "95% interval", "grade", ""));
        for (Outcome o : t.rows()) {
            String bg = grade(o.grade());
            b.append("<tr>");
            cell(b, o.key(), false, bg);
            cell(b, String.format("%,d", o.count()), true, bg);
            cell(b, String.format("%.2f%%", 100 * o.share()), true, bg);
            if (!t.exhaustive()) cell(b, String.valueOf(o.interval()), true, bg);
            cell(b, o.grade().toString(), false, bg);
            cell(b, o.description() + (o.seen() ? "" : t.exhaustive() ? " (unreachable)" : " (not observed)"), false, bg);
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    static String trace(Trace t) {
        StringBuilder b = new StringBuilder("<div>");
        b.append("<b>").append(Html.escape(t.program() + ": " + t.outcome())).append("</b> (")
                .append(t.length()).append(" steps, ").append(t.preemptions()).append(" preemptions)");
        b.append(TABLE);
        List<String> cols = new java.util.ArrayList<>(List.of("#"));
        cols.addAll(t.threads());
        header(b, cols);
        for (Trace.Event e : t.events()) {
            b.append("<tr>");
            cell(b, Integer.toString(e.index()), true, null);
            for (int th = 0; th < t.threads().size(); th++) {
                if (th == e.thread()) {
                    cell(b, e.describe(), false, e.raised().isEmpty() ? "#eef3fb" : "#fbdada");
                } else if (e.blocked().containsKey(th)) {
                    cell(b, "(" + e.blocked().get(th) + ")", false, "#f5f5f5");
                } else {
                    cell(b, "", false, null);
                }
            }
            b.append("</tr>");
        }
        b.append("</table><div style=\"font-family:monospace\">replay: ").append(Html.escape(t.replay())).append("</div></div>");
        return b.toString();
    }

    static String locks(LockMetrics m) {
        if (m.locks().isEmpty()) return "<div>no locks</div>";
        StringBuilder b = new StringBuilder(TABLE);
        header(b, List.of("lock", "kind", "thread", "acquired", "blocked (executions)", "blocked steps", "max waiters", "hold", "wait"));
        for (LockStats l : m.locks()) {
            for (int t = 0; t < m.threads().size(); t++) {
                if (l.acquisitions(t) == 0 && l.blockedSteps(t) == 0) continue;
                b.append("<tr>");
                cell(b, l.name(), false, null);
                cell(b, l.kind().toString(), false, null);
                cell(b, m.threads().get(t), false, null);
                cell(b, String.format("%,d", l.acquisitions(t)), true, null);
                cell(b, String.format("%,d", l.blockedExecutions(t)), true, l.blockedExecutions(t) > 0 ? "#fff4d6" : null);
                cell(b, String.format("%,d", l.blockedSteps(t)), true, null);
                cell(b, Integer.toString(l.maxWaiters()), true, null);
                cell(b, l.holdLengths().toString(), false, null);
                cell(b, l.waitLengths().toString(), false, null);
                b.append("</tr>");
            }
        }
        return b.append("</table>").toString();
    }
}
