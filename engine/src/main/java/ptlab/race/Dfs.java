package ptlab.race;

import java.util.Arrays;
import java.util.List;

/**
 * Depth-first search over every schedule, optionally with at most {@code bound} preemptions, or
 * with sleep sets (Godefroid): then it explores exactly one execution per Mazurkiewicz trace, at the
 * price of prefixes that end sleep-set blocked. Each worker explores the schedules extending one
 * prefix; {@link #prefixes} cuts the tree into such prefixes (with the sleep set each starts with),
 * so workers never share state and the counts are exact.
 */
final class Dfs<S> {
    private final Execution<S> e;
    private final int n;
    private final int bound;
    private final boolean sleepSets;
    private Sleep[] sleep = new Sleep[0];
    private long[][] footprint = new long[64][];
    /** Per depth: the {@link Access#summary} of the footprint of the step taken there. */
    private long[] summary = new long[64];
    private int[] choice = new int[64];
    private int[] next = new int[65];
    private long[] enabled = new long[65];
    private int[] preemptions = new int[65];
    private int depth;
    private int floor;
    /** Prefixes that {@link #prefixes} found sleep-set blocked. */
    long blocked;

    Dfs(Execution<S> execution, int bound, boolean sleepSets) {
        this.e = execution;
        this.n = execution.threads;
        this.bound = bound;
        this.sleepSets = sleepSets;
        grow(0);
    }

    /**
     * Explores every schedule extending {@code prefix} (with sleep sets: starting from those
     * {@code asleep} after it); execution orders start at {@code order}.
     */
    void run(int[] prefix, Sleep asleep, Collector c, Control.Claim claim, Progress.Reporter progress, long order) {
        start(prefix);
        if (sleepSets) asleep.copyInto(sleep[depth]);
        while (true) {
            if (e.stuck()) {
                if (!claim.next()) return;
                c.record(e, order++);
                if (progress.due(c.executions)) progress.report(c, done -> -1);
                if (!backtrack()) return;
                continue;
            }
            if (!descend()) {
                if (sleepSets && next[depth] == 0) c.sleepBlocked++;
                if (!backtrack()) return;
            }
        }
    }

    /**
     * The prefixes of length {@code cutoff} (or shorter, where executions end sooner), in DFS order,
     * and with sleep sets the sleep set each ends with.
     */
    void prefixes(int cutoff, List<int[]> out, List<Sleep> asleep) {
        start(new int[0]);
        blocked = 0;
        while (true) {
            if (e.stuck() || depth == cutoff) {
                out.add(Arrays.copyOf(choice, depth));
                if (sleepSets) asleep.add(sleep[depth].copy());
                if (!backtrack()) return;
                continue;
            }
            if (!descend()) {
                if (sleepSets && next[depth] == 0) blocked++;
                if (!backtrack()) return;
            }
        }
    }

    private void start(int[] prefix) {
        e.reset();
        grow(prefix.length);
        for (int i = 0; i < prefix.length; i++) {
            snapshot(i);
            e.step(prefix[i]);
            choice[i] = prefix[i];
        }
        depth = floor = prefix.length;
        snapshot(depth);
        next[depth] = 0;
        if (sleepSets) sleep[depth].clear();
    }

    private boolean descend() {
        int d = depth;
        int t = pick(d);
        if (t < 0) return false;
        next[d] = t + 1;
        grow(d + 1);
        choice[d] = t;
        e.memory.recording = sleepSets;
        e.step(t);
        e.memory.recording = false;
        if (sleepSets) {
            long[] f = Arrays.copyOf(e.memory.footprint, e.memory.footprintLength);
            footprint[d] = f;
            summary[d] = Access.summary(f, 0, f.length);
            sleep[d].filterInto(sleep[d + 1], f, 0, f.length, summary[d]);
        }
        depth = d + 1;
        snapshot(depth);
        next[depth] = 0;
        return true;
    }

    private int pick(int d) {
        for (int t = next[d]; t < n; t++) {
            if ((enabled[d] & (1L << t)) != 0 && allowed(t, d) && !(sleepSets && sleep[d].contains(t))) return t;
        }
        return -1;
    }

    private boolean allowed(int t, int d) {
        if (bound < 0 || d == 0) return true;
        int last = choice[d - 1];
        boolean preempts = last != t && (enabled[d] & (1L << last)) != 0;
        return preemptions[d] + (preempts ? 1 : 0) <= bound;
    }

    private void snapshot(int d) {
        long mask = 0;
        for (int t = 0; t < n; t++) if (e.enabled(t)) mask |= 1L << t;
        enabled[d] = mask;
        preemptions[d] = e.preemptions;
    }

    private boolean backtrack() {
        while (depth > floor) {
            int d = --depth;
            if (sleepSets) sleep[d].add(choice[d], footprint[d], summary[d]);
            if (pick(d) >= 0) {
                e.reset();
                for (int i = 0; i < d; i++) e.step(choice[i]);
                return true;
            }
        }
        return false;
    }

    private void grow(int d) {
        if (d < choice.length && sleep.length > d + 1) return;
        int cap = Math.max(d + 1, choice.length * 2);
        choice = Arrays.copyOf(choice, cap);
        next = Arrays.copyOf(next, cap + 1);
        enabled = Arrays.copyOf(enabled, cap + 1);
        preemptions = Arrays.copyOf(preemptions, cap + 1);
        footprint = Arrays.copyOf(footprint, cap + 1);
        summary = Arrays.copyOf(summary, cap + 1);
        int old = sleep.length;
        sleep = Arrays.copyOf(sleep, cap + 2);
        for (int i = old; i < sleep.length; i++) sleep[i] = new Sleep();
    }
}
