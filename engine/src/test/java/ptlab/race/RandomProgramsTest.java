package ptlab.race;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPOR against every schedule on generated programs mixing reads, writes, blocking acquires with
 * bodies, reader/writer locks, try-locks and condition waits (on one word or two).
 */
class RandomProgramsTest {
    record S(LongVar[] x, Lock[] lock, long[] seen) {}

    static Program<S> generate(long seed, StringBuilder d) {
        return generate(seed, d, 7);
    }

    /** A program whose steps are of the first {@code kinds} kinds: read, add, lock, unlock, try-lock, await, await on two words. */
    static Program<S> generate(long seed, StringBuilder d, int kinds) {
        SplittableRandom r = new SplittableRandom(seed);
        int threads = 2 + r.nextInt(2);
        int vars = 1 + r.nextInt(2);
        int locks = 1 + r.nextInt(2);
        boolean rw = r.nextBoolean();
        int[] reads = new int[threads * 8];
        Program.Builder<S> b = Program.<S>builder("random#" + seed)
                .setup(m -> {
                    Lock[] ls = new Lock[locks];
                    for (int i = 0; i < locks; i++) ls[i] = rw ? m.rwsem("L" + i) : m.spinlock("L" + i);
                    return new S(m.longVars("x", vars, 0), ls, new long[reads.length]);
                })
                .outcome(s -> Arrays.toString(Arrays.stream(s.x()).mapToLong(LongVar::peek).toArray()) + Arrays.toString(s.seen()));
        for (int t = 0; t < threads; t++) {
            int me = t;
            b.thread("T" + t, steps -> {
                int n = 1 + r.nextInt(4);
                List<Integer> held = new ArrayList<>();
                d.append("\nT").append(me).append(':');
                for (int k = 0; k < n; k++) {
                    String label = "s" + k;
                    int v = r.nextInt(vars), slot = me * 8 + k, l = r.nextInt(locks);
                    long c = 1 + r.nextInt(3);
                    int kind = r.nextInt(kinds);
                    d.append(String.format(" %s[k%d v%d l%d c%d]", label, kind, v, l, c));
                    switch (kind) {
                        case 0 -> steps.step(label, (s, x) -> s.seen()[slot] = s.x()[v].get());
                        case 1 -> steps.step(label, (s, x) -> s.x()[v].set(s.x()[v].get() + c));
                        case 2 -> {
                            if (held.contains(l)) {
                                steps.step(label, (s, x) -> s.x()[v].set(c));
                            } else {
                                held.add(l);
                                boolean shared = rw && r.nextBoolean();
                                Step.Body<S> body = (s, x) -> s.seen()[slot] = s.x()[v].get();
                                if (shared) steps.readLock(label, (s, x) -> s.lock()[l], body);
                                else steps.lock(label, (s, x) -> s.lock()[l], body);
                            }
                        }
                        case 3 -> {
                            if (held.isEmpty()) {
                                steps.step(label, (s, x) -> s.x()[v].set(c));
                            } else {
                                int u = held.remove(held.size() - 1);
                                steps.step(label, (s, x) -> {
                                    s.x()[v].set(s.x()[v].get() + 1);
                                    s.lock()[u].unlock();
                                });
                            }
                        }
                        case 4 -> steps.step(label, (s, x) -> {
                            if (!held.contains(l) && s.lock()[l].tryLock()) {
                                s.seen()[slot] = 100 + s.x()[v].get();
                                s.lock()[l].unlock();
                            }
                        });
                        case 5 -> steps.await(label, "x > 0", (s, x) -> s.x()[v].get() > 0, (s, x) -> s.x()[v].set(0));
                        default -> {
                            int u = (v + 1) % vars;
                            steps.await(label, "x + y == c", (s, x) -> s.x()[v].get() + s.x()[u].get() == c,
                                    (s, x) -> s.x()[u].set(s.x()[u].get() + 1));
                        }
                    }
                }
                for (int k = held.size() - 1; k >= 0; k--) {
                    int u = held.get(k);
                    steps.step("u" + k, (s, x) -> s.lock()[u].unlock());
                }
            });
        }
        return b.build();
    }

