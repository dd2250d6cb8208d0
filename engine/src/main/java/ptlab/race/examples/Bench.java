package ptlab.race.examples;

import ptlab.race.Exploration;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Throughput of the race scheduler on the classic benchmarks: complete executions per second and
 * steps per second, single-threaded and on all cores; medians of 5 timed rounds after warm-up.
 * Run with {@code ./ptlab bench} (heap capped at 512 MiB).
 */
public final class Bench {
    private Bench() {}

    private record Row(String workload, String strategy, int workers, long executions, double seconds, double steps) {}

    public static void main(String[] args) {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Row> rows = new ArrayList<>();
        for (int t = 3; t <= 6; t++) rows.add(measure(Classic.lostUpdate(t), Strategy.dpor(), 1));
        rows.add(measure(Classic.readers(12), Strategy.dpor(), 1));
        rows.add(measure(Classic.lastzero(12), Strategy.dpor(), 1));
        rows.add(measure(Classic.indexer(13), Strategy.dpor(), 1));
        rows.add(measure(Classic.lockedIncrements(6), Strategy.dpor(), 1));
        rows.add(measure(Classic.philosophers(8), Strategy.dpor(), 1));
        for (Program<?> p : List.of(Classic.lostUpdate(6), Classic.readers(12), Classic.lastzero(12))) rows.add(measure(p, Strategy.dpor(), cores));
        for (int w : new int[] {1, cores}) rows.add(measure(Classic.lostUpdate(4), Strategy.dfs(), w));
        for (int w : new int[] {1, cores}) rows.add(measure(Classic.lostUpdate(4), Strategy.random(2_000_000, 1), w));
        for (int w : new int[] {1, cores}) rows.add(measure(Classic.lostUpdate(4), Strategy.pct(3, 2_000_000, 1), w));
        for (int w : new int[] {1, cores}) rows.add(measure(Classic.lastzero(6), Strategy.random(1_000_000, 1), w));
        // What an execution of readers(12) costs with no reduction at all: the floor under its DPOR row.
        rows.add(measure(Classic.readers(12), Strategy.random(200_000, 1), 1));

        System.out.printf("%-20s %-26s %7s %12s %10s %14s %14s%n", "workload", "strategy", "workers", "executions",
                "median s", "executions/s", "steps/s");
        for (Row r : rows) {
            System.out.printf("%-20s %-26s %7d %,12d %10.4f %,14.0f %,14.0f%n", r.workload(), r.strategy(), r.workers(),
                    r.executions(), r.seconds(), r.executions() / r.seconds(), r.steps() / r.seconds());
        }
        memory(cores);
    }

    private static Row measure(Program<?> p, Strategy s, int workers) {
        Supplier<Result> run = () -> Exploration.of(p).strategy(s).workers(workers).run();
        long deadline = System.nanoTime() + 1_000_000_000L;
        int reps = 0;
        while (System.nanoTime() < deadline || reps < 3) {
            run.get();
            reps++;
        }
        double[] secs = new double[5];
        Result last = null;
        for (int i = 0; i < secs.length; i++) {
            int inner = Math.max(1, reps / 3);
            long t0 = System.nanoTime();
            for (int k = 0; k < inner; k++) last = run.get();
            secs[i] = (System.nanoTime() - t0) / 1e9 / inner;
        }
        Arrays.sort(secs);
        return new Row(p.name(), s.describe().replace(", seed 1", ""), workers, last.executions(), secs[2], last.steps());
    }

    /** A 10^7-execution run under the 512 MiB heap this bench is started with. */
    private static void memory(int cores) {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long t0 = System.nanoTime();
        Result r = Exploration.of(Classic.lostUpdate(3)).strategy(Strategy.random(10_000_000, 1)).workers(cores).run();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n10^7 random runs of lostUpdate(3) on %d cores: %,d executions in %.2f s; max heap %d MiB, used after %d MiB%n",
                cores, r.executions(), s, rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
