package ptlab.kernel.io;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Buffers what a cell prints and hands it on in large chunks: one iopub message per line lost output
 * past ZeroMQ's high-water mark. Flushed by a timer, when the buffer is large, and at the end of a cell.
 */
public final class CoalescingStream extends OutputStream {
    private static final int MAX_BUFFER = 256 * 1024;

    private final Consumer<String> sink;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public CoalescingStream(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
        if (buffer.size() >= MAX_BUFFER) flush();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
        if (buffer.size() >= MAX_BUFFER) flush();
    }

    /** Publishes everything up to the last complete UTF-8 character. */
    @Override
    public synchronized void flush() {
        if (buffer.size() == 0) return;
        byte[] bytes = buffer.toByteArray();
        int end = completeUtf8Prefix(bytes);
        buffer.reset();
        buffer.write(bytes, end, bytes.length - end);
        if (end > 0) sink.accept(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    private static int completeUtf8Prefix(byte[] b) {
        int i = b.length - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) return b.length;
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return (b.length - i) >= need ? b.length : i;
    }
}
