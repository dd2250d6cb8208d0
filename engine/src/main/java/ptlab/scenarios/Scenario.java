package ptlab.scenarios;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.ThreadSpec;
import ptlab.viz.Comparison;

/**
 * A source thread as a ready scenario: named code variants, the configurations (arch profiles
 * and knobs) it runs on, the outcome labels it reports, a program per (variant, config), and the
 * reachable label sets mm-model.md section 3 expects. A notebook cell gets one with
 * {@code Scenarios.get("S0")} and explores a variant, or compares variants x configs.
 */
public final class Scenario {
    /** A row of a reachable-set table: exactly {@code labels} over all schedules. */
    public record Expected(String variant, Config config, Set<String> labels, boolean prediction, String why) {}

    private final String id;
    private final String title;
    private final String source;
    private final List<String> variants;
    private final List<Config> configs;
    private final Set<String> labels;
    private final BiFunction<String, Config, Program<Machine>> build;
    private final List<Expected> expected;
    private final Map<String, List<String>> badSchedules;
    private final Map<String, Config> badScheduleConfigs;

    private Scenario(Builder b) {
        this.id = b.id;
        this.title = b.title;
        this.source = b.source;
        this.variants = List.copyOf(b.variants);
        this.configs = List.copyOf(b.configs);
        this.labels = new LinkedHashSet<>(b.labels);
        this.build = b.build;
        this.expected = List.copyOf(b.expected);
        this.badSchedules = Map.copyOf(b.badSchedules);
        this.badScheduleConfigs = Map.copyOf(b.badScheduleConfigs);
    }

    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    public String id() { return id; }
    public String title() { return title; }
    public String source() { return source; }
    public List<String> variants() { return variants; }
    public List<Config> configs() { return configs; }
    /** The labels this scenario reports: its primary outcomes and the section-0.3 labels it can raise. */
    public Set<String> labels() { return labels; }
    public List<Expected> expected() { return expected; }

    /** The program of one variant on one configuration, with them as its origin (so that an export rebuilds it). */
    public Program<Machine> program(String variant, Config config) {
        if (!variants.contains(variant)) {
            throw new IllegalArgumentException(id + " has no variant '" + variant + "'; its variants: " + variants);
        }
        return build.apply(variant, config).toBuilder().origin(origin(variant, config)).build();
    }

