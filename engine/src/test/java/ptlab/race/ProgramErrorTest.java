package ptlab.race;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad programs get errors that name the thread and the label, and leave nothing broken. */
class ProgramErrorTest {
    record S(LongVar x, Lock lock) {}

    static Program.Builder<S> base() {
        return Program.<S>builder("bad").setup(m -> new S(m.longVar("x", 0), m.spinlock("lock")));
    }

    @Test
    void jumpToMissingLabel() {
        Program<S> p = base().thread("T0", t -> t.step("A", (s, c) -> c.jump("Z")).step("B", (s, c) -> {})).build();
        ProgramException e = assertThrows(ProgramException.class, p::explore);
        assertTrue(e.getMessage().contains("step 'A' of thread 'T0' jumps to 'Z'") && e.getMessage().contains("[A, B]"), e.getMessage());
    }

    @Test
    void loopThatNeverEndsHitsTheStepBound() {
        Program<S> p = base()
                .thread("spinner", t -> t.step("spin", (s, c) -> c.jump("spin")))
                .thread("other", t -> t.step("O1", (s, c) -> {}))
                .build();
        ProgramException e = assertThrows(ProgramException.class, () -> Exploration.of(p).maxSteps(50).run());
        assertTrue(e.getMessage().contains("within 50 steps") && e.getMessage().contains("'spinner' at 'spin'"), e.getMessage());
        assertTrue(e.getMessage().contains("replay: "), e.getMessage());
    }

    @Test
    void exceptionInAStepNamesIt() {
        Program<S> p = base().thread("T0", t -> t.step("boom", (s, c) -> {
            throw new IllegalStateException("BUG_ON");
        })).build();
        ProgramException e = assertThrows(ProgramException.class, p::explore);
        assertTrue(e.getMessage().contains("step 'boom' of thread 'T0' threw java.lang.IllegalStateException: BUG_ON"), e.getMessage());
        assertEquals("BUG_ON", e.getCause().getMessage());
    }

    @Test
    void unlockingALockNotHeld() {
        Program<S> p = base().thread("T0", t -> t.unlock("U", S::lock)).build();
        ProgramException e = assertThrows(ProgramException.class, p::explore);
        assertTrue(e.getMessage().contains("T0 releases lock which it does not hold"), e.getMessage());
    }

    @Test
    void readingAnUnsetLocal() {
        Program<S> p = base().thread("T0", t -> t.step("A", (s, c) -> c.getLong("orig_pte"))).build();
        ProgramException e = assertThrows(ProgramException.class, p::explore);
        assertTrue(e.getMessage().contains("T0 reads local 'orig_pte' before setting it"), e.getMessage());
    }

    @Test
    void nullLock() {
        Program<S> p = base().thread("T0", t -> t.lock("M1", s -> null)).build();
        ProgramException e = assertThrows(ProgramException.class, p::explore);
        assertTrue(e.getMessage().contains("'M1' of thread 'T0' acquires a null lock"), e.getMessage());
    }

    @Test
    void malformedPrograms() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> base().thread("T0", t -> t.step("A", (s, c) -> {}).step("A", (s, c) -> {})).build());
        assertTrue(dup.getMessage().contains("two steps labelled 'A'"), dup.getMessage());
        IllegalArgumentException sameName = assertThrows(IllegalArgumentException.class,
                () -> base().thread("T0", t -> t.step("A", (s, c) -> {})).thread("T0", t -> t.step("A", (s, c) -> {})));
        assertTrue(sameName.getMessage().contains("two threads named 'T0'"));
        assertThrows(IllegalArgumentException.class, () -> base().build(), "no threads");
        assertThrows(IllegalArgumentException.class, () -> Strategy.pct(0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> Strategy.random(0, 1));
    }

    @Test
    void theProgramStaysUsableAfterAnError() {
        Program<S> p = base().thread("T0", t -> t.step("A", (s, c) -> {
            if (s.x().get() == 0) throw new IllegalStateException("first time");
        })).build();
        assertThrows(ProgramException.class, p::explore);
        assertThrows(ProgramException.class, p::explore, "fresh state every execution: the same error again");
        Program<S> ok = base().thread("T0", t -> t.step("A", (s, c) -> s.x().set(1))).outcome(s -> "x=" + s.x().peek()).build();
        assertEquals(java.util.Set.of("x=1"), ok.explore().outcomes().keys());
    }
}
