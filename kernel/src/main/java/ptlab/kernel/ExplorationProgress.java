package ptlab.kernel;

import ptlab.race.Exploration;

import java.util.function.Consumer;

/**
 * Shows every long exploration of a cell as a progress bar: executions done out of done plus the
 * explorer's estimate of what is left, and a one-line summary when it ends.
 */
final class ExplorationProgress implements Consumer<ptlab.race.Progress> {
    private final Progress bar;

    private ExplorationProgress(String title) {
        this.bar = Notebook.progress(title, 0);
    }

    static void install() {
        Exploration.setDefaultProgress(ExplorationProgress::new);
    }

    @Override
    public void accept(ptlab.race.Progress p) {
        if (p.finished()) {
            bar.setTotal(p.executions());
            bar.accept(p.executions());
            bar.done(String.format("%,d %s, %d outcome(s), %.1f s", p.executions(), p.unit(), p.outcomes().size(),
                    p.elapsed().toNanos() / 1e9));
            return;
        }
        bar.setTotal(p.estimatedLeft() >= 0 ? p.executions() + p.estimatedLeft() : 0);
        bar.accept(p.executions());
    }
}
