package ptlab.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Budgets and cancellation shared by the workers of one exploration. Workers claim executions
 * from the budget in small batches, so checking it costs almost nothing per execution; a spent
 * budget stops each worker when its batch is used, so exactly the budget is run.
 */
final class Control {
    private static final int BATCH = 64;
    private final long maxExecutions;
    private final AtomicLong budget;
    private final boolean limited;
    private final long deadline;
    volatile boolean cancelled;
    /** Cancelled or out of time: every worker stops at once. */
    private volatile boolean halted;
    private volatile String stopReason;

    Control(long maxExecutions, long timeLimitNanos) {
        this.maxExecutions = maxExecutions;
        this.budget = new AtomicLong(maxExecutions);
        this.limited = maxExecutions < Long.MAX_VALUE;
        this.deadline = timeLimitNanos <= 0 ? Long.MAX_VALUE : System.nanoTime() + timeLimitNanos;
    }

    /** A worker's claim on the budget; call {@link #next} before each execution. */
    final class Claim {
        private final int batch;
        private long left;
        private int sinceCheck;

        Claim(int batch) {
            this.batch = batch;
        }

        boolean next() {
            if (halted) return false;
            if (++sinceCheck >= BATCH) {
                sinceCheck = 0;
                if (!checkTimeAndCancel()) return false;
            }
            if (left == 0) {
                long got = take(batch);
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
        return new Claim(BATCH);
    }

    /**
     * A claim for a worker that stops between tasks once the budget is spent (exhaustive
     * exploration on several workers): it takes one execution at a time, so none is left unused.
     */
    Claim claimEach() {
        return new Claim(limited ? 1 : BATCH);
    }

    private long take(int batch) {
        while (true) {
            long b = budget.get();
            if (b <= 0) return 0;
            long got = Math.min(b, batch);
            if (budget.compareAndSet(b, b - got)) return got;
        }
    }

    private boolean checkTimeAndCancel() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            halt("cancelled");
            return false;
        }
        if (System.nanoTime() > deadline) {
            halt("time budget reached");
            return false;
        }
        return true;
    }

    private void halt(String reason) {
        stop(reason);
        halted = true;
    }

    /** Stops every worker at once: one of them failed. */
    void abort() {
        halted = true;
    }

    /**
     * Starts the exploration over, as when optimal DPOR hands over to DFS with sleep sets: the
     * whole execution budget again, the same deadline, and a cancel still stops it.
     */
    void restart() {
        budget.set(maxExecutions);
        halted = false;
        stopReason = null;
    }

    void stop(String reason) {
        if (stopReason == null) stopReason = reason;
    }

    String stopReason() {
        return stopReason;
    }
}
