package ptlab.race;

import java.util.Arrays;

/**
 * The canonical schedule of a Mazurkiewicz trace: its least linearization, always taking the
 * lowest thread whose next event has all its happens-before predecessors done. Every execution of
 * a trace has the same one, so counterexamples chosen by it do not depend on which execution of
 * the trace was explored, nor on how many workers explored.
 *
 * <p>It is kept along the current execution rather than worked out at its end. The event added
 * last has no successors, so the least linearization only gains it: the lowest-thread-first choice
 * takes it at the first place after its predecessors where a higher thread would go next. Dropping
 * the events from some position on leaves the others in order.
 */
final class Canonical {
    /** Positions in the execution, in canonical order. */
    private int[] order = new int[64];
    private int size;
    private int[] out = new int[64];

    /** Adds event i, the last so far (threads, local indices, vector clocks of n components). */
    void add(int i, int[] thread, int[] local, int[] clock, int n) {
        int t = thread[i], base = i * n;
        int at = size;
        for (int k = size - 1; k >= 0; k--) {
            int j = order[k];
            if (clock[base + thread[j]] >= local[j]) break;
            if (thread[j] > t) at = k;
        }
        if (size == order.length) order = Arrays.copyOf(order, size * 2);
        System.arraycopy(order, at, order, at + 1, size - at);
        order[at] = i;
        size++;
    }

    /** Drops the events at positions from d on. */
    void truncate(int d) {
        int kept = 0;
        for (int k = 0; k < size; k++) if (order[k] < d) order[kept++] = order[k];
        size = kept;
    }

    /** The canonical schedule of the events added (their threads); valid until the next call. */
    int[] schedule(int[] thread) {
        if (out.length < size) out = new int[order.length];
        for (int k = 0; k < size; k++) out[k] = thread[order[k]];
        return out;
    }

    /** Context switches of a schedule: how canonical schedules rank as counterexamples. */
    static int switches(int[] schedule, int length) {
        int s = 0;
        for (int i = 1; i < length; i++) if (schedule[i] != schedule[i - 1]) s++;
        return s;
    }
}
