package ptlab.viz;

import java.util.List;
import ptlab.arch.Decoded;
import ptlab.mm.Page;
import ptlab.mm.PageTableDiff;
import ptlab.mm.PageTables;
import ptlab.mm.PageTables.Slot;
import ptlab.mm.PageTables.Table;
import ptlab.mm.TableState;
import ptlab.race.Grade;

/**
 * Page tables as HTML (inline styles, no scripts, everything visible): the snapshot as a tree, PMD
 * table above the PTE tables its pmds point to, and a diff of two snapshots. Every entry is a row:
 * index, address, kind and pfn, then the kernel's W D A as badges (a letter the entry lacks is
 * grey, so a clean or old entry shows as such), the raw value and the arch's bit names. In a diff
 * added rows are green, removed red and struck through, changed amber with what was set and
 * cleared; unchanged rows and tables are dimmed.
 */
public final class PageTableHtml {
    private PageTableHtml() {}

    private static final String FONT = "font-family:'DejaVu Sans Mono',monospace;font-size:12px;line-height:1.45;color:#222";
    /** Front ends style tables (centred, zebra rows, right-aligned cells): every table and cell says what it wants. */
    private static final String TABLE = "<table style=\"border-collapse:collapse;margin:2px 0;border:none;white-space:nowrap;" + FONT + "\">";
    private static final String CELL = "padding:1px 8px 1px 0;text-align:left;vertical-align:top;border:none";
    private static final String SMALL = "font-size:11px;color:#666";
    /** The grade tints, as in the comparison grid: added or attached, changed or detached, removed or freed. */
    private static final String GREEN = GradeColors.hex(GradeColors.tint(Grade.ACCEPTABLE)), AMBER = GradeColors.hex(GradeColors.tint(Grade.INTERESTING)),
            RED = GradeColors.hex(GradeColors.tint(Grade.FORBIDDEN));

    /** The kernel's flags shown as badges, in their places: W D A always, CONT only when set. */
    private enum Badge {
        W("writable (pte_write)", "#3b6fb6"), D("dirty (pte_dirty)", "#c0392b"), A("young (pte_young)", "#2a9d8f"), CONT("contiguous (pte_cont)", "#8a5cb8");

        final String title;
        final String colour;

        Badge(String title, String colour) {
            this.title = title;
            this.colour = colour;
        }
    }

    /** The address space as a tree. */
    public static String tree(PageTables p) {
        StringBuilder b = new StringBuilder("<div class=\"ptlab-pagetables\" style=\"").append(FONT).append("\">");
        b.append("<div style=\"font-weight:bold\">").append(Markup.escape(p.machine() + ", " + p.mm()))
                .append(" <span style=\"font-weight:normal;color:#777\">pgd → p4d → pud folded into the PMD table</span></div>");
        for (String v : p.vmas()) b.append("<div>vma ").append(Markup.escape(v)).append("</div>");
        table(b, p.pmd());
        if (!p.unlinked().isEmpty()) {
            b.append("<div style=\"margin-top:6px;color:#777\">not linked from any pmd:</div>");
            for (Table t : p.unlinked()) table(b, t);
        }
        tlbs(b, p.tlbs());
        findings(b, p.findings());
        return b.append("</div>").toString();
    }

    /** What changed, table by table; unchanged tables are one dimmed line. */
    public static String diff(PageTableDiff d) {
        StringBuilder b = new StringBuilder("<div class=\"ptlab-pagetable-diff\" style=\"").append(FONT).append("\">");
        b.append("<div style=\"font-weight:bold\">").append(Markup.escape(d.summary())).append("</div>");
        for (String v : d.vmasUnmapped()) b.append(line(RED, "− vma " + v, true));
        for (String v : d.vmasMapped()) b.append(line(GREEN, "+ vma " + v, false));
        for (PageTableDiff.TableDiff t : d.tables()) {
            if (!t.changed()) {
                b.append("<div style=\"opacity:0.45;margin-top:4px\">").append(Markup.escape(t.table().toString()))
                        .append(" — unchanged, ").append(t.entries().size()).append(t.entries().size() == 1 ? " entry" : " entries").append("</div>");
                continue;
            }
            b.append("<div style=\"margin-top:6px;border-left:2px solid #8aa4c8;padding-left:8px\">");
            header(b, t.before() == null ? "+ " : t.after() == null ? "− " : "", t.table(), t.stateChanged() ? t.before() : null, t.lockChanged() ? t.before() : null);
            b.append(TABLE);
            for (PageTableDiff.Entry e : t.entries()) entryChange(b, td(PageTables.where(t.table().use(), e.index(), e.va())), e);
            b.append("</table></div>");
        }
        if (!d.tlbs().isEmpty()) {
            b.append("<div style=\"margin-top:6px;font-weight:bold\">TLBs</div>").append(TABLE);
            for (PageTableDiff.TlbDiff t : d.tlbs()) {
                for (PageTableDiff.Entry e : t.entries()) entryChange(b, td("CPU" + t.cpu()) + td("0x" + Long.toHexString(e.va())), e);
            }
            b.append("</table>");
        }
        for (String f : d.newFindings()) b.append(line(RED, "+ finding " + f, false));
        return b.append("</div>").toString();
    }

