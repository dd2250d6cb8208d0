package ptlab.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One exploration of a program: strategy, budgets, workers and progress, then {@link #run()}.
 * {@link #cancel()} (or interrupting the running thread) stops it soon after; the result then
 * holds what was found so far and says it is incomplete.
 */
public final class Exploration<S> {
    private static final Set<Exploration<?>> RUNNING = ConcurrentHashMap.newKeySet();
    /** Where explorations without their own callback report progress (a notebook's progress bar). */
    private static volatile Function<String, Consumer<Progress>> defaultProgress;

    private final Program<S> program;
    private Strategy strategy = Strategy.dpor();
    private long maxExecutions = Long.MAX_VALUE;
    private Duration timeLimit = Duration.ZERO;
    private int maxSteps = 10_000;
    /** Zero until set: then one per core, except one for optimal DPOR (see {@link #workers(int)}). */
    private int workers;
    private int sharedDepth = 3;
    private Consumer<Progress> onProgress;
    private Duration progressInterval = Duration.ofMillis(250);
    private volatile Control control;

    private Exploration(Program<S> program) {
        this.program = Objects.requireNonNull(program);
    }

    public static <S> Exploration<S> of(Program<S> program) {
        return new Exploration<>(program);
    }

    public Exploration<S> strategy(Strategy strategy) {
        this.strategy = Objects.requireNonNull(strategy);
        return this;
    }

    /** Stop after this many executions (the result is then incomplete). */
    public Exploration<S> maxExecutions(long max) {
        if (max < 1) throw new IllegalArgumentException("maxExecutions must be at least 1, not " + max);
        this.maxExecutions = max;
        return this;
    }

    public Exploration<S> timeLimit(Duration limit) {
        this.timeLimit = Objects.requireNonNull(limit);
        return this;
    }

    /** The step bound of one execution; an execution still running past it is a program error. */
    public Exploration<S> maxSteps(int max) {
        if (max < 1) throw new IllegalArgumentException("maxSteps must be at least 1, not " + max);
        this.maxSteps = max;
        return this;
    }

    /**
     * Worker threads. By default one per core, but optimal DPOR runs on one unless given more: on
     * several, the top of its tree is explored with source sets ({@link SharedTop}). Traces,
     * outcomes, counts and counterexamples (canonical schedules) are the same; the lock figures
     * of waiting and holding come from whichever execution represents a trace, which then depends
     * on timing, and some explorations may end sleep-set blocked.
     */
    public Exploration<S> workers(int n) {
        if (n < 1) throw new IllegalArgumentException("workers must be at least 1, not " + n);
        this.workers = n;
        return this;
    }

    /** How deep the shared top of parallel DPOR's tree reaches (tests vary it). */
    Exploration<S> sharedDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("the shared depth is at least 1, not " + depth);
        this.sharedDepth = depth;
        return this;
    }

    public Exploration<S> onProgress(Consumer<Progress> callback) {
        this.onProgress = callback;
        return this;
    }

    public Exploration<S> progressInterval(Duration interval) {
        this.progressInterval = interval;
        return this;
    }

    /** Asks a running exploration to stop; {@link #run()} then returns what it found so far. */
    public void cancel() {
        Control c = control;
        if (c != null) c.cancelled = true;
    }

    /**
     * Gives every exploration that has no progress callback of its own one made by {@code factory}
     * from its title, when it first has progress to report (short explorations report none).
     */
    public static void setDefaultProgress(Function<String, Consumer<Progress>> factory) {
        defaultProgress = factory;
    }

    /** Cancels every exploration running in this JVM (what a notebook interrupt does). */
    public static int cancelAll() {
        int n = 0;
        for (Exploration<?> e : RUNNING) {
            e.cancel();
            n++;
        }
        return n;
    }

    public Result run() {
        Control ctl = new Control(maxExecutions, timeLimit.toNanos());
        control = ctl;
        RUNNING.add(this);
        Consumer<Progress> own = onProgress;
        Function<String, Consumer<Progress>> factory = defaultProgress;
        if (own == null && factory != null) onProgress = new LazyProgress(factory, program.name() + " — " + strategy.describe());
        long start = System.nanoTime();
        try {
            Result r;
            if (strategy instanceof Strategy.Portfolio p) {
                r = portfolio(p, ctl, start);
            } else {
                Collector c = strategy.sampling() ? sample(List.of(strategy), ctl, start).get(0) : exhaustive(ctl, start);
                r = Result.of(program, strategy, c, ctl, Duration.ofNanos(System.nanoTime() - start), maxSteps, List.of());
            }
            if (onProgress instanceof LazyProgress lazy) lazy.finish(r);
            return r;
        } finally {
            onProgress = own;
            RUNNING.remove(this);
            control = null;
        }
    }

    /** Creates the default progress callback on the first report, and closes it with the result. */
    private static final class LazyProgress implements Consumer<Progress> {
        private final Function<String, Consumer<Progress>> factory;
        private final String title;
        private Consumer<Progress> target;

        LazyProgress(Function<String, Consumer<Progress>> factory, String title) {
            this.factory = factory;
            this.title = title;
        }

        @Override
        public void accept(Progress p) {
            if (target == null) target = factory.apply(title);
            target.accept(p);
        }

        void finish(Result r) {
            if (target == null) return;
            Map<String, Long> counts = new HashMap<>();
            r.outcomes().rows().forEach(o -> counts.put(o.key(), o.count()));
            target.accept(new Progress(r.executions(), 0, Map.copyOf(counts), r.elapsed(), r.unit(), true));
        }
    }

    private Result portfolio(Strategy.Portfolio p, Control ctl, long start) {
        List<Collector> perMember = sample(p.members(), ctl, start);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        List<Result> members = new ArrayList<>();
        Collector all = new Collector(program.threads().size());
        for (int m = 0; m < perMember.size(); m++) {
            members.add(Result.of(program, p.members().get(m), perMember.get(m), ctl, elapsed, maxSteps, List.of()));
            all.merge(perMember.get(m));
        }
        return Result.of(program, p, all, ctl, elapsed, maxSteps, members);
    }

    /**
     * Exhaustive exploration. Optimal DPOR on several workers shares the top of its tree
     * ({@link SharedTop}); where a thread waits for a condition, it hands over to DFS with sleep
     * sets, started over (see {@link Dpor}). The DFS strategies cut the top of the tree into
     * prefixes, each with the sleep set it starts with; workers take the prefixes' subtrees in
     * turn. Execution orders are (prefix, order within), so results do not depend on the number
     * of workers.
     */
    private Collector exhaustive(Control ctl, long start) {
        if (!(strategy instanceof Strategy.Dpor)) {
            return search(ctl, start, strategy instanceof Strategy.PreemptionBounded b ? b.bound() : -1, false);
        }
        try {
            return optimalDpor(ctl, start);
        } catch (Dpor.ConditionWait w) {
            ctl.restart();
            Collector c = search(ctl, start, -1, true);
            c.fellBack = true;
            return c;
        }
    }

    private Collector optimalDpor(Control ctl, long start) {
        int workers = workers(true);
        if (workers > 1) return parallelDpor(ctl, start, workers);
        Collector c = new Collector(program.threads().size());
        new Dpor<>(execution(c)).run(c, ctl.claim(), inlineReporter(start));
        return c;
    }

    /** DFS over every schedule, preemption-bounded (bound &ge; 0), or with sleep sets. */
    private Collector search(Control ctl, long start, int bound, boolean sleepSets) {
        int workers = workers(false);
        if (workers == 1) {
            Collector c = new Collector(program.threads().size());
            new Dfs<>(execution(c), bound, sleepSets).run(new int[0], new Sleep(), c, ctl.claim(), inlineReporter(start), 0);
            return c;
        }
        List<int[]> prefixes = new ArrayList<>();
        List<Sleep> asleep = new ArrayList<>();
        long blocked = split(bound, sleepSets, workers, prefixes, asleep);
        AtomicInteger nextItem = new AtomicInteger();
        List<List<Collector>> byWorker = new ArrayList<>();
        for (int i = 0; i < workers; i++) byWorker.add(new ArrayList<>());
        parallel(ctl, start, workers, 1, (w, cs, reporter) -> {
            Collector c = cs.get(0);
            Dfs<S> dfs = new Dfs<>(execution(c), bound, sleepSets);
            Control.Claim claim = ctl.claimEach();
            for (int i; (i = nextItem.getAndIncrement()) < prefixes.size() && ctl.stopReason() == null; ) {
                dfs.run(prefixes.get(i), sleepSets ? asleep.get(i) : new Sleep(), c, claim, reporter, (long) i << 32);
            }
        }, byWorker);
        Collector all = new Collector(program.threads().size());
        byWorker.forEach(cs -> all.merge(cs.get(0)));
        all.sleepBlocked += blocked;
        return all;
    }

    /** The workers asked for, else one per core, or one for optimal DPOR. */
    private int workers(boolean optimalDpor) {
        if (workers > 0) return workers;
        return optimalDpor ? 1 : Runtime.getRuntime().availableProcessors();
    }

    private Collector parallelDpor(Control ctl, long start, int workers) {
        SharedTop top = new SharedTop(sharedDepth);
        List<List<Collector>> byWorker = new ArrayList<>();
        for (int i = 0; i < workers; i++) byWorker.add(new ArrayList<>());
        parallel(ctl, start, workers, 1, (w, cs, reporter) ->
                new Dpor<>(execution(cs.get(0)), top).run(cs.get(0), ctl.claimEach(), reporter), byWorker);
        Collector all = new Collector(program.threads().size());
        byWorker.forEach(cs -> all.merge(cs.get(0)));
        return all;
    }

    /**
     * Cuts the tree into enough prefixes to keep every worker busy (with sleep sets: and the sleep
     * set each prefix ends with); returns how many prefixes ended sleep-set blocked.
     */
    private long split(int bound, boolean sleepSets, int workers, List<int[]> prefixes, List<Sleep> asleep) {
        Dfs<S> dfs = new Dfs<>(new Execution<>(program, maxSteps), bound, sleepSets);
        for (int cutoff = 1; cutoff <= 64; cutoff++) {
            prefixes.clear();
            asleep.clear();
            dfs.prefixes(cutoff, prefixes, asleep);
            int longest = prefixes.stream().mapToInt(p -> p.length).max().orElse(0);
            if (prefixes.size() >= 16 * workers || longest < cutoff) break;
        }
        return dfs.blocked;
    }

    /** Runs the samplers' runs spread over the workers; returns one collector per sampler. */
    private List<Collector> sample(List<Strategy> samplers, Control ctl, long start) {
        int m = samplers.size();
        long[] runs = new long[m];
        long total = 0;
        for (int i = 0; i < m; i++) {
            runs[i] = samplers.get(i) instanceof Strategy.Pct p ? p.runs() : ((Strategy.RandomWalk) samplers.get(i)).runs();
            total = Math.max(total, runs[i]);
        }
        long tasks = total * m;
        int w = (int) Math.min(workers(false), tasks);
        List<List<Collector>> byWorker = new ArrayList<>();
        for (int i = 0; i < w; i++) byWorker.add(new ArrayList<>());
        parallel(ctl, start, w, m, (worker, collectors, reporter) -> {
            List<Sampler<S>> ss = new ArrayList<>();
            for (int i = 0; i < m; i++) ss.add(new Sampler<>(execution(collectors.get(i)), samplers.get(i)));
            Control.Claim claim = ctl.claim();
            long done = 0;
            for (long task = worker; task < tasks; task += w) {
                int member = (int) (task % m);
                long run = task / m;
                if (run >= runs[member]) continue;
                if (!claim.next()) return;
                ss.get(member).run(run, collectors.get(member));
                if (reporter.due(++done)) collectors.forEach(c -> reporter.report(c, x -> -1));
            }
        }, byWorker);
        List<Collector> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            Collector c = new Collector(program.threads().size());
            for (List<Collector> cs : byWorker) c.merge(cs.get(i));
            out.add(c);
        }
        return out;
    }

    private Execution<S> execution(Collector c) {
        Execution<S> e = new Execution<>(program, maxSteps);
        e.track(c.locks);
        return e;
    }

    /** One worker's share of a parallel exploration, with its own collectors. */
    private interface Job {
        void run(int worker, List<Collector> collectors, Progress.Reporter reporter);
    }

    /**
     * Runs the job on {@code w} daemon threads, each with its own collectors, reporting merged
     * progress from the calling thread; an interrupt of the calling thread cancels the workers.
     */
    private void parallel(Control ctl, long start, int w, int perWorker, Job job, List<List<Collector>> byWorker) {
        CountDownLatch finished = new CountDownLatch(w);
        Throwable[] failure = new Throwable[1];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < w; i++) {
            int worker = i;
            for (int k = 0; k < perWorker; k++) byWorker.get(i).add(new Collector(program.threads().size()));
            Thread t = new Thread(() -> {
                try {
                    job.run(worker, byWorker.get(worker), publishingReporter());
                } catch (Throwable x) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = x;
                    }
                    ctl.abort();
                } finally {
                    for (Collector c : byWorker.get(worker)) c.publish();
                    finished.countDown();
                }
            }, "ptlab-explore-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (finished.await(progressInterval.toNanos(), TimeUnit.NANOSECONDS)) break;
                } catch (InterruptedException x) {
                    interrupted = true;
                    ctl.cancelled = true;
                }
                if (onProgress != null) onProgress.accept(merged(byWorker, start));
            }
        } finally {
            ctl.cancelled |= finished.getCount() > 0;
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            if (failure[0] instanceof RuntimeException r) throw r;
            if (failure[0] instanceof Error err) throw err;
            throw new IllegalStateException(failure[0]);
        }
        if (ctl.cancelled) ctl.stop("cancelled");
    }

    private Progress merged(List<List<Collector>> byWorker, long start) {
        Map<String, Long> counts = new HashMap<>();
        long executions = 0;
        for (List<Collector> cs : byWorker) {
            for (Collector c : cs) {
                c.snapshot().forEach((k, v) -> counts.merge(k, v, Long::sum));
                executions += c.publishedExecutions();
            }
        }
        return new Progress(executions, -1, Map.copyOf(counts), Duration.ofNanos(System.nanoTime() - start), strategy.unit(), false);
    }

    /** Workers publish their counts for the calling thread to merge. */
    private Progress.Reporter publishingReporter() {
        long interval = progressInterval.toNanos();
        return new Progress.Reporter() {
            private long nextAt = System.nanoTime() + interval;

            @Override
            public boolean due(long executions) {
                return (executions & 1023) == 0 && System.nanoTime() >= nextAt;
            }

            @Override
            public void report(Collector c, java.util.function.LongUnaryOperator estimateLeft) {
                c.publish();
                nextAt = System.nanoTime() + interval;
            }
        };
    }

    /** A single worker on the calling thread reports straight to the callback. */
    private Progress.Reporter inlineReporter(long start) {
        if (onProgress == null) return Progress.Reporter.NONE;
        long interval = progressInterval.toNanos();
        return new Progress.Reporter() {
            private long nextAt = System.nanoTime() + interval;

            @Override
            public boolean due(long executions) {
                return (executions & 255) == 0 && System.nanoTime() >= nextAt;
            }

            @Override
            public void report(Collector c, java.util.function.LongUnaryOperator estimateLeft) {
                onProgress.accept(new Progress(c.executions, estimateLeft.applyAsLong(c.executions), Map.copyOf(c.counts()),
                        Duration.ofNanos(System.nanoTime() - start), strategy.unit(), false));
                nextAt = System.nanoTime() + interval;
            }
        };
    }
}
