package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.mm.Config;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Rules;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Trace;

/** S4a: every row (predictions included), the bad schedules, minimization, checker findings, determinism. */
class PteLockptrTest {
    final Scenario s = PteLockptr.scenario();

    @Test
    void everyRowIncludingThePrediction() {
        for (Scenario.Expected e : s.expected()) {
            Result r = s.explore(e.variant(), e.config());
            assertTrue(r.complete());
            assertEquals(e.labels(), s.labelsOf(r), e.variant() + " on " + e.config() + ": " + r);
        }
    }

    @Test
    void minimalBadScheduleBothInstall() {
        Program<Machine> p = s.program("FROM_PTE_VADDR", PteLockptr.highptEmbedded());
        Trace t = p.replay(Scenario.replayOf(p, s.badSchedule("FROM_PTE_VADDR")));
        List<String> key = List.of(t.outcome().split(", "));
        assertTrue(key.containsAll(List.of(PteLockptr.BOTH_INSTALLED, Labels.BOGUS_PTL, PteLockptr.RSS_MISMATCH, PteLockptr.FOLIO_REF_LEAK,
                Rules.VIRT_TO_PTDESC_OF_KMAP)), t.toString());
        // The explorer's minimized counterexample is no longer than the spec's schedule.
        Result r = p.explore();
        var o = r.outcomes().forbidden().stream().filter(x -> x.has(PteLockptr.BOTH_INSTALLED)).findFirst().orElseThrow();
        assertTrue(o.minimized().length() <= s.badSchedule("FROM_PTE_VADDR").size(), o.minimized().toString());
    }

    @Test
    void theOopsNeedsOneThreadOnly() {
        Program<Machine> p = s.program("FROM_PTE_VADDR", PteLockptr.highptAlloc());
        Trace t = p.replay(Scenario.replayOf(p, List.of("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4")));
        assertTrue(Set.of(t.outcome().split(", ")).containsAll(Set.of(Labels.NULL_PTL_DEREF, Labels.OOPS, Rules.VIRT_TO_PTDESC_OF_KMAP)), t.toString());
        Result r = p.explore();
        var o = r.outcomes().forbidden().get(0);
        assertTrue(o.minimized().length() <= 8, o.minimized().toString());
    }

    @Test
    void checkerFlagsEveryEmbeddedRunAndNoMainlineRun() {
        Result bad = s.explore("FROM_PTE_VADDR", PteLockptr.highptEmbedded());
        for (var o : bad.outcomes().rows()) if (o.seen()) assertTrue(o.has(Labels.BOGUS_PTL) && o.has(Rules.VIRT_TO_PTDESC_OF_KMAP), o.key());
        for (Config c : List.of(PteLockptr.lowmem(), PteLockptr.highptAlloc(), PteLockptr.highptEmbedded())) {
            Result good = s.explore("FROM_PMD", c);
            assertEquals(Set.of(PteLockptr.T1_INSTALLED, PteLockptr.T2_INSTALLED), Scenario.allLabelsOf(good), "no finding at all on " + c);
        }
    }

    @Test
    void deterministic() {
        for (Config c : List.of(PteLockptr.highptEmbedded(), PteLockptr.highptAlloc())) {
            Result a = s.explore("FROM_PTE_VADDR", c), b = s.explore("FROM_PTE_VADDR", c);
            assertEquals(a.executions(), b.executions());
            assertEquals(a.outcomes().toString(), b.outcomes().toString());
        }
    }
}
