package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.mm.Rules;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Trace;

/** S1 (seed 001): the bad schedules, the explorer's counterexamples, checker findings, determinism, the RETRY_EARLY disagreement. */
class MigrationVsFaultTest {
    static final Scenario S = MigrationVsFault.scenario();
    static final String FAILED = MigrationVsFault.MIGRATION_FAILED, MIGRATED = MigrationVsFault.MIGRATED;

    /** Replays a variant's bad schedule (completed without preemption) and checks it fails; returns its trace. */
    private static Trace replayBad(String variant, Config config) {
        Program<Machine> p = S.program(variant, config);
        Trace t = p.replay(p.complete(Scenario.replayOf(p, S.badSchedule(variant))));
        assertTrue(List.of(t.outcome().split(", ")).contains(FAILED), variant + ": " + t.outcome() + "\n" + t);
        return t;
    }

    @Test
    void theMinimalBadScheduleOfMainlineFailsMigrationAndTheExplorerFindsOneNoLonger() {
        Config c = MigrationVsFault.ARM64_NO_DEFER;
        Trace t = replayBad("MAINLINE", c);
        assertEquals(FAILED, t.outcome());
        Result r = S.explore("MAINLINE", c);
        List<Outcome> bad = r.outcomes().forbidden();
        assertEquals(1, bad.size(), r.toString());
        assertEquals(FAILED, bad.get(0).key());
        assertTrue(bad.get(0).minimized().length() <= t.length(), "minimized " + bad.get(0).minimized() + " longer than the spec's " + t.length());
    }

    @Test
    void mainlineFailsOnEveryConfigAndKeepsTheRefcountInvariant() {
        for (Config c : List.of(MigrationVsFault.ARM64, MigrationVsFault.X86, MigrationVsFault.GENERIC)) {
            Result r = S.explore("MAINLINE", c);
            // Exactly the two primary outcomes, with no FOLIO_REF_LEAK and no checker finding.
            assertEquals(Set.of(MIGRATED, FAILED), Scenario.allLabelsOf(r), c + "\n" + r);
        }
    }

    /** The spec's RETRY_EARLY row says {MIGRATED}; the model disagrees, and this pins the schedule that shows why. */
    @Test
    void retryEarlyStillFailsWhenTheReferenceComesAfterTheEarlyCheck() {
        Config c = MigrationVsFault.ARM64_NO_DEFER;
        Trace t = replayBad("RETRY_EARLY", c);
        assertEquals(FAILED, t.outcome());
        Result r = S.explore("RETRY_EARLY", c);
        assertEquals(Set.of(MIGRATED, FAILED), S.labelsOf(r), r.toString());
        Outcome o = r.outcomes().get(FAILED).orElseThrow();
        assertTrue(o.minimized().length() <= t.length(), o.minimized().toString());
    }

    /** FIX3 freezes a page-cache folio under the PTL, not under the xa_lock with IRQs off: the checker's LR18 finding. */
    @Test
    void fix3MigratesButFreezesWithoutTheXaLock() {
        Result r = S.explore("FIX3", MigrationVsFault.ARM64);
        assertEquals(Set.of(MIGRATED), S.labelsOf(r));
        assertTrue(Scenario.allLabelsOf(r).contains(Rules.FREEZE_WITHOUT_XA_LOCK), r.toString());
    }

    @Test
    void hackWithAWriterLosesTheDirtyBit() {
        Result r = S.explore("HACK/WRITER", MigrationVsFault.ARM64);
        assertEquals(Set.of(MIGRATED, MigrationVsFault.PTE_DIRTY_LOST), S.labelsOf(r), r.toString());
    }

    @Test
    void explorationIsDeterministic() {
        for (String v : List.of("MAINLINE", "RETRY_EARLY", "MAINLINE/WARM/EVICT")) {
            assertEquals(counts(S.explore(v, MigrationVsFault.X86)), counts(S.explore(v, MigrationVsFault.X86)), v);
        }
    }

    private static Map<String, Long> counts(Result r) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Outcome o : r.outcomes().rows()) m.put(o.key(), o.count());
        m.put("executions", r.executions());
        return m;
    }
}
