package ptlab.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Budgets and cancellation shared by the workers of one exploration. Workers claim executions
 * from the budget in small batches, so checking it costs almost nothing per execution.
 */
final class Control {
    private static final int BATCH = 64;
    private final AtomicLong budget;
    private final long deadline;
    volatile boolean cancelled;
    private volatile String stopReason;

    Control(long maxExecutions, long timeLimitNanos) {
        this.budget = new AtomicLong(maxExecutions);
        this.deadline = timeLimitNanos <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeLimitNanos;
    }

    /** A worker's claim on the budget; call {@link #next} before each execution. */
    final class Claim {
        private long left;
        private int sinceCheck;

        boolean next() {
            if (stopReason != null) return false;
            if (++sinceCheck >= BATCH) {
                sinceCheck = 0;
                if (!checkTimeAndCancel()) return false;
            }
            if (left == 0) {
                long got = take();
                if (got == 0) {
                    stop("execution budget reached");
                    return false;
                }
                left = got;
            }
            left--;
            return true;
        }
    }

    Claim claim() {
        return new Claim();
    }

    private long take() {
        while (true) {
            long b = budget.get();
            if (b <= 0) return 0;
            long got = Math.min(b, BATCH);
            if (budget.compareAndSet(b, b - got)) return got;
        }
    }

    private boolean checkTimeAndCancel() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            stop("cancelled");
            return false;
        }
        if (System.nanoTime() > deadline) {
            stop("time budget reached");
            return false;
        }
        return true;
    }

    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
    }

    String stopReason() {
        return stopReason;
    }
}
