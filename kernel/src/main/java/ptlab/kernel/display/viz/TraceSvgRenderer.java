package ptlab.kernel.display.viz;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.viz.TraceSvg;

/** A counterexample's swimlane as image/svg+xml (and an HTML image of it), with the trace's text table as text/plain. */
public final class TraceSvgRenderer implements Renderer<TraceSvg> {
    @Override
    public Class<TraceSvg> type() {
        return TraceSvg.class;
    }

    @Override
    public MimeBundle render(TraceSvg t) {
        return MimeBundle.svg(t.svg(), t.toString());
    }
}
