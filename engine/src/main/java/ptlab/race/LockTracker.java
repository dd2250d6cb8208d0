package ptlab.race;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts lock events and blocked steps during one execution, then folds them into totals over all
 * executions and per outcome. Locks are told apart by their (interleaving-independent) ids.
 */
final class LockTracker {
    private final int threads;
    private Lock[] locks = new Lock[0];
    private int count;
    private long[] acquisitions = new long[0];
    private long[] blockedSteps = new long[0];
    private int[] holdStart = new int[0];
    private int[] waitStart = new int[0];
    private int[] maxWaiters = new int[0];
    private Execution<?> execution;
    private final List<int[]> lengths = new java.util.ArrayList<>();

    final Map<Integer, LockStats> all = new TreeMap<>();
    final Map<String, Map<Integer, LockStats>> byOutcome = new TreeMap<>();

    LockTracker(int threads) {
        this.threads = threads;
    }

    void begin(Execution<?> e) {
        execution = e;
        count = 0;
        lengths.clear();
        sync();
    }

    /** Grows the per-execution arrays to the locks created so far (setup or steps may create more). */
    private void sync() {
        List<Lock> ls = execution.memory.locks;
        if (ls.size() > locks.length) {
            int cap = Math.max(ls.size(), locks.length * 2);
            locks = Arrays.copyOf(locks, cap);
            acquisitions = Arrays.copyOf(acquisitions, cap * threads);
            blockedSteps = Arrays.copyOf(blockedSteps, cap * threads);
            holdStart = Arrays.copyOf(holdStart, cap * threads);
            waitStart = Arrays.copyOf(waitStart, cap * threads);
            maxWaiters = Arrays.copyOf(maxWaiters, cap);
        }
        for (int l = count; l < ls.size(); l++) {
            locks[l] = ls.get(l);
            Arrays.fill(acquisitions, l * threads, (l + 1) * threads, 0);
            Arrays.fill(blockedSteps, l * threads, (l + 1) * threads, 0);
            Arrays.fill(holdStart, l * threads, (l + 1) * threads, -1);
            Arrays.fill(waitStart, l * threads, (l + 1) * threads, -1);
            maxWaiters[l] = 0;
        }
        count = ls.size();
    }

    void event(Lock lock, int kind, int thread) {
        if (lock.slot >= count) sync();
        int i = lock.slot * threads + thread;
        int now = execution.length;
        if (kind == Access.ACQ || kind == Access.ACQ_SH) {
            acquisitions[i]++;
            holdStart[i] = now;
            if (waitStart[i] >= 0) {
                lengths.add(new int[] {lock.slot, 1, now - waitStart[i]});
                waitStart[i] = -1;
            }
        } else if ((kind == Access.REL || kind == Access.REL_SH) && holdStart[i] >= 0) {
            lengths.add(new int[] {lock.slot, 0, now - holdStart[i]});
            holdStart[i] = -1;
        }
    }

    void afterStep(Execution<?> e) {
        if (e.memory.locks.size() > count) sync();
        if (count == 0) return;
        for (int t = 0; t < threads; t++) {
            Lock l = e.status[t] == Execution.BLOCKED ? e.waitingFor[t] : null;
            if (l == null) continue;
            int i = l.slot * threads + t;
            blockedSteps[i]++;
            if (waitStart[i] < 0) waitStart[i] = e.length;
            int waiters = 0;
            for (int u = 0; u < threads; u++) {
                if (e.status[u] == Execution.BLOCKED && e.waitingFor[u] == l) waiters++;
            }
            maxWaiters[l.slot] = Math.max(maxWaiters[l.slot], waiters);
        }
    }

    /** Folds this execution into the totals, under its outcome. */
    void end(String outcome) {
        if (count == 0) return;
        Map<Integer, LockStats> mine = byOutcome.computeIfAbsent(outcome, k -> new TreeMap<>());
        int now = execution.length;
        for (int l = 0; l < count; l++) {
            for (int t = 0; t < threads; t++) {
                int i = l * threads + t;
                if (holdStart[i] >= 0) lengths.add(new int[] {l, 0, now - holdStart[i]});
            }
        }
        for (Map<Integer, LockStats> into : List.of(all, mine)) {
            for (int l = 0; l < count; l++) {
                Lock lock = locks[l];
                LockStats s = into.computeIfAbsent(lock.id, k -> new LockStats(lock.name(), lock.kind(), threads));
                for (int t = 0; t < threads; t++) {
                    int i = l * threads + t;
                    s.add(t, acquisitions[i], blockedSteps[i] > 0, blockedSteps[i]);
                }
                s.waiters(maxWaiters[l]);
            }
            for (int[] len : lengths) {
                LockStats s = into.get(locks[len[0]].id);
                (len[1] == 0 ? s.holdLengths() : s.waitLengths()).add(len[2]);
            }
        }
    }

    /** Adds another worker's totals, overall and per outcome, to these. */
    void merge(LockTracker o) {
        merge(all, o.all);
        o.byOutcome.forEach((k, m) -> merge(byOutcome.computeIfAbsent(k, x -> new TreeMap<>()), m));
    }

    private static void merge(Map<Integer, LockStats> into, Map<Integer, LockStats> from) {
        from.forEach((id, s) -> into.merge(id, s.copy(), (a, b) -> { a.addAll(b); return a; }));
    }
}
