package ptlab.race;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DPOR against every schedule on hundreds of generated programs mixing reads, writes, blocking
 * acquires with bodies, reader/writer locks, try-locks and condition waits: the reachable outcome
 * sets must be equal, and DPOR never explores more executions than there are schedules.
 */
class RandomProgramsTest {
    record S(LongVar[] x, Lock[] lock, long[] seen) {}

    static Program<S> generate(long seed, StringBuilder d) {
        return generate(seed, d, 6);
    }

    /** A program whose steps are of the first {@code kinds} kinds: read, add, lock, unlock, try-lock, await. */
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
                        default -> steps.await(label, "x > 0", (s, x) -> s.x()[v].get() > 0, (s, x) -> s.x()[v].set(0));
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

    @Test
    void dporExploresOneExecutionPerTrace() {
        int failures = 0;
        StringBuilder report = new StringBuilder();
        for (long seed = 0; seed < 2000; seed++) {
            StringBuilder d = new StringBuilder();
            Program<S> p = generate(seed, d);
            Mazurkiewicz m = Mazurkiewicz.of(p);
            Result dpor;
            try {
                dpor = Exploration.of(p).workers(1).run();
            } catch (RuntimeException x) {
                failures++;
                if (report.length() < 4000) report.append("\n").append(p.name()).append(": ").append(x).append(d);
                continue;
            }
            if (!m.outcomes.equals(dpor.outcomes().keys()) || m.traces.size() != dpor.executions() || dpor.sleepSetBlocked() != 0) {
                failures++;
                if (report.length() < 4000) report.append(String.format("%n%s: %d traces, dpor %d (+%d ssb); outcomes %s vs %s%s",
                        p.name(), m.traces.size(), dpor.executions(), dpor.sleepSetBlocked(), m.outcomes, dpor.outcomes().keys(), d));
            }
        }
        assertEquals(0, failures, report.toString());
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
