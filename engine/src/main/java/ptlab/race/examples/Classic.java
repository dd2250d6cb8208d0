package ptlab.race.examples;

import ptlab.race.Grade;
import ptlab.race.Lock;
import ptlab.race.LongVar;
import ptlab.race.Program;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The classic benchmarks of stateless model checking, with their known trace counts (nidhugg,
 * GenMC): the validation suite and the performance workload of the race scheduler.
 */
public final class Classic {
    private Classic() {}

    public record Counter(LongVar x) {}

    /** T threads each do {@code r = x; x = r + 1} in two steps: (T!)^2 traces. */
    public static Program<Counter> lostUpdate(int threads) {
        Program.Builder<Counter> b = Program.<Counter>builder("lostUpdate(" + threads + ")")
                .setup(m -> new Counter(m.longVar("x", 0)))
                .outcome(s -> "x=" + s.x().peek())
                .expect("x=" + threads, Grade.ACCEPTABLE, "every increment counted")
                .expectMatching("x=\\d+", Grade.INTERESTING, "an increment was lost");
        for (int t = 0; t < threads; t++) {
            b.thread("T" + t, s -> s
                    .step("R", (st, c) -> c.set("r", st.x().get()))
                    .step("W", (st, c) -> st.x().set(c.getLong("r") + 1)));
        }
        return b.build();
    }

    public record Words(LongVar[] x) {}

    /** Thread i writes its own word k times: one trace. */
    public static Program<Words> indepWriters(int threads, int writes) {
        Program.Builder<Words> b = Program.<Words>builder("indepWriters(" + threads + "," + writes + ")")
                .setup(m -> new Words(m.longVars("x", threads, 0)))
                .outcome(s -> Arrays.stream(s.x()).map(v -> Long.toString(v.peek())).collect(Collectors.joining(",")));
        for (int t = 0; t < threads; t++) {
            int me = t;
            b.thread("T" + t, s -> {
                for (int k = 1; k <= writes; k++) {
                    long v = k;
                    s.step("W" + k, (st, c) -> st.x()[me].set(v));
                }
            });
        }
        return b.build();
    }

    public record Reads(LongVar x, long[] seen) {}

    /** One writer {@code x = 42} and N readers reading x once: 2^N traces. */
    public static Program<Reads> readers(int readers) {
        Program.Builder<Reads> b = Program.<Reads>builder("readers(" + readers + ")")
                .setup(m -> new Reads(m.longVar("x", 0), new long[readers]))
                .outcome(s -> {
                    StringBuilder key = new StringBuilder(3 * readers);
                    for (long v : s.seen()) key.append(key.isEmpty() ? "" : ",").append(v);
                    return key.toString();
                })
                .thread("W", s -> s.step("W", (st, c) -> st.x().set(42)));
        for (int t = 0; t < readers; t++) {
            int me = t;
            b.thread("R" + t, s -> s.step("R", (st, c) -> st.seen()[me] = st.x().get()));
        }
        return b.build();
    }

    public record Array(LongVar[] a, int[] found) {}

    /**
     * lastzero(N): {@code a[0..N] = 0}; a reader scans i from N down while a[i] != 0; writer j
     * does {@code a[j] = a[j-1] + 1}. Traces for N = 1..6: 2, 5, 12, 28, 64, 144.
     */
    public static Program<Array> lastzero(int n) {
        Program.Builder<Array> b = Program.<Array>builder("lastzero(" + n + ")")
                .setup(m -> new Array(m.longVars("a", n + 1, 0), new int[1]))
                .outcome(s -> "i=" + s.found()[0])
                .thread("reader", s -> s
                        .step("init", (st, c) -> c.set("i", n))
                        .step("scan", (st, c) -> {
                            int i = c.getInt("i");
                            if (st.a()[i].get() != 0) {
                                c.set("i", i - 1);
                                c.jump("scan");
                            } else {
                                st.found()[0] = i;
                            }
                        }));
        for (int j = 1; j <= n; j++) {
            int me = j;
            b.thread("W" + j, s -> s
                    .step("R", (st, c) -> c.set("v", st.a()[me - 1].get()))
                    .step("W", (st, c) -> st.a()[me].set(c.getLong("v") + 1)));
        }
        return b.build();
    }

    public record Table(LongVar[] slot, Lock[] lock) {}

    private static final int SLOTS = 128;

