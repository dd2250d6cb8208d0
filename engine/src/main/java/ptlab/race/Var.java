package ptlab.race;

import java.util.Objects;
import java.util.function.UnaryOperator;

/** A shared reference to an immutable value (a record, a string, an enum). */
public final class Var<T> extends Shared {
    private T value;

    Var(Memory memory, String name, T initial) {
        super(memory, name);
        this.value = initial;
    }

    public T get() {
        memory.access(this, Access.R, value, value);
        return value;
    }

    public void set(T v) {
        memory.access(this, Access.W, value, v);
        value = v;
    }

    /** Atomic compare-and-set by {@link Objects#equals}; recorded as a read when it fails. */
    public boolean compareAndSet(T expected, T v) {
        if (Objects.equals(value, expected)) {
            memory.access(this, Access.W, value, v);
            value = v;
            return true;
        }
        memory.access(this, Access.R, value, value);
        return false;
    }

    /** Atomic read-modify-write; returns the old value. */
    public T getAndUpdate(UnaryOperator<T> f) {
        T old = value;
        T v = f.apply(old);
        memory.access(this, Access.W, old, v);
        value = v;
        return old;
    }

    public T peek() {
        return value;
    }

    @Override
    public String toString() {
        return name() + "=" + value;
    }
}
