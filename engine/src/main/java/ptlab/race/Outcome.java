package ptlab.race;

import java.util.List;
import java.util.function.Supplier;

/**
 * A row of an outcome table: the outcome key, how many executions reached it (in the table's
 * unit), its share, its grade, and its counterexamples: the first found, and a minimized one (the
 * fewest preemptions, then the fewest steps), worked out when first asked for.
 * {@code interval} is set for sampled runs only.
 */
public final class Outcome {
    private final String key;
    private final long count;
    private final double share;
    private final Grade grade;
    private final String description;
    private final Interval interval;
    private final Counterexample first;
    private Supplier<Counterexample> minimize;
    private Counterexample minimized;

    Outcome(String key, long count, double share, Grade grade, String description, Interval interval,
            Counterexample first, Supplier<Counterexample> minimize) {
        this.key = key;
        this.count = count;
        this.share = share;
        this.grade = grade;
        this.description = description;
        this.interval = interval;
        this.first = first;
        this.minimize = minimize;
    }

    public String key() { return key; }
    public long count() { return count; }
    public double share() { return share; }
    public Grade grade() { return grade; }
    public String description() { return description; }
    /** The 95% Wilson interval of the share, for sampled runs; null for exhaustive ones. */
    public Interval interval() { return interval; }
    /** The first execution found that reached this outcome; null if it was not reached. */
    public Counterexample first() { return first; }

    public boolean seen() {
        return count > 0;
    }

    /** The execution with the fewest preemptions, then the fewest steps; null if not reached. */
    public synchronized Counterexample minimized() {
        if (minimize != null) {
            minimized = minimize.get();
            minimize = null;
        }
        return minimized;
    }

    /** The comma-separated parts of the key: the labels raised, then the final state. */
    public List<String> parts() {
        return List.of(key.split(", "));
    }

    /** Whether the key carries the label. */
    public boolean has(String label) {
        return parts().contains(label);
    }

    @Override
    public String toString() {
        return key + ": " + count + " (" + grade + ")";
    }
}
