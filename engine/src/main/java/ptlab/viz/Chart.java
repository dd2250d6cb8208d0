package ptlab.viz;

/**
 * A picture drawn with XChart. PNG is the default form (small, and what every front end shows);
 * SVG is there on request (XChart draws its text as outlines, so it is about nine times larger).
 * {@link #toString()} describes the chart in words, for text/plain.
 */
public interface Chart {
    /** A freshly built XChart chart: restyle it freely, this object is not affected. */
    org.knowm.xchart.internal.chartpart.Chart<?, ?> xchart();

    int width();

    int height();

    default byte[] png() {
        return Pictures.png(xchart());
    }

    default Svg svg() {
        return new Svg(Pictures.svg(xchart()), toString());
    }
}
