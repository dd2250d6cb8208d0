package ptlab.race;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes down what each step of a replayed execution read, wrote, locked and raised. */
final class TraceRecorder {
    private final Execution<?> execution;
    private final List<Trace.Event> steps = new ArrayList<>();
    private List<String> accesses = new ArrayList<>();
    private List<String> raised = new ArrayList<>();

    TraceRecorder(Execution<?> execution) {
        this.execution = execution;
    }

    void access(Shared o, int kind, Object old, Object value) {
        if (execution.memory.current < 0 || (kind == Access.R && o.quietReads)) return;
        accesses.add(kind == Access.R ? o.name() + " -> " + value
                : (o.name() + " := " + value + (old != null && !old.equals(value) ? " (was " + old + ")" : "")));
    }

    void access(LongVar o, int kind, long old, long value) {
        if (execution.memory.current < 0 || (kind == Access.R && o.quietReads)) return;
        accesses.add(kind == Access.R ? o.name() + " -> " + o.format(value)
                : o.name() + " := " + o.format(value) + (old != value ? " (was " + o.format(old) + ")" : ""));
    }

    void lock(Lock lock, int kind) {
        if (execution.memory.current < 0) return;
        String what = switch (kind) {
            case Access.ACQ -> "lock ";
            case Access.ACQ_SH -> "read-lock ";
            case Access.REL, Access.REL_SH -> "unlock ";
            default -> "lock busy: ";
        };
        accesses.add(what + lock.name());
    }

    void raised(String label) {
        raised.add(label);
    }

    /** Called by the execution after each step, with the thread states already refreshed. */
    void stepped(int thread, String label) {
        Map<Integer, String> blocked = new LinkedHashMap<>();
        for (int t = 0; t < execution.threads; t++) {
            if (execution.status[t] == Execution.BLOCKED) {
                Lock l = execution.waitingFor[t];
                blocked.put(t, l != null ? "waits for " + l.name() : "waits at '" + execution.nextStep(t).label() + "'");
            }
        }
        steps.add(new Trace.Event(steps.size() + 1, thread, label, List.copyOf(accesses), List.copyOf(raised), blocked));
        accesses = new ArrayList<>();
        raised = new ArrayList<>();
    }

    Trace finish(String outcome, String replay, int preemptions) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < execution.threads; t++) names.add(execution.threadName(t));
        return new Trace(execution.program.name(), names, steps, outcome, replay, preemptions);
    }
}
