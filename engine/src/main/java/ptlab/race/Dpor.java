package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Optimal DPOR (Abdulla et al., POPL'14 / JACM'17): source sets with wakeup trees and sleep sets,
 * so every Mazurkiewicz trace is explored by exactly one complete execution and no exploration is
 * sleep-set blocked. Stateless: the state at depth d is rebuilt by re-running the prefix, so memory
 * grows with the depth of an execution, not with the number of executions.
 *
 * <p>Races are detected as each event executes, with vector clocks; a reversal
 * {@code notdep(e, E).e'} goes into the wakeup tree at {@code pre(E, e)} unless a sleeping thread is
 * a weak initial of it. A release orders the next acquire of its lock, so an acquire races with the
 * acquire whose release it waited for. Programs whose steps block or try-lock are handed to DFS with
 * sleep sets ({@link #unsupported}): here no step is ever disabled, so every reversal is feasible.
 */
final class Dpor<S> {
    /** A wakeup-tree node: a step (thread and footprint) and the branches that continue it. */
    private static final class Node {
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

    /** A sequence of events being inserted: threads and footprint slices. */
    private static final class Seq {
        int size;
        int[] thread = new int[16];
        long[][] array = new long[16][];
        int[] from = new int[16];
        int[] to = new int[16];

        void clear(int capacity) {
            size = 0;
            if (thread.length < capacity) {
                thread = new int[capacity];
                array = new long[capacity][];
                from = new int[capacity];
                to = new int[capacity];
            }
        }

        void add(int t, long[] a, int f, int e) {
            thread[size] = t;
            array[size] = a;
            from[size] = f;
            to[size++] = e;
        }

        int indexOf(int t) {
            for (int i = 0; i < size; i++) if (thread[i] == t) return i;
            return -1;
        }

        void remove(int i) {
            System.arraycopy(thread, i + 1, thread, i, size - i - 1);
            System.arraycopy(array, i + 1, array, i, size - i - 1);
            System.arraycopy(from, i + 1, from, i, size - i - 1);
            System.arraycopy(to, i + 1, to, i, size - i - 1);
            size--;
        }

        boolean dependent(int i, long[] a, int f, int e) {
            return Access.dependent(array[i], from[i], to[i], a, f, e);
        }
    }

    private final Execution<S> e;
    private final int n;
    private int depth;
    private int[] thread = new int[64];
    private int[] local = new int[64];
    private int[] clock;
    private int[] fpFrom = new int[65];
    private long[] fp = new long[256];
    private Node[] wut = new Node[65];
    private Sleep[] sleep = new Sleep[65];
    private int[] explored = new int[65];
    private final int[] scratch;
    private final Seq seq = new Seq();
    private long order;

    Dpor(Execution<S> execution) {
        this.e = execution;
        this.n = execution.threads;
        this.clock = new int[64 * n];
        this.scratch = new int[n];
        for (int i = 0; i < sleep.length; i++) sleep[i] = new Sleep();
    }

    /**
     * Set when a step blocks (on a lock held across steps, or a condition) or peeks at a lock
     * (try-lock). Wakeup trees with blocking are not sound here yet: generated programs showed rare
     * missed outcomes (about 1 in 1,000 with blocking). The exploration is then redone by DFS with
     * sleep sets, which is sound and still explores one execution per trace.
     */
    boolean unsupported;

    void run(Collector c, Control.Claim claim, Progress.Reporter progress) {
        e.memory.recording = false;
        e.reset();
        depth = 0;
        wut[0] = new Node(-1, null);
        sleep[0].clear();
        explored[0] = 0;
        fpFrom[0] = 0;
        unsupported = e.program.waitsOnConditions() || anyBlocked();
        if (unsupported) return;
        while (true) {
            if (e.stuck()) {
                if (!claim.next()) return;
                c.record(e, order++);
                if (progress.due(c.executions)) progress.report(c, this::estimateLeft);
                if (!backtrack()) return;
                continue;
            }
            Node child = next(c);
            if (child == null) {
                if (!backtrack()) return;
                continue;
            }
            execute(child);
            if (unsupported) return;
        }
    }

    /**
     * The branch to take at the current depth: the wakeup tree's first branch, or on a state the
     * tree leaves free (reached for the first time; {@link #backtrack} never resumes a leaf) the
     * first thread not asleep. Null when every enabled thread sleeps (sleep-set blocked).
     */
    private Node next(Collector c) {
        int d = depth;
        Node root = wut[d];
        if (!root.leaf()) return root.children.get(0);
        for (int t = 0; t < n; t++) {
            if (e.enabled(t) && !sleep[d].contains(t)) {
                Node child = new Node(t, null);
                root.add(child);
                return child;
            }
        }
        c.sleepBlocked++;
        return null;
    }

    private void execute(Node child) {
        int d = depth;
        int p = child.thread;
        grow(d + 1);
        e.memory.recording = true;
        e.step(p);
        e.memory.recording = false;
        int len = e.memory.footprintLength;
        int from = fpFrom[d];
        if (from + len > fp.length) fp = Arrays.copyOf(fp, Math.max(fp.length * 2, from + len));
        System.arraycopy(e.memory.footprint, 0, fp, from, len);
        fpFrom[d + 1] = from + len;
        unsupported = Access.peeks(fp, from, from + len) || anyBlocked();
        if (unsupported) return;
        child.footprint = Arrays.copyOfRange(fp, from, from + len);
        thread[d] = p;
        local[d] = races(d, p, fp, from, from + len);
        System.arraycopy(scratch, 0, clock, d * n, n);
        sleep[d].filterInto(sleep[d + 1], fp, from, from + len);
        wut[d + 1] = child;
        explored[d + 1] = 0;
        depth = d + 1;
    }

    /**
     * Finds the events that race with event {@code i} (thread p, footprint fp[from, to)) and inserts
     * their reversals; leaves i's vector clock in {@link #scratch} and returns i's local index.
     */
    private int races(int i, int p, long[] f, int from, int to) {
        int[] v = scratch;
        Arrays.fill(v, 0);
        int own = -1;
        for (int j = i - 1; j >= 0; j--) {
            int q = thread[j];
            if (q == p) {
                if (own < 0) {
                    own = j;
                    join(v, j);
                }
                continue;
            }
            if (v[q] >= local[j]) continue;
            if (Access.dependent(fp, fpFrom[j], fpFrom[j + 1], f, from, to)) {
                // i cannot acquire a lock before j releases it: it races with the acquire j released.
                int lock = Access.releasedLock(fp, fpFrom[j], fpFrom[j + 1], f, from, to);
                if (lock >= 0) {
                    int a = acquireOf(q, lock, j);
                    if (a >= 0) reverse(a, i, p, f, from, to);
                }
                if (lock < 0 || Access.dependentBesidesRelease(fp, fpFrom[j], fpFrom[j + 1], f, from, to)) {
                    reverse(j, i, p, f, from, to);
                }
                join(v, j);
            }
        }
        int li = (own >= 0 ? local[own] : 0) + 1;
        v[p] = li;
        return li;
    }

    private boolean anyBlocked() {
        for (int t = 0; t < n; t++) if (e.status[t] == Execution.BLOCKED) return true;
        return false;
    }

    /** The last event of thread q before j that acquired the lock, or -1. */
    private int acquireOf(int q, int lock, int j) {
        for (int k = j - 1; k >= 0; k--) {
            if (thread[k] == q && Access.acquires(fp, fpFrom[k], fpFrom[k + 1], lock)) return k;
        }
        return -1;
    }

    private void join(int[] v, int j) {
        int base = j * n;
        for (int t = 0; t < n; t++) if (clock[base + t] > v[t]) v[t] = clock[base + t];
    }

    /** Inserts {@code notdep(j, E).i} into the wakeup tree at depth j, unless a sleeper covers it. */
    private void reverse(int j, int i, int p, long[] f, int from, int to) {
        int q = thread[j];
        int lj = local[j];
        Seq w = seq;
        w.clear(i - j);
        for (int k = j + 1; k < i; k++) {
            if (clock[k * n + q] < lj) w.add(thread[k], fp, fpFrom[k], fpFrom[k + 1]);
        }
        w.add(p, f, from, to);
        Sleep s = sleep[j];
        for (int k = 0; k < s.size; k++) {
            long[] sf = s.footprints[k];
            if (weakInitial(s.threads[k], sf, 0, sf.length, w)) return;
        }
        insert(wut[j], w);
    }

    /** Whether thread t (whose next step has footprint a[f, e)) can start sequence w. */
    private static boolean weakInitial(int t, long[] a, int f, int e, Seq w) {
        int first = w.indexOf(t);
        if (first < 0) {
            // From the end: the racing event, last, is the likeliest conflict.
            for (int m = w.size - 1; m >= 0; m--) if (w.dependent(m, a, f, e)) return false;
            return true;
        }
        for (int m = 0; m < first; m++) {
            if (w.dependent(m, w.array[first], w.from[first], w.to[first])) return false;
        }
        return true;
    }

    private static void insert(Node root, Seq w) {
        Node node = root;
        while (w.size > 0) {
            Node match = null;
            if (node.children != null) {
                for (Node c : node.children) {
                    if (weakInitial(c.thread, c.footprint, 0, c.footprint.length, w)) {
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

    /** Pops explored branches until a depth with a branch left; rebuilds that state. */
    private boolean backtrack() {
        while (depth > 0) {
            int d = --depth;
            Node root = wut[d];
            Node done = root.children.remove(0);
            sleep[d].add(done.thread, done.footprint);
            explored[d]++;
            if (!root.leaf()) {
                e.reset();
                for (int i = 0; i < d; i++) e.step(thread[i]);
                return true;
            }
        }
        return false;
    }

    /** Knuth-style estimate of the executions left, from the branching seen along the current path. */
    private long estimateLeft(long done) {
        double fraction = 0, weight = 1;
        for (int d = 0; d < depth; d++) {
            int remaining = wut[d].children == null ? 0 : wut[d].children.size();
            int total = explored[d] + remaining;
            if (total == 0) break;
            fraction += weight * explored[d] / total;
            weight /= total;
        }
        return fraction <= 0 ? -1 : Math.max(0, Math.round(done / fraction) - done);
    }

    private void grow(int d) {
        if (d + 1 < wut.length && d < thread.length) return;
        int cap = Math.max(d + 2, wut.length * 2);
        thread = Arrays.copyOf(thread, cap);
        local = Arrays.copyOf(local, cap);
        clock = Arrays.copyOf(clock, cap * n);
        fpFrom = Arrays.copyOf(fpFrom, cap + 1);
        wut = Arrays.copyOf(wut, cap + 1);
        explored = Arrays.copyOf(explored, cap + 1);
        int old = sleep.length;
        sleep = Arrays.copyOf(sleep, cap + 1);
        for (int i = old; i < sleep.length; i++) sleep[i] = new Sleep();
    }
}
