package ptlab.kernel;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Pays first-use costs in the background, so that the first cell does not: AWT, the fonts and the
 * PNG writer for charts. Not Tablesaw's class-path scan (0.5-2 s in Table's static initializer): on
 * two cores it doubled the first kernel_info round trip (3.0 -> 7.4 ms median, kernel/bench/bench.py),
 * and only a cell that builds a table pays it, once.
 */
final class Warmup {
    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                chart();
            } catch (Throwable ignored) {
                // A failure here (say, a machine without fonts) happens again, with a clear error, in the cell that needs it.
            }
        }, "ptlab-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void chart() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("0", 0, 8);
        g.dispose();
        ImageIO.write(image, "png", OutputStream.nullOutputStream());
    }
}
