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
 * is a weak initial of it. Steps may be disabled: a lock acquire whose lock is held, or a condition
 * ({@link Guard.When}) that is false. Independent steps never enable or disable each other (an
 * acquire conflicts with acquires and releases of its lock, a condition reads what it tests), so
 * reordering independent steps stays feasible; what remains is the reversal itself:
 * <ul>
 * <li>A release orders the next acquire of its lock, so an acquire races with the acquire whose
 *     release it waited for (Nidhugg's lock-success race); after {@code notdep} that lock is free.
 * <li>A thread that blocks takes part in race detection with the step it would take (its guard's
 *     footprint): a blocked acquire races with the holders' acquires, a false condition with the
 *     writes it read (each alone, and all together). Where it never runs after all (a deadlock, or
 *     a condition that stays false) these races are the only way to find the executions in which
 *     it goes first.
 * <li>A reversal whose last step may be disabled or behave otherwise after {@code notdep} (a
 *     blocked step, or an acquire or try-lock that observes what the reversed event changed: a
 *     try-lock may fail instead of succeeding) is replayed before
 *     it is inserted: dropped if that step is disabled, else inserted with its actual footprint.
 *     Such replays wait for the end of the execution.
 * </ul>
 *
 * <p>{@link #run(int[], Sleep, Collector, Control.Claim, Progress.Reporter, long)} explores the
 * subtree below a prefix whose states were explored in full by the caller (sleep-set DFS, see
 * {@link Exploration}): reversals into that prefix are already covered and are dropped.
 */
final class Dpor<S> {
    /** A thread that became blocked at position pos, and what it waits for. */
    private record Blocked(int thread, int pos, long[] guard, int lock, int[] holders, boolean[] processed) {}

    private final Execution<S> e;
    private final int n;
    private int depth;
    private int floor;
    private int[] thread = new int[64];
    private int[] local = new int[64];
    private int[] clock;
    private int[] fpFrom = new int[65];
    private long[] fp = new long[256];
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
    private final Canonical canonical;
    private final int[] one = new int[1];

    Dpor(Execution<S> execution) {
        this.e = execution;
        this.n = execution.threads;
        this.clock = new int[64 * n];
        this.scratch = new int[n];
        this.before = new byte[n];
        this.canonical = new Canonical(n);
        for (int i = 0; i < sleep.length; i++) sleep[i] = new Sleep();
    }

    void run(Collector c, Control.Claim claim, Progress.Reporter progress) {
        run(new int[0], new Sleep(), c, claim, progress, 0);
    }

    /** Explores every trace extending {@code prefix} whose next step is not one of {@code asleep}. */
    void run(int[] prefix, Sleep asleep, Collector c, Control.Claim claim, Progress.Reporter progress, long done) {
        e.memory.recording = false;
        e.reset();
        depth = 0;
        floor = 0;
        wut[0] = new Node(-1, null);
        sleep[0].clear();
        explored[0] = 0;
        fpFrom[0] = 0;
        blocked.clear();
        deferredSize = 0;
        noteBlocked(0, -1);
        for (int t : prefix) {
            Node child = new Node(t, null);
            wut[depth].add(child);
            execute(child);
        }
        floor = prefix.length;
        sleep[floor].clear();
        for (int k = 0; k < asleep.size; k++) sleep[floor].add(asleep.threads[k], asleep.footprints[k]);
        while (true) {
            if (e.stuck()) {
                if (!claim.next()) return;
                c.record(e, canonical.of(thread, local, clock, depth), depth);
                if (progress.due(done + c.executions)) progress.report(c, this::estimateLeft);
                lateRaces();
                if (!backtrack()) return;
                continue;
            }
            Node child = next(c);
            if (child == null) {
                lateRaces();
                if (!backtrack()) return;
                continue;
            }
            execute(child);
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
        if (!root.leaf()) {
            Node first = root.children.get(0);
            if (!e.enabled(first.thread)) throw new IllegalStateException("a wakeup-tree branch is disabled");
            return first;
        }
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
        System.arraycopy(e.status, 0, before, 0, n);
        e.memory.recording = true;
        e.step(p);
        e.memory.recording = false;
        int len = e.memory.footprintLength;
        int from = fpFrom[d];
        if (from + len > fp.length) fp = Arrays.copyOf(fp, Math.max(fp.length * 2, from + len));
        System.arraycopy(e.memory.footprint, 0, fp, from, len);
        fpFrom[d + 1] = from + len;
        child.footprint = Arrays.copyOfRange(fp, from, from + len);
        thread[d] = p;
        local[d] = races(d, p);
        System.arraycopy(scratch, 0, clock, d * n, n);
        sleep[d].filterInto(sleep[d + 1], fp, from, from + len);
        wut[d + 1] = child;
        explored[d + 1] = 0;
        depth = d + 1;
        noteBlocked(d + 1, p);
    }

    /**
     * Finds the events that race with event i (those it depends on with no event between) and
     * reverses them; leaves i's vector clock in {@link #scratch} and returns i's local index.
     */
    private int races(int i, int p) {
        int from = fpFrom[i], to = fpFrom[i + 1];
        int own = clockOf(i, p, fp, from, to);
        int li = (own >= 0 ? local[own] : 0) + 1;
        scratch[p] = li;
        for (int r = 0; r < racingSize; r++) {
            int j = racing[r];
            int jf = fpFrom[j], jt = fpFrom[j + 1];
            // i cannot acquire a lock before j releases it: it races with the acquire j released.
            int lock = Access.releasedLock(fp, jf, jt, fp, from, to);
            if (lock >= 0) {
                int a = acquireOf(thread[j], lock, j);
                if (a >= 0 && !orderedOtherwise(a, j, own)) reverse(a, i, false);
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
     * The vector clock of a step of thread p with footprint f[from, to) placed at position i, into
     * {@link #scratch} (p's own component left out); the events it races with go into
     * {@link #racing}. Returns p's last event before i, or -1.
     */
    private int clockOf(int i, int p, long[] f, int from, int to) {
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
            if (Access.dependent(fp, fpFrom[j], fpFrom[j + 1], f, from, to)) {
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

    /** Remembers the threads this step left blocked (or that start blocked): they race too. */
    private void noteBlocked(int pos, int stepped) {
        for (int u = 0; u < n; u++) {
            if (e.status[u] != Execution.BLOCKED || (pos > 0 && before[u] == Execution.BLOCKED && u != stepped)) continue;
            Lock l = e.waitingFor[u];
            int[] holders = null;
            if (l != null) {
                holders = new int[n];
                int h = 0;
                boolean shared = ((Guard.Acquire<?>) e.nextStep(u).guard()).shared();
                for (int q = 0; q < n; q++) {
                    if (q == u ? l.heldBy(u) : shared ? l.owner() == q : l.heldBy(q)) {
                        int a = q == u ? -1 : acquireOf(q, l.id, pos);
                        if (a < 0) {
                            h = -1;
                            break;
                        }
                        holders[h++] = a;
                    }
                }
                if (h <= 0) continue;
                holders = Arrays.copyOf(holders, h);
            }
            blocked.add(new Blocked(u, pos, e.guardFootprint(u), l == null ? -1 : l.id, holders, new boolean[1]));
        }
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

    private void reverse(int j, int i, boolean replay) {
        one[0] = j;
        reverse(one, 1, i, thread[i], fp, fpFrom[i], fpFrom[i + 1], replay);
    }

    /**
     * Inserts {@code notdep(J, E[..k]).t} into the wakeup tree at the first event of J: the events
     * between that happen after none of J, then t's step with footprint f[from, to). With
     * {@code replay} the sequence is first run to learn whether t's step is enabled after it, and
     * what it touches there.
     */
    private void reverse(int[] js, int jn, int k, int t, long[] f, int from, int to, boolean replay) {
        int start = Integer.MAX_VALUE;
        for (int x = 0; x < jn; x++) start = Math.min(start, js[x]);
        if (start < floor) return;
        Seq w = seq;
        w.clear(k - start + 1);
        for (int m = start + 1; m < k; m++) {
            if (!after(m, js, jn)) w.add(thread[m], fp, fpFrom[m], fpFrom[m + 1]);
        }
        w.add(t, f, from, to);
        if (replay && !replayEnabled(start, w)) return;
        if (WakeupTree.asleep(sleep[start], w)) return;
        WakeupTree.insert(wut[start], w);
    }

    /** Whether event m happens after one of the events js. */
    private boolean after(int m, int[] js, int jn) {
        for (int x = 0; x < jn; x++) if (clock[m * n + thread[js[x]]] >= local[js[x]]) return true;
        return false;
    }

    /**
     * Runs the prefix up to start, then w: whether w's last step is enabled there; if so it takes
     * that step's actual footprint. Destroys the current state (called at the end of an execution).
     */
    private boolean replayEnabled(int start, Seq w) {
        e.reset();
        for (int m = 0; m < start; m++) e.step(thread[m]);
        int last = w.size - 1;
        for (int x = 0; x < last; x++) {
            if (!e.enabled(w.thread[x])) throw new IllegalStateException("notdep is not executable");
            e.step(w.thread[x]);
        }
        if (!e.enabled(w.thread[last])) return false;
        e.memory.recording = true;
        e.step(w.thread[last]);
        e.memory.recording = false;
        w.array[last] = Arrays.copyOf(e.memory.footprint, e.memory.footprintLength);
        w.from[last] = 0;
        w.to[last] = e.memory.footprintLength;
        return true;
    }

    /** The reversals that need a replay: deferred ones, and the steps threads blocked on. */
    private void lateRaces() {
        for (int x = 0; x < deferredSize; x++) reverse(deferred[2 * x], deferred[2 * x + 1], true);
        deferredSize = 0;
        for (int b = 0; b < blocked.size(); b++) {
            Blocked r = blocked.get(b);
            if (r.processed[0] || r.pos > depth || ranAfter(r)) continue;
            r.processed[0] = true;
            if (r.lock >= 0) {
                int last = lastOf(r.thread, r.pos);
                if (last >= 0 && after(last, r.holders, r.holders.length)) continue;
                reverse(r.holders, r.holders.length, r.pos, r.thread, r.guard, 0, r.guard.length, true);
            } else {
                clockOf(r.pos, r.thread, r.guard, 0, r.guard.length);
                int[] js = Arrays.copyOf(racing, racingSize);
                for (int j : js) {
                    one[0] = j;
                    reverse(one, 1, r.pos, r.thread, r.guard, 0, r.guard.length, true);
                }
                if (js.length > 1) reverse(js, js.length, r.pos, r.thread, r.guard, 0, r.guard.length, true);
            }
        }
    }

    /** Whether a thread blocked on a lock took that lock later in this execution (a race of its own). */
    private boolean ranAfter(Blocked r) {
        if (r.lock < 0) return false;
        for (int k = r.pos; k < depth; k++) {
            if (thread[k] == r.thread) return Access.acquires(fp, fpFrom[k], fpFrom[k + 1], r.lock);
        }
        return false;
    }

    private int lastOf(int t, int pos) {
        for (int k = pos - 1; k >= 0; k--) if (thread[k] == t) return k;
        return -1;
    }

    /** Pops explored branches until a depth with a branch left; rebuilds that state. */
    private boolean backtrack() {
        while (depth > floor) {
            int d = --depth;
            Node root = wut[d];
            Node done = root.children.remove(0);
            sleep[d].add(done.thread, done.footprint);
            explored[d]++;
            if (!root.leaf()) {
                blocked.removeIf(r -> r.pos > d);
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
        for (int d = floor; d < depth; d++) {
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
