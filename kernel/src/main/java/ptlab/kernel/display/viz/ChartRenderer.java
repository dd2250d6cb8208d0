package ptlab.kernel.display.viz;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.viz.Chart;

import java.util.Base64;
import java.util.Map;

/**
 * Every ptlab chart (outcomes, lock heatmap, length distributions) as image/png with its displayed
 * size, and the chart described in words as text/plain. SVG on request: {@code chart.svg()}.
 */
public final class ChartRenderer implements Renderer<Chart> {
    @Override
    public Class<Chart> type() {
        return Chart.class;
    }

    @Override
    public MimeBundle render(Chart c) {
        return new MimeBundle()
                .with(MimeBundle.PNG, Base64.getEncoder().encodeToString(c.png()))
                .withMetadata(MimeBundle.PNG, Map.of("width", c.width(), "height", c.height()))
                .with(MimeBundle.TEXT, c.toString());
    }
}
