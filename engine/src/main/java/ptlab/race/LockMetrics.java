package ptlab.race;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Lock contention over an exploration, per lock and per thread: over all executions and split by
 * outcome. Counts are over the exploration's unit (traces, schedules or runs).
 */
public record LockMetrics(List<String> threads, List<LockStats> locks, Map<String, List<LockStats>> byOutcome) {
    public LockMetrics {
        threads = List.copyOf(threads);
        locks = List.copyOf(locks);
        byOutcome = Map.copyOf(byOutcome);
    }

    public Optional<LockStats> lock(String name) {
        return locks.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public List<LockStats> forOutcome(String outcome) {
        return byOutcome.getOrDefault(outcome, List.of());
    }

    /**
     * A row per lock and thread that took or waited for it, as a Tablesaw table (for CSV):
     * acquisitions, executions and steps blocked, and the lock's most waiters, hold and wait lengths.
     */
    public Table toTable() {
        Table t = Table.create("lock metrics", StringColumn.create("lock"), StringColumn.create("kind"),
                StringColumn.create("thread"), LongColumn.create("acquired"), LongColumn.create("blocked executions"),
                LongColumn.create("blocked steps"), IntColumn.create("max waiters"), DoubleColumn.create("hold mean"),
                IntColumn.create("hold max"), DoubleColumn.create("wait mean"), IntColumn.create("wait max"));
        for (LockStats l : locks) {
            for (int th = 0; th < threads.size(); th++) {
                if (l.acquisitions(th) == 0 && l.blockedSteps(th) == 0) continue;
                Row r = t.appendRow();
                r.setString("lock", l.name());
                r.setString("kind", l.kind().name());
                r.setString("thread", threads.get(th));
                r.setLong("acquired", l.acquisitions(th));
                r.setLong("blocked executions", l.blockedExecutions(th));
                r.setLong("blocked steps", l.blockedSteps(th));
                r.setInt("max waiters", l.maxWaiters());
                r.setDouble("hold mean", l.holdLengths().mean());
                r.setInt("hold max", Math.max(0, l.holdLengths().max()));
                r.setDouble("wait mean", l.waitLengths().mean());
                r.setInt("wait max", Math.max(0, l.waitLengths().max()));
            }
        }
        return t;
    }

    @Override
    public String toString() {
        if (locks.isEmpty()) return "no locks\n";
        return table(threads, locks);
    }

    static String table(List<String> threads, List<LockStats> locks) {
        StringBuilder b = new StringBuilder();
        int w = Math.max(6, locks.stream().mapToInt(l -> l.name().length()).max().orElse(6));
        int tw = Math.max(8, threads.stream().mapToInt(String::length).max().orElse(8));
        b.append(String.format("%-" + w + "s  %-5s  %-" + tw + "s  %9s  %16s  %13s%n",
                "lock", "kind", "thread", "acquired", "blocked (execs)", "blocked steps"));
        for (LockStats l : locks) {
            for (int t = 0; t < threads.size(); t++) {
                if (l.acquisitions(t) == 0 && l.blockedSteps(t) == 0) continue;
                b.append(String.format("%-" + w + "s  %-5s  %-" + tw + "s  %,9d  %,16d  %,13d%n",
                        l.name(), l.kind(), threads.get(t), l.acquisitions(t), l.blockedExecutions(t), l.blockedSteps(t)));
            }
            b.append(String.format("%-" + w + "s  max waiters %d; hold %s; wait %s%n", "", l.maxWaiters(), l.holdLengths(), l.waitLengths()));
        }
        return b.toString();
    }
}
