package ptlab.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Result;

/** Variants x configurations of one scenario, each cell an exploration result. */
public record Comparison(Scenario scenario, Map<String, Map<String, Result>> cells) {
    public List<String> rows() {
        return List.copyOf(cells.keySet());
    }

    public List<String> columns() {
        return cells.isEmpty() ? List.of() : List.copyOf(cells.values().iterator().next().keySet());
    }

    public Result cell(String variant, String config) {
        Result r = cells.getOrDefault(variant, Map.of()).get(config);
        if (r == null) throw new IllegalArgumentException("no cell " + variant + " x " + config);
        return r;
    }

    /** The labels reached in a cell, as the scenario reports them. */
    public Set<String> labels(String variant, String config) {
        return scenario.labelsOf(cell(variant, config));
    }

    /** The labels of a cell that come from outcomes graded interesting or forbidden. */
    public Set<String> badLabels(String variant, String config) {
        Result r = cell(variant, config);
        Set<String> bad = new java.util.TreeSet<>();
        for (Outcome o : r.outcomes().rows()) {
            if (o.count() == 0 || o.grade() == Grade.ACCEPTABLE) continue;
            for (String part : o.key().split(", ")) if (scenario.labels().contains(part)) bad.add(part);
        }
        return bad;
    }

    @Override
    public String toString() {
        List<String> cols = columns();
        int w0 = Math.max(8, rows().stream().mapToInt(String::length).max().orElse(8));
        List<Integer> widths = new ArrayList<>();
        for (String c : cols) {
            int w = c.length();
            for (String r : rows()) w = Math.max(w, labels(r, c).toString().length());
            widths.add(w);
        }
        StringBuilder b = new StringBuilder(scenario.id()).append(": ").append(scenario.title()).append('\n');
        b.append(String.format("%-" + w0 + "s", ""));
        for (int i = 0; i < cols.size(); i++) b.append(" | ").append(String.format("%-" + widths.get(i) + "s", cols.get(i)));
        b.append('\n');
        for (String r : rows()) {
            b.append(String.format("%-" + w0 + "s", r));
            for (int i = 0; i < cols.size(); i++) b.append(" | ").append(String.format("%-" + widths.get(i) + "s", labels(r, cols.get(i))));
            b.append('\n');
        }
        return b.toString();
    }
}
