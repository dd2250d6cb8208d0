package ptlab.export;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptlab.mm.Config;
import ptlab.race.Grade;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;
import ptlab.scenarios.Scenario;
import ptlab.scenarios.Scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportTest {
    private final Scenario s0 = Scenarios.get("S0");
    private final Config generic = Config.of("GENERIC_SW_AD");

    @Test
    void aScenarioResultIsWrittenWithWhatReproducesItInAFixedOrder() {
        String json = Export.json(s0.explore("RFC", generic));
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(List.of("ptlab", "program", "origin", "strategy", "denominator", "unit", "complete", "outcomes", "locks"),
                List.copyOf(o.keySet()));
        // Where a fault waits for a frozen folio, DPOR hands over to DFS with sleep sets, and says so.
        JsonObject fellBack = JsonParser.parseString(Export.json(Scenarios.get("S1").explore("MAINLINE", Config.of("ARM64")))).getAsJsonObject();
        assertEquals(List.of("ptlab", "program", "origin", "strategy", "denominator", "unit", "complete", "note", "outcomes", "locks"),
                List.copyOf(fellBack.keySet()));
        assertEquals(Export.VERSION, o.get("ptlab").getAsString());
        assertTrue(Export.VERSION.matches("\\d+\\.\\d+\\.\\d+.*"), Export.VERSION);
        JsonObject origin = o.getAsJsonObject("origin");
        assertEquals("S0", origin.get("scenario").getAsString());
        assertEquals("RFC", origin.get("variant").getAsString());
        assertEquals("GENERIC_SW_AD", origin.get("arch").getAsString());
        assertEquals(4, origin.getAsJsonObject("knobs").get("PTRS_PER_PTE").getAsInt());
        assertEquals("dpor", o.getAsJsonObject("strategy").get("name").getAsString());
        assertEquals("traces", o.get("unit").getAsString());
        assertTrue(o.get("complete").getAsBoolean());
        assertEquals(json, Export.json(s0.explore("RFC", generic)), "the same exploration gives the same bytes");
    }

    @Test
    void anExportReadBackReplaysEveryCounterexampleToItsOutcomeAndRerunsToTheSameCounts() {
        Writeup w = Export.read(Export.json(s0.explore("RFC", generic)));
        Map<String, String> replayed = w.replayed();
        assertTrue(w.outcomes().stream().anyMatch(r -> r.grade() == Grade.FORBIDDEN && r.count() > 0));
        for (Writeup.OutcomeRow row : w.outcomes()) {
            if (row.count() == 0) continue;
            assertEquals(row.key(), replayed.get(row.first().replay()), row.key());
            assertEquals(row.key(), replayed.get(row.minimized().replay()), row.key());
            assertTrue(row.minimized().preemptions() <= row.first().preemptions());
        }
        Result again = w.rerun();
        assertEquals(w.denominator(), again.outcomes().total());
        for (Writeup.OutcomeRow row : w.outcomes()) assertEquals(row.count(), again.outcomes().count(row.key()), row.key());
    }

    @Test
    void sampledRunsCarryTheirSeedsAndWilsonIntervals() {
        Strategy portfolio = Strategy.portfolio(200, 7);
        Writeup w = Export.read(Export.json(s0.explore("RFC", generic, portfolio)));
        assertEquals(portfolio, w.strategy().toStrategy());
        assertEquals(3, w.members().size());
        assertNull(w.members().get(0).ptlab(), "the version is given once");
        assertEquals(w.origin(), w.members().get(0).origin(), "a member can be re-run on its own");
        assertEquals(7L, w.members().get(0).strategy().seed());
        for (Writeup.OutcomeRow row : w.members().get(1).outcomes()) {
            assertTrue(row.interval().low() <= row.share() && row.share() <= row.interval().high(), row.key());
        }
        assertNull(Export.read(Export.json(s0.explore("RFC", generic))).outcomes().get(0).interval(), "exhaustive: no interval");
    }

    @Test
    void aComparisonExportsEveryCellWithTheResultThatReproducesIt() {
        ComparisonWriteup c = Export.readComparison(Export.json(s0.compare(List.of("MAINLINE", "RFC"), List.of(generic))));
        assertEquals(Export.VERSION, c.ptlab());
        assertEquals(List.of("MAINLINE", "RFC"), c.cells().stream().map(ComparisonWriteup.Cell::row).toList());
        for (ComparisonWriteup.Cell cell : c.cells()) {
            assertEquals(cell.row(), cell.result().origin().get("variant"));
            assertNull(cell.result().ptlab());
            cell.result().replayed().forEach((replay, outcome) ->
                    assertTrue(cell.result().outcomes().stream().anyMatch(r -> r.key().equals(outcome) && r.count() > 0), replay));
        }
        assertTrue(c.cells().get(1).outcomes().stream().anyMatch(e -> e.outcome().equals("DIRTY_LOST")));
    }

    @Test
    void aHandWrittenProgramHasNoOriginButItsReplaysStillReproduceOnIt() {
        Writeup w = Export.read(Export.json(Classic.abba().explore()));
        assertNull(w.origin());
        assertFalse(w.locks().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::rebuild);
        assertTrue(e.getMessage().contains("only scenario programs can be rebuilt"), e.getMessage());
        assertEquals("DEADLOCK", w.replayed(Classic.abba()).get(w.outcomes().stream()
                .filter(r -> r.key().equals("DEADLOCK")).findFirst().orElseThrow().first().replay()));
    }

    @Test
    void everyScenarioConfigIsRebuiltFromItsKnobs() {
        for (Scenario s : Scenarios.all()) {
            for (Config c : s.configs()) assertEquals(c, Config.of(c.profile()).with(c.knobs()), s.id() + " " + c);
        }
        assertNotNull(StrategySpec.of(Strategy.preemptionBounded(2)).bound());
        assertEquals(Strategy.pct(3, 10, 1), StrategySpec.of(Strategy.pct(3, 10, 1)).toStrategy());
        assertThrows(IllegalArgumentException.class, () -> new StrategySpec("bfs", null, null, null, null, null).toStrategy());
    }
}
