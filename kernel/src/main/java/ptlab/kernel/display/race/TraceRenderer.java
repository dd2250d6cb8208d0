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
        return new MimeBundle().with(MimeBundle.HTML, RaceHtml.trace(t)).with(MimeBundle.TEXT, t.toString());
    }
}
