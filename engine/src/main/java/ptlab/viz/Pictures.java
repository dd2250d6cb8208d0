package ptlab.viz;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Encodes XChart charts and gives them one look. Fonts, sizes and locale are fixed so that the same
 * chart gives the same bytes on every machine with the same fonts (the default locale would turn
 * 5,000 into 5.000); ImageIO's PNG writer adds no timestamp.
 */
public final class Pictures {
    private Pictures() {}

    /** Fits a notebook output area (about 900 px) without scaling. */
    public static final int WIDTH = 880;

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    static void style(Styler s) {
        s.setLocale(Locale.US);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(TITLE);
        s.setBaseFont(TEXT);
        s.setLegendFont(TEXT);
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
    }

    /** A bar chart in the common style: legend below, small tick labels, counts from 0 with thousands separators. */
    static CategoryChart barChart(int width, int height, String title, String xAxisTitle, String yAxisTitle) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        CategoryStyler s = c.getStyler();
        style(s);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setAxisTickLabelsFont(SMALL);
        s.setYAxisMin(0.0);
        s.setYAxisDecimalPattern("#,##0");
        return c;
    }

    public static byte[] png(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
