package ptlab.race;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimal DPOR explores exactly the reference number of Mazurkiewicz traces, with no wasted exploration. */
class TraceCountTest {
    static void assertTraces(Program<?> p, long traces) {
        Result r = p.explore();
        assertTrue(r.complete(), r.program());
        assertEquals(traces, r.executions(), r.program() + " traces");
        assertEquals(0, r.sleepSetBlocked(), r.program() + " sleep-set blocked explorations");
        assertEquals(null, r.note(), r.program() + " runs under optimal DPOR itself");
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
        // Locks held across steps block, so DPOR hands over to DFS with sleep sets (see Dpor#unsupported).
        Result r = Classic.abba().explore();
        assertEquals(3, r.executions());
        assertEquals(1, r.deadlocks());
        assertEquals(1, r.outcomes().count("DEADLOCK"));
        assertEquals(2, r.outcomes().count("done"));
        assertEquals(Result.FELL_BACK, r.note());
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
