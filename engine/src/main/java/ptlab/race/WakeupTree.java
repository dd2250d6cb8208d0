package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Wakeup trees (Abdulla et al., JACM'17): the sequences optimal DPOR has promised to explore from
 * a state, as a tree of steps whose leftmost branch is explored first.
 */
final class WakeupTree {
    private WakeupTree() {}

    /** A node: a step (thread, footprint and its {@link Access#summary}) and the branches that continue it. */
    static final class Node {
        final int thread;
        long[] footprint;
        long summary;
        ArrayList<Node> children;

        Node(int thread, long[] footprint, long summary) {
            this.thread = thread;
            this.footprint = footprint;
            this.summary = summary;
        }

        boolean leaf() {
            return children == null || children.isEmpty();
        }

        void add(Node child) {
            if (children == null) children = new ArrayList<>(2);
            children.add(child);
        }
    }

    /** A sequence of steps being inserted: threads, footprint slices and their summaries. */
    static final class Seq {
        int size;
        int[] thread = new int[16];
        long[][] array = new long[16][];
        int[] from = new int[16];
        int[] to = new int[16];
        long[] summary = new long[16];
        /** before[k]: the union of the summaries of steps 0..k-1; a step independent of it is independent of each. */
        long[] before = new long[17];
        /** The threads in the sequence, as a bit set: most lookups are for absent threads. */
        long threads;
        /** For each thread in {@link #threads}: the index of its first step. */
        private final int[] firstOf = new int[64];

        void clear(int capacity) {
            size = 0;
            threads = 0;
            if (thread.length < capacity) {
                thread = new int[capacity];
                array = new long[capacity][];
                from = new int[capacity];
                to = new int[capacity];
                summary = new long[capacity];
                before = new long[capacity + 1];
            }
        }

        void add(int t, long[] a, int f, int e, long s) {
            if ((threads & (1L << t)) == 0) firstOf[t] = size;
            threads |= 1L << t;
            before[size + 1] = before[size] | s;
            thread[size] = t;
            array[size] = a;
            from[size] = f;
            summary[size] = s;
            to[size++] = e;
        }

        /** Gives the last step the footprint it turned out to have. */
        void setLast(long[] a) {
            int last = size - 1;
            array[last] = a;
            from[last] = 0;
            to[last] = a.length;
            summary[last] = Access.summary(a, 0, a.length);
            sum();
        }

        int indexOf(int t) {
            return (threads & (1L << t)) == 0 ? -1 : firstOf[t];
        }

        void remove(int i) {
            size--;
            for (int k = i; k < size; k++) {
                thread[k] = thread[k + 1];
                array[k] = array[k + 1];
                from[k] = from[k + 1];
                to[k] = to[k + 1];
                summary[k] = summary[k + 1];
            }
            sum();
        }

        private void sum() {
            threads = 0;
            for (int k = 0; k < size; k++) {
                if ((threads & (1L << thread[k])) == 0) firstOf[thread[k]] = k;
                threads |= 1L << thread[k];
                before[k + 1] = before[k] | summary[k];
            }
        }

        /** Whether thread t is an initial of the sequence: it has a step there that happens after none before it. */
        boolean initial(int t) {
            int first = indexOf(t);
            return first >= 0 && initialAt(first);
        }

        /** Whether the step at index first, its thread's first here, happens after none before it. */
        private boolean initialAt(int first) {
            if (!Access.mayConflict(summary[first], before[first])) return true;
            for (int m = 0; m < first; m++) {
                if (dependent(m, summary[first], array[first], from[first], to[first])) return false;
            }
            return true;
        }

        boolean dependent(int i, long s, long[] a, int f, int e) {
            return Access.mayConflict(summary[i], s) && Access.dependent(array[i], from[i], to[i], a, f, e);
        }
    }

    /**
     * Whether thread t, whose next step has footprint a (summary s), can start an execution
     * equivalent to w (a weak initial).
     */
    static boolean weakInitial(int t, long[] a, long s, Seq w) {
        int first = w.indexOf(t);
        if (first >= 0) return w.initialAt(first);
        if (!Access.mayConflict(s, w.before[w.size])) return true;
        // From the end: the racing event, last, is the likeliest conflict.
        for (int m = w.size - 1; m >= 0; m--) if (w.dependent(m, s, a, 0, a.length)) return false;
        return true;
    }

    /**
     * Whether a sleeping thread can start w: then its earlier exploration covered w. One that sleeps
     * for a source set's branch must be an initial of w; a weak initial is covered only because the
     * wakeup trees explored before it inserted what it does not cover.
     */
    static boolean asleep(Sleep s, Seq w) {
        for (int k = 0; k < s.size; k++) {
            if (s.sourced(k) ? w.initial(s.threads[k]) : weakInitial(s.threads[k], s.footprints[k], s.summaries[k], w)) return true;
        }
        return false;
    }

    /**
     * Adds w below root unless a branch already starts an execution equivalent to it (consumes w).
     * Root is a node on the path being explored, whose first branch is the one being explored: w is
     * dropped if it goes there, as in JACM'17 Algorithm 2, where the branch is removed with all it
     * holds once explored. (Going on would add branches below it that its sleep sets never saw.)
     */
    static void insert(Node root, Seq w) {
        Node node = root;
        while (w.size > 0) {
            Node match = null;
            ArrayList<Node> cs = node.children;
            for (int i = 0, k = cs == null ? 0 : cs.size(); i < k; i++) {
                Node c = cs.get(i);
                if (weakInitial(c.thread, c.footprint, c.summary, w)) {
                    match = c;
                    break;
                }
            }
            if (match != null && node == root && match == cs.get(0)) return;
            if (match == null) {
                for (int k = 0; k < w.size; k++) {
                    Node c = new Node(w.thread[k], Arrays.copyOfRange(w.array[k], w.from[k], w.to[k]), w.summary[k]);
                    node.add(c);
                    node = c;
                }
                return;
            }
            if (match.leaf()) return;
            int at = w.indexOf(match.thread);
            if (at >= 0) w.remove(at);
            node = match;
        }
    }
}
