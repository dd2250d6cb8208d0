package ptlab.kernel.io;

import org.dflib.jjava.jupyter.messages.publish.PublishStream;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Replaces System.out and System.err for the whole JVM: JShell's local engine runs user code in this
 * process, so its prints go through the global streams. Text printed while no cell has run yet goes
 * to the kernel's original stderr (the Jupyter server's log).
 */
public final class CellStreams {
    private static final long FLUSH_INTERVAL_MS = 50;

    private final CoalescingStream out;
    private final CoalescingStream err;

    public CellStreams(IoPub iopub, PrintStream originalErr) {
        this.out = new CoalescingStream(text -> send(iopub, originalErr, PublishStream.StreamType.OUT, text));
        this.err = new CoalescingStream(text -> send(iopub, originalErr, PublishStream.StreamType.ERR, text));
    }

    public void install() {
        System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, false, StandardCharsets.UTF_8));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ptlab-stream-flush");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** Sends what is buffered, so that it precedes whatever the kernel publishes next. */
    public void flush() {
        System.out.flush();
        System.err.flush();
        out.flush();
        err.flush();
    }

    private static void send(IoPub iopub, PrintStream fallback, PublishStream.StreamType type, String text) {
        if (iopub.hasParent()) {
            iopub.publish(new PublishStream(type, text));
        } else {
            fallback.print(text);
            fallback.flush();
        }
    }
}
