package ptlab.viz;

import org.knowm.xchart.CategoryChart;
import ptlab.race.Histogram;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long locks were held or waited for, in scheduler steps: a group of bars per length, a bar per
 * series (a lock, or an outcome for one lock), each the number of holds or waits of that length.
 */
public final class LengthChart implements Chart {
    /** The last bar counts every length from here up (the histograms are exact below 64). */
    static final int LAST = 64;
    static final Color[] SERIES = {new Color(0x3b6fb6), new Color(0x8a5cb8), new Color(0x2a9d8f), new Color(0x9c6b30),
            new Color(0xc0508a), new Color(0x5a6b7b), new Color(0x7a8a2a), new Color(0x1f4e79)};

    private final String title;
    private final Map<String, Histogram> series;
    private final int longest;

    LengthChart(String title, Map<String, Histogram> series) {
        this.title = title;
        this.series = new LinkedHashMap<>(series);
        this.longest = Math.min(LAST, series.values().stream().mapToInt(Histogram::max).max().orElse(0));
    }

    public String title() { return title; }
    /** The series in drawing order (locks as listed, outcomes by key), each a histogram of lengths. */
    public Map<String, Histogram> series() { return Collections.unmodifiableMap(series); }

    /** The lengths on the axis: 0 up to the longest seen ("64+" collects the rest). */
    public List<String> lengths() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i <= Math.max(0, longest); i++) l.add(i == LAST ? LAST + "+" : Integer.toString(i));
        return l;
    }

    public long count(String name, int length) {
        Histogram h = series.get(name);
        if (h == null) throw new IllegalArgumentException("no series '" + name + "'; series: " + series.keySet());
        return h.countOf(length);
    }

    @Override public int width() { return Pictures.WIDTH; }
    @Override public int height() { return 380; }

    @Override
    public CategoryChart xchart() {
        CategoryChart c = Pictures.barChart(width(), height(), title, "length in steps", "count");
        c.getStyler().setSeriesColors(SERIES);
        List<String> x = lengths();
        if (series.isEmpty()) {
            c.addSeries("none", x, x.stream().map(v -> 0).toList());
            return c;
        }
        for (Map.Entry<String, Histogram> e : series.entrySet()) {
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) counts.add(e.getValue().countOf(i));
            c.addSeries(e.getKey(), x, counts);
        }
        return c;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("bar chart: ").append(title);
        series.forEach((name, h) -> b.append(String.format(Locale.US, "%n  %s: %s", name, h)));
        return b.toString();
    }
}
