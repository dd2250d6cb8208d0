package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ptlab.mm.Config;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.paths.GupFast;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.Trace;

/**
 * S2 (DAMON v34), R1 (GUP-fast vs munmap), R2 (GUP-fast vs collapse): the minimal bad schedules of
 * mm-model.md section 3 replay to their bad label, with the checker's labels at the steps section 3
 * names; the explorer's minimized counterexample is no longer than the spec's schedule; exploration
 * is deterministic and agrees with plain DFS.
 */
class PageTableFreeingScenariosTest {
    /** A schedule: scenario, variant, config, step labels, and the labels that must be raised at given steps. */
    record Bad(String name, Scenario s, String variant, Config config, List<String> steps, String bad, Map<String, List<String>> raisedAt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Bad> badSchedules() {
        Scenario s2 = DamonWalk.scenario(), r1 = GupFastVsMunmap.scenario(), r2 = GupFastVsCollapse.scenario();
        List<Bad> l = new ArrayList<>();
        for (Config c : List.of(DamonWalk.X86_64, DamonWalk.ARM64)) {
            if (c == DamonWalk.X86_64) {
                l.add(new Bad("S2 BUGGY/munmap UAF write on " + c, s2, "BUGGY/munmap", c, s2.badSchedule("BUGGY/munmap"), Labels.UAF_TABLE_WRITE,
                        Map.of("D3", List.of(Labels.UAF_TABLE_READ), "D6", List.of(Labels.UAF_TABLE_WRITE))));
            } else {
                // RCU table free: the grace period (GP agent) runs before the reuse.
                l.add(new Bad("S2 BUGGY/munmap UAF write on " + c, s2, "BUGGY/munmap", c,
                        List.of("D1", "D2", "U1", "U2", "U3", "U4", "U5", "U6", "GP", "REUSE", "D3", "D4", "D5", "D6", "D7", "U7"),
                        Labels.UAF_TABLE_WRITE, Map.of("D3", List.of(Labels.UAF_TABLE_READ), "D6", List.of(Labels.UAF_TABLE_WRITE))));
            }
            l.add(new Bad("S2 BUGGY/munmap pmd_page(NONE) on " + c, s2, "BUGGY/munmap", c,
                    c == DamonWalk.X86_64 ? List.of("D1", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "D2", "D3", "D4", "D7", "REUSE")
                            : List.of("D1", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "D2", "D3", "D4", "D7", "GP", "REUSE"),
                    Labels.BOGUS_PTL, Map.of("D3", List.of(Labels.BOGUS_PTL))));
            l.add(new Bad("S2 BUGGY/collapse detached write on " + c, s2, "BUGGY/collapse", c, s2.badSchedule("BUGGY/collapse"),
                    Labels.WRITE_DETACHED_TABLE, Map.of("D6", List.of(Labels.WRITE_DETACHED_TABLE))));
            l.add(new Bad("S2 BUGGY/collapse pmd_page(LEAF) on " + c, s2, "BUGGY/collapse", c,
                    List.of("D1", "K1", "K2", "K3", "K4a", "K4b", "K5", "K6", "K7", "K8", "K9", "D2", "D3", "D4", "D5", "D6", "D7"),
                    Labels.DATA_CORRUPTION, Map.of("D3", List.of(Labels.BOGUS_PTL), "D6", List.of(Labels.DATA_CORRUPTION))));
        }
        l.add(new Bad("R1 HYP_BROADCAST_NOSYNC", r1, "IRQS_OFF", GupFastVsMunmap.HYP_BROADCAST_NOSYNC, r1.badSchedule("IRQS_OFF"),
                GupFast.PIN_GARBAGE, Map.of("G2", List.of(Labels.UAF_TABLE_READ), "G6", List.of(GupFast.PIN_GARBAGE))));
        l.add(new Bad("R1 HYP_IRQS_ON x IPI_FREE", r1, "HYP_IRQS_ON", GupFastVsMunmap.IPI_FREE, r1.badSchedule("HYP_IRQS_ON"),
                GupFast.PIN_GARBAGE, Map.of("G2", List.of(Labels.UAF_TABLE_READ), "G6", List.of(GupFast.PIN_GARBAGE))));
        l.add(new Bad("R2 PRE_FIX x ARM64 stale pin", r2, "PRE_FIX", GupFastVsCollapse.ARM64, r2.badSchedule("PRE_FIX"),
                GupFastVsCollapse.PIN_ON_STALE_PAGE, Map.of()));
        l.add(new Bad("R2 RECHECK_ONLY x ARM64 UAF", r2, "RECHECK_ONLY", GupFastVsCollapse.ARM64, r2.badSchedule("RECHECK_ONLY"),
                Labels.UAF_TABLE_READ, Map.of("G2", List.of(Labels.UAF_TABLE_READ))));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSchedules")
    void theMinimalBadScheduleReachesTheBadLabel(Bad b) {
        Program<Machine> p = b.s().program(b.variant(), b.config());
        Trace t = p.replay(Scenario.replayOf(p, b.steps()));
        assertEquals(b.steps().size(), t.length());
        assertTrue(List.of(t.outcome().split(", ")).contains(b.bad()), b.name() + " ends in " + t.outcome() + "\n" + t);
        for (var e : b.raisedAt().entrySet()) {
            Trace.Event at = t.events().stream().filter(ev -> ev.label().equals(e.getKey())).findFirst().orElseThrow();
            assertTrue(at.raised().containsAll(e.getValue()), b.name() + ": step " + e.getKey() + " raised " + at.raised() + ", expected " + e.getValue());
        }
        // The explorer's minimized counterexample for that outcome is no longer than the spec's schedule.
        Result r = p.explore();
        Outcome o = r.outcomes().get(t.outcome()).orElseThrow(() -> new AssertionError("exploration misses " + t.outcome()));
        assertTrue(o.minimized().length() <= b.steps().size(), b.name() + ": minimized " + o.minimized() + " is longer than " + b.steps());
        // And some forbidden outcome carries the bad label.
        assertTrue(r.forbidden().stream().anyMatch(f -> f.has(b.bad())), b.name() + ": no forbidden outcome with " + b.bad());
    }

    static Stream<Arguments> cells() {
        List<Arguments> l = new ArrayList<>();
        for (Scenario s : List.of(DamonWalk.scenario(), GupFastVsMunmap.scenario(), GupFastVsCollapse.scenario())) {
            for (String v : s.variants()) for (Config c : s.configs()) l.add(Arguments.of(s.id() + " " + v + " on " + c, s, v, c));
        }
        return l.stream();
    }

    /** Twice the same outcome table; and plain DFS (every schedule) reaches the same outcome keys as sleep-set DFS. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void deterministicAndSound(String name, Scenario s, String variant, Config c) {
        Result a = s.explore(variant, c), b = s.explore(variant, c);
        assertEquals(counts(a), counts(b), name);
        assertEquals(a.executions(), b.executions(), name);
        Result dfs = s.explore(variant, c, Strategy.dfs());
        assertTrue(dfs.complete(), name);
        assertEquals(a.outcomes().keys(), dfs.outcomes().keys(), name + ": sleep sets and plain DFS disagree");
    }

    /** Predictions (rows kept out of acceptance) still reach the set they state. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("predictions")
    void predictionsHold(String name, Scenario s, Scenario.Expected e) {
        assertEquals(e.labels(), s.labelsOf(s.explore(e.variant(), e.config())), name + ": " + e.why());
    }

    static Stream<Arguments> predictions() {
        return Stream.of(DamonWalk.scenario(), GupFastVsMunmap.scenario(), GupFastVsCollapse.scenario())
                .flatMap(s -> s.expected().stream().filter(e -> e.prediction() && !e.why().contains("DISAGREES")).map(e -> Arguments.of(s.id() + " " + e.variant() + " on " + e.config(), s, e)));
    }

    /** R2 RECHECK_ONLY x ARM64: the kernel's non-atomic abort path adds FALLBACK+ABORTED to mm-model.md's set. */
    @org.junit.jupiter.api.Test
    void theCollapseAbortWindowIsReachable() {
        Scenario r2 = GupFastVsCollapse.scenario();
        Program<Machine> p = r2.program("RECHECK_ONLY", GupFastVsCollapse.ARM64);
        Trace t = p.replay("0*5.1*4.0*2.1");
        assertEquals(GupFastVsCollapse.FALLBACK_ABORTED, t.outcome());
        assertEquals(java.util.Set.of(GupFastVsCollapse.FALLBACK_ABORTED, GupFastVsCollapse.FALLBACK_COLLAPSED, GupFastVsCollapse.PIN_OK_ABORTED,
                GupFastVsCollapse.PIN_THP_COLLAPSED, Labels.UAF_TABLE_READ), r2.labelsOf(p.explore()));
    }

    static Map<String, Long> counts(Result r) {
        Map<String, Long> m = new TreeMap<>();
        for (Outcome o : r.outcomes().rows()) m.put(o.key(), o.count());
        return m;
    }
}
