package ptlab.viz;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import ptlab.race.LockMetrics;
import ptlab.race.LockStats;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Contention as a heatmap: a column per thread, a row per lock, each cell how much the thread waited
 * for the lock (blocked steps, or executions in which it blocked), summed over the exploration.
 */
public final class LockHeatmap implements Chart {
    public enum Measure {
        BLOCKED_STEPS("blocked steps"), BLOCKED_EXECUTIONS("executions in which the thread blocked");

        final String words;

        Measure(String words) {
            this.words = words;
        }
    }

    private final Measure measure;
    private final List<String> threads;
    private final List<String> locks;
    private final long[][] values;

    LockHeatmap(LockMetrics m, Measure measure) {
        this.measure = measure;
        this.threads = m.threads();
        this.locks = m.locks().stream().map(LockStats::name).toList();
        this.values = new long[locks.size()][threads.size()];
        for (int l = 0; l < locks.size(); l++) {
            LockStats s = m.locks().get(l);
            for (int t = 0; t < threads.size(); t++) {
                values[l][t] = measure == Measure.BLOCKED_STEPS ? s.blockedSteps(t) : s.blockedExecutions(t);
            }
        }
    }

    public Measure measure() { return measure; }
    public List<String> threads() { return threads; }
    public List<String> locks() { return locks; }

    public long value(String lock, String thread) {
        int l = locks.indexOf(lock);
        int t = threads.indexOf(thread);
        if (l < 0 || t < 0) throw new IllegalArgumentException("no cell " + lock + " x " + thread + "; locks " + locks + ", threads " + threads);
        return values[l][t];
    }

    public String title() {
        return "Lock contention: " + measure.words + " per thread and lock";
    }

    @Override public int width() { return Pictures.WIDTH; }
    /** Rows of about 40 px, within bounds that stay readable. */
    @Override public int height() { return Math.max(260, Math.min(640, 160 + 48 * locks.size())); }

    @Override
    public HeatMapChart xchart() {
        HeatMapChart c = new HeatMapChartBuilder().width(width()).height(height()).title(title())
                .xAxisTitle("thread").yAxisTitle("lock").build();
        HeatMapStyler s = c.getStyler();
        Pictures.style(s);
        s.setPlotContentSize(1);
        s.setShowValue(true);
        s.setValueFont(Pictures.TEXT);
        s.setHeatMapDecimalValueFormatter(v -> String.format(Locale.US, "%,.0f", v));
        s.setRangeColors(new Color[] {new Color(0xffffff), new Color(0xf6c48a), new Color(0xc83737)});
        s.setYAxisTickMarkSpacingHint(20); // else XChart skips every other lock name
        s.setHeatMapValueDecimalPattern("#,##0");
        s.setAxisTickLabelsFont(Pictures.SMALL);
        s.setMin(0);
        s.setMax(Math.max(1, max()));
        List<Number[]> cells = new ArrayList<>();
        for (int l = 0; l < locks.size(); l++) {
            for (int t = 0; t < threads.size(); t++) cells.add(new Number[] {t, l, values[l][t]});
        }
        c.addSeries(measure.words, threads, locks, cells);
        return c;
    }

    private long max() {
        long m = 0;
        for (long[] row : values) for (long v : row) m = Math.max(m, v);
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("heatmap: ").append(title());
        int w = Math.max(4, locks.stream().mapToInt(String::length).max().orElse(4));
        b.append(String.format("%n  %-" + w + "s", "lock"));
        for (String t : threads) b.append(String.format("  %12s", t));
        for (int l = 0; l < locks.size(); l++) {
            b.append(String.format("%n  %-" + w + "s", locks.get(l)));
            for (long v : values[l]) b.append(String.format(Locale.US, "  %,12d", v));
        }
        return b.toString();
    }
}
