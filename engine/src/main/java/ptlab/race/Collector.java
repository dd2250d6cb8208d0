package ptlab.race;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** What one worker has seen: outcome counts, the first and the least-preempted schedule of each, lock totals. */
final class Collector {
    /**
     * Per outcome: its count, its first execution (lowest order, then least schedule) and its best
     * (lowest rank: preemptions, or for canonical schedules context switches; then shortest).
     */
    static final class Seen {
        long count;
        long firstOrder = Long.MAX_VALUE;
        int[] first;
        /** -1 when not known yet (canonical schedules): counted on demand by replay. */
        int firstPreemptions;
        int[] best;
        int bestRank = Integer.MAX_VALUE;
        long bestOrder = Long.MAX_VALUE;

        void offerFirst(int[] schedule, int length, int preemptions, long order) {
            if (order < firstOrder || (order == firstOrder && less(schedule, length, first))) {
                firstOrder = order;
                firstPreemptions = preemptions;
                first = Arrays.copyOf(schedule, length);
            }
        }

        boolean better(int rank, int[] schedule, int length, long order) {
            if (best == null || rank != bestRank) return rank < bestRank;
            if (length != best.length) return length < best.length;
            return order != bestOrder ? order < bestOrder : less(schedule, length, best);
        }

        void offerBest(int[] schedule, int length, int rank, long order) {
            if (better(rank, schedule, length, order)) {
                bestRank = rank;
                best = Arrays.copyOf(schedule, length);
                bestOrder = order;
            }
        }

        void merge(Seen o) {
            count += o.count;
            offerFirst(o.first, o.first.length, o.firstPreemptions, o.firstOrder);
            offerBest(o.best, o.best.length, o.bestRank, o.bestOrder);
        }

        /** Lexicographic order of schedules (DFS order). */
        private static boolean less(int[] a, int length, int[] b) {
            if (b == null) return true;
            int c = Arrays.compare(a, 0, length, b, 0, b.length);
            return c < 0;
        }
    }

    final Map<String, Seen> outcomes = new HashMap<>();
    final LockTracker locks;
    long executions;
    long deadlocks;
    long steps;
    long sleepBlocked;
    /** Optimal DPOR handed over to DFS with sleep sets (condition waits). */
    boolean fellBack;
    private volatile Map<String, Long> snapshot = Map.of();
    private volatile long published;

    Collector(int threads) {
        this.locks = new LockTracker(threads);
    }

    void record(Execution<?> e, long order) {
        Seen s = tally(e);
        s.offerFirst(e.schedule, e.length, e.preemptions, order);
        s.offerBest(e.schedule, e.length, e.preemptions, order);
    }

    /** An execution named by the canonical schedule of its trace ({@link Canonical}). */
    void record(Execution<?> e, int[] canonical, int length) {
        Seen s = tally(e);
        s.offerFirst(canonical, length, -1, 0);
        s.offerBest(canonical, length, Canonical.switches(canonical, length), 0);
    }

    private Seen tally(Execution<?> e) {
        String key = e.outcomeKey();
        Seen s = outcomes.get(key);
        if (s == null) outcomes.put(key, s = new Seen());
        s.count++;
        executions++;
        steps += e.length;
        if (e.deadlocked()) deadlocks++;
        locks.end(key);
        return s;
    }

    /** The count of each outcome so far. */
    Map<String, Long> counts() {
        Map<String, Long> m = new HashMap<>();
        outcomes.forEach((k, s) -> m.put(k, s.count));
        return m;
    }

    /** Makes the counts so far visible to the progress reporter (another thread). */
    void publish() {
        snapshot = counts();
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
        locks.merge(o.locks);
    }
}
