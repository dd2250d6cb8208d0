package ptlab.race;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One execution of a program in progress: fresh state from the setup, a program counter per
 * thread, and which threads can step. Strategies drive it one step at a time; nothing here
 * chooses. Re-running a prefix of a schedule on a reset execution reproduces the same state.
 */
final class Execution<S> {
    static final byte ENABLED = 0, BLOCKED = 1, FINISHED = 2;

    final Program<S> program;
    final int threads;
    private final Step<S>[][] steps;
    final Memory memory;
    S state;
    private final Ctx[] ctx;
    final int[] pc;
    final byte[] status;
    /** For a thread blocked on a lock guard, that lock; null when blocked on a condition. */
    final Lock[] waitingFor;
    /** Whether a thread's next step has a guard: only such steps change between enabled and blocked. */
    private final boolean[] guarded;
    private final int maxSteps;
    int[] schedule = new int[64];
    int length;
    int preemptions;
    private int last;
    private int unfinished;
    final List<String> labels = new ArrayList<>(4);
    private final boolean[] invariantRaised;
    private LockTracker lockTracker;
    /** Optimal DPOR's: a condition found false throws {@link Dpor.ConditionWait} right there. */
    boolean stopOnConditionWait;

    @SuppressWarnings("unchecked")
    Execution(Program<S> program, int maxSteps) {
        this.program = program;
        this.threads = program.threads().size();
        this.steps = new Step[threads][];
        for (int t = 0; t < threads; t++) steps[t] = program.threads().get(t).steps().toArray(new Step[0]);
        this.memory = new Memory(program.threadNames());
        memory.raiser = this::raise;
        this.ctx = new Ctx[threads];
        for (int t = 0; t < threads; t++) ctx[t] = new Ctx(t, program.threads().get(t).name());
        this.pc = new int[threads];
        this.status = new byte[threads];
        this.waitingFor = new Lock[threads];
        this.guarded = new boolean[threads];
        this.maxSteps = maxSteps;
        this.invariantRaised = new boolean[program.invariants().size()];
    }

    /** Count lock acquisitions, holds and blocked steps into this tracker. */
    void track(LockTracker tracker) {
        lockTracker = tracker;
        memory.lockTracker = tracker;
    }

    void reset() {
        memory.reset();
        for (Ctx c : ctx) c.reset(memory);
        java.util.Arrays.fill(pc, 0);
        java.util.Arrays.fill(status, ENABLED);
        java.util.Arrays.fill(waitingFor, null);
        java.util.Arrays.fill(invariantRaised, false);
        length = 0;
        preemptions = 0;
        last = -1;
        unfinished = threads;
        labels.clear();
        try {
            state = program.setup().apply(memory);
        } catch (ProgramException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProgramException("the setup of '" + program.name() + "' threw " + e, e);
        }
        if (lockTracker != null) lockTracker.begin(this);
        for (int t = 0; t < threads; t++) {
            guarded[t] = steps[t][0].guard() != null;
            status[t] = guardHolds(t) ? ENABLED : BLOCKED;
        }
        if (lockTracker != null) lockTracker.afterStep(this);
    }

    boolean enabled(int t) {
        return status[t] == ENABLED;
    }

    /** No thread can step: the execution is over (complete, or deadlocked). */
    boolean stuck() {
        for (byte s : status) if (s == ENABLED) return false;
        return true;
    }

    /** Stuck with a thread unfinished; an agent ({@link ThreadSpec#daemon}) may wait forever. */
    boolean deadlocked() {
        if (unfinished == 0 || !stuck()) return false;
        for (int t = 0; t < threads; t++) {
            if (status[t] != FINISHED && !program.threads().get(t).daemon()) return true;
        }
        return false;
    }

    Step<S> nextStep(int t) {
        return steps[t][pc[t]];
    }

    String threadName(int t) {
        return ctx[t].name();
    }

    /** Runs thread t's next step atomically; the footprint is left in {@link Memory#footprint}. */
    void step(int t) {
        if (length >= maxSteps) throw stepBound();
        if (last >= 0 && last != t && status[last] == ENABLED) preemptions++;
        Step<S> s = steps[t][pc[t]];
        Ctx c = ctx[t];
        Memory m = memory;
        m.current = t;
        m.footprintLength = 0;
        try {
            Guard<S> g = s.guard();
            if (g instanceof Guard.Acquire<S> a) {
                Lock lock = lockOf(a, t);
                if (!lock.available(a.shared())) throw new IllegalStateException("step of a blocked thread");
                lock.acquire(t, a.shared());
            } else if (g instanceof Guard.When<S> w && !w.condition().test(state, c)) {
                throw new IllegalStateException("step of a blocked thread");
            }
            if (s.body() != null) s.body().run(state, c);
        } catch (ProgramException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProgramException("step '" + s.label() + "' of thread '" + c.name() + "' threw " + e
                    + " (replay: " + Replay.format(schedule, length) + (length > 0 ? "." : "") + t + ")", e);
        } finally {
            m.current = -1;
        }
        if (length == schedule.length) schedule = java.util.Arrays.copyOf(schedule, length * 2);
        schedule[length++] = t;
        last = t;
        advance(t, s, c);
        checkInvariants();
        for (int u = 0; u < threads; u++) if (guarded[u]) status[u] = guardHolds(u) ? ENABLED : BLOCKED;
        if (lockTracker != null) lockTracker.afterStep(this);
        if (m.tracer != null) m.tracer.stepped(t, s.label());
    }

