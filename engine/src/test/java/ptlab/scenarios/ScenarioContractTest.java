package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Trace;

/** What every scenario owes: its minimal bad schedule reproduces the bad outcome, the explorer finds one no longer, and runs repeat exactly. */
class ScenarioContractTest {
    static Stream<Arguments> badSchedules() {
        return Scenarios.all().stream().flatMap(s -> s.badScheduleVariants().stream().map(v -> Arguments.of(s.id() + " " + v, s, v)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSchedules")
    void theMinimalBadScheduleReachesABadOutcomeAndTheExplorerFindsOneNoLonger(String name, Scenario s, String variant) {
        Config config = s.badScheduleConfig(variant);
        Program<Machine> p = s.program(variant, config);
        String full = p.complete(Scenario.replayOf(p, s.badSchedule(variant)));
        Trace t = p.replay(full);
        assertNotEquals(Grade.ACCEPTABLE, p.grade(t.outcome()), name + ": the schedule " + full + " ends in " + t.outcome());
        Result r = p.explore();
        Outcome o = r.outcomes().rows().stream().filter(x -> x.key().equals(t.outcome())).findFirst().orElseThrow(
                () -> new AssertionError(name + ": exploration never reached " + t.outcome()));
        assertTrue(o.minimized().length() <= t.length(), name + ": minimized " + o.minimized().length() + " steps > the reference's " + t.length());
    }

    static Stream<Arguments> scenarios() {
        return Scenarios.all().stream().map(s -> Arguments.of(s.id(), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void explorationIsDeterministic(String name, Scenario s) {
        Scenario.Expected e = s.expected().get(0);
        assertEquals(counts(s.explore(e.variant(), e.config())), counts(s.explore(e.variant(), e.config())));
    }

    private static Map<String, Long> counts(Result r) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Outcome o : r.outcomes().rows()) m.put(o.key(), o.count());
        m.put("executions", r.executions());
        return m;
    }
}
