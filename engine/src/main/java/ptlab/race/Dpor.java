package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ptlab.race.WakeupTree.Node;
import ptlab.race.WakeupTree.Seq;

/**
 * Optimal DPOR (Abdulla et al., POPL'14 / JACM'17): source sets with wakeup trees and sleep sets,
 * so every Mazurkiewicz trace is explored by exactly one complete (or deadlocked) execution and no
 * exploration is sleep-set blocked. Stateless: the state at depth d is rebuilt by re-running the
 * prefix, so memory grows with the depth of an execution, not with the number of executions.
 *
 * <p>Races are detected as each event executes, with vector clocks; a reversal
 * {@code notdep(e, E).e'} goes into the wakeup tree at {@code pre(E, e)} unless a sleeping thread
 * is a weak initial of it. Lock acquires may be disabled (the lock is held). An acquire conflicts
 * with the acquires and releases of its lock (shared acquires commute), and its guard's reads are in
 * its footprint, so independent steps never enable or disable each other and reordering them stays
 * feasible; what remains is the reversal itself:
 * <ul>
 * <li>A release orders the next acquire of its lock, so an acquire races with the acquire whose
 *     release it waited for (Nidhugg's lock-success race); after {@code notdep} that lock is free,
 *     unless it was a reader's: other readers may still hold it, so that reversal is replayed.
 * <li>A thread that blocks on a lock races, with the acquire it would make, with the acquires of
 *     the holders (all of them together for a writer kept out by readers), over the execution up to
 *     its next step. Where it never takes that lock (a deadlock) these are the only races that find
 *     the executions in which it goes first.
 * <li>A reversal whose last step may be disabled or behave otherwise after {@code notdep} (a
 *     blocked acquire, or an acquire or try-lock that observes what the reversed event changed: a
 *     try-lock may fail instead) is replayed and inserted with that step's actual footprint. If the
 *     step is disabled there (a lock chosen from what the reversed event wrote), the events of the
 *     sequence that race with the acquire it waits for are reversed as well, recursively. These
 *     replays wait for the end of the execution.
 * </ul>
 *
 * <p>A thread blocked on a condition ({@link Guard.When}) is not handled here. A condition can be
 * falsified and made true again by several writes, so a blocked await may have to be reversed
 * against a combination of them that no single race names; extending the reversal recursively by
 * the writes that disable it, as for locks, still missed executions (5 of 3,000 generated programs
 * with two-word conditions). So the first state found where a condition is false throws
 * {@link ConditionWait}, and {@link Exploration} starts over with DFS and sleep sets. Until then
 * the exploration is exactly that of the program with every await made unconditional (its guard's
 * reads stay in its footprint), which this algorithm explores completely. So if it ends without
 * finding a condition false, none is false in any reachable state (such a state, followed by the
 * await, begins a trace of that program, whose explored execution runs the await reading the same
 * values), and the result holds for the program as written.
 *
 * <p>Workers run side by side below a {@link SharedTop}: each claims a branch there, and explores
 * the subtree below the top's depth with this algorithm; reversals that start in the top go there.
 */
final class Dpor<S> {
    /** A thread's condition was found false: optimal DPOR hands the program over to DFS with sleep sets. */
    static final class ConditionWait extends RuntimeException {
        ConditionWait() {
            super("a thread waits for a condition", null, false, false);
        }
    }

    /** A thread that became blocked at position pos on a lock, the acquires of its holders, and its guard's footprint. */
    private record Blocked(int thread, int pos, long[] guard, int lock, int[] holders, boolean[] processed) {}

    private final Execution<S> e;
    private final int n;
    /** With several workers: the shared top of the tree, and its depth (0 without); nodes here start at that depth. */
    private final SharedTop top;
    private final int shared;
    /** The shared nodes on this worker's path, by depth, and its deepest branch there. */
    private final SharedTop.Node[] topNode;
    private SharedTop.Branch deepest;
    /** Events before this one were replayed to reach a claimed branch: their races were reversed when first explored. */
    private int replayed;
    private int depth;
    private int[] thread = new int[64];
    private int[] local = new int[64];
    private int[] clock;
    private int[] fpFrom = new int[65];
    private long[] fp = new long[256];
    /** Per event: the {@link Access#summary} of its footprint. */
    private long[] summary = new long[64];
    private Node[] wut = new Node[65];
    private Sleep[] sleep = new Sleep[65];
    private int[] explored = new int[65];
    private final int[] scratch;
    private final byte[] before;
    private final Seq seq = new Seq();
    private int[] racing = new int[16];
    private int racingSize;
    private int[] deferred = new int[16];
    private int deferredSize;
    private final List<Blocked> blocked = new ArrayList<>();
    private final Canonical canonical = new Canonical();
    private final int[] one = new int[1];

