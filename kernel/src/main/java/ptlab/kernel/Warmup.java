package ptlab.kernel;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import ptlab.kernel.display.viz.TableRenderer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pays first-use costs in the background, so that the first cell does not: AWT, the fonts and the
 * PNG writer for charts; Tablesaw's class-path scan (0.5-2 s, in Table's static initializer) for tables.
 */
final class Warmup {
    private Warmup() {
    }

    private interface Task {
        void run() throws Exception;
    }

    static void start() {
        Thread t = new Thread(() -> {
            quietly(Warmup::chart);
            quietly(() -> new TableRenderer().render(Table.create("warmup", StringColumn.create("c", "x"))));
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

    private static void quietly(Task task) {
        try {
            task.run();
        } catch (Throwable ignored) {
            // A failure here (say, a machine without fonts) happens again, with a clear error, in the cell that needs it.
        }
    }
}
