package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ptlab.race.Result;

/** Every acceptance row of mm-model.md section 3: exhaustive exploration reaches exactly the expected labels. */
class ScenarioSetsTest {
    static Stream<Arguments> rows() {
        return Scenarios.all().stream().flatMap(s -> s.expected().stream().filter(e -> !e.prediction())
                .map(e -> Arguments.of(s.id() + " " + e.variant() + " on " + e.config(), s, e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reachesExactlyTheExpectedSet(String name, Scenario s, Scenario.Expected e) {
        Result r = s.explore(e.variant(), e.config());
        assertEquals(true, r.complete(), name + " did not finish: " + r.stopReason());
        assertEquals(e.labels(), s.labelsOf(r), name + ": " + e.why() + "\n" + r);
    }
}
