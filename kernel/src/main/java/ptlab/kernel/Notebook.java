package ptlab.kernel;

import ptlab.kernel.comm.Comm;
import ptlab.kernel.comm.CommManager;
import ptlab.kernel.display.DisplaySink;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RendererRegistry;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The functions a cell calls to show things; every cell imports them statically. The names are the
 * ones Java kernels already use (display, updateDisplay, clearOutput, render).
 */
public final class Notebook {
    private static volatile DisplaySink sink;
    private static volatile CommManager comms;
    private static final RendererRegistry registry = RendererRegistry.load(Notebook.class.getClassLoader());

    private Notebook() {
    }

    static void attach(DisplaySink kernel, CommManager commManager) {
        sink = kernel;
        comms = commManager;
    }

    /** Every renderer on the class path, and those cells register: the kernel renders cell results with them too. */
    static RendererRegistry renderers() {
        return registry;
    }

    /** Shows the value below the cell and returns the display id for {@link #updateDisplay}. */
    public static String display(Object value) {
        return show(value, new String[0]);
    }

    /** Shows the value as the given MIME types only, e.g. {@code display("<b>x</b>", "text/html")}. */
    public static String display(Object value, String... mimeTypes) {
        return show(value, mimeTypes);
    }

    public static void updateDisplay(String displayId, Object value) {
        updateDisplay(displayId, value, new String[0]);
    }

    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        if (displayId == null) throw new IllegalArgumentException("updateDisplay needs the id that display() returned");
        sink().update(displayId, render(value, mimeTypes));
    }

    public static void clearOutput() {
        clearOutput(false);
    }

    /** With wait, the output is cleared only when new output arrives, which avoids flicker in animations. */
    public static void clearOutput(boolean wait) {
        sink().clearOutput(wait);
    }

    /** The MIME bundle a value renders to, without showing it. */
    public static MimeBundle render(Object value, String... mimeTypes) {
        if (value == null) return MimeBundle.text("null");
        return registry.render(value, mimeTypes);
    }

    /** Makes values of this type (and its subtypes) render with fn, here and as cell results. */
    public static <T> void registerRenderer(Class<T> type, Function<? super T, MimeBundle> fn) {
        registry.register(type, fn);
    }

    /** Lets the front end open comms on targetName; onOpen receives each comm it opens. */
    public static void registerCommTarget(String targetName, Consumer<Comm> onOpen) {
        CommManager c = comms;
        if (c == null) throw new IllegalStateException("no notebook kernel is running in this JVM");
        c.register(targetName, onOpen);
    }

    /** An updatable progress bar; pass it to engine code as a plain {@code LongConsumer}. */
    public static Progress progress(String label, long total) {
        return new Progress(label, total);
    }

    private static String show(Object value, String[] mimeTypes) {
        String id = UUID.randomUUID().toString();
        sink().display(id, render(value, mimeTypes));
        return id;
    }

    private static DisplaySink sink() {
        DisplaySink s = sink;
        if (s == null) throw new IllegalStateException("no notebook kernel is running in this JVM");
        return s;
    }
}
