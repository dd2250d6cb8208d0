package ptlab.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A race to explore: a setup that builds fresh shared state for every execution, threads of
 * labelled atomic steps, invariants checked after every step, an outcome read off the final state,
 * and the outcomes it expects with their grades.
 *
 * <p>Setup and steps must be deterministic and keep all shared state in objects made by the
 * {@link Memory} they are given; plain Java objects made in setup are fine as thread-private state.
 */
public final class Program<S> {
    /** An invariant: when {@code holds} is false after a step, {@code label} joins the outcome. */
    public record Invariant<S>(String label, Predicate<S> holds) {}

    private final String name;
    private final Function<Memory, S> setup;
    private final List<ThreadSpec<S>> threads;
    private final Function<S, String> outcome;
    private final List<Invariant<S>> invariants;
    private final List<Expectation> expectations;
    private final Grade otherwise;
    private final Map<String, Object> origin;

    private Program(Builder<S> b) {
        this.name = b.name;
        this.setup = Objects.requireNonNull(b.setup, "program '" + b.name + "' has no setup");
        this.threads = List.copyOf(b.threads);
        this.outcome = b.outcome;
        this.invariants = List.copyOf(b.invariants);
        this.expectations = List.copyOf(b.expectations);
        this.otherwise = b.otherwise;
        this.origin = Collections.unmodifiableMap(new LinkedHashMap<>(b.origin));
        if (threads.isEmpty()) throw new IllegalArgumentException("program '" + name + "' has no threads");
        if (threads.size() > 64) throw new IllegalArgumentException("program '" + name + "' has more than 64 threads");
    }

    public static <S> Builder<S> builder(String name) {
        return new Builder<>(name);
    }

    /** A builder holding this program's parts, to derive a variant (its origin is left out: the variant is another program). */
    public Builder<S> toBuilder() {
        Builder<S> b = new Builder<S>(name).setup(setup);
        b.threads.addAll(threads);
        b.outcome = outcome;
        b.invariants.addAll(invariants);
        b.expectations.addAll(expectations);
        b.otherwise = otherwise;
        return b;
    }

    public String name() { return name; }
    public List<ThreadSpec<S>> threads() { return threads; }
    public List<Invariant<S>> invariants() { return invariants; }
    public List<Expectation> expectations() { return expectations; }
    public Grade otherwise() { return otherwise; }
    /** What rebuilds this program, e.g. its scenario, variant and config; empty for a program written by hand. */
    public Map<String, Object> origin() { return origin; }
    Function<Memory, S> setup() { return setup; }
    Function<S, String> outcome() { return outcome; }

    String[] threadNames() {
        return threads.stream().map(ThreadSpec::name).toArray(String[]::new);
    }

    /** The grade of an outcome key: the first exact match, else the first pattern, else the default. */
    public Grade grade(String key) {
        Expectation e = expectationFor(key);
        return e == null ? otherwise : e.grade();
    }

    Expectation expectationFor(String key) {
        for (Expectation e : expectations) if (e.key() != null && e.matches(key)) return e;
        for (Expectation e : expectations) if (e.key() == null && e.matches(key)) return e;
        return null;
    }

    /** Explore every Mazurkiewicz trace (optimal DPOR). */
    public Result explore() {
        return Exploration.of(this).run();
    }

    public Result explore(Strategy strategy) {
        return Exploration.of(this).strategy(strategy).run();
    }

    /** Re-run the execution a replay string names, step for step, and return its trace. */
    public Trace replay(String replay) {
        return Replay.trace(this, Replay.parse(replay, threads.size()));
    }

    /** A partial schedule completed without further preemptions (see {@link #replay}). */
    public String complete(String prefix) {
        int[] s = Replay.complete(this, Replay.parse(prefix, threads.size()), prefix);
        return Replay.format(s, s.length);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("program ").append(name).append('\n');
        for (ThreadSpec<S> t : threads) b.append("  ").append(t).append('\n');
        return b.toString();
    }

    public static final class Builder<S> {
        private String name;
        private Function<Memory, S> setup;
        private final List<ThreadSpec<S>> threads = new ArrayList<>();
        private Function<S, String> outcome;
        private final List<Invariant<S>> invariants = new ArrayList<>();
        private final List<Expectation> expectations = new ArrayList<>();
        private Grade otherwise = Grade.ACCEPTABLE;
        private Map<String, Object> origin = Map.of();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Builder<S> name(String name) {
            this.name = name;
            return this;
        }

        public Builder<S> setup(Function<Memory, S> setup) {
            this.setup = setup;
            return this;
        }

        public Builder<S> thread(String threadName, Consumer<Steps<S>> steps) {
            Steps<S> s = new Steps<>(threadName);
            steps.accept(s);
            return thread(s.build());
        }

        /** An agent thread: it may still be waiting when the others finish (not a deadlock). */
        public Builder<S> daemon(String threadName, Consumer<Steps<S>> steps) {
            Steps<S> s = new Steps<>(threadName);
            steps.accept(s);
            return thread(s.build().asDaemon());
        }

        public Builder<S> thread(ThreadSpec<S> thread) {
            for (ThreadSpec<S> t : threads) {
                if (t.name().equals(thread.name())) {
                    throw new IllegalArgumentException("program '" + name + "' has two threads named '" + thread.name() + "'");
                }
            }
            threads.add(thread);
            return this;
        }

        /** Replace the thread of the same name (a patched path). */
        public Builder<S> replaceThread(ThreadSpec<S> thread) {
            for (int i = 0; i < threads.size(); i++) {
                if (threads.get(i).name().equals(thread.name())) {
                    threads.set(i, thread);
                    return this;
                }
            }
            throw new IllegalArgumentException("program '" + name + "' has no thread named '" + thread.name() + "'");
        }

        /** The outcome key read off the final state, e.g. {@code s -> "x=" + s.x.peek()}. */
        public Builder<S> outcome(Function<S, String> outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder<S> invariant(String label, Predicate<S> holds) {
            invariants.add(new Invariant<>(label, holds));
            return this;
        }

        public Builder<S> expect(String key, Grade grade, String description) {
            expectations.add(Expectation.exact(key, grade, description));
            return this;
        }

        public Builder<S> expectMatching(String regex, Grade grade, String description) {
            expectations.add(Expectation.matching(regex, grade, description));
            return this;
        }

        /** Any outcome that carries {@code label} (alone or with others), e.g. a raised "UAF_TABLE_READ". */
        public Builder<S> expectLabel(String label, Grade grade, String description) {
            expectations.add(Expectation.containing(label, grade, description));
            return this;
        }

        /** The grade of outcomes no expectation names (ACCEPTABLE unless set). */
        public Builder<S> otherwise(Grade grade) {
            this.otherwise = grade;
            return this;
        }

        /** Records what rebuilds the program (plain values, lists and maps), for exports that re-run it. */
        public Builder<S> origin(Map<String, Object> origin) {
            this.origin = origin;
            return this;
        }

        public Program<S> build() {
            return new Program<>(this);
        }
    }
}
