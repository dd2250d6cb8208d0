package ptlab.kernel.display.viz;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RendererRegistry;
import ptlab.race.examples.Classic;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableRendererTest {
    private final RendererRegistry registry = RendererRegistry.load(getClass().getClassLoader());

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aSmallTableIsEscapedHtmlWithItsShapeAndTablesawText() {
        Table t = Table.create("<names>", StringColumn.create("<b>key</b>", "a & b", "<script>x</script>"),
                IntColumn.create("n", 1, 2));
        MimeBundle b = registry.render(t);
        String html = (String) b.get(MimeBundle.HTML);
        assertTrue(html.contains("<caption>&lt;names&gt;</caption>"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">&lt;b&gt;key&lt;/b&gt;</th>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">a &amp; b</td>") && html.contains("&lt;script&gt;x&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">2</td>"), "numbers align right, text left: " + html);
        assertTrue(html.endsWith("<p>2 rows × 2 columns</p></div>"), html);
        assertEquals(t.print(50) + "\n2 rows × 2 columns", b.get(MimeBundle.TEXT));
    }

    @Test
    void aLongTableShowsItsFirstAndLastRowsAroundAnEllipsis() {
        Table t = Table.create("squares", IntColumn.create("i", IntStream.range(0, 1000).toArray()));
        String html = (String) registry.render(t).get(MimeBundle.HTML);
        assertEquals(TableRenderer.MAX_ROWS + 1, count(html, "<tr><td"), "50 rows and the ellipsis row");
        assertTrue(html.contains(">24</td></tr><tr><td>…</td></tr><tr><td style=\"text-align:right\">975<"), html);
        assertFalse(html.contains(">25</td>"), html);
        assertTrue(html.contains("<p>1,000 rows × 1 columns</p>"), html);
        assertTrue(((String) registry.render(t).get(MimeBundle.TEXT)).endsWith("1,000 rows × 1 columns"));
    }

    @Test
    void anOutcomeTableAsTablesawRendersWithItsDenominatorAsCaption() {
        String html = (String) registry.render(Classic.abba().explore().outcomes().toTable()).get(MimeBundle.HTML);
        assertTrue(html.contains("<caption>outcomes of 3 traces</caption>"), html);
        assertTrue(html.contains(">DEADLOCK</td><td style=\"text-align:right\">1</td><td style=\"text-align:right\">33.33%</td>"), html);
    }
}
