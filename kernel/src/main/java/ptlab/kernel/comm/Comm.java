package ptlab.kernel.comm;

import com.google.gson.JsonObject;

import java.util.function.Consumer;

/** One open comm: a channel to a front-end object, opened by the front end for a registered target. */
public final class Comm {
    private final String id;
    private final String targetName;
    private final CommManager manager;
    private volatile Consumer<JsonObject> onMessage = data -> { };
    private volatile Consumer<JsonObject> onClose = data -> { };

    Comm(String id, String targetName, CommManager manager) {
        this.id = id;
        this.targetName = targetName;
        this.manager = manager;
    }

    public String id() {
        return id;
    }

    public String targetName() {
        return targetName;
    }

    /** Sends data to the front end's side of this comm. */
    public void send(JsonObject data) {
        manager.send(this, data);
    }

    /** Closes the comm from the kernel's side; the front end is told. */
    public void close() {
        manager.close(this);
    }

    /** What to do with each comm_msg the front end sends. */
    public void onMessage(Consumer<JsonObject> handler) {
        onMessage = handler;
    }

    /** What to do when the front end closes the comm. */
    public void onClose(Consumer<JsonObject> handler) {
        onClose = handler;
    }

    void received(JsonObject data) {
        onMessage.accept(data);
    }

    void closedByFrontEnd(JsonObject data) {
        onClose.accept(data);
    }
}
