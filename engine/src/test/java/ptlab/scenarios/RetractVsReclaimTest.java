package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Rules;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Trace;

/** S4b: every row (the hypothetical one included), the bad schedule, minimization, checker findings, determinism. */
class RetractVsReclaimTest {
    final Scenario s = RetractVsReclaim.scenario();

    @Test
    void everyRowIncludingTheHypothetical() {
        for (Scenario.Expected e : s.expected()) {
            Result r = s.explore(e.variant(), e.config());
            assertTrue(r.complete());
            assertEquals(e.labels(), s.labelsOf(r), e.variant() + " on " + e.config() + ": " + r);
        }
    }

    @Test
    void minimalBadSchedule() {
        Program<Machine> p = s.program("NO_RECHECK", RetractVsReclaim.reclaim());
        Trace t = p.replay(Scenario.replayOf(p, s.badSchedule("NO_RECHECK")));
        Set<String> key = Set.of(t.outcome().split(", "));
        assertTrue(key.containsAll(Set.of(Labels.BOGUS_PTL, Labels.FREE_NON_TABLE_PAGE, RetractVsReclaim.NR_PTES_MISMATCH,
                RetractVsReclaim.RETRACTED_NON_TABLE)), t.toString());
        // BOGUS_PTL is raised by the checker at K4b, where the lock of page 0 is taken.
        var k4b = t.events().stream().filter(ev -> ev.label().equals("K4b")).findFirst().orElseThrow();
        assertTrue(k4b.raised().contains(Labels.BOGUS_PTL), k4b.describe());
        Result r = p.explore();
        var o = r.outcomes().forbidden().stream().filter(x -> x.has(Labels.FREE_NON_TABLE_PAGE)).findFirst().orElseThrow();
        assertTrue(o.minimized().length() <= s.badSchedule("NO_RECHECK").size(), o.minimized().toString());
        assertEquals(o.key(), p.replay(o.minimized().replay()).outcome());
    }

    @Test
    void mainlineRetractsAFreshEmptyTable() {
        // T freed by Z, a fresh empty T' installed by the fault, K (which saw T at K1) retracts T'.
        Program<Machine> p = s.program("CHECK_PMD_STATE", RetractVsReclaim.reclaim());
        Trace t = p.replay(Scenario.replayOf(p, List.of("K1", "Z0", "Z1a", "Z1b", "Z2", "Z3", "Z6", "Fa1", "Fa2",
                "K2", "K3", "K4a", "K4b", "K5", "K6", "K7", "GP")));
        assertEquals(RetractVsReclaim.RETRACTED, t.outcome(), t.toString());
        assertTrue(t.events().stream().anyMatch(ev -> ev.label().equals("K4b") && String.join(" ", ev.accesses()).contains("ptl(T')")), t.toString());
    }

    @Test
    void mainlineAndSeedV1RaiseNoFindingAtAll() {
        for (String v : List.of("SEED_V1", "CHECK_PMD_STATE")) {
            Result r = s.explore(v, RetractVsReclaim.reclaim());
            assertEquals(Set.of(RetractVsReclaim.RETRACTED, RetractVsReclaim.SKIPPED), Scenario.allLabelsOf(r), v + ": " + r);
        }
        // The trylock of the PMD lock under the PTE lock is not a lock-order finding.
        Result bad = s.explore("NO_RECHECK", RetractVsReclaim.reclaim());
        assertFalse(Scenario.allLabelsOf(bad).contains(Rules.LOCK_ORDER));
    }

    @Test
    void deterministic() {
        for (String v : List.of("NO_RECHECK", "CHECK_PMD_STATE")) {
            Result a = s.explore(v, RetractVsReclaim.reclaim()), b = s.explore(v, RetractVsReclaim.reclaim());
            assertEquals(a.executions(), b.executions());
            assertEquals(a.outcomes().toString(), b.outcomes().toString());
        }
    }
}
