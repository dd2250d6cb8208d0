package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreemptionBoundTest {
    @Test
    void boundZeroRunsThreadsToCompletion() {
        Result r = Classic.lostUpdate(3).explore(Strategy.preemptionBounded(0));
        assertEquals(6, r.executions(), "3! serial orders");
        assertEquals(java.util.Set.of("x=3"), r.outcomes().keys());
        assertEquals("schedules with <= 0 preemptions", r.unit());
    }

    @Test
    void boundOneFindsTheLostUpdate() {
        Result r = Classic.lostUpdate(2).explore(Strategy.preemptionBounded(1));
        assertEquals(java.util.Set.of("x=1", "x=2"), r.outcomes().keys());
        for (Outcome o : r.outcomes().rows()) assertEquals(true, o.first().preemptions() <= 1);
    }

    @Test
    void largeBoundEqualsFullDfs() {
        assertEquals(Classic.lostUpdate(3).explore(Strategy.dfs()).executions(),
                Classic.lostUpdate(3).explore(Strategy.preemptionBounded(100)).executions());
        assertEquals(Classic.abba().explore(Strategy.dfs()).outcomes().keys(),
                Classic.abba().explore(Strategy.preemptionBounded(1)).outcomes().keys());
    }

    @Test
    void parallelBoundedEqualsSequential() {
        Result one = Exploration.of(Classic.lostUpdate(4)).strategy(Strategy.preemptionBounded(2)).workers(1).run();
        Result two = Exploration.of(Classic.lostUpdate(4)).strategy(Strategy.preemptionBounded(2)).workers(2).run();
        assertEquals(one.executions(), two.executions());
        assertEquals(one.outcomes().keys(), two.outcomes().keys());
    }
}
