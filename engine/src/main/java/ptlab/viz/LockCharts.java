package ptlab.viz;

import ptlab.race.Histogram;
import ptlab.race.LockMetrics;
import ptlab.race.LockStats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pictures of lock contention: who waited for which lock (a heatmap), and how long locks were
 * held and waited for (length distributions), per lock over all executions or for one lock split by
 * outcome. The timeline of one execution's holds is {@link TraceSvg}.
 */
public final class LockCharts {
    private LockCharts() {}

    public static LockHeatmap blockedSteps(LockMetrics m) {
        return new LockHeatmap(m, LockHeatmap.Measure.BLOCKED_STEPS);
    }

    public static LockHeatmap blockedExecutions(LockMetrics m) {
        return new LockHeatmap(m, LockHeatmap.Measure.BLOCKED_EXECUTIONS);
    }

    /** Hold lengths, a series per lock, over all executions. */
    public static LengthChart holdLengths(LockMetrics m) {
        return perLock(m, "Hold lengths per lock", LockStats::holdLengths);
    }

    /** Wait lengths (of acquisitions that had to wait), a series per lock, over all executions. */
    public static LengthChart waitLengths(LockMetrics m) {
        return perLock(m, "Wait lengths per lock", LockStats::waitLengths);
    }

    /** Hold lengths of one lock, a series per outcome (outcomes in key order). */
    public static LengthChart holdLengths(LockMetrics m, String lock) {
        return perOutcome(m, lock, "Hold lengths of " + lock + " by outcome", LockStats::holdLengths);
    }

    public static LengthChart waitLengths(LockMetrics m, String lock) {
        return perOutcome(m, lock, "Wait lengths of " + lock + " by outcome", LockStats::waitLengths);
    }

    private static LengthChart perLock(LockMetrics m, String title, Function<LockStats, Histogram> which) {
        Map<String, Histogram> series = new LinkedHashMap<>();
        for (LockStats l : m.locks()) series.put(l.name(), which.apply(l));
        return new LengthChart(title, series);
    }

    private static LengthChart perOutcome(LockMetrics m, String lock, String title, Function<LockStats, Histogram> which) {
        if (m.lock(lock).isEmpty()) {
            throw new IllegalArgumentException("no lock '" + lock + "'; locks: " + m.locks().stream().map(LockStats::name).toList());
        }
        Map<String, Histogram> series = new LinkedHashMap<>();
        // byOutcome is an unordered map: sort its keys so the picture does not depend on hash order.
        for (Map.Entry<String, ?> e : new TreeMap<>(m.byOutcome()).entrySet()) {
            m.forOutcome(e.getKey()).stream().filter(s -> s.name().equals(lock)).findFirst()
                    .ifPresent(s -> series.put(e.getKey(), which.apply(s)));
        }
        return new LengthChart(title, series);
    }
}
