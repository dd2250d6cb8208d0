package ptlab.race;

import org.junit.jupiter.api.Test;
import ptlab.race.examples.Classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Budgets, cancellation from another thread, interrupts and progress reports. */
class ControlTest {
    @Test
    void executionBudgetStopsExactlyAndSaysSo() {
        Result r = Exploration.of(Classic.lostUpdate(4)).maxExecutions(100).run();
        assertEquals(100, r.executions());
        assertFalse(r.complete());
        assertEquals("execution budget reached", r.stopReason());
        assertTrue(r.toString().contains("INCOMPLETE (execution budget reached)"));
    }

    @Test
    void onTwoWorkersTheBudgetStopsExactlyToo() {
        for (Strategy s : List.of(Strategy.dpor(), Strategy.dfs(), Strategy.random(Long.MAX_VALUE / 4, 1))) {
            Result r = Exploration.of(Classic.lostUpdate(5)).strategy(s).workers(2).maxExecutions(1000).run();
            assertEquals(1000, r.executions(), s.describe());
            assertEquals("execution budget reached", r.stopReason(), s.describe());
        }
        assertTrue(Exploration.of(Classic.lostUpdate(3)).workers(2).maxExecutions(36).run().complete());
    }

    @Test
    void handingOverToSleepSetsStartsTheBudgetOver() {
        // Optimal DPOR completes executions before it meets the wait: they must not use up the budget.
        Collector c = new Collector(3);
        assertThrows(Dpor.ConditionWait.class, () -> new Dpor<>(new Execution<>(Tricky.lateWait(true), 100))
                .run(c, new Control(Long.MAX_VALUE, 0).claim(), Progress.Reporter.NONE));
        assertTrue(c.executions >= 1);
        for (int workers : new int[] {1, 2}) {
            Result r = Exploration.of(Tricky.lateWait(true)).workers(workers).maxExecutions(3).run();
            assertEquals(Result.FELL_BACK, r.note());
            assertEquals(3, r.executions());
            assertEquals("execution budget reached", r.stopReason());
        }
    }

    @Test
    void budgetEqualToTheTraceCountIsComplete() {
        Result r = Exploration.of(Classic.lostUpdate(3)).maxExecutions(36).run();
        assertEquals(36, r.executions());
        assertTrue(r.complete());
    }

    @Test
    void timeBudget() {
        Result r = Exploration.of(Classic.lostUpdate(7)).timeLimit(Duration.ofMillis(200)).run();
        assertFalse(r.complete());
        assertEquals("time budget reached", r.stopReason());
        assertTrue(r.executions() > 0);
    }

    @Test
    void cancelFromAnotherThreadReturnsWhatWasFound() throws Exception {
        for (Strategy s : List.of(Strategy.dpor(), Strategy.dfs(), Strategy.random(Long.MAX_VALUE / 4, 1))) {
            cancelFromAnotherThread(Exploration.of(Classic.lostUpdate(7)).strategy(s));
        }
        cancelFromAnotherThread(Exploration.of(Classic.lostUpdate(7)).workers(2));
    }

    private static void cancelFromAnotherThread(Exploration<?> exploration) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Exploration<?> e = exploration.progressInterval(Duration.ofMillis(10)).onProgress(p -> started.countDown());
        CompletableFuture<Result> f = CompletableFuture.supplyAsync(e::run);
        assertTrue(started.await(30, TimeUnit.SECONDS), "progress reported");
        long t0 = System.nanoTime();
        e.cancel();
        Result r = f.get(30, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - t0 < 500_000_000L, "stops within 0.5 s");
        assertFalse(r.complete(), r.strategy().describe());
        assertEquals("cancelled", r.stopReason());
        assertTrue(r.executions() > 0);
        assertFalse(r.outcomes().keys().isEmpty());
    }

    @Test
    void cancelAllStopsRunningExplorations() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Exploration<?> e = Exploration.of(Classic.lostUpdate(7)).progressInterval(Duration.ofMillis(10)).onProgress(p -> started.countDown());
        CompletableFuture<Result> f = CompletableFuture.supplyAsync(e::run);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertEquals(1, Exploration.cancelAll());
        assertEquals("cancelled", f.get(30, TimeUnit.SECONDS).stopReason());
    }

    @Test
    void interruptingTheExploringThreadCancels() throws Exception {
        Result[] out = new Result[1];
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> out[0] = Exploration.of(Classic.lostUpdate(7)).strategy(Strategy.random(Long.MAX_VALUE / 4, 3))
                .progressInterval(Duration.ofMillis(10)).onProgress(p -> started.countDown()).run());
        t.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        t.interrupt();
        t.join(5_000);
        assertFalse(t.isAlive());
        assertEquals("cancelled", out[0].stopReason());
    }

    @Test
    void progressReportsExecutionsAndAnEstimateOfWhatIsLeft() {
        List<Progress> seen = new ArrayList<>();
        Result r = Exploration.of(Classic.lostUpdate(6)).progressInterval(Duration.ZERO).onProgress(seen::add).run();
        assertFalse(seen.isEmpty());
        Progress last = seen.get(seen.size() - 1);
        assertTrue(last.executions() <= r.executions());
        assertTrue(seen.stream().allMatch(p -> p.unit().equals("traces")));
        assertTrue(seen.stream().anyMatch(p -> p.estimatedLeft() > 0), "an estimate of the traces left");
        assertTrue(last.outcomes().values().stream().mapToLong(Long::longValue).sum() == last.executions());
    }
}
