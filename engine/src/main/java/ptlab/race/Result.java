package ptlab.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What an exploration found: the outcome table (with denominator and unit), counterexamples,
 * lock metrics, and how the exploration went (complete or stopped, and why); with the program's
 * name and origin, which (with the strategy) reproduce it.
 */
public record Result(String program, Map<String, Object> origin, Strategy strategy, OutcomeTable outcomes,
                     LockMetrics locks, long executions, long deadlocks, long steps, long sleepSetBlocked, boolean complete,
                     String stopReason, Duration elapsed, String note, List<Result> members) {

    static final String FELL_BACK = "a thread waits for a condition, so optimal DPOR handed over to DFS with sleep sets:"
            + " still one execution per trace, plus sleep-set blocked prefixes";

    public String unit() {
        return outcomes.unit();
    }

    /** Whether every execution the strategy asked for was explored (for DPOR: every trace). */
    public boolean complete() {
        return complete;
    }

    public Counterexample counterexample(String outcome) {
        return outcomes.get(outcome).map(Outcome::minimized)
                .orElseThrow(() -> new IllegalArgumentException("outcome '" + outcome + "' was not reached; reached: " + outcomes.keys()));
    }

    /** Never / Sometimes / Always for a predicate over outcome keys. */
    public Verdict verdict(Predicate<String> outcome) {
        long positive = 0;
        for (Outcome o : outcomes.rows()) if (o.seen() && outcome.test(o.key())) positive += o.count();
        return Verdict.of(positive, outcomes.total(), outcomes.unit(), complete && outcomes.exhaustive());
    }

    /** Verdict for "some execution raises this label". */
    public Verdict verdict(String label) {
        return verdict(k -> k.equals(label) || List.of(k.split(", ")).contains(label));
    }

    /** The outcomes graded FORBIDDEN that were reached. */
    public List<Outcome> forbidden() {
        return outcomes.forbidden();
    }

    public double executionsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s == 0 ? 0 : executions / s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(program).append(" — ").append(strategy.describe()).append(": ")
                .append(complete ? "complete" : "INCOMPLETE (" + stopReason + ")").append(", ")
                .append(String.format("%,d %s in %.3f s", executions, unit(), elapsed.toNanos() / 1e9));
        if (deadlocks > 0) b.append(String.format(", %,d deadlocked", deadlocks));
        if (sleepSetBlocked > 0) b.append(String.format(", %,d sleep-set blocked", sleepSetBlocked));
        b.append('\n');
        if (note != null) b.append("note: ").append(note).append('\n');
        if (!members.isEmpty()) {
            for (Result m : members) b.append('\n').append(m);
            return b.toString();
        }
        b.append(outcomes);
        int shown = 0;
        for (Outcome o : outcomes.rows()) {
            if (o.seen() && o.grade() != Grade.ACCEPTABLE && shown++ < 3) {
                b.append('\n').append(o.grade()).append(' ').append(o.key()).append(" — ").append(o.minimized()).append('\n');
                b.append(o.minimized().trace());
            }
        }
        if (!locks.locks().isEmpty()) b.append('\n').append(locks);
        return b.toString();
    }

    static <S> Result of(Program<S> program, Strategy strategy, Collector c, Control control, Duration elapsed,
                         int maxSteps, List<Result> members) {
        boolean exhaustive = !strategy.sampling();
        boolean complete = control.stopReason() == null;
        List<Outcome> rows = new ArrayList<>();
        for (Map.Entry<String, Collector.Seen> en : c.outcomes.entrySet()) {
            String key = en.getKey();
            Collector.Seen s = en.getValue();
            Expectation e = program.expectationFor(key);
            Counterexample first = new Counterexample(program, key, s.first, s.firstPreemptions);
            rows.add(new Outcome(key, s.count, c.executions == 0 ? 0 : (double) s.count / c.executions,
                    program.grade(key), e == null ? "" : e.description(),
                    exhaustive ? null : Interval.wilson(s.count, c.executions), first,
                    () -> Minimizer.minimize(program, key, List.of(s.best, s.first), maxSteps)));
        }
        List<Expectation> unseenPatterns = new ArrayList<>();
        for (Expectation e : program.expectations()) {
            boolean seen = c.outcomes.keySet().stream().anyMatch(e::matches);
            if (seen) continue;
            if (e.key() != null) {
                rows.add(new Outcome(e.key(), 0, 0, e.grade(), e.description(),
                        exhaustive ? null : Interval.wilson(0, c.executions), null, null));
            } else {
                unseenPatterns.add(e);
            }
        }
        String unit = members.isEmpty() ? strategy.unit() : "runs (all samplers together)";
        OutcomeTable table = new OutcomeTable(OutcomeTable.sorted(rows), c.executions, unit, exhaustive, unseenPatterns);
        List<String> names = List.of(program.threadNames());
        // A machine model has many locks no thread ever touches; contention is about the others.
        List<LockStats> all = c.locks.all.values().stream().filter(LockStats::used).toList();
        Map<String, List<LockStats>> byOutcome = new TreeMap<>();
        c.locks.byOutcome.forEach((k, m) -> byOutcome.put(k, m.values().stream().filter(LockStats::used).toList()));
        return new Result(program.name(), program.origin(), strategy, table, new LockMetrics(names, all, byOutcome), c.executions,
                c.deadlocks, c.steps, c.sleepBlocked, complete, control.stopReason(), elapsed,
                c.fellBack ? FELL_BACK : null, List.copyOf(members));
    }
}
