package ptlab.race;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptlab.race.examples.Classic;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Outcome tables and lock metrics as Tablesaw tables, through CSV and back. */
class TablesTest {
    @TempDir
    Path dir;

    private Table roundTrip(Table t) throws IOException {
        Path csv = dir.resolve(t.name().replace(' ', '-') + ".csv");
        t.write().csv(csv.toFile());
        return Table.read().csv(csv.toString()); // by file name, as a notebook reads it (Tablesaw guesses the charset)
    }

    @Test
    void theOutcomeTableKeepsItsRowsAndReplayStringsThroughCsv() throws IOException {
        Result r = Classic.abba().explore();
        Table t = r.outcomes().toTable();
        assertEquals("outcomes of 3 traces", t.name());
        assertEquals(List.of("outcome", "count", "share", "grade", "description", "replay"), t.columnNames());
        Table back = roundTrip(t);
        assertEquals(r.outcomes().rows().size(), back.rowCount());
        int deadlock = back.stringColumn("outcome").indexOf("DEADLOCK");
        assertEquals(r.counterexample("DEADLOCK").replay(), back.column("replay").getString(deadlock));
        assertEquals(r.outcomes().count("DEADLOCK"), back.numberColumn("count").getDouble(deadlock));
        assertEquals(String.format("%.2f%%", 100.0 / 3), t.column("share").getString(deadlock), "shown as a percentage");
        assertEquals(1.0 / 3, back.numberColumn("share").getDouble(deadlock), 1e-15, "written exactly");
    }

    @Test
    void sampledRunsAddTheirIntervalsAndLockMetricsGetARowPerLockAndThread() throws IOException {
        Table sampled = Classic.lostUpdate(2).explore(Strategy.random(100, 1)).outcomes().toTable();
        assertEquals(List.of("outcome", "count", "share", "interval low", "interval high", "grade", "description", "replay"),
                sampled.columnNames());
        LockMetrics m = Classic.abba().explore().locks();
        Table locks = roundTrip(m.toTable());
        assertEquals(4, locks.rowCount(), "two locks, each taken by both threads");
        assertEquals(m.lock("A").orElseThrow().blockedSteps(0), locks.numberColumn("blocked steps").getDouble(0));
    }
}