    private static void table(StringBuilder b, Table t) {
        b.append("<div style=\"margin:4px 0 2px 0;border-left:2px solid #8aa4c8;padding-left:8px\">");
        header(b, "", t, null, null);
        if (t.use() == Page.Use.PMD_TABLE) {
            for (Slot s : t.slots()) {
                b.append("<div>").append(Markup.escape(s.where(t.use()))).append(": ").append(kind(s.entry())).append(' ')
                        .append(Markup.escape(pfn(s.entry()))).append(' ').append(badges(s.entry())).append("</div>");
                if (s.table() != null) {
                    b.append("<div style=\"margin-left:14px\">");
                    table(b, s.table());
                    b.append("</div>");
                }
            }
        } else if (!t.slots().isEmpty()) {
            b.append(TABLE);
            for (Slot s : t.slots()) b.append("<tr>").append(td("[" + s.index() + "]")).append(td(s.va() < 0 ? "" : "0x" + Long.toHexString(s.va()))).append(entryCells(s.entry(), true)).append("</tr>");
            b.append("</table>");
        }
        if (t.slots().isEmpty()) b.append("<div style=\"color:#999\">no entries</div>");
        b.append("</div>");
    }

    /** The table's name, frame, state and lock; a before table whose state or lock differs is shown struck through. */
    private static void header(StringBuilder b, String mark, Table t, Table stateWas, Table lockWas) {
        b.append("<div>").append(Markup.escape(mark)).append("<b>").append(t.level()).append(' ').append(Markup.escape(t.name())).append("</b> <span style=\"color:#777\">pfn 0x").append(Long.toHexString(t.pfn()))
                .append(t.highmem() ? ", highmem" : "").append("</span> ");
        if (stateWas != null) b.append(state(stateWas.state(), true)).append(" → ");
        b.append(state(t.state(), false)).append(' ');
        if (lockWas != null) b.append(lock(lockWas, true)).append(" → ");
        b.append(lock(t, false)).append("</div>");
    }

    /** A row: the mark, the cells saying where ({@code at}), the entry as it is now (as it was if removed), and what changed. */
    private static void entryChange(StringBuilder b, String at, PageTableDiff.Entry e) {
        Decoded shown = e.after() != null ? e.after() : e.before();
        b.append("<tr style=\"").append(rowStyle(e.change())).append("\">").append(td(mark(e.change()))).append(at).append(entryCells(shown, false));
        b.append("<td style=\"").append(CELL).append(";white-space:normal\">");
        if (e.change() == PageTableDiff.Change.CHANGED) {
            b.append("<span style=\"color:#777\">was ").append(Markup.escape(e.before().text())).append("</span> ");
            for (String c : e.flagChanges()) b.append(change(c, true));
            for (String c : e.bitChanges()) b.append(change(c, false));
        } else {
            b.append("<span style=\"").append(SMALL).append("\">").append(Markup.escape(shown.raw())).append("</span>");
        }
        b.append("</td></tr>");
    }

    private static String rowStyle(PageTableDiff.Change c) {
        return switch (c) {
            case SAME -> "opacity:0.45";
            case ADDED -> "background:" + GREEN;
            case REMOVED -> "background:" + RED + ";text-decoration:line-through";
            case CHANGED -> "background:" + AMBER;
        };
    }

    private static String mark(PageTableDiff.Change c) {
        return switch (c) {
            case SAME -> "";
            case ADDED -> "+";
            case REMOVED -> "−";
            case CHANGED -> "~";
        };
    }

    /** Kind, pfn, W D A badges, and (in the tree) the raw value and bit names. */
    private static String entryCells(Decoded d, boolean raw) {
        StringBuilder b = new StringBuilder();
        b.append("<td style=\"").append(CELL).append("\">").append(kind(d)).append("</td>");
        b.append(td(pfn(d)));
        b.append("<td style=\"").append(CELL).append("\">").append(badges(d)).append("</td>");
        if (raw) {
            b.append("<td style=\"").append(CELL).append(';').append(SMALL).append("\">").append(Markup.escape(d.raw())).append("</td>");
            b.append("<td style=\"").append(CELL).append(';').append(SMALL).append(";white-space:normal\">").append(Markup.escape(String.join(" ", d.bits()))).append("</td>");
        }
        return b.toString();
    }

