package ptlab.kernel;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/** Loads AWT, the fonts and the PNG writer in the background, so the first cell that draws a chart does not pay for it. */
final class Warmup {
    private Warmup() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            try {
                BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
                Graphics2D g = image.createGraphics();
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString("0", 0, 8);
                g.dispose();
                ImageIO.write(image, "png", OutputStream.nullOutputStream());
            } catch (Throwable ignored) {
                // A machine without fonts fails here and again, with a clear error, in the cell that draws.
            }
        }, "ptlab-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
