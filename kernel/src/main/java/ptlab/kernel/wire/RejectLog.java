package ptlab.kernel.wire;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** Reports dropped messages on the kernel's own stderr without flooding it: the first few, then every 1000th. */
public final class RejectLog {
    private final PrintStream log;
    private final AtomicLong count = new AtomicLong();

    public RejectLog(PrintStream log) {
        this.log = log;
    }

    void reject(String address, String reason) {
        long n = count.incrementAndGet();
        if (n <= 5 || n % 1000 == 0) {
            log.println("ptlab: dropped message #" + n + " on " + address + ": " + reason);
        }
    }
}