    /**
     * indexer(N) (Flanagan and Godefroid, POPL'05): N threads insert 4 keys each into a 128-slot
     * table by linear probing, each probe a compare-and-set under the slot's lock. 1 trace for
     * N <= 11, 8 for N = 12, 64 for N = 13.
     */
    public static Program<Table> indexer(int threads) {
        Program.Builder<Table> b = Program.<Table>builder("indexer(" + threads + ")")
                .setup(m -> {
                    Lock[] locks = new Lock[SLOTS];
                    for (int i = 0; i < SLOTS; i++) locks[i] = m.spinlock("lock[" + i + "]");
                    return new Table(m.longVars("table", SLOTS, 0), locks);
                })
                .outcome(s -> Arrays.stream(s.slot()).filter(v -> v.peek() != 0)
                        .map(v -> v.name() + "=" + v.peek()).collect(Collectors.joining(" ")));
        for (int t = 0; t < threads; t++) {
            int tid = t;
            b.thread("T" + t, s -> s
                    .step("key", (st, c) -> {
                        int m = c.has("m") ? c.getInt("m") + 1 : 1;
                        if (m > 4) {
                            c.finish();
                            return;
                        }
                        long w = m * 11L + tid;
                        c.set("m", m).set("w", w).set("h", (int) ((w * 7) % SLOTS));
                    })
                    .lock("probe", (st, c) -> st.lock()[c.getInt("h")], (st, c) -> {
                        int h = c.getInt("h");
                        boolean inserted = st.slot()[h].compareAndSet(0, c.getLong("w"));
                        st.lock()[h].unlock();
                        if (inserted) {
                            c.jump("key");
                        } else {
                            c.set("h", (h + 1) % SLOTS);
                            c.jump("probe");
                        }
                    }));
        }
        return b.build();
    }

    public record Guarded(LongVar x, Lock lock) {}

    /** T threads each do {@code lock(m); r = x; x = r + 1; unlock(m)}: T! traces (the lock order), never a lost update. */
    public static Program<Guarded> lockedIncrements(int threads) {
        Program.Builder<Guarded> b = Program.<Guarded>builder("lockedIncrements(" + threads + ")")
                .setup(m -> new Guarded(m.longVar("x", 0), m.mutex("m")))
                .outcome(s -> "x=" + s.x().peek())
                .expect("x=" + threads, Grade.ACCEPTABLE, "every increment counted")
                .otherwise(Grade.FORBIDDEN);
        for (int t = 0; t < threads; t++) {
            b.thread("T" + t, s -> s
                    .lock("L", Guarded::lock)
                    .step("R", (st, c) -> c.set("r", st.x().get()))
                    .step("W", (st, c) -> st.x().set(c.getLong("r") + 1))
                    .unlock("U", Guarded::lock));
        }
        return b.build();
    }

    public record Semaphore(LongVar x, Lock sem, long[] seen) {}

    /**
     * One writer {@code down_write; x = 1; up_write} and R readers {@code down_read; r = x; up_read}
     * on an rw_semaphore: readers share it, so each reader is before or after the writer: 2^R traces.
     */
    public static Program<Semaphore> readersWriter(int readers) {
        Program.Builder<Semaphore> b = Program.<Semaphore>builder("readersWriter(" + readers + ")")
                .setup(m -> new Semaphore(m.longVar("x", 0), m.rwsem("sem"), new long[readers]))
                .outcome(s -> Arrays.stream(s.seen()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                .thread("W", s -> s
                        .lock("L", (st, c) -> st.sem(), (st, c) -> st.x().set(1))
                        .unlock("U", Semaphore::sem));
        for (int t = 0; t < readers; t++) {
            int me = t;
            b.thread("R" + t, s -> s
                    .readLock("L", (st, c) -> st.sem(), (st, c) -> st.seen()[me] = st.x().get())
                    .unlock("U", Semaphore::sem));
        }
        return b.build();
    }

    public record Forks(Lock[] fork) {}

    /**
     * N dining philosophers, each locking its left fork, then its right, then unlocking both:
     * every order of the forks' owners, plus the deadlock where each holds its left fork.
     */
    public static Program<Forks> philosophers(int n) {
        Program.Builder<Forks> b = Program.<Forks>builder("philosophers(" + n + ")")
                .setup(m -> {
                    Lock[] f = new Lock[n];
                    for (int i = 0; i < n; i++) f[i] = m.spinlock("fork" + i);
                    return new Forks(f);
                })
                .expect("DEADLOCK", Grade.FORBIDDEN, "each holds its left fork and waits for the right one");
        for (int i = 0; i < n; i++) {
            int left = i, right = (i + 1) % n;
            b.thread("P" + i, s -> s
                    .lock("L", st -> st.fork()[left])
                    .lock("R", st -> st.fork()[right])
                    .unlock("UR", st -> st.fork()[right])
                    .unlock("UL", st -> st.fork()[left]));
        }
        return b.build();
    }

    public record Locks(Lock a, Lock b) {}

    /** T0 locks A then B, T1 locks B then A: 2 complete traces and 1 deadlock. */
    public static Program<Locks> abba() {
        return Program.<Locks>builder("abba")
                .setup(m -> new Locks(m.spinlock("A"), m.spinlock("B")))
                .expect("DEADLOCK", Grade.FORBIDDEN, "each holds the lock the other waits for")
                .thread("T0", s -> s.lock("A1", Locks::a).lock("B1", Locks::b).unlock("B2", Locks::b).unlock("A2", Locks::a))
                .thread("T1", s -> s.lock("B1", Locks::b).lock("A1", Locks::a).unlock("A2", Locks::a).unlock("B2", Locks::b))
                .build();
    }
}
