package ptlab.viz;

import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome sets side by side over two knobs, e.g. code variant x architecture: the data behind
 * {@link ComparisonGrid}. Rows and columns keep the order in which they were first named. A cell
 * holds a {@link Result}'s reached outcomes, or any outcome set with grades.
 */
public final class Comparison {
    /** One outcome in a cell; {@code count} is in the cell's unit (-1 when unknown). */
    public record Entry(String outcome, Grade grade, long count) {
        public Entry {
            Objects.requireNonNull(outcome, "an entry needs an outcome");
            Objects.requireNonNull(grade, "an entry needs a grade");
        }

        public boolean bad() {
            return grade != Grade.ACCEPTABLE;
        }
    }

    /**
     * The outcomes reached in one row x column, with an optional note ("of 224 traces") and the
     * result they summarize (null for an outcome set from elsewhere), which exports reproduce.
     */
    public record Cell(List<Entry> outcomes, String note, Result result) {
        public Cell {
            outcomes = List.copyOf(outcomes);
        }

        public Cell(List<Entry> outcomes, String note) {
            this(outcomes, note, null);
        }

        /** The outcomes a result reached, in its table's order, noted with its denominator. */
        public static Cell of(Result r) {
            List<Entry> entries = new ArrayList<>();
            for (Outcome o : r.outcomes().rows()) if (o.seen()) entries.add(new Entry(o.key(), o.grade(), o.count()));
            return new Cell(entries, note(r), r);
        }

        /** "of 224 traces", or "of 1,000 random runs, incomplete" */
        public static String note(Result r) {
            return r.outcomes().denominator() + (r.complete() ? "" : ", incomplete");
        }

        /** An outcome set without counts, e.g. from a table of expected outcomes; keeps the map's order. */
        public static Cell of(Map<String, Grade> outcomes) {
            List<Entry> entries = new ArrayList<>();
            outcomes.forEach((k, g) -> entries.add(new Entry(k, g, -1)));
            return new Cell(entries, null);
        }

        /** The worst grade reached: FORBIDDEN over INTERESTING over ACCEPTABLE. */
        public Grade worst() {
            Grade w = Grade.ACCEPTABLE;
            for (Entry e : outcomes) if (e.grade().compareTo(w) > 0) w = e.grade();
            return w;
        }
    }

    private final String title;
    private final String rowKnob;
    private final String columnKnob;
    private final List<String> rows;
    private final List<String> columns;
    private final Map<List<String>, Cell> cells;

    private Comparison(Builder b) {
        this.title = b.title;
        this.rowKnob = b.rowKnob;
        this.columnKnob = b.columnKnob;
        this.rows = List.copyOf(b.rows);
        this.columns = List.copyOf(b.columns);
        this.cells = new LinkedHashMap<>(b.cells);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() { return title; }
    /** What the rows vary, e.g. "variant". */
    public String rowKnob() { return rowKnob; }
    /** What the columns vary, e.g. "arch". */
    public String columnKnob() { return columnKnob; }
    public List<String> rows() { return rows; }
    public List<String> columns() { return columns; }

    public Optional<Cell> cell(String row, String column) {
        return Optional.ofNullable(cells.get(List.of(row, column)));
    }

    /** The cells that reached a FORBIDDEN or INTERESTING outcome, as "row / column". */
    public List<String> badCells() {
        List<String> bad = new ArrayList<>();
        for (String r : rows) {
            for (String c : columns) {
                Cell cell = cells.get(List.of(r, c));
                if (cell != null && cell.worst() != Grade.ACCEPTABLE) bad.add(r + " / " + c);
            }
        }
        return bad;
    }

    @Override
    public String toString() {
        return ComparisonGrid.text(this);
    }

    public static final class Builder {
        private final String title;
        private String rowKnob = "";
        private String columnKnob = "";
        private final LinkedHashSet<String> rows = new LinkedHashSet<>();
        private final LinkedHashSet<String> columns = new LinkedHashSet<>();
        private final Map<List<String>, Cell> cells = new LinkedHashMap<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "a comparison needs a title");
        }

        /** Names what the rows and the columns vary, e.g. ("variant", "arch"). */
        public Builder knobs(String rowKnob, String columnKnob) {
            this.rowKnob = rowKnob;
            this.columnKnob = columnKnob;
            return this;
        }

        /** Fixes the order of rows (cells may still add more after these). */
        public Builder rows(String... names) {
            rows.addAll(List.of(names));
            return this;
        }

        public Builder columns(String... names) {
            columns.addAll(List.of(names));
            return this;
        }

        public Builder cell(String row, String column, Result result) {
            return cell(row, column, Cell.of(result));
        }

        public Builder cell(String row, String column, Cell cell) {
            Objects.requireNonNull(row, "a cell needs a row");
            Objects.requireNonNull(column, "a cell needs a column");
            Objects.requireNonNull(cell, "a cell needs its outcomes");
            if (cells.containsKey(List.of(row, column))) {
                throw new IllegalArgumentException("cell " + row + " / " + column + " is given twice");
            }
            rows.add(row);
            columns.add(column);
            cells.put(List.of(row, column), cell);
            return this;
        }

        public Comparison build() {
            return new Comparison(this);
        }
    }
}
