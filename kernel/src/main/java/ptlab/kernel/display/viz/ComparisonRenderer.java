package ptlab.kernel.display.viz;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.viz.Comparison;
import ptlab.viz.ComparisonGrid;

/** A comparison grid as an HTML table, and as a text grid. */
public final class ComparisonRenderer implements Renderer<Comparison> {
    @Override
    public Class<Comparison> type() {
        return Comparison.class;
    }

    @Override
    public MimeBundle render(Comparison c) {
        return MimeBundle.html(ComparisonGrid.html(c), ComparisonGrid.text(c));
    }
}
