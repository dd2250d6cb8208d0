package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingTest {
    @Test
    void sameSeedSameResultOnAnyCoreCount() {
        for (Strategy s : List.of(Strategy.random(20_000, 42), Strategy.pct(3, 20_000, 42))) {
            Result one = Exploration.of(Classic.lostUpdate(4)).strategy(s).workers(1).run();
            Result two = Exploration.of(Classic.lostUpdate(4)).strategy(s).workers(2).run();
            Result three = Exploration.of(Classic.lostUpdate(4)).strategy(s).workers(3).run();
            assertEquals(20_000, one.executions());
            for (Result other : List.of(two, three)) {
                assertEquals(one.outcomes().keys(), other.outcomes().keys());
                for (Outcome o : one.outcomes().rows()) {
                    Outcome p = other.outcomes().get(o.key()).orElseThrow();
                    assertEquals(o.count(), p.count(), s.describe() + " " + o.key());
                    assertEquals(o.first().replay(), p.first().replay());
                }
            }
        }
    }

    @Test
    void differentSeedsDiffer() {
        Result a = Exploration.of(Classic.lostUpdate(4)).strategy(Strategy.random(5_000, 1)).run();
        Result b = Exploration.of(Classic.lostUpdate(4)).strategy(Strategy.random(5_000, 2)).run();
        assertFalse(a.outcomes().count("x=4") == b.outcomes().count("x=4") && a.outcomes().count("x=1") == b.outcomes().count("x=1"));
    }

    @Test
    void uniformRandomLostUpdateIsHalfAndHalf() {
        Result r = Classic.lostUpdate(2).explore(Strategy.random(200_000, 7));
        Outcome lost = r.outcomes().get("x=1").orElseThrow();
        assertTrue(lost.interval().low() < 0.5 && 0.5 < lost.interval().high(), "Wilson interval " + lost.interval() + " holds 1/2");
        assertEquals("random runs", r.unit());
        assertFalse(r.outcomes().exhaustive());
        assertTrue(r.outcomes().toString().contains("of 200,000 random runs"));
    }

    @Test
    void pctFindsADepthTwoBugAtItsGuaranteedRate() {
        // lostUpdate(2) needs one preemption: PCT d=2 finds it with probability >= 1/(n k).
        Result r = Classic.lostUpdate(2).explore(Strategy.pct(2, 10_000, 3));
        assertTrue(r.outcomes().get("x=1").orElseThrow().share() >= 1.0 / (2 * 4), r.outcomes().toString());
        Result d1 = Classic.lostUpdate(2).explore(Strategy.pct(1, 10_000, 3));
        assertEquals(0, d1.outcomes().count("x=1"), "depth 1 never preempts");
    }

    @Test
    void portfolioReportsEachSamplerOnItsOwnMeasure() {
        Result r = Classic.lostUpdate(3).explore(Strategy.portfolio(3_000, 9));
        assertEquals(3, r.members().size());
        assertEquals(9_000, r.executions());
        assertEquals("random runs", r.members().get(0).unit());
        assertEquals("PCT runs (d=2)", r.members().get(1).unit());
        assertEquals("PCT runs (d=3)", r.members().get(2).unit());
        for (Result m : r.members()) assertEquals(3_000, m.executions());
        assertNotNull(r.outcomes().get("x=1").orElseThrow().interval());
    }

    @Test
    void exhaustiveResultsHaveNoIntervals() {
        assertNull(Classic.lostUpdate(2).explore().outcomes().get("x=1").orElseThrow().interval());
    }
}
