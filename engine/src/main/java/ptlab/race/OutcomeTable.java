package ptlab.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Outcomes with counts, shares and grades, always stated with their denominator and unit
 * ("of 224 traces"): over traces or schedules the counts are not probabilities, and over sampled
 * runs they estimate a probability under that scheduler only.
 */
public record OutcomeTable(List<Outcome> rows, long total, String unit, boolean exhaustive, List<Expectation> unseenPatterns) {
    public OutcomeTable {
        rows = List.copyOf(rows);
        unseenPatterns = List.copyOf(unseenPatterns);
    }

    /** The keys of the outcomes that were reached. */
    public Set<String> keys() {
        Set<String> s = new LinkedHashSet<>();
        for (Outcome o : rows) if (o.seen()) s.add(o.key());
        return Collections.unmodifiableSet(s);
    }

    public Optional<Outcome> get(String key) {
        return rows.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    public long count(String key) {
        return get(key).map(Outcome::count).orElse(0L);
    }

    /** The outcomes graded FORBIDDEN that were reached. */
    public List<Outcome> forbidden() {
        return rows.stream().filter(o -> o.seen() && o.grade() == Grade.FORBIDDEN).toList();
    }

    /** "of 224 traces" */
    public String denominator() {
        return "of " + String.format("%,d", total) + " " + unit;
    }

    /**
     * The rows as a Tablesaw table named by the denominator, for CSV ({@code toTable().write().csv(file)})
     * and analysis: key, count, share, the 95% interval for sampled runs, grade, description, and the
     * replay string of the minimized counterexample (empty if not reached).
     */
    public Table toTable() {
        StringColumn outcome = StringColumn.create("outcome"), grade = StringColumn.create("grade"),
                description = StringColumn.create("description"), replay = StringColumn.create("replay");
        LongColumn count = LongColumn.create("count");
        DoubleColumn share = DoubleColumn.create("share"), low = DoubleColumn.create("interval low"),
                high = DoubleColumn.create("interval high");
        for (Outcome o : rows) {
            outcome.append(o.key());
            count.append(o.count());
            share.append(o.share());
            if (!exhaustive) {
                low.append(o.interval().low());
                high.append(o.interval().high());
            }
            grade.append(o.grade().name());
            description.append(o.description());
            replay.append(o.seen() ? o.minimized().replay() : "");
        }
        // Shown as percentages; CSV keeps the exact fractions (Tablesaw writes unformatted values).
        for (DoubleColumn c : List.of(share, low, high)) c.setPrintFormatter(NumberColumnFormatter.percent(2));
        Table t = Table.create("outcomes " + denominator(), outcome, count, share);
        if (!exhaustive) t.addColumns(low, high);
        return t.addColumns(grade, description, replay);
    }

    @Override
    public String toString() {
        int w = Math.max(7, rows.stream().mapToInt(o -> o.key().length()).max().orElse(7));
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-" + w + "s  %12s  %7s  %-11s%s%n", "outcome", "count", "share", "grade",
                exhaustive ? "" : "  95% interval"));
        for (Outcome o : rows) {
            b.append(String.format("%-" + w + "s  %,12d  %6.2f%%  %-11s", o.key(), o.count(), 100 * o.share(), o.grade()));
            if (!exhaustive) b.append("  ").append(o.interval());
            if (o.description() != null && !o.description().isEmpty()) b.append("  ").append(o.description());
            if (!o.seen()) b.append(exhaustive ? "  (unreachable)" : "  (not observed)");
            b.append('\n');
        }
        for (Expectation e : unseenPatterns) {
            b.append(String.format("%-" + w + "s  %12s  %7s  %-11s  %s%n", e.shown(), "0", "", e.grade(),
                    exhaustive ? "(unreachable)" : "(not observed)"));
        }
        b.append(denominator()).append('\n');
        return b.toString();
    }

    static List<Outcome> sorted(List<Outcome> rows) {
        List<Outcome> r = new ArrayList<>(rows);
        r.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.key().compareTo(b.key()));
        return r;
    }
}