    /** "pfn 0x101", or for an entry that names no frame the rest of its decode ("offset=0x5 EXCL"). */
    private static String pfn(Decoded d) {
        return d.pfn() >= 0 ? "pfn 0x" + Long.toHexString(d.pfn()) : d.detail();
    }

    /** W D A always in that place, coloured when set; CONT only when set. */
    private static String badges(Decoded d) {
        StringBuilder b = new StringBuilder();
        if (!d.kind().equals("PRESENT") && !d.kind().equals("PRESENT_INVALID") && !d.kind().equals("LEAF")) return "";
        for (Badge f : Badge.values()) {
            boolean on = d.flags().contains(f.name());
            if (!on && f == Badge.CONT) continue;
            b.append(on ? "<span title=\"" + f.title + "\" style=\"display:inline-block;min-width:1.2em;padding:0 2px;margin-right:2px;text-align:center;border-radius:3px;color:#fff;font-weight:bold;background:" + f.colour + "\">"
                    : "<span title=\"not " + f.title + "\" style=\"display:inline-block;min-width:1.2em;padding:0 2px;margin-right:2px;text-align:center;color:#c8c8c8\">").append(f.name()).append("</span>");
        }
        return b.toString();
    }

    private static String kind(Decoded d) {
        String colour = switch (d.kind()) {
            case "PRESENT", "TABLE" -> "#1e6b34";
            case "LEAF" -> "#2a6f9d";
            case "PRESENT_INVALID", "MIGRATION" -> "#b26b00";
            case "BAD" -> "#c83737";
            default -> "#666";
        };
        return "<span style=\"font-weight:bold;color:" + colour + "\">" + Markup.escape(d.kind()) + "</span>";
    }

    /** "+D" green, "-A" red and struck; the kernel's flags bold, the arch's bits small. */
    private static String change(String c, boolean flag) {
        boolean set = c.startsWith("+");
        return "<span style=\"margin-right:4px;" + (flag ? "font-weight:bold;" : "font-size:11px;") + "color:" + (set ? "#2d6a2d" : "#a01818;text-decoration:line-through")
                + "\">" + Markup.escape(set ? c : "−" + c.substring(1)) + "</span>";
    }

    private static String state(TableState s, boolean was) {
        String bg = s.freed() ? RED : s.detached() ? AMBER : s == TableState.ATTACHED ? GREEN : "#eeeeee";
        return "<span style=\"padding:0 4px;border-radius:3px;background:" + bg + (was ? ";text-decoration:line-through;opacity:0.6" : "") + "\">" + s + "</span>";
    }

    private static String lock(Table t, boolean was) {
        String style = t.holder() != null ? "padding:0 4px;border-radius:3px;font-weight:bold;color:#a01818;background:" + RED : "color:#777";
        return "<span style=\"" + style + (was ? ";text-decoration:line-through;opacity:0.6" : "") + "\">" + Markup.escape(t.lock()) + "</span>";
    }

    private static void tlbs(StringBuilder b, List<PageTables.CpuTlb> tlbs) {
        b.append("<div style=\"margin-top:6px;font-weight:bold\">TLBs</div>").append(TABLE);
        for (PageTables.CpuTlb t : tlbs) {
            if (t.entries().isEmpty()) b.append("<tr>").append(td("CPU" + t.cpu())).append("<td style=\"").append(CELL).append(";color:#999\" colspan=\"4\">empty</td></tr>");
            for (PageTables.Cached c : t.entries()) {
                b.append("<tr>").append(td("CPU" + t.cpu())).append(td("0x" + Long.toHexString(c.va()))).append(entryCells(c.pte(), false)).append("</tr>");
            }
        }
        b.append("</table>");
    }

    private static void findings(StringBuilder b, List<String> findings) {
        if (!findings.isEmpty()) b.append(line(RED, "findings: " + String.join(", ", findings), false));
    }

    private static String line(String background, String text, boolean struck) {
        return "<div style=\"margin-top:4px;padding:0 4px;background:" + background + (struck ? ";text-decoration:line-through" : "") + "\">" + Markup.escape(text) + "</div>";
    }

    private static String td(String text) {
        return "<td style=\"" + CELL + "\">" + Markup.escape(text) + "</td>";
    }
}
