package ptlab.kernel.display;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the renderer for a value by its type; values with none, or whose renderer fails, render as
 * their toString().
 */
public final class RendererRegistry {
    private final Map<Class<?>, Function<Object, MimeBundle>> byType = new ConcurrentHashMap<>();

    /** A registry with every {@link Renderer} that the class loader's service files list. */
    public static RendererRegistry load(ClassLoader loader) {
        RendererRegistry r = new RendererRegistry();
        for (Renderer<?> renderer : ServiceLoader.load(Renderer.class, loader)) r.register(renderer);
        return r;
    }

    public <T> void register(Renderer<T> renderer) {
        register(renderer.type(), renderer::render);
    }

    public <T> void register(Class<T> type, Function<? super T, MimeBundle> fn) {
        if (type == null || fn == null) throw new IllegalArgumentException("registerRenderer needs a type and a function");
        byType.put(type, value -> fn.apply(type.cast(value)));
    }

    public MimeBundle render(Object value) {
        if (value instanceof MimeBundle) return (MimeBundle) value;
        Function<Object, MimeBundle> fn = lookup(value.getClass());
        MimeBundle bundle = fn == null ? null : RenderFailures.attempt(value.getClass().getName(), () -> fn.apply(value));
        if (bundle == null) bundle = new MimeBundle();
        if (bundle.get(MimeBundle.TEXT) == null) bundle.with(MimeBundle.TEXT, plainText(value));
        return bundle;
    }

    /**
     * Renders to the requested types only. A string asked for as a type nothing else produced is taken
     * as that representation, as in {@code display("<b>x</b>", "text/html")}.
     */
    public MimeBundle render(Object value, String... mimeTypes) {
        if (mimeTypes == null || mimeTypes.length == 0) return render(value);
        MimeBundle full = render(value);
        MimeBundle picked = full.only(mimeTypes);
        if (value instanceof CharSequence) {
            for (String t : mimeTypes) {
                if (picked.get(t) == null) picked.with(t, value.toString());
            }
        }
        return picked;
    }

    private Function<Object, MimeBundle> lookup(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Function<Object, MimeBundle> fn = byType.get(c);
            if (fn != null) return fn;
        }
        Deque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) queue.addAll(Arrays.asList(c.getInterfaces()));
        while (!queue.isEmpty()) {
            Class<?> i = queue.removeFirst();
            if (!seen.add(i)) continue;
            Function<Object, MimeBundle> fn = byType.get(i);
            if (fn != null) return fn;
            queue.addAll(Arrays.asList(i.getInterfaces()));
        }
        return null;
    }

    static String plainText(Object value) {
        if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
        if (value instanceof int[]) return Arrays.toString((int[]) value);
        if (value instanceof long[]) return Arrays.toString((long[]) value);
        if (value instanceof double[]) return Arrays.toString((double[]) value);
        if (value instanceof float[]) return Arrays.toString((float[]) value);
        if (value instanceof short[]) return Arrays.toString((short[]) value);
        if (value instanceof byte[]) return Arrays.toString((byte[]) value);
        if (value instanceof char[]) return Arrays.toString((char[]) value);
        if (value instanceof boolean[]) return Arrays.toString((boolean[]) value);
        return String.valueOf(value);
    }
}
