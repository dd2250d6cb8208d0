package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockMetricsTest {
    @Test
    void lockedCounterOverAllSchedules() {
        // Two threads, lock held over R and W: every schedule acquires the lock twice (once per thread).
        Result r = Exploration.of(Tricky.lockedCounter(2)).strategy(Strategy.dfs()).workers(1).run();
        LockStats l = r.locks().lock("lock").orElseThrow();
        assertEquals(r.executions(), l.acquisitions(0));
        assertEquals(r.executions(), l.acquisitions(1));
        assertEquals(2 * r.executions(), l.holdLengths().count());
        assertEquals(Lock.Kind.SPIN, l.kind());
        // Hold: lock step, R, W, unlock step: released three steps after it was taken when uninterrupted.
        assertEquals(3, l.holdLengths().quantile(0.0));
        assertEquals(1, l.maxWaiters());
        assertTrue(l.blockedSteps() > 0);
        assertTrue(l.waitLengths().count() > 0);
        assertEquals(l.waitLengths().count(), l.blockedExecutions(0) + l.blockedExecutions(1),
                "each thread waits at most once per execution here");
        assertEquals(java.util.Set.of("x=2"), r.outcomes().keys());
    }

    @Test
    void deadlockBlocksBothThreads() {
        Result r = Classic.abba().explore();
        var dead = r.locks().forOutcome("DEADLOCK");
        LockStats a = dead.stream().filter(s -> s.name().equals("A")).findFirst().orElseThrow();
        LockStats b = dead.stream().filter(s -> s.name().equals("B")).findFirst().orElseThrow();
        assertEquals(1, a.blockedExecutions(1), "T1 waits for A");
        assertEquals(1, b.blockedExecutions(0), "T0 waits for B");
        assertEquals(1, a.acquisitions(0));
        assertEquals(1, b.acquisitions(1));
        assertTrue(r.locks().toString().contains("max waiters 1"));
    }

    @Test
    void readersShareAReaderWriterLock() {
        record S(Lock sem, LongVar x) {}
        Program<S> p = Program.<S>builder("rwsem")
                .setup(m -> new S(m.rwsem("mmap_lock"), m.longVar("x", 0)))
                .thread("reader0", t -> t.readLock("R1", S::sem).unlock("R2", S::sem))
                .thread("reader1", t -> t.readLock("R1", S::sem).unlock("R2", S::sem))
                .build();
        Result r = Exploration.of(p).strategy(Strategy.dfs()).run();
        LockStats s = r.locks().lock("mmap_lock").orElseThrow();
        assertEquals(0, s.blockedSteps(), "readers never wait for each other");
        assertEquals(Lock.Kind.SLEEP, s.kind());
        assertEquals(1, p.explore().executions(), "shared acquires commute: one trace");
    }

    @Test
    void writerExcludesReadersAndDowngradeLetsThemIn() {
        record S(Lock sem, LongVar x, LongVar writing) {}
        Program<S> p = Program.<S>builder("downgrade")
                .setup(m -> new S(m.rwsem("mmap_lock"), m.longVar("x", 0), m.longVar("writing", 0)))
                .thread("writer", t -> t.lock("W1", (s, c) -> s.sem(), (s, c) -> s.writing().set(1))
                        .step("W2", (s, c) -> s.x().set(1))
                        .step("W3", (s, c) -> {
                            s.writing().set(0);
                            s.sem().downgrade();
                        })
                        .step("W4", (s, c) -> s.x().set(2))
                        .unlock("W5", S::sem))
                .thread("reader", t -> t.readLock("R1", (s, c) -> s.sem(), (s, c) -> {
                            if (s.writing().get() == 1) c.raise("IN_WRITE_SECTION");
                            c.raise("READ_" + s.x().get());
                        })
                        .unlock("R2", S::sem))
                .build();
        Result r = p.explore();
        assertEquals(java.util.Set.of("READ_0", "READ_1", "READ_2"), r.outcomes().keys());
        assertEquals(r.outcomes().keys(), Exploration.of(p).strategy(Strategy.dfs()).run().outcomes().keys());
    }
}
