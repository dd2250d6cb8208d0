package ptlab.scenarios;

import java.util.Arrays;
import java.util.function.Supplier;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.race.Result;
import ptlab.race.Strategy;

/**
 * The machine's cost and every scenario's exploration: steps/s of the fault-vs-fault scenario
 * (S0) with the locking-rule checker on and off, then per scenario row the complete executions,
 * time and executions/s exhaustively and with PCT. Medians of 3 timed rounds after a warm-up.
 * Run with {@code ./ptlab bench scenarios}.
 */
public final class ScenarioBench {
    private ScenarioBench() {}

    public static void main(String[] args) {
        Scenario s0 = Scenarios.get("S0");
        System.out.println("checker cost, fault vs fault (S0 MAINLINE, GENERIC_SW_AD), exhaustive, repeated:");
        double on = 0, off = 0;
        for (boolean checker : new boolean[] {true, false}) {
            Config c = Config.of(Profile.GENERIC_SW_AD).with(Knob.CHECKER, checker);
            double[] m = measure(() -> {
                Result r = null;
                for (int i = 0; i < 300; i++) r = s0.explore("MAINLINE", c);
                return r;
            });
            m[1] *= 300;
            m[2] *= 300;
            System.out.printf("  checker %-3s  %,8.0f executions/s  %,10.0f steps/s%n", checker ? "on" : "off", m[1], m[2]);
            if (checker) on = m[2]; else off = m[2];
        }
        System.out.printf("  checker cost: %.2fx%n%n", off / on);
        System.out.printf("%-6s %-14s %-40s %-10s %10s %9s %12s %12s%n", "id", "variant", "config", "strategy", "executions", "median s", "exec/s", "labels");
        for (Scenario s : Scenarios.all()) {
            for (Scenario.Expected e : s.expected()) {
                Result[] last = new Result[1];
                double[] x = measure(() -> last[0] = s.explore(e.variant(), e.config()));
                System.out.printf("%-6s %-14s %-40s %-10s %,10d %9.3f %,12.0f %s%n", s.id(), e.variant(), e.config(), "exhaustive",
                        last[0].executions(), x[0], x[1], s.labelsOf(last[0]));
                double[] y = measure(() -> last[0] = s.explore(e.variant(), e.config(), Strategy.pct(3, 10_000, 1)));
                System.out.printf("%-6s %-14s %-40s %-10s %,10d %9.3f %,12.0f %s%n", "", "", "", "PCT d=3", last[0].executions(), y[0], y[1], s.labelsOf(last[0]));
            }
        }
    }

    /** {median seconds, executions/s, steps/s}. */
    private static double[] measure(Supplier<Result> run) {
        run.get();
        double[] secs = new double[3];
        Result r = null;
        for (int i = 0; i < secs.length; i++) {
            long t0 = System.nanoTime();
            r = run.get();
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(secs);
        return new double[] {secs[1], r.executions() / secs[1], r.steps() / secs[1]};
    }
}
