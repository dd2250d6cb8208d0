package ptlab.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptlab.mm.Machine;
import ptlab.race.Counterexample;
import ptlab.race.Grade;
import ptlab.race.Histogram;
import ptlab.race.Interval;
import ptlab.race.LockMetrics;
import ptlab.race.LockStats;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.scenarios.Scenarios;

/**
 * A result as data, with what reproduces it: the ptlab version, the program and its origin
 * (scenario, variant, arch and knobs), the strategy and its seed, the denominator and its unit,
 * whether it completed, and per outcome the count, share, grade, 95% Wilson interval (sampled runs
 * only) and the replay strings of its first and minimized counterexamples; lock contention in
 * summary; a portfolio's samplers as members. Absent values are left out of the JSON.
 */
public record Writeup(String ptlab, String program, Map<String, Object> origin, StrategySpec strategy,
                      long denominator, String unit, boolean complete, String stopReason, String note,
                      List<OutcomeRow> outcomes, List<LockRow> locks, List<Writeup> members) {

    public record OutcomeRow(String key, long count, double share, Grade grade, String description, Interval interval,
                             Example first, Example minimized) {}

    /** A counterexample: its replay string, its length in steps and its preemptions. */
    public record Example(String replay, int steps, int preemptions) {
        static Example of(Counterexample c) {
            return c == null ? null : new Example(c.replay(), c.length(), c.preemptions());
        }
    }

    public record LockRow(String lock, String kind, int maxWaiters, Lengths holdLengths, Lengths waitLengths, List<ThreadRow> threads) {}

    public record ThreadRow(String thread, long acquired, long blockedExecutions, long blockedSteps) {}

    /** Lengths in steps: how many, their mean, median and maximum. */
    public record Lengths(long count, double mean, int median, int max) {
        static Lengths of(Histogram h) {
            return new Lengths(h.count(), h.mean(), h.quantile(0.5), Math.max(0, h.max()));
        }
    }

    /** The version is given once, at the top: null in members and comparison cells, which stay self-contained otherwise. */
    static Writeup of(Result r, String ptlab) {
        List<OutcomeRow> rows = new ArrayList<>();
        for (Outcome o : r.outcomes().rows()) {
            rows.add(new OutcomeRow(o.key(), o.count(), o.share(), o.grade(), o.description(), o.interval(),
                    Example.of(o.first()), Example.of(o.minimized())));
        }
        List<Writeup> members = r.members().stream().map(m -> of(m, null)).toList();
        return new Writeup(ptlab, r.program(), r.origin().isEmpty() ? null : r.origin(), StrategySpec.of(r.strategy()),
                r.outcomes().total(), r.unit(), r.complete(), r.stopReason(), r.note(), rows, locks(r.locks()),
                members.isEmpty() ? null : members);
    }

    private static List<LockRow> locks(LockMetrics m) {
        List<LockRow> out = new ArrayList<>();
        for (LockStats l : m.locks()) {
            List<ThreadRow> threads = new ArrayList<>();
            for (int t = 0; t < m.threads().size(); t++) {
                if (l.acquisitions(t) == 0 && l.blockedSteps(t) == 0) continue;
                threads.add(new ThreadRow(m.threads().get(t), l.acquisitions(t), l.blockedExecutions(t), l.blockedSteps(t)));
            }
            out.add(new LockRow(l.name(), l.kind().name(), l.maxWaiters(), Lengths.of(l.holdLengths()),
                    Lengths.of(l.waitLengths()), threads));
        }
        return out;
    }

    /** The scenario program the origin names, rebuilt; a hand-written program has no origin to rebuild from. */
    public Program<Machine> rebuild() {
        return Scenarios.program(origin == null ? Map.of() : origin);
    }

    /** The rebuilt program explored again with the same strategy. */
    public Result rerun() {
        return rebuild().explore(strategy.toStrategy());
    }

    /** Each counterexample's replay string run on the rebuilt program, with the outcome it reaches. */
    public Map<String, String> replayed() {
        return replayed(rebuild());
    }

    /** Each counterexample's replay string run on {@code program}, with the outcome it reaches. */
    public Map<String, String> replayed(Program<?> program) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OutcomeRow o : outcomes) {
            for (Example e : new Example[] {o.first(), o.minimized()}) {
                if (e != null) out.put(e.replay(), program.replay(e.replay()).outcome());
            }
        }
        return out;
    }
}
