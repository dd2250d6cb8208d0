package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Mazurkiewicz traces of a program, counted independently of any reduction: every schedule is
 * enumerated, and each is canonicalized as the lexicographically least (by thread) linearization
 * of its dependency order (program order plus conflicting footprints, as recorded when it ran).
 * Two schedules are equivalent exactly when their canonical forms are equal.
 */
final class Mazurkiewicz {
    final Set<String> traces = new HashSet<>();
    final java.util.Map<String, String> outcomeOf = new java.util.TreeMap<>();
    final Set<String> outcomes = new TreeSet<>();
    long schedules;
    long deadlockTraces;
    /** Whether some reachable state has a thread whose condition is false. */
    boolean conditionWaited;

    private Mazurkiewicz() {}

    static Mazurkiewicz of(Program<?> p) {
        Mazurkiewicz m = new Mazurkiewicz();
        m.explore(new Execution<>(p, 10_000), new ArrayList<>(), new ArrayList<>());
        return m;
    }

    private void explore(Execution<?> e, List<Integer> schedule, List<long[]> footprints) {
        replay(e, schedule);
        for (int t = 0; t < e.threads; t++) {
            if (e.status[t] == Execution.BLOCKED && e.nextStep(t).guard() instanceof Guard.When) conditionWaited = true;
        }
        if (e.stuck()) {
            schedules++;
            outcomes.add(e.outcomeKey());
            String c = canonical(schedule, footprints);
            outcomeOf.put(c, e.outcomeKey());
            if (traces.add(c) && e.deadlocked()) deadlockTraces++;
            return;
        }
        boolean[] enabled = new boolean[e.threads];
        for (int t = 0; t < e.threads; t++) enabled[t] = e.enabled(t);
        for (int t = 0; t < e.threads; t++) {
            if (!enabled[t]) continue;
            replay(e, schedule);
            e.memory.recording = true;
            e.step(t);
            e.memory.recording = false;
            schedule.add(t);
            footprints.add(Arrays.copyOf(e.memory.footprint, e.memory.footprintLength));
            explore(e, schedule, footprints);
            schedule.remove(schedule.size() - 1);
            footprints.remove(footprints.size() - 1);
        }
    }

    private static void replay(Execution<?> e, List<Integer> schedule) {
        e.reset();
        for (int t : schedule) e.step(t);
    }

    /** The least linearization: repeatedly emit the lowest thread whose next event has no pending predecessor. */
    static String canonical(List<Integer> schedule, List<long[]> footprints) {
        int m = schedule.size();
        boolean[] done = new boolean[m];
        StringBuilder out = new StringBuilder();
        for (int emitted = 0; emitted < m; emitted++) {
            int pick = -1;
            for (int i = 0; i < m; i++) {
                if (done[i] || !ready(i, done, schedule, footprints)) continue;
                if (pick < 0 || schedule.get(i) < schedule.get(pick)) pick = i;
            }
            done[pick] = true;
            out.append(schedule.get(pick)).append('.');
        }
        return out.toString();
    }

    private static boolean ready(int i, boolean[] done, List<Integer> schedule, List<long[]> fp) {
        for (int k = 0; k < i; k++) {
            if (done[k]) continue;
            if (schedule.get(k).equals(schedule.get(i))) return false;
            long[] a = fp.get(k), b = fp.get(i);
            if (Access.dependent(a, 0, a.length, b, 0, b.length)) return false;
        }
        return true;
    }
}
