package ptlab.race;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs threads' steps one after another on live state, without exploring: a notebook cell that
 * faults a page in or unmaps a range runs the same paths an exploration would race. State lives
 * in a {@link Memory#standalone} memory and persists across runs. A step that would block is an
 * error, since nothing else runs to release what it waits for; after any error the locks the run
 * took are released, so the state stays usable.
 */
public final class Sequential<S> {
    private final Memory memory;
    private final S state;
    private final int maxSteps;

    public Sequential(Memory memory, S state) {
        this(memory, state, 10_000);
    }

    public Sequential(Memory memory, S state, int maxSteps) {
        this.memory = memory;
        this.state = state;
        this.maxSteps = maxSteps;
    }

    /** Runs {@code spec} to its end as thread {@code thread}; returns the labels its steps raised. */
    public List<String> run(int thread, ThreadSpec<S> spec) {
        List<String> raised = new ArrayList<>();
        Ctx c = new Ctx(thread, spec.name());
        c.reset(memory);
        List<Step<S>> steps = spec.steps();
        var previousRaiser = memory.raiser;
        memory.raiser = l -> { if (!raised.contains(l)) raised.add(l); };
        List<Lock> taken = new ArrayList<>();
        try {
            int pc = 0;
            for (int n = 0; pc < steps.size(); n++) {
                if (n == maxSteps) {
                    throw new ProgramException("'" + spec.name() + "' did not finish within " + maxSteps + " steps (at '" + steps.get(pc).label() + "')");
                }
                Step<S> s = steps.get(pc);
                memory.current = thread;
                try {
                    runStep(s, c, taken);
                } finally {
                    memory.current = -1;
                }
                if (c.finished) {
                    pc = steps.size();
                } else if (c.jump != null) {
                    pc = spec.indexOf(c.jump);
                    if (pc < 0) {
                        throw new ProgramException("step '" + s.label() + "' of '" + spec.name() + "' jumps to '" + c.jump + "', which is not one of its labels " + spec.labels());
                    }
                } else {
                    pc++;
                }
                c.jump = null;
                c.finished = false;
            }
        } catch (RuntimeException e) {
            release(thread, taken);
            throw e;
        } finally {
            memory.raiser = previousRaiser;
        }
        return raised;
    }

    private void release(int thread, List<Lock> taken) {
        memory.current = thread;
        try {
            for (Lock l : taken) while (l.heldBy(thread)) l.unlock();
        } finally {
            memory.current = -1;
        }
    }

    private void runStep(Step<S> s, Ctx c, List<Lock> taken) {
        Guard<S> g = s.guard();
        if (g instanceof Guard.Acquire<S> a) {
            Lock lock = a.lock().apply(state, c);
            if (lock == null) throw new ProgramException("step '" + s.label() + "' of '" + c.name() + "' acquires a null lock");
            if (!lock.available(a.shared())) {
                throw new ProgramException("step '" + s.label() + "' of '" + c.name() + "' would block forever: " + lock);
            }
            lock.acquire(c.thread(), a.shared());
            taken.add(lock);
        } else if (g instanceof Guard.When<S> w && !w.condition().test(state, c)) {
            throw new ProgramException("step '" + s.label() + "' of '" + c.name() + "' would wait forever for: " + w.description());
        }
        if (s.body() != null) s.body().run(state, c);
    }
}
