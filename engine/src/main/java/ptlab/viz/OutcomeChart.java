package ptlab.viz;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.CategoryStyler;
import ptlab.race.Grade;
import ptlab.race.Interval;
import ptlab.race.Outcome;
import ptlab.race.OutcomeTable;
import ptlab.race.Result;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Outcome frequencies as bars: one bar per outcome, labelled with its count and share, coloured by
 * grade, titled with the denominator and unit; for sampled runs a whisker spans the 95% interval.
 */
public final class OutcomeChart implements Chart {
    /** More bars than this are unreadable at notebook width; the table still lists them all. */
    static final int MAX_BARS = 24;
    /** Keys longer than this are shortened on the axis (the table shows them whole). */
    static final int MAX_LABEL = 36;
    static final int HEIGHT = 420;

    /**
     * One bar. {@code whisker} is the half-width drawn, in counts: XChart's error bars are symmetric,
     * so the larger side of the (asymmetric) Wilson interval is drawn, which covers the interval.
     */
    public record Bar(String key, String label, long count, double share, Grade grade, Interval interval, double whisker) {}

    private final String title;
    private final long total;
    private final List<Bar> bars;
    private final int omitted;

    private OutcomeChart(String title, long total, List<Bar> bars, int omitted) {
        this.title = title;
        this.total = total;
        this.bars = List.copyOf(bars);
        this.omitted = omitted;
    }

    public static OutcomeChart of(Result r) {
        if (!r.members().isEmpty()) {
            throw new IllegalArgumentException("a portfolio has one outcome table per sampler: chart each of r.members()");
        }
        return of(r.outcomes(), r.program() + " — " + r.strategy().describe());
    }

    /** {@code name} heads the title, the denominator ("of 224 traces") follows it. */
    public static OutcomeChart of(OutcomeTable t, String name) {
        List<Outcome> shown = pick(t.rows());
        List<Bar> bars = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (Outcome o : shown) {
            String label = shorten(o.key());
            if (!labels.add(label)) label = o.key();
            Interval i = o.interval();
            double whisker = i == null ? 0 : t.total() * Math.max(o.share() - i.low(), i.high() - o.share());
            bars.add(new Bar(o.key(), label, o.count(), o.share(), o.grade(), i, whisker));
        }
        String title = name + " — " + t.denominator();
        int omitted = t.rows().size() - shown.size();
        if (omitted > 0) title += " (" + shown.size() + " of " + t.rows().size() + " outcomes)";
        return new OutcomeChart(title, t.total(), bars, omitted);
    }

    /** Table order (most frequent first), but never dropping an outcome that is not ACCEPTABLE. */
    private static List<Outcome> pick(List<Outcome> rows) {
        if (rows.size() <= MAX_BARS) return rows;
        long bad = rows.stream().filter(o -> o.grade() != Grade.ACCEPTABLE).count();
        long acceptable = Math.max(0, MAX_BARS - bad);
        List<Outcome> picked = new ArrayList<>();
        for (Outcome o : rows) {
            if (o.grade() != Grade.ACCEPTABLE || acceptable-- > 0) picked.add(o);
        }
        return picked;
    }

    private static String shorten(String key) {
        return key.length() <= MAX_LABEL ? key : key.substring(0, MAX_LABEL - 1) + "…";
    }

    public String title() { return title; }
    public long total() { return total; }
    public List<Bar> bars() { return bars; }
    /** Outcomes in the table that have no bar (beyond {@link #MAX_BARS}). */
    public int omitted() { return omitted; }
    @Override public int width() { return Pictures.WIDTH; }
    @Override public int height() { return HEIGHT; }

    @Override
    public CategoryChart xchart() {
        CategoryChart c = Pictures.barChart(width(), height(), title, "outcome", "count (share)");
        CategoryStyler s = c.getStyler();
        s.setOverlapped(true); // one series per grade, each bar in its own category: no gaps
        s.setLabelsVisible(true);
        s.setLabelsPosition(1.06); // above the bar, so a tiny bar's label stays readable
        s.setLabelsFontColorAutomaticEnabled(false);
        s.setLabelsFontColor(java.awt.Color.BLACK);
        s.setLabelsFont(Pictures.SMALL);
        s.setErrorBarsColorSeriesColor(false);
        s.setErrorBarsColor(java.awt.Color.DARK_GRAY);
        s.setYAxisTickLabelsFormattingFunction(this::countAndShare);
        if (crowded()) s.setXAxisLabelRotation(30);
        List<String> categories = bars.stream().map(Bar::label).toList();
        boolean whiskers = bars.stream().anyMatch(b -> b.interval() != null);
        for (Grade g : Grade.values()) {
            if (bars.stream().noneMatch(b -> b.grade() == g)) continue;
            List<Double> counts = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (Bar b : bars) {
                counts.add(b.grade() == g ? (double) b.count() : null);
                errors.add(b.grade() == g ? b.whisker() : null);
            }
            String name = g.name().toLowerCase(Locale.ROOT);
            var series = whiskers ? c.addSeries(name, categories, counts, errors) : c.addSeries(name, categories, counts);
            series.setFillColor(GradeColors.bar(g));
        }
        return c;
    }

    /**
     * "5,003 (50.0%)". XChart formats bar labels and axis ticks with the same function; a tick
     * between two whole counts (on a small axis) is left blank rather than rounded to a false count.
     */
    String countAndShare(double v) {
        if (Math.abs(v - Math.rint(v)) > 1e-6) return "";
        return String.format(Locale.US, "%,.0f (%.1f%%)", v, 100 * v / Math.max(1, total));
    }

    /** Whether the axis labels would run into each other unrotated (about 7 px a character). */
    private boolean crowded() {
        int slot = (width() - 160) / Math.max(1, bars.size());
        return bars.stream().anyMatch(b -> b.label().length() * 7 > slot);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("bar chart: ").append(title);
        for (Bar bar : bars) {
            b.append(String.format(Locale.US, "%n  %-" + MAX_LABEL + "s %,12d  %6.2f%%  %s", bar.label(), bar.count(),
                    100 * bar.share(), bar.grade()));
        }
        return b.toString();
    }
}
