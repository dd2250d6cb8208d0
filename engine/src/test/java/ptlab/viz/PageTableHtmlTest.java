package ptlab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import ptlab.mm.PageTables;
import ptlab.paths.Sandbox;

class PageTableHtmlTest {
    static final Pattern ROW = Pattern.compile("<tr style=\"([^\"]*)\">(.*?)</tr>");

    static Sandbox written() {
        Sandbox s = Sandbox.of("ARM64");
        s.mmap(0, 0x4000, "rw");
        s.touch(0, 0x1000, true);
        s.touch(0, 0x2000, false);
        return s;
    }

    static int count(String html, String s) {
        return html.split(Pattern.quote(s), -1).length - 1;
    }

    @Test
    void theTreeShowsEachEntrysBadgesAndArchBitsAndNoScript() {
        String html = PageTableHtml.tree(written().pageTables());
        String tables = html.substring(0, html.indexOf(">TLBs<")), tlbs = html.substring(tables.length());
        assertEquals(1, count(tables, "title=\"dirty (pte_dirty)\""), "one dirty entry: " + html);
        assertEquals(1, count(tables, "title=\"not dirty (pte_dirty)\""), "one clean one");
        assertEquals(2, count(tlbs, "title=\"young (pte_young)\""), "both in CPU0's TLB");
        assertTrue(html.contains("PTE_VALID PTE_AF PTE_WRITE/DBM PTE_DIRTY"), html);
        assertTrue(html.contains("PTE_VALID PTE_RDONLY PTE_AF"), html);
        assertTrue(html.contains(">ATTACHED</span>"), html);
        assertFalse(html.contains("<script") || Pattern.compile("\\son[a-z]+=").matcher(html).find(), "no JavaScript");
        assertEquals(html, PageTableHtml.tree(written().pageTables()), "the same state gives the same bytes");
    }

    @Test
    void textIsEscaped() {
        Sandbox s = written();
        PageTables p = PageTables.of(s.machine(), s.machine().mm(), List.of("<b>&"));
        String html = PageTableHtml.tree(p);
        assertTrue(html.contains("findings: &lt;b&gt;&amp;"), html);
        assertFalse(html.contains("<b>&"), html);
    }

    @Test
    void theDiffHighlightsTheChangedEntryAndDimsTheRest() {
        Sandbox s = written();
        PageTables before = s.pageTables();
        s.touch(0, 0x2000, true);
        String html = PageTableHtml.diff(before.diff(s.pageTables()));
        var rows = ROW.matcher(html).results().filter(r -> r.group(2).contains("[")).toList();
        assertEquals(2, rows.size(), html);
        assertEquals("opacity:0.45", rows.get(0).group(1), "[1] is unchanged: dimmed");
        assertTrue(rows.get(0).group(2).contains("[1] 0x1000"));
        assertEquals("background:#fff4d6", rows.get(1).group(1), "[2] changed: amber");
        assertTrue(rows.get(1).group(2).contains(">+D</span>") && rows.get(1).group(2).contains(">−PTE_RDONLY</span>"), rows.get(1).group(2));
        assertTrue(html.contains("— unchanged, 1 entry"), "the PMD table is one dimmed line: " + html);
    }
}
