package ptlab.kernel.exec;

import jdk.jshell.JShell;

/**
 * Stops a running cell. While user code runs, every thread of the cell is interrupted first, so
 * code that checks for interruption (a long exploration, Thread.sleep, a blocking read) can stop
 * and return what it has; if that code is still running after a grace period, JShell.stop() ends
 * it (Thread.stop on JDK 17, the stop checks JShell compiles into snippets on JDK 20+).
 * While JShell compiles, nothing can be stopped (javac has no cancellation point), so the cell is
 * marked stopped: the snippet being compiled does not start and the rest of the cell is skipped.
 */
public final class Interrupter {
    /**
     * Explorations return their partial result 25-70 ms after an interrupt here, but with the two
     * cores under a load average near 10 that stretched past 200 ms; 400 ms keeps within the
     * 0.5 s that a stopped exploration may take, and a busy loop still ends well under a second.
     */
    private static final long GRACE_MS = 400;

    private final Object lock = new Object();
    private JShell jshell;
    private boolean cellRunning;
    private boolean userCodeRunning;
    private long invocations;
    private boolean stopped;
    private ThreadGroup cellThreads;
    private Thread evaluator;

    void attach(JShell jshell) {
        this.jshell = jshell;
    }

    void cellStarted() {
        synchronized (lock) {
            cellRunning = true;
            stopped = false;
            evaluator = Thread.currentThread();
            cellThreads = evaluator.getThreadGroup();
        }
    }

    void cellFinished() {
        synchronized (lock) {
            cellRunning = false;
        }
    }

    /** Called by the engine when a snippet's code starts; false means the cell was stopped meanwhile. */
    boolean userCodeStarting() {
        synchronized (lock) {
            if (stopped) return false;
            userCodeRunning = true;
            invocations++;
            return true;
        }
    }

    void userCodeEnded() {
        synchronized (lock) {
            userCodeRunning = false;
            lock.notifyAll();
        }
    }

    /** True once an interrupt has ended (or will end) the cell; the cell then reports an interrupt. */
    boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Returns once the running code has ended or been stopped; a no-op when no cell runs. */
    public void interrupt() {
        synchronized (lock) {
            if (!cellRunning) return;
            if (!userCodeRunning) {
                stopped = true;
                return;
            }
            long invocation = invocations;
            interruptCellThreads();
            long deadline = System.currentTimeMillis() + GRACE_MS;
            while (userCodeRunning && invocations == invocation && System.currentTimeMillis() < deadline) {
                try {
                    lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!userCodeRunning || invocations != invocation) return;
            stopped = true;
        }
        jshell.stop();
    }

    /** The snippet threads that JShell started, and any threads they started, but not the evaluator. */
    private void interruptCellThreads() {
        Thread[] threads = new Thread[cellThreads.activeCount() + 16];
        int n = cellThreads.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i] != evaluator) threads[i].interrupt();
        }
    }
}
