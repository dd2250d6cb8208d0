package ptlab.race;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimal DPOR explores exactly the reference number of Mazurkiewicz traces, with no wasted exploration. */
class TraceCountTest {
    /** Exactly that many executions on one worker, with none wasted; the same count on two. */
    static void assertTraces(Program<?> p, long traces) {
        Result r = Exploration.of(p).workers(1).run();
        assertTrue(r.complete(), r.program());
        assertEquals(traces, r.executions(), r.program() + " traces");
        assertEquals(0, r.sleepSetBlocked(), r.program() + " sleep-set blocked explorations");
        assertEquals(null, r.note(), r.program() + " runs under optimal DPOR itself");
        assertEquals(traces, Exploration.of(p).workers(2).run().executions(), r.program() + " traces on two workers");
    }

    @ParameterizedTest
    @CsvSource({"2,4", "3,36", "4,576", "5,14400", "6,518400"})
    void lostUpdate(int threads, long traces) {
        assertTraces(Classic.lostUpdate(threads), traces);
    }

    @ParameterizedTest
    @CsvSource({"3,3", "4,3", "6,4"})
    void independentWritersHaveOneTrace(int threads, int writes) {
        assertTraces(Classic.indepWriters(threads, writes), 1);
    }

    @ParameterizedTest
    @CsvSource({"2", "4", "6", "8", "12"})
    void readers(int n) {
        assertTraces(Classic.readers(n), 1L << n);
    }

    @ParameterizedTest
    @CsvSource({"1,2", "2,5", "3,12", "4,28", "5,64", "6,144", "12,15360"})
    void lastzero(int n, long traces) {
        assertTraces(Classic.lastzero(n), traces);
    }

    @ParameterizedTest
    @CsvSource({"11,1", "12,8", "13,64"})
    void indexer(int n, long traces) {
        assertTraces(Classic.indexer(n), traces);
    }

    @Test
    void abbaHasTwoCompleteTracesAndOneDeadlock() {
        Result r = Classic.abba().explore();
        assertTraces(Classic.abba(), 3);
        assertEquals(1, r.deadlocks());
        assertEquals(1, r.outcomes().count("DEADLOCK"));
        assertEquals(2, r.outcomes().count("done"));
    }

    @ParameterizedTest
    @CsvSource({"2,2", "3,6", "4,24", "5,120"})
    void lockedIncrementsFollowTheLockOrder(int threads, long traces) {
        assertTraces(Classic.lockedIncrements(threads), traces);
        assertEquals(Set.of("x=" + threads), Classic.lockedIncrements(threads).explore().outcomes().keys());
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3", "6"})
    void readersShareTheSemaphore(int readers) {
        assertTraces(Classic.readersWriter(readers), 1L << readers);
    }

    @ParameterizedTest
    @CsvSource({"2", "3", "4", "5"})
    void philosophersDeadlockOnce(int n) {
        assertTraces(Classic.philosophers(n), (1L << n) - 1);
        assertEquals(1, Classic.philosophers(n).explore().deadlocks());
    }

    @Test
    void conditionWaitsFallBackToSleepSets() {
        Result r = Tricky.flagHandoff().explore();
        assertEquals(Result.FELL_BACK, r.note());
        assertEquals(Mazurkiewicz.of(Tricky.flagHandoff()).traces.size(), r.executions());
    }

    @Test
    void awaitsThatNeverWaitStayWithOptimalDpor() {
        Mazurkiewicz m = Mazurkiewicz.of(Tricky.lateWait(false));
        for (int workers : new int[] {1, 2}) {
            Result r = Exploration.of(Tricky.lateWait(false)).workers(workers).run();
            assertNull(r.note());
            assertEquals(m.traces.size(), r.executions());
            assertEquals(0, r.sleepSetBlocked());
        }
    }

    @Test
    void aWaitMetAfterCompleteExecutionsStartsTheExplorationOver() {
        Mazurkiewicz m = Mazurkiewicz.of(Tricky.lateWait(true));
        assertTrue(m.conditionWaited);
        for (int workers : new int[] {1, 2}) {
            Result r = Exploration.of(Tricky.lateWait(true)).workers(workers).run();
            assertEquals(Result.FELL_BACK, r.note());
            assertEquals(m.traces.size(), r.executions());
            assertEquals(m.outcomes, r.outcomes().keys());
        }
    }

    @ParameterizedTest
    @CsvSource({"2,6", "3,90", "4,2520"})
    void dfsCountsEverySchedule(int threads, long schedules) {
        Result r = Classic.lostUpdate(threads).explore(Strategy.dfs());
        assertEquals(schedules, r.executions());
        assertEquals("schedules", r.unit());
    }

    @Test
    void dfsScheduleCountsOfReadersLastzeroAndAbba() {
        assertEquals(120, Classic.readers(4).explore(Strategy.dfs()).executions());
        assertEquals(108, Classic.lastzero(2).explore(Strategy.dfs()).executions());
        Result abba = Classic.abba().explore(Strategy.dfs());
        assertEquals(6, abba.executions());
        assertEquals(2, abba.deadlocks());
    }
}
