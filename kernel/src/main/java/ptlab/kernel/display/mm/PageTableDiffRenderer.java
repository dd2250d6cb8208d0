package ptlab.kernel.display.mm;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.mm.PageTableDiff;
import ptlab.viz.PageTableHtml;

/** What a step changed in the page tables, highlighted. */
public final class PageTableDiffRenderer implements Renderer<PageTableDiff> {
    @Override
    public Class<PageTableDiff> type() {
        return PageTableDiff.class;
    }

    @Override
    public MimeBundle render(PageTableDiff d) {
        return MimeBundle.html(PageTableHtml.diff(d), d.toString());
    }
}
