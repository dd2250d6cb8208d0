package ptlab.race;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
