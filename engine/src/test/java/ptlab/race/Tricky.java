package ptlab.race;

/** Small programs that exercise locks, conditions and try-locks in race detection. */
final class Tricky {
    private Tricky() {}

    record Counter(LongVar x, Lock lock) {}

    /** T threads increment under a spinlock taken and released in separate steps: never loses an update. */
    static Program<Counter> lockedCounter(int threads) {
        Program.Builder<Counter> b = Program.<Counter>builder("lockedCounter(" + threads + ")")
                .setup(m -> new Counter(m.longVar("x", 0), m.spinlock("lock")))
                .outcome(s -> "x=" + s.x().peek());
        for (int t = 0; t < threads; t++) {
            b.thread("T" + t, s -> s
                    .lock("L", Counter::lock)
                    .step("R", (st, c) -> c.set("r", st.x().get()))
                    .step("W", (st, c) -> st.x().set(c.getLong("r") + 1))
                    .unlock("U", Counter::lock));
        }
        return b.build();
    }

    record Flag(LongVar flag, LongVar data) {}

    /** A producer publishes data then a flag; a consumer waits for the flag then reads the data. */
    static Program<Flag> flagHandoff() {
        return Program.<Flag>builder("flagHandoff")
                .setup(m -> new Flag(m.longVar("flag", 0), m.longVar("data", 0)))
                .outcome(s -> "data=" + s.data().peek())
                .thread("producer", s -> s
                        .step("P1", (st, c) -> st.data().set(7))
                        .step("P2", (st, c) -> st.flag().set(1)))
                .thread("consumer", s -> s
                        .await("C1", "flag set", (st, c) -> st.flag().get() == 1, (st, c) -> c.set("seen", st.data().get()))
                        .step("C2", (st, c) -> c.raise(c.getLong("seen") == 7 ? "SAW_DATA" : "STALE")))
                .build();
    }

    /**
     * A waiter whose condition holds at first and is falsified only by a writer scheduled after it
     * in the first executions: optimal DPOR meets the wait late, after complete executions.
     * With {@code blocks} false the writer leaves the condition true: the await never waits.
     */
    static Program<Flag> lateWait(boolean blocks) {
        return Program.<Flag>builder("lateWait(" + blocks + ")")
                .setup(m -> new Flag(m.longVar("flag", 0), m.longVar("data", 0)))
                .outcome(s -> "data=" + s.data().peek())
                .thread("waiter", s -> s
                        .await("W1", "flag clear", (st, c) -> st.flag().get() == 0, (st, c) -> c.set("seen", st.data().get()))
                        .step("W2", (st, c) -> st.data().set(c.getLong("seen") + 10)))
                .thread("writer", s -> s.step("D1", (st, c) -> st.data().set(1)))
                .thread("setter", s -> s.step("F1", (st, c) -> st.flag().set(blocks ? 1 : 0)))
                .build();
    }

    record Pair(Lock lock, LongVar x) {}

    /** One thread holds a lock briefly; the other try-locks it: both results are reachable. */
    static Program<Pair> trylockRace() {
        return Program.<Pair>builder("trylockRace")
                .setup(m -> new Pair(m.spinlock("lock"), m.longVar("x", 0)))
                .outcome(s -> "x=" + s.x().peek())
                .thread("holder", s -> s.lock("H1", Pair::lock).unlock("H2", Pair::lock))
                .thread("trier", s -> s.step("T1", (st, c) -> {
                    if (st.lock().tryLock()) {
                        st.x().set(1);
                        st.lock().unlock();
                    }
                }))
                .build();
    }
}
