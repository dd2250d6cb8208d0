package ptlab.kernel.display;

/**
 * Turns values of one type into a {@link MimeBundle}. Implementations are found with
 * {@link java.util.ServiceLoader} (list them in {@code META-INF/services/ptlab.kernel.display.Renderer});
 * a cell can also register one with {@code registerRenderer(Type.class, value -> ...)}.
 * The most specific type wins: a class beats its superclasses, which beat interfaces.
 */
public interface Renderer<T> {
    Class<T> type();

    MimeBundle render(T value);
}