    private void advance(int t, Step<S> s, Ctx c) {
        int next;
        if (c.finished) {
            next = steps[t].length;
        } else if (c.jump != null) {
            next = program.threads().get(t).indexOf(c.jump);
            if (next < 0) {
                throw new ProgramException("step '" + s.label() + "' of thread '" + c.name() + "' jumps to '" + c.jump
                        + "', which is not one of its labels " + program.threads().get(t).labels());
            }
        } else {
            next = pc[t] + 1;
        }
        c.jump = null;
        c.finished = false;
        pc[t] = next;
        guarded[t] = next < steps[t].length && steps[t][next].guard() != null;
        if (next >= steps[t].length) {
            status[t] = FINISHED;
            unfinished--;
        }
    }

    private Lock lockOf(Guard.Acquire<S> a, int t) {
        Lock lock = a.lock().apply(state, ctx[t]);
        if (lock == null) {
            throw new ProgramException("step '" + nextStep(t).label() + "' of thread '" + ctx[t].name() + "' acquires a null lock");
        }
        return lock;
    }

    /** Whether t's next step may run; evaluated with recording off (guards only read). */
    private boolean guardHolds(int t) {
        Guard<S> g = steps[t][pc[t]].guard();
        if (g == null) return true;
        memory.beginGuard(t, false);
        boolean holds;
        try {
            if (g instanceof Guard.Acquire<S> a) {
                Lock lock = lockOf(a, t);
                waitingFor[t] = lock;
                return lock.available(a.shared());
            }
            waitingFor[t] = null;
            holds = ((Guard.When<S>) g).condition().test(state, ctx[t]);
        } catch (ProgramException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProgramException("the guard of step '" + steps[t][pc[t]].label() + "' of thread '" + ctx[t].name() + "' threw " + e, e);
        } finally {
            memory.endGuard();
        }
        if (!holds && stopOnConditionWait) throw new Dpor.ConditionWait();
        return holds;
    }

    /**
     * The footprint of what a blocked thread waits on: the reads of its guard, and for a lock guard
     * the acquire it would make.
     */
    long[] guardFootprint(int t) {
        Guard<S> g = steps[t][pc[t]].guard();
        Memory m = memory;
        m.beginGuard(t, true);
        m.footprintLength = 0;
        try {
            long acquire = -1;
            if (g instanceof Guard.Acquire<S> a) {
                acquire = Access.pack(lockOf(a, t).id, a.shared() ? Access.ACQ_SH : Access.ACQ);
            } else {
                ((Guard.When<S>) g).condition().test(state, ctx[t]);
            }
            long[] f = java.util.Arrays.copyOf(m.footprint, m.footprintLength + (acquire >= 0 ? 1 : 0));
            if (acquire >= 0) f[f.length - 1] = acquire;
            return f;
        } finally {
            m.endGuard();
        }
    }

    private void checkInvariants() {
        List<Program.Invariant<S>> inv = program.invariants();
        for (int i = 0; i < invariantRaised.length; i++) {
            if (invariantRaised[i]) continue;
            boolean holds;
            try {
                holds = inv.get(i).holds().test(state);
            } catch (RuntimeException e) {
                throw new ProgramException("invariant '" + inv.get(i).label() + "' threw " + e, e);
            }
            if (!holds) {
                invariantRaised[i] = true;
                raise(inv.get(i).label());
            }
        }
    }

    void raise(String label) {
        if (!labels.contains(label)) {
            labels.add(label);
            if (memory.tracer != null) memory.tracer.raised(label);
        }
    }

    /** The outcome key: the raised labels (sorted), DEADLOCK when stuck, then the state's key. */
    String outcomeKey() {
        boolean deadlocked = deadlocked();
        String s = null;
        if (program.outcome() != null) {
            try {
                s = program.outcome().apply(state);
            } catch (RuntimeException e) {
                throw new ProgramException("the outcome of '" + program.name() + "' threw " + e, e);
            }
        }
        boolean stateless = s == null || s.isEmpty();
        if (labels.isEmpty() && !deadlocked) return stateless ? "done" : s;
        List<String> parts = new ArrayList<>(labels);
        if (deadlocked) parts.add("DEADLOCK");
        Collections.sort(parts);
        if (!stateless) parts.add(s);
        return String.join(", ", parts);
    }

    private ProgramException stepBound() {
        StringBuilder running = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            if (status[t] == FINISHED) continue;
            if (running.length() > 0) running.append(", ");
            running.append('\'').append(ctx[t].name()).append("' at '").append(steps[t][pc[t]].label()).append('\'');
        }
        return new ProgramException("the execution did not finish within " + maxSteps + " steps (" + running
                + " still running: a loop that never ends?); raise the step bound if it is long but finite. replay: "
                + Replay.format(schedule, length));
    }
}
