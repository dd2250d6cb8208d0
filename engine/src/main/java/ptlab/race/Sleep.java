package ptlab.race;

import java.util.Arrays;

/** A sleep set: threads whose next step (with its footprint and {@link Access#summary}) need not be tried here. */
final class Sleep {
    int[] threads = new int[4];
    long[][] footprints = new long[4][];
    long[] summaries = new long[4];
    int size;
    /**
     * The threads that sleep because a branch of a source set was explored ({@link SharedTop}):
     * such a branch covers the sequences it is an initial of, but unlike a wakeup tree's branch, not
     * those it is only a weak initial of.
     */
    long sourced;

    void clear() {
        size = 0;
        sourced = 0;
    }

    boolean sourced(int k) {
        return (sourced & (1L << threads[k])) != 0;
    }

    /** Adds a branch of a source set that was explored (or is being explored) before. */
    void addSourced(int thread, long[] footprint, long summary) {
        add(thread, footprint, summary);
        sourced |= 1L << thread;
    }

    void add(int thread, long[] footprint, long summary) {
        if (size == threads.length) {
            threads = Arrays.copyOf(threads, size * 2);
            footprints = Arrays.copyOf(footprints, size * 2);
            summaries = Arrays.copyOf(summaries, size * 2);
        }
        threads[size] = thread;
        summaries[size] = summary;
        footprints[size++] = footprint;
    }

    void addAll(Sleep other) {
        for (int i = 0; i < other.size; i++) add(other.threads[i], other.footprints[i], other.summaries[i]);
        sourced |= other.sourced;
    }

    Sleep copy() {
        Sleep s = new Sleep();
        copyInto(s);
        return s;
    }

    void copyInto(Sleep into) {
        into.clear();
        for (int i = 0; i < size; i++) into.add(threads[i], footprints[i], summaries[i]);
        into.sourced = sourced;
    }

    boolean contains(int thread) {
        for (int i = 0; i < size; i++) if (threads[i] == thread) return true;
        return false;
    }

    /** Fills {@code into} with the entries whose step is independent of the given one (summary s). */
    void filterInto(Sleep into, long[] fp, int from, int to, long s) {
        into.clear();
        for (int i = 0; i < size; i++) {
            long[] f = footprints[i];
            if (!Access.mayConflict(summaries[i], s) || !Access.dependent(f, 0, f.length, fp, from, to)) {
                into.add(threads[i], f, summaries[i]);
                into.sourced |= sourced & (1L << threads[i]);
            }
        }
    }
}
