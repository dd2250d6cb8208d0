package ptlab.race.examples;

import ptlab.race.Exploration;
import ptlab.race.Result;
import ptlab.race.Strategy;

/** The command-line tour of the race scheduler that {@code ./ptlab} runs. */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        section("Two threads increment x without a lock: every trace (optimal DPOR)");
        Result dpor = Classic.lostUpdate(2).explore();
        System.out.println(dpor);

        section("The same race counted over schedules instead of traces: the share depends on the measure");
        System.out.println(Classic.lostUpdate(2).explore(Strategy.dfs()).outcomes());
        System.out.println(Classic.lostUpdate(2).explore(Strategy.random(100_000, 1)).outcomes());

        section("Lock order inversion: the deadlock is an outcome, with its trace and the lock contention");
        System.out.println(Classic.abba().explore());

        section("lastzero(6) sampled by a portfolio (random, PCT d=2, PCT d=3)");
        Result sampled = Exploration.of(Classic.lastzero(6)).strategy(Strategy.portfolio(20_000, 1)).run();
        for (Result m : sampled.members()) {
            System.out.printf("%-24s %d outcomes seen in %,d %s%n", m.strategy().describe(), m.outcomes().keys().size(),
                    m.executions(), m.unit());
        }
        Result exact = Classic.lastzero(6).explore();
        System.out.printf("%-24s %d outcomes, exactly, in %,d %s%n", "optimal DPOR", exact.outcomes().keys().size(),
                exact.executions(), exact.unit());
        System.out.println("\nReplay any execution: Classic.lostUpdate(2).replay(\"" + dpor.counterexample("x=1").replay() + "\")");
    }

    private static void section(String title) {
        System.out.println("\n== " + title + " ==\n");
    }
}
