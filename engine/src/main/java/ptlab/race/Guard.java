package ptlab.race;

import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * What must hold for a step to run. A lock guard names the lock from the state and the thread's
 * locals (so {@code pte_lockptr()} can derive it from a pmd value read in the same step) and
 * acquires it as the step starts; a condition guard waits for a predicate over shared state.
 */
public sealed interface Guard<S> {
    record Acquire<S>(BiFunction<S, Ctx, Lock> lock, boolean shared) implements Guard<S> {}

    record When<S>(BiPredicate<S, Ctx> condition, String description) implements Guard<S> {}

    static <S> Guard<S> lock(BiFunction<S, Ctx, Lock> lock) {
        return new Acquire<>(lock, false);
    }

    static <S> Guard<S> readLock(BiFunction<S, Ctx, Lock> lock) {
        return new Acquire<>(lock, true);
    }

    static <S> Guard<S> when(String description, BiPredicate<S, Ctx> condition) {
        return new When<>(condition, description);
    }
}
