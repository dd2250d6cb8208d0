package ptlab.kernel.io;

import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import ptlab.kernel.wire.WireSocket;

/**
 * Publishes on iopub on behalf of the running cell. Output produced after a cell ended (a background
 * thread) is still attributed to the last cell, as ipykernel does; a silent cell publishes nothing.
 */
public final class IoPub {
    private final WireSocket socket;
    private volatile MessageContext parent;
    private volatile boolean muted;

    public IoPub(WireSocket socket) {
        this.socket = socket;
    }

    public void beginCell(MessageContext request, boolean silent) {
        this.parent = request;
        this.muted = silent;
    }

    public void endCell() {
        this.muted = false;
    }

    public boolean hasParent() {
        return parent != null;
    }

    /** The request of the running (or last) cell. */
    public MessageContext parent() {
        return parent;
    }

    public <T extends ContentType<T>> void publish(T content) {
        MessageContext p = parent;
        if (muted || p == null) return;
        send(new Message<>(p, content.getType(), content));
    }

    /** Publishes in reply to a given request, regardless of the running cell. */
    public <T extends ContentType<T>> void publishTo(MessageContext request, T content) {
        send(new Message<>(request, content.getType(), content));
    }

    public void status(MessageContext request, PublishStatus status) {
        send(new Message<>(request, PublishStatus.MESSAGE_TYPE, status));
    }

    /**
     * Sends with the caller's interrupt flag cleared: a cell that was interrupted and goes on to
     * show its partial result must not fail with ZeroMQ's EINTR. The flag is restored afterwards.
     */
    private void send(Message<?> message) {
        boolean interrupted = Thread.interrupted();
        try {
            socket.sendMessage(message);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public void starting() {
        socket.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }
}
