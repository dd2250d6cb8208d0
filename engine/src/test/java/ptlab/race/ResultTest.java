package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTest {
    @Test
    void gradesByExactKeyThenPattern() {
        Result r = Classic.lostUpdate(3).explore();
        assertEquals(Grade.ACCEPTABLE, r.outcomes().get("x=3").orElseThrow().grade());
        assertEquals(Grade.INTERESTING, r.outcomes().get("x=1").orElseThrow().grade());
        assertEquals(List.of(), r.forbidden());
        assertEquals("of 36 traces", r.outcomes().denominator());
    }

    @Test
    void declaredButUnseenOutcomesAreListedWithZero() {
        Program<Classic.Counter> p = Classic.lostUpdate(2).toBuilder()
                .expect("x=0", Grade.FORBIDDEN, "no increment at all")
                .expectMatching("x=[3-9]", Grade.FORBIDDEN, "more increments than threads")
                .build();
        Result r = p.explore();
        Outcome zero = r.outcomes().get("x=0").orElseThrow();
        assertEquals(0, zero.count());
        assertEquals(Grade.FORBIDDEN, zero.grade());
        assertEquals(java.util.Set.of("x=1", "x=2"), r.outcomes().keys());
        String table = r.outcomes().toString();
        assertTrue(table.contains("(unreachable)") && table.contains("/x=[3-9]/"), table);
        assertTrue(r.forbidden().isEmpty());
    }

    @Test
    void forbiddenOutcomesAreReported() {
        Result r = Classic.abba().explore();
        assertEquals(List.of("DEADLOCK"), r.forbidden().stream().map(Outcome::key).toList());
        assertTrue(r.toString().contains("FORBIDDEN DEADLOCK"));
    }

    @Test
    void verdicts() {
        Result r = Classic.lostUpdate(2).explore();
        assertEquals(Verdict.Kind.SOMETIMES, r.verdict(k -> k.equals("x=1")).kind());
        assertEquals("Sometimes: 2 of 4 traces", r.verdict(k -> k.equals("x=1")).toString());
        assertEquals(Verdict.Kind.NEVER, r.verdict(k -> k.equals("x=0")).kind());
        assertEquals(Verdict.Kind.ALWAYS, r.verdict(k -> k.startsWith("x=")).kind());
        Result dead = Classic.abba().explore();
        assertEquals("Sometimes: 1 of 3 traces", dead.verdict("DEADLOCK").toString());
        Result sampled = Classic.lostUpdate(2).explore(Strategy.pct(1, 100, 1));
        assertEquals("Not observed: 0 of 100 PCT runs (d=1)", sampled.verdict(k -> k.equals("x=1")).toString());
    }

    @Test
    void countsDependOnTheMeasure() {
        // lostUpdate(2), P(x=1): 4 of 6 schedules, 2 of 4 traces (EXPLORATION.md).
        assertEquals(4, Classic.lostUpdate(2).explore(Strategy.dfs()).outcomes().count("x=1"));
        assertEquals(2, Classic.lostUpdate(2).explore().outcomes().count("x=1"));
    }

    @Test
    void labelsRaisedByStepsAndInvariantsJoinTheOutcome() {
        record S(LongVar x) {}
        Program<S> p = Program.<S>builder("labels")
                .setup(m -> new S(m.longVar("x", 0)))
                .invariant("X_NEGATIVE", s -> s.x().peek() >= 0)
                .outcome(s -> "x=" + s.x().peek())
                .thread("dec", t -> t.step("D", (s, c) -> s.x().set(s.x().get() - 1)))
                .thread("inc", t -> t.step("I", (s, c) -> {
                    if (s.x().get() < 0) c.raise("SAW_NEGATIVE");
                    s.x().set(s.x().get() + 1);
                }))
                .build();
        Result r = p.explore();
        assertEquals(java.util.Set.of("x=0", "SAW_NEGATIVE, X_NEGATIVE, x=0"), r.outcomes().keys());
        assertTrue(r.outcomes().get("SAW_NEGATIVE, X_NEGATIVE, x=0").orElseThrow().has("SAW_NEGATIVE"));
    }

    @Test
    void counterexampleOfAnUnreachedOutcome() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Classic.lostUpdate(2).explore().counterexample("x=7"));
        assertTrue(e.getMessage().contains("'x=7' was not reached"));
    }
}
