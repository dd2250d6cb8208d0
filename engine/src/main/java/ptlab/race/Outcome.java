package ptlab.race;

/**
 * A row of an outcome table: the outcome key, how many executions reached it (in the table's
 * unit), its share, its grade, and its counterexamples (the first found, and a minimized one with
 * the fewest preemptions, then the fewest steps). {@code interval} is set for sampled runs only.
 */
public record Outcome(String key, long count, double share, Grade grade, String description, Interval interval,
                      Counterexample first, Counterexample minimized) {
    public boolean seen() {
        return count > 0;
    }

    /** Whether the key carries the label (labels are the comma-separated upper-case parts). */
    public boolean has(String label) {
        for (String part : key.split(", ")) if (part.equals(label)) return true;
        return false;
    }
}
