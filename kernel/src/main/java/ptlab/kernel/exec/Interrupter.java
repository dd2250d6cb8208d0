package ptlab.kernel.exec;

import jdk.jshell.JShell;

/**
 * Stops a running cell in two steps. First every thread of the cell is interrupted, so code that
 * checks for interruption (a long exploration, Thread.sleep, a blocking read) can stop and return
 * what it has. If the cell is still running after a grace period, JShell.stop() ends it: it stops
 * the threads on JDK 17, and on JDK 20+ throws from the stop checks JShell compiles into snippet code.
 */
public final class Interrupter {
    private static final long GRACE_MS = 200;

    private final JShell jshell;
    private final Object lock = new Object();
    private boolean running;
    private boolean stopped;
    private ThreadGroup cellThreads;
    private Thread evaluator;

    Interrupter(JShell jshell) {
        this.jshell = jshell;
    }

    void cellStarted() {
        synchronized (lock) {
            running = true;
            stopped = false;
            evaluator = Thread.currentThread();
            cellThreads = evaluator.getThreadGroup();
        }
    }

    void cellFinished() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
    }

    boolean stopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** Returns once the cell has ended or has been stopped; a no-op when no cell runs. */
    public void interrupt() {
        synchronized (lock) {
            if (!running) return;
            interruptCellThreads();
            long deadline = System.currentTimeMillis() + GRACE_MS;
            while (running && System.currentTimeMillis() < deadline) {
                try {
                    lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!running) return;
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
