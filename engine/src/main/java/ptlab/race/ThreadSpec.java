package ptlab.race;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A thread of a program: a name ("CPU0", "migrate") and its labelled steps in program order. A
 * daemon is an agent (an RCU grace period, a hardware TLB eviction) that may still be waiting when
 * every other thread has finished: that is the end of the execution, not a deadlock.
 */
public final class ThreadSpec<S> {
    private final String name;
    private final List<Step<S>> steps;
    private final boolean daemon;
    private final Map<String, Integer> index = new HashMap<>();

    public ThreadSpec(String name, List<Step<S>> steps) {
        this(name, steps, false);
    }

    public ThreadSpec(String name, List<Step<S>> steps, boolean daemon) {
        this.name = name;
        this.daemon = daemon;
        this.steps = List.copyOf(steps);
        for (int i = 0; i < this.steps.size(); i++) {
            if (index.put(this.steps.get(i).label(), i) != null) {
                throw new IllegalArgumentException("thread '" + name + "' has two steps labelled '" + this.steps.get(i).label() + "'");
            }
        }
    }

    public String name() {
        return name;
    }

    public boolean daemon() {
        return daemon;
    }

    /** The same steps as an agent that may wait forever. */
    public ThreadSpec<S> asDaemon() {
        return new ThreadSpec<>(name, steps, true);
    }

    public List<Step<S>> steps() {
        return steps;
    }

    public List<String> labels() {
        return steps.stream().map(Step::label).toList();
    }

    /** Position of a label, or -1. */
    int indexOf(String label) {
        Integer i = index.get(label);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return (daemon ? name + " (agent) " : name + " ") + labels();
    }
}