    private Map<String, Object> origin(String variant, Config config) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("scenario", id);
        o.put("variant", variant);
        o.put("arch", config.profile().name());
        o.put("knobs", config.knobs());
        return o;
    }

    public Result explore(String variant, Config config) {
        return program(variant, config).explore();
    }

    public Result explore(String variant, Config config, Strategy strategy) {
        return program(variant, config).explore(strategy);
    }

    /** The reported labels over every outcome of a result (checker findings outside {@link #labels()} left out). */
    public Set<String> labelsOf(Result r) {
        Set<String> out = allLabelsOf(r);
        out.retainAll(labels);
        return out;
    }

    private static boolean graded(Program<Machine> program, String label) {
        return program.expectations().stream().anyMatch(e -> e.matches(label));
    }

    /** Every label an outcome key names, findings included. */
    public static Set<String> allLabelsOf(Result r) {
        Set<String> out = new TreeSet<>();
        for (Outcome o : r.outcomes().rows()) if (o.seen()) out.addAll(o.parts());
        return out;
    }

    /**
     * The minimal bad schedule of section 3 for a variant, as step labels in order; each label
     * belongs to one thread, so it converts to a replay string ({@link #replayOf}).
     */
    public List<String> badSchedule(String variant) {
        List<String> s = badSchedules.get(variant);
        if (s == null) throw new IllegalArgumentException(id + " gives no bad schedule for '" + variant + "'; it has " + badSchedules.keySet());
        return s;
    }

    public Set<String> badScheduleVariants() {
        return badSchedules.keySet();
    }

    /** The configuration the bad schedule of a variant is written for (default: its first expected row's). */
    public Config badScheduleConfig(String variant) {
        Config c = badScheduleConfigs.get(variant);
        if (c != null) return c;
        for (Expected e : expected) if (e.variant().equals(variant) && e.labels().size() > 1) return e.config();
        for (Expected e : expected) if (e.variant().equals(variant)) return e.config();
        return configs.get(0);
    }

    /** The replay string running these step labels in order (each label names the thread that owns it). */
    public static String replayOf(Program<Machine> program, List<String> labels) {
        StringBuilder b = new StringBuilder();
        for (String l : labels) {
            int owner = -1;
            List<ThreadSpec<Machine>> threads = program.threads();
            for (int t = 0; t < threads.size(); t++) {
                if (threads.get(t).labels().contains(l)) {
                    if (owner >= 0) throw new IllegalArgumentException("step '" + l + "' is in two threads");
                    owner = t;
                }
            }
            if (owner < 0) throw new IllegalArgumentException("no thread of " + program.name() + " has a step '" + l + "'");
            if (b.length() > 0) b.append('.');
            b.append(owner);
        }
        return b.toString();
    }

    /**
     * Explore each variant on each configuration: the table "which fix closes the race, where".
     * A cell lists the reported labels reached, each with the worst grade of the outcomes that
     * carry it and how many traces did.
     */
    public Comparison compare(List<String> variants, List<Config> configs) {
        Comparison.Builder b = Comparison.builder(id + ": " + title).knobs("variant", "config");
        for (String v : variants) {
            for (Config c : configs) {
                Program<Machine> p = program(v, c);
                b.cell(v, c.toString(), cell(p, p.explore()));
            }
        }
        return b.build();
    }

    /**
     * A result as the reported labels it reached, with trace counts; a label the program grades on
     * its own keeps that grade, any other takes the worst grade of the outcomes that carry it.
     */
    public Comparison.Cell cell(Program<Machine> program, Result r) {
        Map<String, Grade> grade = new LinkedHashMap<>();
        Map<String, Long> count = new LinkedHashMap<>();
        for (Outcome o : r.outcomes().rows()) {
            if (!o.seen()) continue;
            for (String part : o.parts()) {
                if (!labels.contains(part)) continue;
                Grade g = graded(program, part) ? program.grade(part) : o.grade();
                grade.merge(part, g, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                count.merge(part, o.count(), Long::sum);
            }
        }
        List<Comparison.Entry> entries = new ArrayList<>();
        for (String l : labels) if (grade.containsKey(l)) entries.add(new Comparison.Entry(l, grade.get(l), count.get(l)));
        return new Comparison.Cell(entries, Comparison.Cell.note(r), r);
    }

    public Comparison compare() {
        return compare(variants, configs);
    }

    @Override
    public String toString() {
        return id + ": " + title + "\n  variants " + variants + "\n  configs  " + configs.stream().map(Config::toString).toList()
                + "\n  labels   " + labels + (source != null ? "\n  source   " + source : "");
    }

    public static final class Builder {
        private final String id;
        private final String title;
        private String source;
        private final List<String> variants = new ArrayList<>();
        private final List<Config> configs = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private BiFunction<String, Config, Program<Machine>> build;
        private final List<Expected> expected = new ArrayList<>();
        private final Map<String, List<String>> badSchedules = new LinkedHashMap<>();
        private final Map<String, Config> badScheduleConfigs = new LinkedHashMap<>();

        private Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public Builder source(String source) { this.source = source; return this; }
        public Builder variants(String... v) { variants.addAll(List.of(v)); return this; }
        public Builder configs(Config... c) { configs.addAll(List.of(c)); return this; }
        public Builder labels(String... l) { labels.addAll(List.of(l)); return this; }
        public Builder program(BiFunction<String, Config, Program<Machine>> build) { this.build = build; return this; }

        public Builder expect(String variant, Config config, String why, String... set) {
            expected.add(new Expected(variant, config, new TreeSet<>(List.of(set)), false, why));
            return this;
        }

        /** A row the reference marks "model prediction": run and reported, not an acceptance test. */
        public Builder predict(String variant, Config config, String why, String... set) {
            expected.add(new Expected(variant, config, new TreeSet<>(List.of(set)), true, why));
            return this;
        }

        /** The reference's minimal bad schedule (a prefix of step labels; the rest runs without preemption). */
        public Builder badSchedule(String variant, String... labels) {
            badSchedules.put(variant, List.of(labels));
            return this;
        }

        public Builder badSchedule(String variant, Config config, String... labels) {
            badScheduleConfigs.put(variant, config);
            return badSchedule(variant, labels);
        }

        public Scenario build() {
            if (build == null) throw new IllegalStateException("scenario " + id + " has no program");
            return new Scenario(this);
        }
    }
}
