package ptlab.race;

import java.util.HashMap;
import java.util.Map;

/** What one worker has seen: outcome counts, the first and the least-preempted schedule of each, lock totals. */
final class Collector {
    /** Per outcome: its count, its first execution (lowest order) and its best (fewest preemptions, then shortest). */
    static final class Seen {
        long count;
        long firstOrder = Long.MAX_VALUE;
        int[] first;
        int firstPreemptions;
        int[] best;
        int bestPreemptions = Integer.MAX_VALUE;
        long bestOrder = Long.MAX_VALUE;

        void offerFirst(int[] schedule, int length, int preemptions, long order) {
            if (order < firstOrder) {
                firstOrder = order;
                firstPreemptions = preemptions;
                first = java.util.Arrays.copyOf(schedule, length);
            }
        }

        boolean better(int preemptions, int length, long order) {
            if (best == null || preemptions != bestPreemptions) return preemptions < bestPreemptions;
            return length != best.length ? length < best.length : order < bestOrder;
        }

        void offerBest(int[] schedule, int length, int preemptions, long order) {
            if (better(preemptions, length, order)) {
                bestPreemptions = preemptions;
                best = java.util.Arrays.copyOf(schedule, length);
                bestOrder = order;
            }
        }

        void merge(Seen o) {
            count += o.count;
            offerFirst(o.first, o.first.length, o.firstPreemptions, o.firstOrder);
            offerBest(o.best, o.best.length, o.bestPreemptions, o.bestOrder);
        }
    }

    final Map<String, Seen> outcomes = new HashMap<>();
    final LockTracker locks;
    long executions;
    long deadlocks;
    long steps;
    long sleepBlocked;
    /** Optimal DPOR handed over to DFS with sleep sets (condition waits or try-locks). */
    boolean fellBack;
    private volatile Map<String, Long> snapshot = Map.of();
    private volatile long published;

    Collector(int threads) {
        this.locks = new LockTracker(threads);
    }

    void record(Execution<?> e, long order) {
        String key = e.outcomeKey();
        Seen s = outcomes.get(key);
        if (s == null) outcomes.put(key, s = new Seen());
        s.count++;
        s.offerFirst(e.schedule, e.length, e.preemptions, order);
        s.offerBest(e.schedule, e.length, e.preemptions, order);
        executions++;
        steps += e.length;
        if (e.deadlocked()) deadlocks++;
        locks.end(key);
    }

    /** Makes the counts so far visible to the progress reporter (another thread). */
    void publish() {
        Map<String, Long> m = new HashMap<>();
        outcomes.forEach((k, s) -> m.put(k, s.count));
        snapshot = m;
        published = executions;
    }

    Map<String, Long> snapshot() {
        return snapshot;
    }

    long publishedExecutions() {
        return published;
    }

    void merge(Collector o) {
        o.outcomes.forEach((k, s) -> {
            Seen mine = outcomes.get(k);
            if (mine == null) {
                outcomes.put(k, s);
            } else {
                mine.merge(s);
            }
        });
        executions += o.executions;
        deadlocks += o.deadlocks;
        steps += o.steps;
        sleepBlocked += o.sleepBlocked;
        fellBack |= o.fellBack;
        LockTracker.merge(locks.all, o.locks.all);
        o.locks.byOutcome.forEach((k, m) -> LockTracker.merge(locks.byOutcome.computeIfAbsent(k, x -> new java.util.TreeMap<>()), m));
    }
}
