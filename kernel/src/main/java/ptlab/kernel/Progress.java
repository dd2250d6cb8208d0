package ptlab.kernel;

import ptlab.kernel.display.MimeBundle;

import java.util.function.LongConsumer;

/**
 * A progress bar shown as an updatable display (static HTML, no JavaScript). Engine code sees only a
 * {@link LongConsumer} that takes the number of units done; updates are throttled so a tight loop
 * can call it freely.
 */
public final class Progress implements LongConsumer, AutoCloseable {
    private static final long MIN_UPDATE_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final String displayId;
    private volatile long total;
    private long done;
    private long lastUpdate;
    private boolean finished;

    Progress(String label, long total) {
        if (total < 0) throw new IllegalArgumentException("progress total must be >= 0, got " + total);
        this.label = label == null ? "" : label;
        this.total = total;
        this.displayId = Notebook.display(view(0, null));
        this.lastUpdate = System.nanoTime();
    }

    /** Sets how many units are done (not an increment). */
    @Override
    public synchronized void accept(long unitsDone) {
        done = unitsDone;
        long now = System.nanoTime();
        if (finished || (now - lastUpdate < MIN_UPDATE_NANOS && unitsDone < total)) return;
        lastUpdate = now;
        Notebook.updateDisplay(displayId, view(unitsDone, null));
    }

    public void setTotal(long newTotal) {
        this.total = newTotal;
    }

    /** Shows the final state with a one-line summary. */
    public synchronized void done(String summary) {
        finished = true;
        Notebook.updateDisplay(displayId, view(done, summary));
    }

    @Override
    public void close() {
        if (!finished) done(null);
    }

    public String displayId() {
        return displayId;
    }

    private MimeBundle view(long units, String summary) {
        ProgressView v = new ProgressView(label, units, total, summary, BAR_WIDTH);
        return MimeBundle.html(v.html(), v.toString());
    }
}
