package ptlab.kernel.display.viz;

import ptlab.kernel.display.Html;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as HTML, escaped and capped at {@value #MAX_ROWS} rows (the first and last
 * half around a "…" row, as pandas does) with a shape footer, and as Tablesaw's own text with the
 * same cap. Written here rather than with tablesaw-html, which writes every row and brings jsoup.
 */
public final class TableRenderer implements Renderer<Table> {
    static final int MAX_ROWS = 50;

    @Override
    public Class<Table> type() {
        return Table.class;
    }

    @Override
    public MimeBundle render(Table t) {
        return MimeBundle.html(html(t), t.print(MAX_ROWS) + "\n" + shape(t));
    }

    static String shape(Table t) {
        return String.format("%,d rows × %,d columns", t.rowCount(), t.columnCount());
    }

    static String html(Table t) {
        StringBuilder b = new StringBuilder("<div><table class=\"dataframe\">");
        if (t.name() != null && !t.name().isEmpty()) b.append("<caption>").append(Html.escape(t.name())).append("</caption>");
        b.append("<thead><tr>");
        for (Column<?> c : t.columns()) b.append("<th").append(align(c)).append(">").append(Html.escape(c.name())).append("</th>");
        b.append("</tr></thead><tbody>");
        int n = t.rowCount(), head = n > MAX_ROWS ? MAX_ROWS / 2 : n;
        for (int r = 0; r < head; r++) row(b, t, r);
        if (head < n) {
            b.append("<tr>").append("<td>…</td>".repeat(t.columnCount())).append("</tr>");
            for (int r = n - MAX_ROWS / 2; r < n; r++) row(b, t, r);
        }
        return b.append("</tbody></table><p>").append(shape(t)).append("</p></div>").toString();
    }

    /** Numbers right, text left: Jupyter's own table style right-aligns every cell. */
    private static String align(Column<?> c) {
        return c instanceof NumericColumn ? " style=\"text-align:right\"" : " style=\"text-align:left\"";
    }

    private static void row(StringBuilder b, Table t, int r) {
        b.append("<tr>");
        for (Column<?> c : t.columns()) {
            b.append("<td").append(align(c)).append(">").append(Html.escape(c.getString(r))).append("</td>");
        }
        b.append("</tr>");
    }
}
