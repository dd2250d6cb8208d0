package ptlab.kernel.display.viz;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.viz.TraceSvg;

/** A counterexample's swimlane as image/svg+xml, with the trace's text table as text/plain. */
public final class TraceSvgRenderer implements Renderer<TraceSvg> {
    @Override
    public Class<TraceSvg> type() {
        return TraceSvg.class;
    }

    @Override
    public MimeBundle render(TraceSvg t) {
        return new MimeBundle().with(MimeBundle.SVG, t.svg()).with(MimeBundle.TEXT, t.toString());
    }
}
