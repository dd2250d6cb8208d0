package ptlab.race;

import java.util.Arrays;

/**
 * The canonical schedule of a Mazurkiewicz trace: its least linearization, always taking the
 * lowest thread whose next event has all its happens-before predecessors done. Every execution of
 * a trace has the same one, so counterexamples chosen by it do not depend on which execution of
 * the trace was explored, nor on how many workers explored.
 */
final class Canonical {
    private final int n;
    private final int[] done;
    private final int[] count;
    private final int[] start;
    private int[] byThread = new int[64];
    private int[] out = new int[64];

    Canonical(int threads) {
        this.n = threads;
        this.done = new int[threads];
        this.count = new int[threads];
        this.start = new int[threads + 1];
    }

    /** The canonical schedule of events 0..m-1 (threads, local indices, vector clocks); valid until the next call. */
    int[] of(int[] thread, int[] local, int[] clock, int m) {
        if (out.length < m) {
            out = new int[Math.max(m, out.length * 2)];
            byThread = new int[out.length];
        }
        Arrays.fill(count, 0);
        for (int i = 0; i < m; i++) count[thread[i]]++;
        start[0] = 0;
        for (int t = 0; t < n; t++) start[t + 1] = start[t] + count[t];
        Arrays.fill(done, 0);
        for (int i = 0; i < m; i++) byThread[start[thread[i]] + local[i] - 1] = i;
        for (int k = 0; k < m; k++) {
            int t = 0;
            while (!ready(t, clock)) t++;
            out[k] = t;
            done[t]++;
        }
        return out;
    }

    private boolean ready(int t, int[] clock) {
        if (done[t] == count[t]) return false;
        int base = byThread[start[t] + done[t]] * n;
        for (int q = 0; q < n; q++) if (q != t && done[q] < clock[base + q]) return false;
        return true;
    }

    /** Context switches of a schedule: how canonical schedules rank as counterexamples. */
    static int switches(int[] schedule, int length) {
        int s = 0;
        for (int i = 1; i < length; i++) if (schedule[i] != schedule[i - 1]) s++;
        return s;
    }
}
