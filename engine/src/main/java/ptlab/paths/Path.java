package ptlab.paths;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Guard;
import ptlab.race.Step;
import ptlab.race.ThreadSpec;

/**
 * A kernel code path: labelled atomic steps over a {@link Machine}, built for one configuration
 * (the arch decides how many steps some primitives take). A path is a value; patching it —
 * replace, insert, merge or delete steps by label — gives a new path, which is how a proposed fix
 * is written: {@code migrate.merge("M3+M5", "M3", "M4", "M5")}.
 */
public final class Path {
    private final String name;
    private final Config config;
    private final List<Step<Machine>> steps;

    private Path(String name, Config config, List<Step<Machine>> steps) {
        this.name = name;
        this.config = config;
        this.steps = List.copyOf(steps);
        List<String> seen = new ArrayList<>();
        for (Step<Machine> s : this.steps) {
            if (seen.contains(s.label())) throw new IllegalArgumentException("path '" + name + "' has two steps labelled '" + s.label() + "'");
            seen.add(s.label());
        }
    }

    /** A path built by {@code body} with the kernel vocabulary of {@link PathBuilder}. */
    public static Path of(String name, Config config, Consumer<PathBuilder> body) {
        PathBuilder b = new PathBuilder(config);
        body.accept(b);
        return new Path(name, config, b.steps());
    }

    public String name() { return name; }
    public Config config() { return config; }
    public List<Step<Machine>> steps() { return steps; }

    public List<String> labels() {
        return steps.stream().map(Step::label).toList();
    }

    /** This path as a thread of a program, named {@code thread} ("CPU1", "M"). */
    public ThreadSpec<Machine> thread(String thread) {
        return new ThreadSpec<>(thread, steps);
    }

    public Path named(String newName) {
        return new Path(newName, config, steps);
    }

    // ---- patches ------------------------------------------------------------------------------

    /** The step labelled {@code label} replaced by the steps {@code body} builds. */
    public Path replace(String label, Consumer<PathBuilder> body) {
        int i = indexOf(label);
        List<Step<Machine>> s = new ArrayList<>(steps);
        s.remove(i);
        s.addAll(i, build(body));
        return new Path(name, config, s);
    }

    public Path insertBefore(String label, Consumer<PathBuilder> body) {
        int i = indexOf(label);
        List<Step<Machine>> s = new ArrayList<>(steps);
        s.addAll(i, build(body));
        return new Path(name, config, s);
    }

    public Path insertAfter(String label, Consumer<PathBuilder> body) {
        int i = indexOf(label);
        List<Step<Machine>> s = new ArrayList<>(steps);
        s.addAll(i + 1, build(body));
        return new Path(name, config, s);
    }

    public Path delete(String... labels) {
        List<Step<Machine>> s = new ArrayList<>(steps);
        for (String l : labels) s.remove(indexOf(l));
        return new Path(name, config, s);
    }

    /**
     * Consecutive steps {@code labels} become one atomic step labelled {@code label}: the first
     * step's guard, then each body in order until one jumps or finishes. Only the first step may
     * have a guard (it is where the merged step waits).
     */
    public Path merge(String label, String... labels) {
        if (labels.length < 2) throw new IllegalArgumentException("merge needs at least two labels");
        int first = indexOf(labels[0]);
        List<Step<Machine>> parts = new ArrayList<>();
        for (int k = 0; k < labels.length; k++) {
            int i = indexOf(labels[k]);
            if (i != first + k) throw new IllegalArgumentException("merge: steps " + Arrays.toString(labels) + " are not consecutive in " + labels());
            Step<Machine> p = steps.get(i);
            if (k > 0 && p.guard() != null) throw new IllegalArgumentException("merge: step '" + p.label() + "' waits (has a guard); only the first merged step may");
            parts.add(p);
        }
        Guard<Machine> guard = parts.get(0).guard();
        Step<Machine> merged = new Step<>(label, guard, (m, c) -> {
            for (Step<Machine> p : parts) {
                if (p.body() != null) p.body().run(m, c);
                if (c.leaving()) return;
            }
        });
        List<Step<Machine>> s = new ArrayList<>(steps);
        for (int k = 0; k < labels.length; k++) s.remove(first);
        s.add(first, merged);
        return new Path(name, config, s);
    }

    private List<Step<Machine>> build(Consumer<PathBuilder> body) {
        PathBuilder b = new PathBuilder(config);
        body.accept(b);
        return b.steps();
    }

    private int indexOf(String label) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).label().equals(label)) return i;
        throw new IllegalArgumentException("path '" + name + "' has no step '" + label + "'; its steps: " + labels());
    }

    @Override
    public String toString() {
        return name + " " + labels();
    }
}
