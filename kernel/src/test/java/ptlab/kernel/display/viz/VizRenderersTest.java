package ptlab.kernel.display.viz;

import org.junit.jupiter.api.Test;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RendererRegistry;
import ptlab.race.Result;
import ptlab.race.Strategy;
import ptlab.race.examples.Classic;
import ptlab.viz.Comparison;
import ptlab.viz.LockCharts;
import ptlab.viz.OutcomeChart;
import ptlab.viz.TraceSvg;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VizRenderersTest {
    private final RendererRegistry registry = RendererRegistry.load(getClass().getClassLoader());

    private static BufferedImage png(MimeBundle b) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) b.get(MimeBundle.PNG))));
    }

    @Test
    void aResultShowsItsTableAndItsChartAsPngAlsoInsideTheHtml() throws Exception {
        Result r = Classic.abba().explore();
        MimeBundle b = registry.render(r);
        assertEquals(Set.of(MimeBundle.HTML, MimeBundle.PNG, MimeBundle.TEXT), b.data().keySet());
        BufferedImage image = png(b);
        assertEquals(OutcomeChart.of(r).width(), image.getWidth());
        String html = (String) b.get(MimeBundle.HTML);
        assertTrue(html.contains("<img alt=\"outcome chart\" src=\"data:image/png;base64," + b.get(MimeBundle.PNG) + "\">"));
        assertTrue(html.contains("of 3 traces"));
        assertEquals(r.toString(), b.get(MimeBundle.TEXT));
    }

    @Test
    void aPortfolioShowsAChartPerSampler() {
        MimeBundle b = registry.render(Classic.lostUpdate(2).explore(Strategy.portfolio(200, 1)));
        String html = (String) b.get(MimeBundle.HTML);
        assertEquals(3, html.split("<img alt=\"outcome chart\"", -1).length - 1);
        assertTrue(b.get(MimeBundle.PNG) == null, "one bundle holds one image: the charts are in the HTML");
    }

    @Test
    void chartsArePngsWithTheirSizeAndADescription() throws Exception {
        var chart = LockCharts.blockedSteps(Classic.abba().explore().locks());
        MimeBundle b = registry.render(chart);
        assertEquals(Map.of("width", chart.width(), "height", chart.height()), b.metadata().get(MimeBundle.PNG));
        assertEquals(chart.height(), png(b).getHeight());
        assertTrue(((String) b.get(MimeBundle.TEXT)).startsWith("heatmap: Lock contention"));
        MimeBundle svg = registry.render(OutcomeChart.of(Classic.abba().explore()).svg());
        assertTrue(((String) svg.get(MimeBundle.SVG)).contains("<svg"));
        assertEquals(svg.get(MimeBundle.SVG), svgInHtmlImage(svg));
        assertTrue(((String) svg.get(MimeBundle.TEXT)).startsWith("bar chart: abba"));
    }

    private static String svgInHtmlImage(MimeBundle b) {
        var m = Pattern.compile("^<img src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\" alt=\"[^\"]*\">$")
                .matcher((String) b.get(MimeBundle.HTML));
        assertTrue(m.matches(), (String) b.get(MimeBundle.HTML));
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    @Test
    void traceSvgAndComparisonRender() {
        var trace = Classic.abba().explore().counterexample("DEADLOCK").trace();
        MimeBundle t = registry.render(TraceSvg.of(trace));
        assertTrue(((String) t.get(MimeBundle.SVG)).contains("class=\"lane\""));
        assertEquals(t.get(MimeBundle.SVG), svgInHtmlImage(t), "the HTML image is the same SVG, for nbconvert 6.5");
        assertEquals(trace.toString(), t.get(MimeBundle.TEXT));
        Comparison c = Comparison.builder("abba").cell("locks", "DPOR", Classic.abba().explore()).build();
        MimeBundle g = registry.render(c);
        assertTrue(((String) g.get(MimeBundle.HTML)).contains("DEADLOCK (1)"));
        assertTrue(((String) g.get(MimeBundle.TEXT)).contains("!! DEADLOCK (1)"));
    }

    @Test
    void aRendererThatFailsLeavesTextPlain() {
        RendererRegistry r = new RendererRegistry();
        r.register(OutcomeChart.class, c -> { throw new InternalError("Fontconfig head is null"); });
        OutcomeChart chart = OutcomeChart.of(Classic.abba().explore());
        MimeBundle b = r.render(chart);
        assertEquals(Set.of(MimeBundle.TEXT), b.data().keySet());
        assertEquals(chart.toString(), b.get(MimeBundle.TEXT));
        assertNotNull(r.render(chart, MimeBundle.PNG).get(MimeBundle.TEXT));
        assertFalse(b.data().containsKey(MimeBundle.PNG));
    }
}
