package ptlab.race;

/**
 * An execution that reached an outcome: its schedule as a replay string, its preemptions and
 * length, and its trace on demand (re-run step for step).
 */
public final class Counterexample {
    private final Program<?> program;
    private final String outcome;
    private final int[] schedule;
    private int preemptions;
    private Trace trace;

    Counterexample(Program<?> program, String outcome, int[] schedule, int preemptions) {
        this.program = program;
        this.outcome = outcome;
        this.schedule = schedule;
        this.preemptions = preemptions;
    }

    public String outcome() { return outcome; }
    public String replay() { return Replay.format(schedule, schedule.length); }
    public int length() { return schedule.length; }
    /** Preemptions: switches away from a thread that could go on (counted by replay when not known). */
    public synchronized int preemptions() {
        if (preemptions < 0) {
            Execution<?> e = new Execution<>(program, schedule.length + 1);
            Replay.run(e, schedule, replay());
            preemptions = e.preemptions;
        }
        return preemptions;
    }
    int[] schedule() { return schedule.clone(); }

    /** The execution written out step by step (computed once, by replaying it). */
    public synchronized Trace trace() {
        if (trace == null) trace = Replay.trace(program, schedule);
        return trace;
    }

    @Override
    public String toString() {
        return outcome + ": " + length() + " steps, " + preemptions() + " preemption(s), replay " + replay();
    }
}
