package ptlab.kernel.display;

import java.awt.AWTError;
import java.util.function.Supplier;

/**
 * Drawing can fail for reasons outside the cell: no fonts ("Fontconfig head is null", an
 * InternalError), a DISPLAY without an X server (AWTError), a chart library missing from the class
 * path (LinkageError). Such a failure costs the picture, never the value: the caller falls back to
 * what it can still show, and the reason goes to stderr.
 */
public final class RenderFailures {
    private RenderFailures() {}

    /** The supplier's value, or null (with a note on stderr) if drawing failed. */
    public static <T> T attempt(String what, Supplier<T> draw) {
        try {
            return draw.get();
        } catch (RuntimeException | LinkageError | AWTError | InternalError e) {
            System.err.println("Rendering " + what + " failed (" + e + "); showing what remains.");
            return null;
        }
    }
}
