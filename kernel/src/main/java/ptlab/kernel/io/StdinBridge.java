package ptlab.kernel.io;

import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import ptlab.kernel.wire.WireSocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * System.in for cells: each read that finds the buffer empty asks the front end for a line with an
 * input_request. When the request did not allow stdin, reading fails at once instead of hanging.
 */
public final class StdinBridge extends InputStream {
    private static final int POLL_MS = 100;

    private final WireSocket stdin;
    private final Runnable beforeAsking;
    private volatile MessageContext request;
    private volatile boolean allowed;
    private byte[] line = new byte[0];
    private int pos;

    /** beforeAsking flushes pending output so that the prompt comes after it. */
    public StdinBridge(WireSocket stdin, Runnable beforeAsking) {
        this.stdin = stdin;
        this.beforeAsking = beforeAsking;
    }

    public void beginCell(MessageContext request, boolean allowStdin) {
        this.request = request;
        this.allowed = allowStdin;
        synchronized (this) {
            line = new byte[0];
            pos = 0;
        }
    }

    @Override
    public synchronized int read() throws IOException {
        if (pos >= line.length) fill();
        return line[pos++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= line.length) fill();
        int n = Math.min(len, line.length - pos);
        System.arraycopy(line, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - pos;
    }

    private void fill() throws IOException {
        if (!allowed || request == null) {
            throw new IOException("stdin is not available: this front end does not accept input (allow_stdin is false)");
        }
        beforeAsking.run();
        stdin.sendMessage(new Message<>(request, InputRequest.MESSAGE_TYPE, new InputRequest("", false)));
        while (true) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("input interrupted");
            Message<?> m = stdin.receive(POLL_MS);
            if (m != null && m.getContent() instanceof InputReply) {
                String value = ((InputReply) m.getContent()).getValue();
                line = ((value == null ? "" : value) + "\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
                return;
            }
        }
    }
}
