package ptlab.race;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared memory of one execution: creates the recorded objects and records every access the
 * running step makes. A program's setup receives a fresh {@code Memory} for every execution.
 */
public final class Memory {
    private final String[] threadNames;
    private int setupIds;
    private final int[] threadIds;
    final List<Lock> locks = new ArrayList<>();

    /** The thread whose step or guard is running, or -1 (setup, outcome, invariants). */
    int current = -1;
    /** Whether accesses go into the footprint (off while replaying a known prefix). */
    boolean recording;
    long[] footprint = new long[16];
    int footprintLength;
    /** Receives values and lock events when a trace is being written; null otherwise. */
    TraceRecorder tracer;
    /** What {@link #beginGuard} set aside. */
    private boolean savedRecording;
    private TraceRecorder savedTracer;
    LockTracker lockTracker;
    /** Where {@link #raise} sends labels: the running execution, or a sequential run. */
    java.util.function.Consumer<String> raiser;
    private LockListener lockListener;

    /** Sees every lock event of a step, e.g. a locking-rule checker. */
    public interface LockListener {
        /** {@code thread} acquired (for read or write) or released {@code lock}. */
        void lockEvent(Lock lock, boolean acquired, int thread);
    }

    Memory(String[] threadNames) {
        this.threadNames = threadNames;
        this.threadIds = new int[threadNames.length];
    }

    /** A memory outside any exploration, for running steps one after another ({@link Sequential}). */
    public static Memory standalone(String... threadNames) {
        return new Memory(threadNames.clone());
    }

    /** The thread whose step is running (its index in the program), or -1 outside a step. */
    public int currentThread() {
        return current;
    }

    /** Add a label to the outcome of the running execution (a rule the step broke, say). */
    public void raise(String label) {
        if (raiser == null) throw new ProgramException("cannot raise '" + label + "' outside an execution");
        raiser.accept(label);
    }

    /** Install the one listener for lock events (replacing any earlier one). */
    public void listen(LockListener listener) {
        this.lockListener = listener;
    }

    void reset() {
        setupIds = 0;
        java.util.Arrays.fill(threadIds, 0);
        locks.clear();
        current = -1;
        footprintLength = 0;
        lockListener = null;
    }

    // ---- objects -------------------------------------------------------------------------

    public LongVar longVar(String name, long initial) {
        return new LongVar(this, name, initial, null);
    }

    /** A word whose values traces show through {@code format}, e.g. a decoded page-table entry. */
    public LongVar longVar(String name, long initial, java.util.function.LongFunction<String> format) {
        return new LongVar(this, name, initial, format);
    }

    /** {@code n} words named {@code name[0]} .. {@code name[n-1]}. */
    public LongVar[] longVars(String name, int n, long initial) {
        LongVar[] vars = new LongVar[n];
        for (int i = 0; i < n; i++) vars[i] = longVar(name + "[" + i + "]", initial);
        return vars;
    }

    public <T> Var<T> var(String name, T initial) {
        return new Var<>(this, name, initial);
    }

    /** {@code spinlock_t}. */
    public Lock spinlock(String name) {
        return register(new Lock(this, name, Lock.Kind.SPIN, false));
    }

    /** {@code rwlock_t}: spinning, reader/writer. */
    public Lock rwlock(String name) {
        return register(new Lock(this, name, Lock.Kind.SPIN, true));
    }

    /** {@code struct mutex}, or a bit lock a waiter sleeps on such as {@code PG_locked}. */
    public Lock mutex(String name) {
        return register(new Lock(this, name, Lock.Kind.SLEEP, false));
    }

    /** {@code struct rw_semaphore}: sleeping, reader/writer, with {@code downgrade_write}. */
    public Lock rwsem(String name) {
        return register(new Lock(this, name, Lock.Kind.SLEEP, true));
    }

    private Lock register(Lock lock) {
        lock.slot = locks.size();
        locks.add(lock);
        return lock;
    }

    /** Ids depend only on the creator and its creation count, never on the interleaving. */
    int newId() {
        if (current < 0) {
            if (setupIds == (1 << 20)) throw new ProgramException("more than 2^20 objects created in setup");
            return setupIds++;
        }
        return ((current + 1) << 20) | threadIds[current]++;
    }

    /**
     * Thread t's guard runs next, outside any step: it writes no trace, and records its reads only
     * when asked. {@link #endGuard} restores what was set aside; guards do not nest.
     */
    void beginGuard(int t, boolean record) {
        savedRecording = recording;
        savedTracer = tracer;
        recording = record;
        tracer = null;
        current = t;
    }

    void endGuard() {
        current = -1;
        recording = savedRecording;
        tracer = savedTracer;
    }

    // ---- recording -----------------------------------------------------------------------

    void access(LongVar o, int kind, long old, long value) {
        if (recording) record(o.id, kind);
        if (tracer != null) tracer.access(o, kind, old, value);
    }

    void access(Shared o, int kind, Object old, Object value) {
        if (recording) record(o.id, kind);
        if (tracer != null) tracer.access(o, kind, old, value);
    }

    void lockEvent(Lock lock, int kind, int thread) {
        if (recording) record(lock.id, kind);
        if (tracer != null) tracer.lock(lock, kind);
        if (lockTracker != null) lockTracker.event(lock, kind, thread);
        if (lockListener != null && kind != Access.PK) lockListener.lockEvent(lock, kind == Access.ACQ || kind == Access.ACQ_SH, thread);
    }

    /** Records that the running step observed a lock's state, without any event to trace. */
    void observe(Lock lock) {
        if (recording) record(lock.id, Access.PK);
    }

    private void record(int id, int kind) {
        long e = Access.pack(id, kind);
        int n = footprintLength;
        for (int i = 0; i < n; i++) {
            if (footprint[i] == e) return;
        }
        if (n == footprint.length) footprint = java.util.Arrays.copyOf(footprint, n * 2);
        footprint[n] = e;
        footprintLength = n + 1;
    }

    int currentThread(String what) {
        if (current < 0) throw new ProgramException("cannot " + what + " outside a step");
        return current;
    }

    /** The name thread {@code thread} was given, e.g. "CPU0" or "T1 (CPU0, load)". */
    public String threadName(int thread) {
        return thread >= 0 && thread < threadNames.length ? threadNames[thread] : "thread " + thread;
    }
}
