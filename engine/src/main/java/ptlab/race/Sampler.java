package ptlab.race;

import java.util.SplittableRandom;

/**
 * One sampled execution at a time: a uniform random walk, or PCT with depth d. Run r draws its
 * randomness from (seed, r) alone, so results do not depend on how runs are spread over cores.
 */
final class Sampler<S> {
    private final Execution<S> e;
    private final int n;
    private final int[] choices;
    private final int[] priority;
    private final int depth;
    private final long seed;
    private final int[] changes;
    /** PCT: the number of choice points to spread change points over (learned by a probe run). */
    private final int k;

    Sampler(Execution<S> execution, Strategy strategy) {
        this.e = execution;
        this.n = execution.threads;
        this.choices = new int[n];
        this.priority = new int[n];
        if (strategy instanceof Strategy.Pct p) {
            this.depth = p.depth();
            this.seed = p.seed();
            this.changes = new int[p.depth() - 1];
            this.k = probe();
        } else {
            this.depth = 0;
            this.seed = ((Strategy.RandomWalk) strategy).seed();
            this.changes = new int[0];
            this.k = 0;
        }
    }

    static SplittableRandom random(long seed, long run) {
        long z = seed + (run + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /** PCT's k: the most choice points (states with more than one enabled thread) of 16 random runs. */
    private int probe() {
        int k = 1;
        for (int r = 1; r <= 16; r++) {
            SplittableRandom rnd = random(seed, -r);
            e.reset();
            int points = 0;
            while (!e.stuck()) {
                int m = enabledInto();
                if (m > 1) points++;
                e.step(choices[rnd.nextInt(m)]);
            }
            k = Math.max(k, points);
        }
        return k;
    }

    void run(long r, Collector c) {
        SplittableRandom rnd = random(seed, r);
        e.reset();
        if (depth == 0) {
            while (!e.stuck()) e.step(choices[rnd.nextInt(enabledInto())]);
        } else {
            pct(rnd);
        }
        c.record(e, r);
    }

    private void pct(SplittableRandom rnd) {
        for (int t = 0; t < n; t++) priority[t] = depth + t;
        for (int t = n - 1; t > 0; t--) {
            int j = rnd.nextInt(t + 1);
            int x = priority[t];
            priority[t] = priority[j];
            priority[j] = x;
        }
        for (int i = 0; i < changes.length; i++) {
            int c;
            do {
                c = 1 + rnd.nextInt(k);
            } while (i < k && contains(changes, i, c));
            changes[i] = c;
        }
        int point = 0;
        while (!e.stuck()) {
            int m = enabledInto();
            int t = highest(m);
            if (m > 1) {
                point++;
                for (int i = 0; i < changes.length; i++) {
                    if (changes[i] == point) {
                        priority[t] = depth - 1 - i;
                        t = highest(m);
                    }
                }
            }
            e.step(t);
        }
    }

    private static boolean contains(int[] a, int upTo, int v) {
        for (int i = 0; i < upTo; i++) if (a[i] == v) return true;
        return false;
    }

    private int highest(int m) {
        int best = choices[0];
        for (int i = 1; i < m; i++) if (priority[choices[i]] > priority[best]) best = choices[i];
        return best;
    }

    private int enabledInto() {
        int m = 0;
        for (int t = 0; t < n; t++) if (e.enabled(t)) choices[m++] = t;
        return m;
    }
}