    Dpor(Execution<S> execution) {
        this(execution, null);
    }

    Dpor(Execution<S> execution, SharedTop top) {
        this.e = execution;
        execution.stopOnConditionWait = true;
        this.n = execution.threads;
        this.top = top;
        this.shared = top == null ? 0 : top.depth;
        this.topNode = new SharedTop.Node[shared + 1];
        this.clock = new int[64 * n];
        this.scratch = new int[n];
        this.before = new byte[n];
        for (int i = 0; i < sleep.length; i++) sleep[i] = new Sleep();
    }

    void run(Collector c, Control.Claim claim, Progress.Reporter progress) {
        e.memory.recording = false;
        if (top == null) {
            restart();
            explore(c, claim, progress);
            return;
        }
        try {
            for (SharedTop.Claim got; (got = top.claim()) != null; ) {
                if (!descend(got, c, claim, progress) || !explore(c, claim, progress)) return;
                top.finish(deepest);
            }
        } finally {
            top.leave();
        }
    }

    private void restart() {
        e.reset();
        depth = 0;
        fpFrom[0] = 0;
        sleep[0].clear();
        blocked.clear();
        deferredSize = 0;
        canonical.truncate(0);
    }

    /** Explores the subtree below the current depth; false if the exploration stopped. */
    private boolean explore(Collector c, Control.Claim claim, Progress.Reporter progress) {
        if (depth < shared) return true; // ended in the shared top
        wut[depth] = new Node(-1, null, 0);
        explored[depth] = 0;
        while (true) {
            if (e.stuck()) {
                if (!complete(c, claim, progress)) return false;
                if (!backtrack()) return true;
                continue;
            }
            Node child = next(c);
            if (child == null) {
                lateRaces();
                if (!backtrack()) return true;
                continue;
            }
            execute(child);
        }
    }

    /** Records the execution that just ended and makes its late reversals; false if the exploration stopped. */
    private boolean complete(Collector c, Control.Claim claim, Progress.Reporter progress) {
        if (!claim.next()) return false;
        c.record(e, canonical.schedule(thread), depth);
        if (progress.due(c.executions)) progress.report(c, this::estimateLeft);
        lateRaces();
        return true;
    }

    /**
     * Replays the path to a claimed branch of the shared top and takes it, then opens shared nodes
     * below it with free choices down to the top's depth, or to the end of the execution (recorded)
     * or a state where every enabled thread sleeps. False if the exploration stopped.
     */
    private boolean descend(SharedTop.Claim got, Collector c, Control.Claim claim, Progress.Reporter progress) {
        restart();
        List<SharedTop.Branch> path = got.path();
        replayed = Math.max(0, path.size() - 1);
        topNode[0] = top.root;
        deepest = null;
        for (int j = 0; j < path.size(); j++) {
            sleep[j].addAll(got.before().get(j));
            take(path.get(j));
        }
        while (depth < shared) {
            if (e.stuck()) return complete(c, claim, progress);
            int t = firstAwake();
            if (t < 0) {
                c.sleepBlocked++;
                lateRaces();
                return true;
            }
            take(top.open(topNode[depth], t));
        }
        return true;
    }

    private void take(SharedTop.Branch b) {
        int d = depth;
        execute(b.thread, null);
        deepest = b;
        topNode[d + 1] = top.executed(b, d, fp, fpFrom[d], fpFrom[d + 1], summary[d]);
    }

    private int firstAwake() {
        for (int t = 0; t < n; t++) if (e.enabled(t) && !sleep[depth].contains(t)) return t;
        return -1;
    }

