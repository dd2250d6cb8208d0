package ptlab.race;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** Builds one thread's steps, in program order: {@code t.step("R1", ...).lock("M1", ...)}. */
public final class Steps<S> {
    private final String thread;
    private final List<Step<S>> steps = new ArrayList<>();

    Steps(String thread) {
        this.thread = thread;
    }

    public Steps<S> step(String label, Step.Body<S> body) {
        return add(new Step<>(label, null, body));
    }

    public Steps<S> step(String label, Guard<S> guard, Step.Body<S> body) {
        return add(new Step<>(label, guard, body));
    }

    public Steps<S> step(Step<S> step) {
        return add(step);
    }

    /** A step that acquires a lock and does nothing else ({@code spin_lock(ptl)}). */
    public Steps<S> lock(String label, Function<S, Lock> lock) {
        return add(new Step<>(label, Guard.lock((s, c) -> lock.apply(s)), null));
    }

    /** A step that acquires a lock, then runs its body atomically with it held. */
    public Steps<S> lock(String label, BiFunction<S, Ctx, Lock> lock, Step.Body<S> body) {
        return add(new Step<>(label, Guard.lock(lock), body));
    }

    /** A step that acquires a reader/writer lock for read ({@code mmap_read_lock}). */
    public Steps<S> readLock(String label, Function<S, Lock> lock) {
        return add(new Step<>(label, Guard.readLock((s, c) -> lock.apply(s)), null));
    }

    public Steps<S> readLock(String label, BiFunction<S, Ctx, Lock> lock, Step.Body<S> body) {
        return add(new Step<>(label, Guard.readLock(lock), body));
    }

    /** A step that releases a lock the thread holds. */
    public Steps<S> unlock(String label, Function<S, Lock> lock) {
        return add(new Step<>(label, null, (s, c) -> lock.apply(s).unlock()));
    }

    /** A step enabled only once {@code condition} holds; it then runs {@code body} (may be null). */
    public Steps<S> await(String label, String description, BiPredicate<S, Ctx> condition, Step.Body<S> body) {
        return add(new Step<>(label, Guard.when(description, condition), body));
    }

    private Steps<S> add(Step<S> step) {
        steps.add(step);
        return this;
    }

    ThreadSpec<S> build() {
        if (steps.isEmpty()) throw new IllegalArgumentException("thread '" + thread + "' has no steps");
        return new ThreadSpec<>(thread, steps);
    }
}
