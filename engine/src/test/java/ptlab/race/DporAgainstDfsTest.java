package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** On every benchmark small enough to enumerate, DPOR reaches exactly the outcomes of all schedules. */
class DporAgainstDfsTest {
    @Test
    void outcomeSetsAgree() {
        for (Program<?> p : List.of(Classic.lostUpdate(2), Classic.lostUpdate(3), Classic.readers(2), Classic.readers(4),
                Classic.lastzero(1), Classic.lastzero(2), Classic.lastzero(3), Classic.abba(), Classic.indepWriters(3, 2),
                Classic.indexer(2), Tricky.lockedCounter(3), Tricky.flagHandoff(), Tricky.trylockRace())) {
            Result dpor = p.explore();
            Result dfs = Exploration.of(p).strategy(Strategy.dfs()).workers(2).run();
            assertEquals(dfs.outcomes().keys(), dpor.outcomes().keys(), p.name());
            if (dpor.note() == null) assertEquals(0, dpor.sleepSetBlocked(), p.name() + ": optimal DPOR wastes nothing");
        }
    }

    /**
     * On two workers DPOR shares the top of its tree as source sets: the same traces, counts and
     * counterexamples (canonical schedules) as on one, at every depth of that top.
     */
    @Test
    void parallelDporFindsWhatOneWorkerFinds() {
        for (Program<?> p : List.of(Classic.lostUpdate(4), Classic.lastzero(4), Classic.abba(), Classic.philosophers(4),
                Classic.readersWriter(3), Classic.lockedIncrements(4), Tricky.trylockRace())) {
            Result one = Exploration.of(p).workers(1).run();
            for (int shared : new int[] {1, 3, 6}) {
                Result two = Exploration.of(p).workers(2).sharedDepth(shared).run();
                String name = p.name() + ", shared depth " + shared;
                assertEquals(one.executions(), two.executions(), name);
                assertEquals(one.deadlocks(), two.deadlocks(), name);
                for (Outcome o : one.outcomes().rows()) {
                    Outcome t = two.outcomes().get(o.key()).orElseThrow();
                    assertEquals(o.count(), t.count(), name + " " + o.key());
                    assertEquals(o.first().replay(), t.first().replay(), name + ": first schedule of " + o.key());
                    assertEquals(o.minimized().replay(), t.minimized().replay(), name + ": least switching schedule of " + o.key());
                }
            }
        }
    }

    @Test
    void parallelDfsCountsEqualSequential() {
        for (Program<?> p : List.of(Classic.lostUpdate(4), Classic.lastzero(3), Classic.abba())) {
            Result one = Exploration.of(p).strategy(Strategy.dfs()).workers(1).run();
            Result two = Exploration.of(p).strategy(Strategy.dfs()).workers(2).run();
            assertEquals(one.executions(), two.executions(), p.name());
            for (Outcome o : one.outcomes().rows()) {
                assertEquals(o.count(), two.outcomes().count(o.key()), p.name() + " " + o.key());
                assertEquals(o.first().replay(), two.outcomes().get(o.key()).orElseThrow().first().replay(), "first schedule of " + o.key());
            }
        }
    }
}
