package ptlab.viz;

import org.junit.jupiter.api.Test;
import ptlab.race.Lock;
import ptlab.race.LockMetrics;
import ptlab.race.LongVar;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockChartsTest {
    record S(Lock ptl, Lock sem, LongVar x) {}

    /** Two threads increment under ptl; then each takes mmap_lock for read, which never blocks. */
    static Result contended() {
        Program.Builder<S> b = Program.<S>builder("contention")
                .setup(m -> new S(m.spinlock("ptl"), m.rwsem("mmap_lock"), m.longVar("x", 0)))
                .outcome(s -> "x=" + s.x().peek());
        for (String name : List.of("T0", "T1")) {
            b.thread(name, t -> t.lock("L", S::ptl).step("R", (s, c) -> c.set("r", s.x().get()))
                    .step("W", (s, c) -> s.x().set(c.getLong("r") + 1)).unlock("U", S::ptl)
                    .readLock("M", S::sem).unlock("MU", S::sem));
        }
        return b.build().explore(Strategy.dfs());
    }

    @Test
    void heatmapCountsBlockedStepsPerThreadAndLock() throws Exception {
        LockMetrics m = contended().locks();
        LockHeatmap h = LockCharts.blockedSteps(m);
        assertEquals(List.of("T0", "T1"), h.threads());
        assertEquals(List.of("ptl", "mmap_lock"), h.locks());
        assertEquals(m.lock("ptl").orElseThrow().blockedSteps(0), h.value("ptl", "T0"));
        assertTrue(h.value("ptl", "T1") > 0);
        assertEquals(0, h.value("mmap_lock", "T0"), "readers share mmap_lock");
        LockHeatmap e = LockCharts.blockedExecutions(m);
        assertEquals(m.lock("ptl").orElseThrow().blockedExecutions(1), e.value("ptl", "T1"));
        BufferedImage image = Images.decode(h.png());
        assertEquals(Pictures.WIDTH, image.getWidth());
        assertEquals(h.height(), image.getHeight());
        assertTrue(Images.pixels(image, new Color(0xc83737)) > 1_000, "the most contended cell takes the top colour");
        assertArrayEquals(h.png(), LockCharts.blockedSteps(contended().locks()).png());
        assertThrows(IllegalArgumentException.class, () -> h.value("nope", "T0"));
    }

    @Test
    void holdLengthsPerLockAndPerOutcome() throws Exception {
        LockMetrics m = contended().locks();
        LengthChart all = LockCharts.holdLengths(m);
        assertEquals(List.of("ptl", "mmap_lock"), List.copyOf(all.series().keySet()));
        // ptl is taken by both threads in every execution and released three steps later at the
        // earliest (L, R, W, U), later when the other thread's mmap_lock steps come in between.
        long executions = m.lock("ptl").orElseThrow().acquisitions(0);
        assertEquals(2 * executions, all.series().get("ptl").count());
        assertEquals(0, all.count("ptl", 2));
        assertTrue(all.count("ptl", 3) > 0 && all.count("ptl", 3) < 2 * executions);
        assertEquals(List.of("0", "1", "2", "3"), all.lengths().subList(0, 4));
        LengthChart waits = LockCharts.waitLengths(m, "ptl");
        assertEquals(List.of("x=2"), List.copyOf(waits.series().keySet()), "a series per outcome");
        BufferedImage image = Images.decode(all.png());
        assertEquals(all.width(), image.getWidth());
        assertTrue(Images.pixels(image, LengthChart.SERIES[0]) > 500, "the first lock's bars");
        assertThrows(IllegalArgumentException.class, () -> LockCharts.holdLengths(m, "nope"));
    }

    @Test
    void deadlockContentionShowsUnderItsOutcome() {
        LockMetrics m = Classic.abba().explore().locks();
        LengthChart byOutcome = LockCharts.holdLengths(m, "A");
        assertTrue(List.copyOf(byOutcome.series().keySet()).contains("DEADLOCK"), List.copyOf(byOutcome.series().keySet()).toString());
        assertEquals(1, LockCharts.blockedExecutions(m).value("A", "T1"), "T1 waits for A once, in the deadlock");
    }
}
