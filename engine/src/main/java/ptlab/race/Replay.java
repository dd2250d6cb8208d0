package ptlab.race;

import java.util.Arrays;

/**
 * Replay strings: the thread index of every step, separated by dots, a run of {@code k} steps by
 * the same thread written {@code t*k} — {@code "0*2.1.0"} is T0, T0, T1, T0.
 */
public final class Replay {
    private Replay() {}

    public static String format(int[] schedule, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; ) {
            int j = i;
            while (j < length && schedule[j] == schedule[i]) j++;
            if (b.length() > 0) b.append('.');
            b.append(schedule[i]);
            if (j - i > 1) b.append('*').append(j - i);
            i = j;
        }
        return b.toString();
    }

    public static int[] parse(String replay, int threads) {
        if (replay == null) throw new ReplayDivergence("no replay string");
        String s = replay.strip();
        int[] out = new int[16];
        int n = 0;
        if (s.isEmpty()) return new int[0];
        for (String token : s.split("\\.")) {
            String[] parts = token.split("\\*", -1);
            int thread, count = 1;
            try {
                thread = Integer.parseInt(parts[0]);
                if (parts.length == 2) count = Integer.parseInt(parts[1]);
                if (parts.length > 2 || count < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new ReplayDivergence("malformed replay string '" + replay + "' at '" + token
                        + "': expected thread[*count] tokens separated by dots, like 0*2.1.0");
            }
            if (thread < 0 || thread >= threads) {
                throw new ReplayDivergence("replay string '" + replay + "' names thread " + thread
                        + " but the program has threads 0.." + (threads - 1));
            }
            for (int k = 0; k < count; k++) {
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = thread;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Runs a schedule to its end, failing loudly if it is not an execution of the program. */
    static <S> void run(Execution<S> e, int[] schedule, String shown) {
        e.reset();
        for (int i = 0; i < schedule.length; i++) {
            int t = schedule[i];
            if (!e.enabled(t)) {
                String why = e.status[t] == Execution.FINISHED ? "has finished"
                        : "is blocked at '" + e.nextStep(t).label() + "'"
                        + (e.waitingFor[t] != null ? " waiting for " + e.waitingFor[t].name() : "");
                throw new ReplayDivergence("replay '" + shown + "' diverges at step " + (i + 1) + ": thread '"
                        + e.threadName(t) + "' " + why);
            }
            e.step(t);
        }
        if (!e.stuck()) {
            StringBuilder running = new StringBuilder();
            for (int t = 0; t < e.threads; t++) {
                if (e.enabled(t)) running.append(running.length() == 0 ? "" : ", ").append(e.threadName(t))
                        .append(" at '").append(e.nextStep(t).label()).append('\'');
            }
            throw new ReplayDivergence("replay '" + shown + "' ends after " + schedule.length
                    + " steps but the execution goes on: " + running + " can still step");
        }
    }

    /**
     * A partial schedule run to the end without further preemptions: the thread that ran last
     * keeps running while it can, else the lowest-numbered thread that can.
     */
    static <S> int[] complete(Program<S> program, int[] prefix, String shown) {
        Execution<S> e = new Execution<>(program, 10_000);
        int[] out = Arrays.copyOf(prefix, Math.max(16, prefix.length * 2));
        int n = prefix.length;
        e.reset();
        for (int i = 0; i < prefix.length; i++) {
            if (!e.enabled(prefix[i])) {
                throw new ReplayDivergence("replay '" + shown + "' diverges at step " + (i + 1) + ": thread '" + e.threadName(prefix[i]) + "' cannot step");
            }
            e.step(prefix[i]);
        }
        int last = prefix.length > 0 ? prefix[prefix.length - 1] : 0;
        while (!e.stuck()) {
            int t = e.enabled(last) ? last : -1;
            for (int u = 0; t < 0 && u < e.threads; u++) if (e.enabled(u)) t = u;
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            out[n++] = t;
            e.step(t);
            last = t;
        }
        return Arrays.copyOf(out, n);
    }

    static <S> Trace trace(Program<S> program, int[] schedule) {
        Execution<S> e = new Execution<>(program, Math.max(schedule.length + 1, 10_000));
        TraceRecorder recorder = new TraceRecorder(e);
        e.memory.tracer = recorder;
        String replay = format(schedule, schedule.length);
        run(e, schedule, replay);
        return recorder.finish(e.outcomeKey(), replay, e.preemptions);
    }
}
