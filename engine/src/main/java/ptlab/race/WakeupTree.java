package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Wakeup trees (Abdulla et al., JACM'17): the sequences optimal DPOR has promised to explore from
 * a state, as a tree of steps whose leftmost branch is explored first.
 */
final class WakeupTree {
    private WakeupTree() {}

    /** A node: a step (thread and footprint) and the branches that continue it. */
    static final class Node {
        final int thread;
        long[] footprint;
        ArrayList<Node> children;

        Node(int thread, long[] footprint) {
            this.thread = thread;
            this.footprint = footprint;
        }

        boolean leaf() {
            return children == null || children.isEmpty();
        }

        void add(Node child) {
            if (children == null) children = new ArrayList<>(2);
            children.add(child);
        }
    }

    /** A sequence of steps being inserted: threads and footprint slices. */
    static final class Seq {
        int size;
        int[] thread = new int[16];
        long[][] array = new long[16][];
        int[] from = new int[16];
        int[] to = new int[16];
        /** The threads in the sequence, as a bit set: most lookups are for absent threads. */
        long threads;

        void clear(int capacity) {
            size = 0;
            threads = 0;
            if (thread.length < capacity) {
                thread = new int[capacity];
                array = new long[capacity][];
                from = new int[capacity];
                to = new int[capacity];
            }
        }

        void add(int t, long[] a, int f, int e) {
            threads |= 1L << t;
            thread[size] = t;
            array[size] = a;
            from[size] = f;
            to[size++] = e;
        }

        int indexOf(int t) {
            if ((threads & (1L << t)) == 0) return -1;
            for (int i = 0; i < size; i++) if (thread[i] == t) return i;
            return -1;
        }

        void remove(int i) {
            System.arraycopy(thread, i + 1, thread, i, size - i - 1);
            System.arraycopy(array, i + 1, array, i, size - i - 1);
            System.arraycopy(from, i + 1, from, i, size - i - 1);
            System.arraycopy(to, i + 1, to, i, size - i - 1);
            size--;
            threads = 0;
            for (int k = 0; k < size; k++) threads |= 1L << thread[k];
        }

        boolean dependent(int i, long[] a, int f, int e) {
            return Access.dependent(array[i], from[i], to[i], a, f, e);
        }
    }

    /** Whether thread t, whose next step has footprint a, can start an execution equivalent to w (a weak initial). */
    static boolean weakInitial(int t, long[] a, Seq w) {
        int first = w.indexOf(t);
        if (first < 0) {
            // From the end: the racing event, last, is the likeliest conflict.
            for (int m = w.size - 1; m >= 0; m--) if (w.dependent(m, a, 0, a.length)) return false;
            return true;
        }
        for (int m = 0; m < first; m++) {
            if (w.dependent(m, w.array[first], w.from[first], w.to[first])) return false;
        }
        return true;
    }

    /** Whether a sleeping thread can start w: then its earlier exploration covered w. */
    static boolean asleep(Sleep s, Seq w) {
        for (int k = 0; k < s.size; k++) if (weakInitial(s.threads[k], s.footprints[k], w)) return true;
        return false;
    }

    /** Adds w below root unless a branch already starts an execution equivalent to it (consumes w). */
    static void insert(Node root, Seq w) {
        Node node = root;
        while (w.size > 0) {
            Node match = null;
            if (node.children != null) {
                for (Node c : node.children) {
                    if (weakInitial(c.thread, c.footprint, w)) {
                        match = c;
                        break;
                    }
                }
            }
            if (match == null) {
                for (int k = 0; k < w.size; k++) {
                    Node c = new Node(w.thread[k], Arrays.copyOfRange(w.array[k], w.from[k], w.to[k]));
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
