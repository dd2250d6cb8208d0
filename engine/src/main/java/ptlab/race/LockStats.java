package ptlab.race;

/**
 * Contention on one lock over a set of executions: per thread, acquisitions, executions in which
 * the thread blocked on it and blocked steps (scheduler steps it spent waiting); the most waiters
 * seen at once; hold and wait lengths in steps.
 */
public final class LockStats {
    private final String name;
    private final Lock.Kind kind;
    private final long[] acquisitions;
    private final long[] blockedExecutions;
    private final long[] blockedSteps;
    private int maxWaiters;
    private final Histogram hold = new Histogram();
    private final Histogram wait = new Histogram();

    LockStats(String name, Lock.Kind kind, int threads) {
        this.name = name;
        this.kind = kind;
        this.acquisitions = new long[threads];
        this.blockedExecutions = new long[threads];
        this.blockedSteps = new long[threads];
    }

    public String name() { return name; }
    public Lock.Kind kind() { return kind; }
    public long acquisitions(int thread) { return acquisitions[thread]; }
    public long blockedExecutions(int thread) { return blockedExecutions[thread]; }
    public long blockedSteps(int thread) { return blockedSteps[thread]; }
    public int maxWaiters() { return maxWaiters; }
    /** Steps from acquire to release (to the end, if never released). */
    public Histogram holdLengths() { return hold; }
    /** Steps a blocked acquirer waited, for acquisitions that had to wait. */
    public Histogram waitLengths() { return wait; }

    public long acquisitions() { return sum(acquisitions); }
    public long blockedSteps() { return sum(blockedSteps); }

    /** Acquired or waited for at least once. */
    public boolean used() { return acquisitions() > 0 || blockedSteps() > 0; }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) s += x;
        return s;
    }

    void add(int thread, long acq, boolean blocked, long blockedSteps) {
        acquisitions[thread] += acq;
        if (blocked) blockedExecutions[thread]++;
        this.blockedSteps[thread] += blockedSteps;
    }

    void waiters(int n) {
        maxWaiters = Math.max(maxWaiters, n);
    }

    void addAll(LockStats o) {
        for (int t = 0; t < acquisitions.length; t++) {
            acquisitions[t] += o.acquisitions[t];
            blockedExecutions[t] += o.blockedExecutions[t];
            blockedSteps[t] += o.blockedSteps[t];
        }
        maxWaiters = Math.max(maxWaiters, o.maxWaiters);
        hold.addAll(o.hold);
        wait.addAll(o.wait);
    }

    LockStats copy() {
        LockStats c = new LockStats(name, kind, acquisitions.length);
        c.addAll(this);
        return c;
    }
}
