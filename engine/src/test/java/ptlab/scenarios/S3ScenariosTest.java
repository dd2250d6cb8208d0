package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Rules;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.ReplayDivergence;
import ptlab.race.Result;
import ptlab.race.Trace;

/**
 * S3a, S3b and R3 of mm-model.md section 3: every row (the "hypothetical" predictions too) reaches
 * exactly its set; the minimal bad schedules replay to the bad label; the explorer's minimized
 * counterexample is no longer than the spec's; the checker labels section 4 names appear;
 * exploration is deterministic.
 */
class S3ScenariosTest {
    static final List<String> IDS = List.of("S3a", "S3b", "R3");

    static Stream<Arguments> rows() {
        return IDS.stream().map(Scenarios::get).flatMap(s -> s.expected().stream()
                .map(e -> Arguments.of(s.id() + " " + e.variant() + " on " + e.config() + (e.prediction() ? " (prediction)" : ""), s, e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowReachesExactlyItsSet(String name, Scenario s, Scenario.Expected e) {
        Result r = s.explore(e.variant(), e.config());
        assertTrue(r.complete(), name + " did not finish: " + r.stopReason());
        assertEquals(e.labels(), s.labelsOf(r), name + ": " + e.why() + "\n" + r);
    }

    // ---- minimal bad schedules --------------------------------------------------------------------

    static void assertBadSchedule(Scenario s, String variant, Config config, String bad) {
        Program<Machine> p = s.program(variant, config);
        List<String> schedule = s.badSchedule(variant);
        Trace t = p.replay(Scenario.replayOf(p, schedule));
        assertTrue(List.of(t.outcome().split(", ")).contains(bad), "the spec's schedule ends in " + t.outcome() + "\n" + t);
        Result r = p.explore();
        Outcome worst = r.outcomes().rows().stream().filter(o -> o.seen() && o.has(bad)).findFirst().orElseThrow();
        assertTrue(worst.minimized().length() <= schedule.size(),
                "the explorer's shortest " + bad + " (" + worst.minimized() + ") is longer than the spec's " + schedule.size() + " steps");
    }

    static final Config PAE = Config.of(Profile.X86_PAE);

    @Test
    void s3aIrqsOnTearsTheRead() {
        assertBadSchedule(Scenarios.get("S3a"), "IRQS_ON", PAE, PaeTornRead.GARBAGE_PTE_USED);
    }

    @Test
    void s3aBroadcastFlushTearsTheRead() {
        assertBadSchedule(Scenarios.get("S3a"), "IRQS_OFF", PAE.with(Knob.X86_BROADCAST_TLBI, true), PaeTornRead.GARBAGE_PTE_USED);
    }

    @Test
    void s3aIpiBlocksTheBadScheduleAtW3() {
        Scenario s = Scenarios.get("S3a");
        Program<Machine> p = s.program("IRQS_OFF", PAE);
        ReplayDivergence d = assertThrows(ReplayDivergence.class, () -> p.replay(Scenario.replayOf(p, s.badSchedule("IRQS_OFF"))));
        assertTrue(d.getMessage().contains("'W3'"), d.getMessage());
    }

    static final Config X86 = Config.of(Profile.X86_64), ARM64 = Config.of(Profile.ARM64);

    @Test
    void r3BuggyPinsASharedPage() {
        assertBadSchedule(Scenarios.get("R3"), "BUGGY", X86, GupFastVsFork.PIN_ON_SHARED_PAGE);
        assertBadSchedule(Scenarios.get("R3"), "BUGGY", ARM64, GupFastVsFork.PIN_ON_SHARED_PAGE);
    }

    @Test
    void r3FixedFallsBackOnTheSameInterleaving() {
        // The bad interleaving with G0 before F2 and G6 at the end: the count moved, G unpins.
        Scenario s = Scenarios.get("R3");
        Program<Machine> p = s.program("FIXED", X86);
        Trace t = p.replay(Scenario.replayOf(p, List.of("G0", "F1", "F2", "F3", "F4", "F5", "G1", "G2", "G3", "G4", "G5",
                "F6", "F7", "F8", "F9", "F10", "G6")));
        assertEquals(GupFastVsFork.FALLBACK, t.outcome(), t.toString());
    }

    @Test
    void r3FlushIpiWaitsForGupButTooLate() {
        // x86: F9's IPI cannot complete while G has IRQs off (before G5); arm64's broadcast TLBI can.
        Scenario s = Scenarios.get("R3");
        List<String> early = List.of("F1", "F3", "F4", "F5", "G1", "G2", "G3", "G4", "F6", "F7", "F9", "F10", "G5");
        Program<Machine> x86 = s.program("BUGGY", X86);
        ReplayDivergence d = assertThrows(ReplayDivergence.class, () -> x86.replay(Scenario.replayOf(x86, early)));
        assertTrue(d.getMessage().contains("'F9'"), d.getMessage());
        Program<Machine> arm = s.program("BUGGY", ARM64);
        assertEquals(GupFastVsFork.PIN_ON_SHARED_PAGE, arm.replay(Scenario.replayOf(arm, early)).outcome());
    }

    @Test
    void r3EarlyCowGivesTheChildTheParentsContents() {
        // mm/memory.c copy_present_page(): copy_user_highpage(&new_folio->page, page, ...) copies X for the child.
        Program<Machine> p = Scenarios.get("R3").program("BUGGY", X86).toBuilder()
                .setup(mem -> {
                    Machine m = GupFastVsFork.setup(mem, X86);
                    m.folio_write_data(m.sym("X")); // the parent wrote X twice before fork
                    m.folio_write_data(m.sym("X"));
                    return m;
                })
                .outcome(m -> {
                    ptlab.mm.Ptr pc = m.sym("Pchild");
                    ptlab.mm.Folio child = m.pfn_folio(m.arch.pte_pfn(pc.table().peek(pc.index()))), x = m.sym("X");
                    return (child == x ? "shared" : "copied") + " child.data=" + child.peekData() + " X.data=" + x.peekData();
                })
                .build();
        // G pins X first, so F5 sees it maybe-DMA-pinned and copies it for the child at once.
        Trace t = p.replay(Scenario.replayOf(p, List.of("G1", "G2", "G3", "G4", "G5", "F1", "F3", "F4", "F5", "F7", "F9", "F10")));
        assertEquals("copied child.data=2 X.data=2", t.outcome(), t.toString());
    }

    @Test
    void s3bNaiveGatherInventsDirty() {
        assertBadSchedule(Scenarios.get("S3b"), "NAIVE_GATHER", ContpteGather.config(), ContpteGather.FALSE_DIRTY);
    }

    @Test
    void s3bNaiveGatherInventsYoungToo() {
        // Beyond the spec's set: A gathered from T[5] after the unfold, while T[3] itself was never young.
        Scenario s = Scenarios.get("S3b");
        Program<Machine> p = s.program("NAIVE_GATHER", ContpteGather.config());
        Trace t = p.replay("0*6.1*2.2.0*11.1.2");
        assertEquals(ContpteGather.FALSE_YOUNG, t.outcome(), t.toString());
    }

    @Test
    void s3bRetryOnTheBadScheduleRetriesAndIsConsistent() {
        // CONTPTE_RETRY on the spec's interleaving: L9 sees T[8] no longer valid-cont and goes back to L0,
        // which now reads T[3] unfolded and returns it alone.
        Scenario s = Scenarios.get("S3b");
        Program<Machine> p = s.program("CONTPTE_RETRY", ContpteGather.config());
        List<String> labels = new java.util.ArrayList<>(List.of("U0", "L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "U1", "U2", "L9", "L0", "H1", "H2"));
        Trace t = p.replay(Scenario.replayOf(p, labels));
        assertEquals(ContpteGather.CONSISTENT, t.outcome(), t.toString());
    }

    // ---- checker labels ---------------------------------------------------------------------------

    @Test
    void s3aIrqsOnIsAnUnprotectedLocklessWalk() {
        // LR7: a lockless walk (the pmd read of G1) with IRQs on and outside RCU.
        Result on = Scenarios.get("S3a").explore("IRQS_ON", PAE);
        Result off = Scenarios.get("S3a").explore("IRQS_OFF", PAE);
        assertEquals(ptlab.race.Verdict.Kind.ALWAYS, on.verdict(Rules.UNPROTECTED_WALK).kind(), on.toString());
        assertTrue(Scenario.allLabelsOf(off).stream().noneMatch(l -> l.equals(Rules.UNPROTECTED_WALK)), off.toString());
        Result fault = Scenarios.get("S3a").explore("FAULT", PAE);
        assertTrue(Scenario.allLabelsOf(fault).stream().noneMatch(l -> l.equals(Rules.UNPROTECTED_WALK)), fault.toString());
    }

    // ---- determinism ------------------------------------------------------------------------------

    static Stream<Arguments> allRows() {
        return rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allRows")
    void explorationIsDeterministic(String name, Scenario s, Scenario.Expected e) {
        assertEquals(counts(s.explore(e.variant(), e.config())), counts(s.explore(e.variant(), e.config())), name);
    }

    static Map<String, Long> counts(Result r) {
        Map<String, Long> m = new TreeMap<>();
        for (Outcome o : r.outcomes().rows()) m.put(o.key(), o.count());
        m.put("#executions", r.executions());
        return m;
    }
}
