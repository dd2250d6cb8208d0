package ptlab.kernel.display;

/** Where {@link ptlab.kernel.Notebook} sends displays: the running kernel. */
public interface DisplaySink {
    void display(String displayId, MimeBundle bundle);

    void update(String displayId, MimeBundle bundle);

    void clearOutput(boolean wait);
}
