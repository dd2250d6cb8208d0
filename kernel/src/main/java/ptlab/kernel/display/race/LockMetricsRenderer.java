package ptlab.kernel.display.race;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.race.LockMetrics;

/** Lock contention per lock and thread. */
public final class LockMetricsRenderer implements Renderer<LockMetrics> {
    @Override
    public Class<LockMetrics> type() {
        return LockMetrics.class;
    }

    @Override
    public MimeBundle render(LockMetrics m) {
        return MimeBundle.html(RaceHtml.locks(m), m.toString());
    }
}
