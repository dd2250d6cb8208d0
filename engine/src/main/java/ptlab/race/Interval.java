package ptlab.race;

/** A 95% Wilson score interval for a proportion estimated from sampled runs. */
public record Interval(double low, double high) {
    static Interval wilson(long hits, long runs) {
        if (runs == 0) return new Interval(0, 1);
        double z = 1.959964, n = runs, p = hits / n;
        double centre = p + z * z / (2 * n);
        double margin = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        double denominator = 1 + z * z / n;
        return new Interval(Math.max(0, (centre - margin) / denominator), Math.min(1, (centre + margin) / denominator));
    }

    @Override
    public String toString() {
        return String.format("[%.2f%%, %.2f%%]", 100 * low, 100 * high);
    }
}
