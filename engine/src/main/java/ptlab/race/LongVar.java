package ptlab.race;

/** A shared 64-bit word: a counter, a flag, a page-table entry. */
public final class LongVar extends Shared {
    private long value;
    private final java.util.function.LongFunction<String> format;

    LongVar(Memory memory, String name, long initial, java.util.function.LongFunction<String> format) {
        super(memory, name);
        this.value = initial;
        this.format = format;
    }

    /** A value as traces show it. */
    public String format(long v) {
        return format == null ? Long.toString(v) : format.apply(v);
    }

    public long get() {
        memory.access(this, Access.R, value, value);
        return value;
    }

    public void set(long v) {
        memory.access(this, Access.W, value, v);
        value = v;
    }

    /** Atomic compare-and-exchange; returns the value found. Recorded as a read when it fails. */
    public long cmpxchg(long expected, long v) {
        long old = value;
        if (old == expected) {
            memory.access(this, Access.W, old, v);
            value = v;
        } else {
            memory.access(this, Access.R, old, old);
        }
        return old;
    }

    public boolean compareAndSet(long expected, long v) {
        return cmpxchg(expected, v) == expected;
    }

    public long getAndAdd(long delta) {
        long old = value;
        memory.access(this, Access.W, old, old + delta);
        value = old + delta;
        return old;
    }

    public long addAndGet(long delta) {
        return getAndAdd(delta) + delta;
    }

    public long getAndSet(long v) {
        long old = value;
        memory.access(this, Access.W, old, v);
        value = v;
        return old;
    }

    /** The value without recording an access: for outcomes, invariants and printing. */
    public long peek() {
        return value;
    }

    @Override
    public String toString() {
        return name() + "=" + format(value);
    }
}
