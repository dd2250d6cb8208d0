package ptlab.export;

import java.util.List;
import ptlab.race.Strategy;

/** A strategy as data: the name of its factory in {@link Strategy} and the arguments it takes (the rest null). */
public record StrategySpec(String name, Integer bound, Integer depth, Long runs, Long seed, List<StrategySpec> members) {
    static StrategySpec of(Strategy s) {
        if (s instanceof Strategy.Dpor) return named("dpor");
        if (s instanceof Strategy.Dfs) return named("dfs");
        if (s instanceof Strategy.PreemptionBounded b) return new StrategySpec("preemptionBounded", b.bound(), null, null, null, null);
        if (s instanceof Strategy.RandomWalk r) return new StrategySpec("random", null, null, r.runs(), r.seed(), null);
        if (s instanceof Strategy.Pct p) return new StrategySpec("pct", null, p.depth(), p.runs(), p.seed(), null);
        List<StrategySpec> members = ((Strategy.Portfolio) s).members().stream().map(StrategySpec::of).toList();
        return new StrategySpec("portfolio", null, null, null, null, members);
    }

    private static StrategySpec named(String name) {
        return new StrategySpec(name, null, null, null, null, null);
    }

    public Strategy toStrategy() {
        return switch (name) {
            case "dpor" -> Strategy.dpor();
            case "dfs" -> Strategy.dfs();
            case "preemptionBounded" -> Strategy.preemptionBounded(bound);
            case "random" -> Strategy.random(runs, seed);
            case "pct" -> Strategy.pct(depth, runs, seed);
            case "portfolio" -> Strategy.portfolio(members.stream().map(StrategySpec::toStrategy).toArray(Strategy[]::new));
            default -> throw new IllegalArgumentException("unknown strategy '" + name
                    + "'; known: dpor, dfs, preemptionBounded, random, pct, portfolio");
        };
    }
}
