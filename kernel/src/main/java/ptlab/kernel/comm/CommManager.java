package ptlab.kernel.comm;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import ptlab.kernel.io.IoPub;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Comm targets that Java code registers, and the comms the front end opened on them. A comm_open
 * for a target nobody registered is answered with a comm_close, as ipykernel does. A handler that
 * throws is reported on the kernel's log; the comm and the kernel carry on.
 */
public final class CommManager {
    private final IoPub iopub;
    private final PrintStream log;
    private final Map<String, Consumer<Comm>> targets = new ConcurrentHashMap<>();
    private final Map<String, Comm> open = new ConcurrentHashMap<>();
    private volatile MessageContext handling;

    public CommManager(IoPub iopub, PrintStream log) {
        this.iopub = iopub;
        this.log = log;
    }

    /** onOpen runs for every comm the front end opens on this target (replacing an earlier registration). */
    public void register(String targetName, Consumer<Comm> onOpen) {
        targets.put(targetName, onOpen);
    }

    /** Open comms as comm_info_reply lists them: id → {target_name}, all or only those of one target. */
    public JsonObject info(String targetName) {
        JsonObject comms = new JsonObject();
        open.values().stream()
                .filter(c -> targetName == null || targetName.isEmpty() || c.targetName().equals(targetName))
                .forEach(c -> {
                    JsonObject o = new JsonObject();
                    o.addProperty("target_name", c.targetName());
                    comms.add(c.id(), o);
                });
        return comms;
    }

    public void opened(MessageContext request, CommOpenCommand command) {
        Consumer<Comm> target = targets.get(String.valueOf(command.getTargetName()));
        if (target == null) {
            iopub.publishTo(request, new CommCloseCommand(command.getCommID(), new JsonObject()));
            return;
        }
        Comm comm = new Comm(command.getCommID(), command.getTargetName(), this);
        open.put(comm.id(), comm);
        run(request, "opening " + comm.targetName(), () -> target.accept(comm));
    }

    public void received(MessageContext request, CommMsgCommand command) {
        Comm comm = open.get(String.valueOf(command.getCommID()));
        if (comm == null) {
            log.println("ptlab: comm_msg for unknown comm " + command.getCommID());
            return;
        }
        run(request, "a message on " + comm.targetName(), () -> comm.received(orEmpty(command.getData())));
    }

    public void closed(MessageContext request, CommCloseCommand command) {
        Comm comm = open.remove(String.valueOf(command.getCommID()));
        if (comm != null) run(request, "closing " + comm.targetName(), () -> comm.closedByFrontEnd(orEmpty(command.getData())));
    }

    void send(Comm comm, JsonObject data) {
        iopub.publishTo(parent(), new CommMsgCommand(comm.id(), orEmpty(data)));
    }

    void close(Comm comm) {
        if (open.remove(comm.id()) != null) iopub.publishTo(parent(), new CommCloseCommand(comm.id(), new JsonObject()));
    }

    /** Messages a handler sends answer the request being handled; otherwise the running cell. */
    private MessageContext parent() {
        MessageContext h = handling;
        return h != null ? h : iopub.parent();
    }

    private void run(MessageContext request, String what, Runnable handler) {
        handling = request;
        try {
            handler.run();
        } catch (RuntimeException e) {
            log.println("ptlab: comm handler failed while " + what + ": " + e);
        } finally {
            handling = null;
        }
    }

    private static JsonObject orEmpty(JsonObject data) {
        return data == null ? new JsonObject() : data;
    }
}
