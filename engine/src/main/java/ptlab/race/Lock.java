package ptlab.race;

/**
 * A lock: spinning ({@code spinlock_t}, {@code rwlock_t}) or sleeping ({@code struct mutex},
 * {@code struct rw_semaphore}), exclusive or reader/writer. A blocking acquire is a step's guard
 * ({@link Steps#lock}), so a step whose lock is held is simply not enabled; a step body may only
 * try-lock, release and downgrade.
 */
public final class Lock extends Shared {
    /** How a waiter waits; the machine's locking rules care (no sleeping under a spinlock). */
    public enum Kind { SPIN, SLEEP }

    private final Kind kind;
    private final boolean readerWriter;
    /** Position in this execution's lock list, for per-execution metrics. */
    int slot;
    private int owner = -1;
    private Object tag;
    private int readers;
    private long readerSet;

    Lock(Memory memory, String name, Kind kind, boolean readerWriter) {
        super(memory, name);
        this.kind = kind;
        this.readerWriter = readerWriter;
    }

    public Kind kind() {
        return kind;
    }

    /** What a model says this lock is (its lock class, the table it belongs to); not shared state. */
    public Object tag() {
        return tag;
    }

    public void tag(Object tag) {
        this.tag = tag;
    }

    public boolean readerWriter() {
        return readerWriter;
    }

    /** The thread holding it exclusively, or -1. */
    public int owner() {
        return owner;
    }

    public int readers() {
        return readers;
    }

    public boolean heldBy(int thread) {
        return owner == thread || (thread < 64 && (readerSet & (1L << thread)) != 0);
    }

    boolean available(boolean shared) {
        return owner < 0 && (shared || readers == 0);
    }

    void acquire(int thread, boolean shared) {
        if (shared && !readerWriter) {
            throw new ProgramException(name() + " is not a reader/writer lock: it cannot be taken for read");
        }
        memory.lockEvent(this, shared ? Access.ACQ_SH : Access.ACQ, thread);
        if (shared) {
            readers++;
            if (thread < 64) readerSet |= 1L << thread;
        } else {
            owner = thread;
        }
    }

    /** {@code spin_trylock} / {@code mutex_trylock} / {@code down_write_trylock}. */
    public boolean tryLock() {
        return tryAcquire(false);
    }

    /** {@code read_trylock} / {@code down_read_trylock}. */
    public boolean tryReadLock() {
        return tryAcquire(true);
    }

    private boolean tryAcquire(boolean shared) {
        int me = memory.currentThread("try-lock " + name());
        if (available(shared)) {
            // Unlike a blocking acquire, a try-lock observes the lock: it races with releases too.
            memory.observe(this);
            acquire(me, shared);
            return true;
        }
        memory.lockEvent(this, Access.PK, me);
        return false;
    }

    /** Whether anyone holds it ({@code spin_is_locked}, {@code rwsem_is_locked}). */
    public boolean isLocked() {
        memory.lockEvent(this, Access.PK, memory.currentThread("test " + name()));
        return owner >= 0 || readers > 0;
    }

    /** Release whatever hold the running thread has. */
    public void unlock() {
        int me = memory.currentThread("unlock " + name());
        if (owner == me) {
            memory.lockEvent(this, Access.REL, me);
            owner = -1;
        } else if (me < 64 && (readerSet & (1L << me)) != 0) {
            memory.lockEvent(this, Access.REL_SH, me);
            readers--;
            readerSet &= ~(1L << me);
        } else {
            throw new ProgramException(memory.threadName(me) + " releases " + name() + " which it does not hold");
        }
    }

    /** {@code downgrade_write}: keep holding for read, let other readers in. */
    public void downgrade() {
        int me = memory.currentThread("downgrade " + name());
        if (owner != me || !readerWriter) {
            throw new ProgramException(memory.threadName(me) + " downgrades " + name() + " without holding it for write");
        }
        memory.lockEvent(this, Access.REL, me);
        owner = -1;
        acquire(me, true);
    }

    @Override
    public String toString() {
        String state = owner >= 0 ? "held by " + memory.threadName(owner)
                : readers > 0 ? readers + " reader(s)" : "free";
        return name() + " (" + state + ")";
    }
}
