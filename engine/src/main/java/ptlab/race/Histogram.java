package ptlab.race;

import java.util.Arrays;

/** Counts of small non-negative lengths (in steps): exact up to 63, one bucket beyond. */
public final class Histogram {
    static final int EXACT = 64;
    private final long[] counts = new long[EXACT + 1];
    private long total;
    private long sum;
    private int max = -1;

    void add(int length) {
        counts[Math.min(length, EXACT)]++;
        total++;
        sum += length;
        max = Math.max(max, length);
    }

    void addAll(Histogram h) {
        for (int i = 0; i < counts.length; i++) counts[i] += h.counts[i];
        total += h.total;
        sum += h.sum;
        max = Math.max(max, h.max);
    }

    public long count() { return total; }
    public int max() { return max; }
    public double mean() { return total == 0 ? 0 : (double) sum / total; }

    /** How many lengths equal {@code length} (for {@code length >= 64}: how many are at least 64). */
    public long countOf(int length) {
        return counts[Math.min(length, EXACT)];
    }

    /** The q-quantile (0..1) of the lengths; exact below 64. */
    public int quantile(double q) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) return i;
        }
        return max;
    }

    @Override
    public String toString() {
        return total == 0 ? "-" : String.format("n=%d mean=%.1f median=%d max=%d", total, mean(), quantile(0.5), max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && total == h.total && sum == h.sum && max == h.max && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
