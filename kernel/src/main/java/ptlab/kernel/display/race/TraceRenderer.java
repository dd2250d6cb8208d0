package ptlab.kernel.display.race;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.race.Trace;

/** A trace as a table with a column per thread, blocked threads greyed, labelled steps red. */
public final class TraceRenderer implements Renderer<Trace> {
    @Override
    public Class<Trace> type() {
        return Trace.class;
    }

    @Override
    public MimeBundle render(Trace t) {
        return MimeBundle.html(RaceHtml.trace(t), t.toString());
    }
}