    /**
     * The branch to take at the current depth: the wakeup tree's first branch, or on a state the
     * tree leaves free (reached for the first time; {@link #backtrack} never resumes a leaf) the
     * first thread not asleep. Null when every enabled thread sleeps (sleep-set blocked).
     */
    private Node next(Collector c) {
        int d = depth;
        Node root = wut[d];
        if (!root.leaf()) {
            Node first = root.children.get(0);
            if (!e.enabled(first.thread)) throw new IllegalStateException("a wakeup-tree branch is disabled");
            return first;
        }
        int t = firstAwake();
        if (t >= 0) {
            Node child = new Node(t, null, 0);
            root.add(child);
            return child;
        }
        c.sleepBlocked++;
        return null;
    }

    /** Takes a branch of the wakeup tree at the current depth. */
    private void execute(Node child) {
        int d = depth;
        execute(child.thread, child);
        wut[d + 1] = child;
        explored[d + 1] = 0;
    }

    /**
     * Steps thread p: records its footprint (in the wakeup-tree node taken, if any, before reversals
     * walk the tree), reverses its races, and moves the sleep set past it.
     */
    private void execute(int p, Node taken) {
        int d = depth;
        grow(d + 1);
        System.arraycopy(e.status, 0, before, 0, n);
        e.memory.recording = true;
        e.step(p);
        e.memory.recording = false;
        int len = e.memory.footprintLength;
        int from = fpFrom[d];
        if (from + len > fp.length) fp = Arrays.copyOf(fp, Math.max(fp.length * 2, from + len));
        System.arraycopy(e.memory.footprint, 0, fp, from, len);
        fpFrom[d + 1] = from + len;
        summary[d] = Access.summary(fp, from, from + len);
        if (taken != null) {
            taken.footprint = Arrays.copyOfRange(fp, from, from + len);
            taken.summary = summary[d];
        }
        thread[d] = p;
        local[d] = races(d, p);
        System.arraycopy(scratch, 0, clock, d * n, n);
        canonical.add(d, thread, local, clock, n);
        sleep[d].filterInto(sleep[d + 1], fp, from, from + len, summary[d]);
        depth = d + 1;
        noteBlocked(d + 1, p);
    }

    /**
     * Finds the events that race with event i (those it depends on with no event between) and
     * reverses them; leaves i's vector clock in {@link #scratch} and returns i's local index.
     */
    private int races(int i, int p) {
        int from = fpFrom[i], to = fpFrom[i + 1];
        int own = clockOf(i, p);
        int li = (own >= 0 ? local[own] : 0) + 1;
        scratch[p] = li;
        if (i < replayed) return li;
        for (int r = 0; r < racingSize; r++) {
            int j = racing[r];
            int jf = fpFrom[j], jt = fpFrom[j + 1];
            // i cannot acquire a lock before j releases it: it races with the acquire j released.
            int lock = Access.releasedLock(fp, jf, jt, fp, from, to);
            if (lock >= 0) {
                // A step that takes and drops the lock (a try-lock) is itself that acquire: the plain race below.
                int a = acquireOf(thread[j], lock, j + 1);
                if (a >= 0 && a != j && !orderedOtherwise(a, j, own)) {
                    // Other readers may still hold the lock where a shared holder took it: replay.
                    if (Access.releasesShared(fp, jf, jt, lock)) deferred = push(deferred, deferredSize++, a, i);
                    else reverse(a, i, false);
                }
            }
            if (lock < 0 || Access.dependentBesidesRelease(fp, jf, jt, fp, from, to)) {
                if (Access.observesLocks(fp, from, to) && Access.changesObserved(fp, jf, jt, fp, from, to)) {
                    deferred = push(deferred, deferredSize++, j, i);
                } else {
                    reverse(j, i, false);
                }
            }
        }
        return li;
    }

