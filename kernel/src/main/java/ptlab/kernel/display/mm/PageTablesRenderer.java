package ptlab.kernel.display.mm;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.mm.PageTables;
import ptlab.viz.PageTableHtml;

/** An address space as a tree of tables with every entry decoded; machines and sandboxes show theirs through it. */
public final class PageTablesRenderer implements Renderer<PageTables> {
    @Override
    public Class<PageTables> type() {
        return PageTables.class;
    }

    @Override
    public MimeBundle render(PageTables p) {
        return MimeBundle.html(PageTableHtml.tree(p), p.toString());
    }
}
