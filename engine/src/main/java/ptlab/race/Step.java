package ptlab.race;

/**
 * One labelled atomic step of a thread: an optional guard (a lock to acquire, or a condition to
 * wait for) that decides whether the step is enabled, then a body run atomically.
 */
public record Step<S>(String label, Guard<S> guard, Body<S> body) {
    /** The code of a step, over the program's state and the thread's context. */
    @FunctionalInterface
    public interface Body<S> {
        void run(S state, Ctx ctx);
    }

    public Step {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("a step needs a label");
    }
}