    /**
     * The vector clock of event i, of thread p, into {@link #scratch} (p's own component left out);
     * the events it races with go into {@link #racing}. Returns p's last event before i, or -1.
     */
    private int clockOf(int i, int p) {
        int from = fpFrom[i], to = fpFrom[i + 1];
        long s = summary[i];
        int[] v = scratch;
        Arrays.fill(v, 0);
        racingSize = 0;
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
            if (Access.mayConflict(summary[j], s) && Access.dependent(fp, fpFrom[j], fpFrom[j + 1], fp, from, to)) {
                if (racingSize == racing.length) racing = Arrays.copyOf(racing, racingSize * 2);
                racing[racingSize++] = j;
                join(v, j);
            }
        }
        return own;
    }

    /** Whether acquire a happens before the racing event through something other than release j. */
    private boolean orderedOtherwise(int a, int j, int own) {
        int h = thread[a];
        if (own >= 0 && clock[own * n + h] >= local[a]) return true;
        for (int r = 0; r < racingSize; r++) {
            int k = racing[r];
            if (k != j && clock[k * n + h] >= local[a]) return true;
        }
        return false;
    }

    private static int[] push(int[] a, int at, int x, int y) {
        if (2 * at + 2 > a.length) a = Arrays.copyOf(a, a.length * 2);
        a[2 * at] = x;
        a[2 * at + 1] = y;
        return a;
    }

    /** Remembers the threads this step left blocked on a lock: they race too. */
    private void noteBlocked(int pos, int stepped) {
        for (int u = 0; u < n; u++) {
            if (e.status[u] != Execution.BLOCKED || (before[u] == Execution.BLOCKED && u != stepped)) continue;
            Lock l = e.waitingFor[u];
            boolean shared = ((Guard.Acquire<?>) e.nextStep(u).guard()).shared();
            int[] holders = new int[n];
            int h = 0;
            for (int q = 0; q < n && h >= 0; q++) {
                if (!(shared ? l.owner() == q : l.heldBy(q))) continue;
                int a = q == u ? -1 : acquireOf(q, l.id, pos);
                h = a < 0 ? -1 : h;
                if (a >= 0) holders[h++] = a;
            }
            if (h > 0) blocked.add(new Blocked(u, pos, e.guardFootprint(u), l.id, Arrays.copyOf(holders, h), new boolean[] {pos <= replayed}));
        }
    }

    /** The last event of thread q before position j that acquired the lock, or -1. */
    private int acquireOf(int q, int lock, int j) {
        for (int k = j - 1; k >= 0; k--) {
            if (thread[k] == q && Access.acquires(fp, fpFrom[k], fpFrom[k + 1], lock)) return k;
        }
        return -1;
    }

    private void join(int[] v, int j) {
        int base = j * n;
        for (int t = 0; t < n; t++) v[t] = Math.max(v[t], clock[base + t]);
    }

    private void reverse(int j, int i, boolean replay) {
        one[0] = j;
        reverse(one, 1, i, thread[i], fp, fpFrom[i], fpFrom[i + 1], summary[i], replay);
    }

    /**
     * Inserts {@code notdep(J, E[..k]).t} into the wakeup tree at the first event of J: the events
     * between that happen after none of J, then t's step with footprint f[from, to) (summary s). With
     * {@code replay} the sequence is first run to learn whether t's step is enabled after it, and
     * what it touches there; if it is disabled, what disabled it is reversed as well: each event
     * there that races with the step t waits for joins J.
     */
    private void reverse(int[] js, int jn, int k, int t, long[] f, int from, int to, long s, boolean replay) {
        int start = Integer.MAX_VALUE;
        for (int x = 0; x < jn; x++) start = Math.min(start, js[x]);
        Seq w = seq;
        w.clear(k - start + 1);
        int own = -1;
        for (int m = start + 1; m < k; m++) {
            if (after(m, js, jn)) continue;
            w.add(thread[m], fp, fpFrom[m], fpFrom[m + 1], summary[m]);
            if (thread[m] == t) own = m;
        }
        if (replay) {
            // t's last step before k must survive, or t's next step is another one.
            int last = lastOf(t, k);
            if (last > start && last != own) return;
            w.add(t, f, from, to, s);
            long[] waits = replayEnabled(start, w);
            if (waits != null) {
                int[] racers = racersWithin(js, jn, start, k, t, waits);
                for (int r : racers) {
                    int[] more = Arrays.copyOf(js, jn + 1);
                    more[jn] = r;
                    reverse(more, jn + 1, k, t, waits, 0, waits.length, Access.summary(waits, 0, waits.length), true);
                }
                return;
            }
        } else {
            w.add(t, f, from, to, s);
        }
        if (WakeupTree.asleep(sleep[start], w)) return;
        if (start < shared) {
            top.insert(topNode[start], w);
        } else {
            WakeupTree.insert(wut[start], w);
        }
    }

    /** Whether event m happens after one of the events js. */
    private boolean after(int m, int[] js, int jn) {
        for (int x = 0; x < jn; x++) if (clock[m * n + thread[js[x]]] >= local[js[x]]) return true;
        return false;
    }

    /**
     * Runs the prefix up to start, then w. If w's last step is enabled there it takes that step's
     * actual footprint and null is returned; else the footprint of what that step waits for.
     * Destroys the current state (called at the end of an execution).
     */
    private long[] replayEnabled(int start, Seq w) {
        e.reset();
        for (int m = 0; m < start; m++) e.step(thread[m]);
        int last = w.size - 1;
        for (int x = 0; x < last; x++) {
            if (!e.enabled(w.thread[x])) throw new IllegalStateException("notdep is not executable");
            e.step(w.thread[x]);
        }
        int t = w.thread[last];
        if (!e.enabled(t)) return e.status[t] == Execution.BLOCKED ? e.guardFootprint(t) : new long[0];
        e.memory.recording = true;
        e.step(t);
        e.memory.recording = false;
        w.setLast(Arrays.copyOf(e.memory.footprint, e.memory.footprintLength));
        return null;
    }

    /**
     * The events that race with thread t's blocked step (footprint g) after {@code notdep(J, E[..k])}:
     * those before it there that it depends on with no event between.
     */
    private int[] racersWithin(int[] js, int jn, int start, int k, int t, long[] g) {
        long gs = Access.summary(g, 0, g.length);
        int[] v = scratch;
        Arrays.fill(v, 0);
        int[] out = new int[4];
        int size = 0;
        boolean own = false;
        for (int m = k - 1; m >= 0; m--) {
            if (m >= start && after(m, js, jn)) continue;
            int q = thread[m];
            if (q == t) {
                if (!own) {
                    own = true;
                    join(v, m);
                }
                continue;
            }
            if (v[q] >= local[m] || !Access.mayConflict(summary[m], gs) || !Access.dependent(fp, fpFrom[m], fpFrom[m + 1], g, 0, g.length)) continue;
            if (size == out.length) out = Arrays.copyOf(out, size * 2);
            out[size++] = m;
            join(v, m);
        }
        return Arrays.copyOf(out, size);
    }

    /** The reversals that need a replay: deferred ones, and the acquires threads blocked on. */
    private void lateRaces() {
        for (int x = 0; x < deferredSize; x++) reverse(deferred[2 * x], deferred[2 * x + 1], true);
        deferredSize = 0;
        for (Blocked r : blocked) {
            if (r.processed[0]) continue;
            // It could take the lock anywhere up to its next step (or the end): races reach that far.
            int k = r.pos;
            while (k < depth && thread[k] != r.thread) k++;
            if (k < depth && Access.acquires(fp, fpFrom[k], fpFrom[k + 1], r.lock)) continue; // a lock-success race
            r.processed[0] = true;
            reverse(r.holders, r.holders.length, k, r.thread, r.guard, 0, r.guard.length, Access.summary(r.guard, 0, r.guard.length), true);
        }
    }

    private int lastOf(int t, int pos) {
        for (int k = pos - 1; k >= 0; k--) if (thread[k] == t) return k;
        return -1;
    }

    /** Pops explored branches (down to the shared top) until a depth with a branch left; rebuilds that state. */
    private boolean backtrack() {
        while (depth > shared) {
            int d = --depth;
            Node root = wut[d];
            Node done = root.children.remove(0);
            sleep[d].add(done.thread, done.footprint, done.summary);
            explored[d]++;
            if (!root.leaf()) {
                blocked.removeIf(r -> r.pos > d);
                canonical.truncate(d);
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
        for (int d = shared; d < depth; d++) {
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
        summary = Arrays.copyOf(summary, cap);
        wut = Arrays.copyOf(wut, cap + 1);
        explored = Arrays.copyOf(explored, cap + 1);
        int old = sleep.length;
        sleep = Arrays.copyOf(sleep, cap + 1);
        for (int i = old; i < sleep.length; i++) sleep[i] = new Sleep();
    }
}
