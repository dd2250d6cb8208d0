package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {
    @Test
    void everyCounterexampleReplaysToItsOutcome() {
        for (Program<?> p : List.of(Classic.lostUpdate(3), Classic.lastzero(4), Classic.abba(), Classic.indexer(12),
                Tricky.flagHandoff(), Tricky.trylockRace())) {
            for (Strategy s : List.of(Strategy.dpor(), Strategy.random(2000, 5), Strategy.pct(3, 2000, 5))) {
                Result r = p.explore(s);
                for (Outcome o : r.outcomes().rows()) {
                    if (!o.seen()) continue;
                    assertEquals(o.key(), p.replay(o.first().replay()).outcome(), p.name() + " first " + o.key());
                    Trace min = p.replay(o.minimized().replay());
                    assertEquals(o.key(), min.outcome(), p.name() + " minimized " + o.key());
                    assertTrue(o.minimized().preemptions() <= o.first().preemptions(), "minimized has no more preemptions");
                    assertEquals(o.minimized().preemptions(), min.preemptions());
                }
            }
        }
    }

    @Test
    void lostUpdateMinimalCounterexampleHasOnePreemption() {
        Counterexample c = Classic.lostUpdate(3).explore().counterexample("x=1");
        assertEquals(1, c.preemptions(), "T0 reads, is preempted, T1 and T2 run, T0 writes 1");
        assertEquals(6, c.length());
        Counterexample two = Classic.lostUpdate(2).explore().counterexample("x=1");
        assertEquals(1, two.preemptions());
        assertEquals(4, two.length());
    }

    @Test
    void traceShowsValuesLocksAndBlocking() {
        Trace t = Classic.abba().replay("0.1");
        assertEquals("DEADLOCK", t.outcome());
        assertEquals(List.of("lock A"), t.events().get(0).accesses());
        assertEquals("waits for B", t.events().get(1).blocked().get(0));
        String text = t.toString();
        assertTrue(text.contains("A1: lock A") && text.contains("(waits for B)") && text.contains("replay: 0.1"), text);
        Trace lost = Classic.lostUpdate(2).replay("0.1*2.0");
        assertEquals(List.of("x -> 0"), lost.events().get(0).accesses());
        assertEquals(List.of("x := 1 (was 0)"), lost.events().get(2).accesses());
        assertEquals("x=1", lost.outcome());
    }

    @Test
    void formatAndParseRoundTrip() {
        int[] s = {0, 0, 1, 2, 2, 2, 0};
        assertEquals("0*2.1.2*3.0", Replay.format(s, s.length));
        assertArrayEquals(s, Replay.parse("0*2.1.2*3.0", 3));
        assertEquals("", Replay.format(new int[0], 0));
    }

    @Test
    void divergenceFailsLoudly() {
        Program<?> p = Classic.abba();
        ReplayDivergence blocked = assertThrows(ReplayDivergence.class, () -> p.replay("0.1.0"));
        assertTrue(blocked.getMessage().contains("'T0' is blocked at 'B1' waiting for B"), blocked.getMessage());
        ReplayDivergence early = assertThrows(ReplayDivergence.class, () -> p.replay("0*2"));
        assertTrue(early.getMessage().contains("goes on"), early.getMessage());
        ReplayDivergence range = assertThrows(ReplayDivergence.class, () -> p.replay("0.5"));
        assertTrue(range.getMessage().contains("names thread 5"), range.getMessage());
        ReplayDivergence junk = assertThrows(ReplayDivergence.class, () -> p.replay("0.x"));
        assertTrue(junk.getMessage().contains("malformed"), junk.getMessage());
        ReplayDivergence finished = assertThrows(ReplayDivergence.class, () -> Classic.lostUpdate(2).replay("0*3"));
        assertTrue(finished.getMessage().contains("has finished"), finished.getMessage());
    }
}