    /**
     * The executions DPOR explores are exactly the Mazurkiewicz traces, counted independently by
     * canonicalizing every schedule ({@link Mazurkiewicz}): with locks, try-locks and awaits whose
     * condition holds wherever they are reached, optimal DPOR wastes nothing; where some reachable
     * state has a condition false (and only there), DFS with sleep sets still explores one per trace.
     */
    @Test
    void dporExploresOneExecutionPerTrace() {
        for (long seed = 0; seed < 1000; seed++) {
            StringBuilder d = new StringBuilder();
            Program<S> p = generate(seed, d);
            Mazurkiewicz m = Mazurkiewicz.of(p);
            for (int shared : new int[] {0, 1, 2, 3, 5}) {
                int workers = shared == 0 ? 1 : 2;
                Exploration<S> x = Exploration.of(p).workers(workers);
                Result r = (shared == 0 ? x : x.sharedDepth(shared)).run();
                String name = p.name() + " on " + workers + " worker(s), shared depth " + shared + d;
                assertEquals(m.outcomes, r.outcomes().keys(), name);
                assertEquals(m.traces.size(), r.executions(), name);
                assertEquals(m.deadlockTraces, r.deadlocks(), name);
                if (workers == 1 && r.note() == null) assertEquals(0, r.sleepSetBlocked(), name);
                assertEquals(m.conditionWaited, r.note() != null, name);
            }
        }
    }

    /**
     * Programs of reads, writes, locks and try-locks only (so optimal DPOR runs them all), among
     * them writers that take an rwsem its readers released one by one (seeds 6758 and 6839), and a
     * try-lock whose release ordered a reader's down_read (seed 5785: explored a trace twice when
     * the acquire that release was paired with was sought before the try-lock, not in it).
     */
    @Test
    void lockProgramsOnOneAndTwoWorkers() {
        for (long seed : LongStream.concat(LongStream.of(5785), LongStream.range(6700, 6900)).toArray()) {
            StringBuilder d = new StringBuilder();
            Program<S> p = generate(seed, d, 5);
            Mazurkiewicz m = Mazurkiewicz.of(p);
            for (int workers : new int[] {1, 2}) {
                Result r = Exploration.of(p).workers(workers).run();
                String name = p.name() + " on " + workers + " worker(s)" + d;
                assertEquals(m.outcomes, r.outcomes().keys(), name);
                assertEquals(m.traces.size(), r.executions(), name);
                if (workers == 1) assertEquals(0, r.sleepSetBlocked(), name);
            }
        }
    }

    @Test
    void dporReachesExactlyTheOutcomesOfAllSchedules() {
        long ssb = 0, traces = 0, schedules = 0;
        for (long seed = 0; seed < 1000; seed++) {
            StringBuilder d = new StringBuilder();
            Program<S> p = generate(seed, d);
            Result dpor = p.explore();
            Result dfs = Exploration.of(p).strategy(Strategy.dfs()).workers(1).run();
            java.util.Set<String> missed = new java.util.TreeSet<>(dfs.outcomes().keys());
            missed.removeAll(dpor.outcomes().keys());
            assertEquals(dfs.outcomes().keys(), dpor.outcomes().keys(), p.name() + d + "\nmissed by DPOR: " + missed
                    + missed.stream().map(k -> "\n" + dfs.outcomes().get(k).orElseThrow().first().trace()).findFirst().orElse(""));
            assertTrue(dpor.executions() <= dfs.executions(), p.name());
            ssb += dpor.sleepSetBlocked();
            traces += dpor.executions();
            schedules += dfs.executions();
        }
        assertTrue(traces < schedules, traces + " traces vs " + schedules + " schedules");
        System.out.printf("random programs: %d traces, %d schedules, %d sleep-set blocked%n", traces, schedules, ssb);
    }
}
