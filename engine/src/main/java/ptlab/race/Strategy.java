package ptlab.race;

import java.util.List;

/** How to choose interleavings. Exhaustive strategies count traces or schedules; samplers count runs. */
public sealed interface Strategy {
    /** Optimal DPOR (source sets + wakeup trees + sleep sets): one execution per Mazurkiewicz trace. */
    record Dpor() implements Strategy {}

    /** Every schedule, no reduction: for teaching and for cross-checking DPOR. */
    record Dfs() implements Strategy {}

    /** Every schedule with at most {@code bound} preemptions (switches away from a thread that could go on). */
    record PreemptionBounded(int bound) implements Strategy {}

    /** {@code runs} executions, each step a uniform choice among enabled threads. */
    record RandomWalk(long runs, long seed) implements Strategy {}

    /** {@code runs} executions of PCT with bug depth {@code depth} (Burckhardt et al., ASPLOS'10). */
    record Pct(int depth, long runs, long seed) implements Strategy {}

    /** Several samplers run side by side, each reported on its own measure. */
    record Portfolio(List<Strategy> members) implements Strategy {
        public Portfolio {
            members = List.copyOf(members);
            for (Strategy s : members) {
                if (!s.sampling()) throw new IllegalArgumentException("a portfolio holds samplers, not " + s.describe());
            }
        }
    }

    static Strategy dpor() { return new Dpor(); }
    static Strategy dfs() { return new Dfs(); }
    static Strategy preemptionBounded(int bound) {
        if (bound < 0) throw new IllegalArgumentException("a preemption bound is at least 0, not " + bound);
        return new PreemptionBounded(bound);
    }
    static Strategy random(long runs, long seed) { return new RandomWalk(checkRuns(runs), seed); }
    static Strategy pct(int depth, long runs, long seed) {
        if (depth < 1) throw new IllegalArgumentException("PCT depth is at least 1, not " + depth);
        return new Pct(depth, checkRuns(runs), seed);
    }
    /** The robust default for sampling: random, PCT d=2 and PCT d=3, {@code runs} each. */
    static Strategy portfolio(long runs, long seed) {
        return new Portfolio(List.of(random(runs, seed), pct(2, runs, seed + 1), pct(3, runs, seed + 2)));
    }
    static Strategy portfolio(Strategy... members) { return new Portfolio(List.of(members)); }

    private static long checkRuns(long runs) {
        if (runs < 1) throw new IllegalArgumentException("a sampler needs at least one run, not " + runs);
        return runs;
    }

    default boolean sampling() {
        return this instanceof RandomWalk || this instanceof Pct || this instanceof Portfolio;
    }

    /** The unit its counts are in: "traces", "schedules", "random runs", "PCT runs (d=3)". */
    default String unit() {
        if (this instanceof Dpor) return "traces";
        if (this instanceof Dfs) return "schedules";
        if (this instanceof PreemptionBounded p) return "schedules with <= " + p.bound() + " preemptions";
        if (this instanceof RandomWalk) return "random runs";
        if (this instanceof Pct p) return "PCT runs (d=" + p.depth() + ")";
        return "runs";
    }

    default String describe() {
        if (this instanceof Dpor) return "optimal DPOR";
        if (this instanceof Dfs) return "DFS over all schedules";
        if (this instanceof PreemptionBounded p) return "DFS with preemption bound " + p.bound();
        if (this instanceof RandomWalk r) return "random walk, seed " + r.seed();
        if (this instanceof Pct p) return "PCT d=" + p.depth() + ", seed " + p.seed();
        return "portfolio of " + ((Portfolio) this).members().stream().map(Strategy::describe).toList();
    }
}
