package ptlab.kernel.display.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RendererRegistry;
import ptlab.mm.PageTables;
import ptlab.paths.Sandbox;
import ptlab.viz.PageTableHtml;

/** Page tables, their diffs, machines and sandboxes as cell values: the HTML tree or diff, and their text. */
class PageTableRenderersTest {
    private final RendererRegistry registry = RendererRegistry.load(getClass().getClassLoader());

    static Sandbox sandbox() {
        Sandbox s = Sandbox.of("X86_64");
        s.mmap(0, 0x4000, "rw");
        s.touch(0, 0x1000, false);
        return s;
    }

    @Test
    void aSnapshotIsItsTreeAndItsText() {
        PageTables p = sandbox().pageTables();
        MimeBundle b = registry.render(p);
        assertEquals(Set.of(MimeBundle.HTML, MimeBundle.TEXT), b.data().keySet());
        assertEquals(PageTableHtml.tree(p), b.get(MimeBundle.HTML));
        assertEquals(p.toString(), b.get(MimeBundle.TEXT));
        assertTrue(((String) b.get(MimeBundle.TEXT)).contains("[1] 0x1000: PRESENT"), b.toString());
    }

    @Test
    void aDiffIsHighlightedHtmlAndItsText() {
        Sandbox s = sandbox();
        PageTables before = s.pageTables();
        s.touch(0, 0x1000, true);
        MimeBundle b = registry.render(before.diff(s.pageTables()));
        assertEquals(Set.of(MimeBundle.HTML, MimeBundle.TEXT), b.data().keySet());
        assertTrue(((String) b.get(MimeBundle.HTML)).contains("class=\"ptlab-pagetable-diff\""));
        assertTrue(((String) b.get(MimeBundle.TEXT)).contains("~ [1] 0x1000: PRESENT"), b.toString());
        assertTrue(((String) b.get(MimeBundle.TEXT)).contains("(+W +D; +_PAGE_RW +_PAGE_DIRTY)"), b.toString());
    }

    @Test
    void sandboxesAndMachinesShowTheirPageTables() {
        Sandbox s = sandbox();
        s.run(0, ptlab.paths.Path.of("raise", s.config(), p -> p.step("1", (m, c) -> m.memory.raise("SOMETHING"))));
        MimeBundle b = registry.render(s);
        assertEquals(PageTableHtml.tree(s.pageTables()), b.get(MimeBundle.HTML));
        assertTrue(((String) b.get(MimeBundle.HTML)).contains("findings: SOMETHING"));
        assertEquals(s.toString(), b.get(MimeBundle.TEXT));
        MimeBundle m = registry.render(s.machine());
        assertEquals(PageTableHtml.tree(s.machine().pageTables()), m.get(MimeBundle.HTML));
        assertTrue(((String) m.get(MimeBundle.TEXT)).startsWith("machine X86_64 with 2 CPUs, mm"), m.toString());
    }
}
