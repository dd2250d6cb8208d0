package ptlab.race;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a schedule into an equivalent one (same events, same happens-before order, so the same
 * outcome) with few preemptions: keep running the current thread while its next event's
 * predecessors have run and it is enabled; otherwise switch to the ready thread whose next event
 * came earliest. The result is replayed and kept only if it reaches the same outcome.
 */
final class Minimizer {
    private Minimizer() {}

    static <S> Counterexample minimize(Program<S> program, String outcome, List<int[]> candidates, int maxSteps) {
        Counterexample best = null;
        for (int[] schedule : candidates) {
            for (int[] s : List.of(schedule, reorder(program, schedule, maxSteps))) {
                int preemptions = preemptionsIfReaches(program, s, outcome, maxSteps);
                if (preemptions < 0) continue;
                if (best == null || preemptions < best.preemptions()
                        || (preemptions == best.preemptions() && s.length < best.length())) {
                    best = new Counterexample(program, outcome, s, preemptions);
                }
            }
        }
        if (best == null) throw new IllegalStateException("no candidate schedule reaches " + outcome);
        return best;
    }

    private static <S> int[] reorder(Program<S> program, int[] schedule, int maxSteps) {
        int n = schedule.length;
        Execution<S> e = new Execution<>(program, maxSteps);
        e.reset();
        long[][] fps = new long[n][];
        for (int i = 0; i < n; i++) {
            e.memory.recording = true;
            e.step(schedule[i]);
            e.memory.recording = false;
            fps[i] = Arrays.copyOf(e.memory.footprint, e.memory.footprintLength);
        }
        List<List<Integer>> preds = new ArrayList<>();
        List<List<Integer>> byThread = new ArrayList<>();
        for (int t = 0; t < e.threads; t++) byThread.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            List<Integer> p = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (schedule[j] != schedule[i] && Access.dependent(fps[j], 0, fps[j].length, fps[i], 0, fps[i].length)) p.add(j);
            }
            preds.add(p);
            byThread.get(schedule[i]).add(i);
        }
        boolean[] done = new boolean[n];
        int[] nextOf = new int[e.threads];
        int[] out = new int[n];
        e.reset();
        int current = -1;
        for (int k = 0; k < n; k++) {
            int pick = -1, earliest = Integer.MAX_VALUE;
            for (int t = 0; t < e.threads; t++) {
                if (nextOf[t] >= byThread.get(t).size() || !e.enabled(t)) continue;
                int ev = byThread.get(t).get(nextOf[t]);
                if (!preds.get(ev).stream().allMatch(j -> done[j])) continue;
                if (t == current) {
                    pick = t;
                    break;
                }
                if (ev < earliest) {
                    earliest = ev;
                    pick = t;
                }
            }
            if (pick < 0) return schedule;
            done[byThread.get(pick).get(nextOf[pick]++)] = true;
            out[k] = pick;
            e.step(pick);
            current = pick;
        }
        return out;
    }

    /** The preemptions of a schedule if it is an execution reaching {@code outcome}, else -1. */
    private static <S> int preemptionsIfReaches(Program<S> program, int[] schedule, String outcome, int maxSteps) {
        Execution<S> e = new Execution<>(program, maxSteps);
        try {
            Replay.run(e, schedule, Replay.format(schedule, schedule.length));
        } catch (ReplayDivergence d) {
            return -1;
        }
        return e.outcomeKey().equals(outcome) ? e.preemptions : -1;
    }
}
