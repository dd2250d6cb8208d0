package ptlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import ptlab.kernel.comm.CommManager;
import ptlab.kernel.exec.CodeAssist;
import ptlab.kernel.exec.JShellSession;
import ptlab.kernel.io.IoPub;
import ptlab.kernel.wire.WireSocket;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Answers shell and control requests. Every request is framed by busy and idle status messages.
 * Cells run on the shell thread, so the control thread stays free to interrupt or shut down.
 */
final class Kernel {
    static final String VERSION = "0.1.0";

    private final IoPub iopub;
    private final CompletableFuture<JShellSession> session;
    private final Executor executor;
    private final CommManager comms;
    private final Runnable onShutdown;
    private final PrintStream log;

    Kernel(IoPub iopub, CompletableFuture<JShellSession> session, Executor executor, CommManager comms,
           Runnable onShutdown, PrintStream log) {
        this.iopub = iopub;
        this.session = session;
        this.executor = executor;
        this.comms = comms;
        this.onShutdown = onShutdown;
        this.log = log;
    }

    void onShell(WireSocket shell, Message<?> m) {
        boolean succeeded = handle(shell, m);
        if (!succeeded && m.getContent() instanceof ExecuteRequest) {
            ExecuteRequest failed = (ExecuteRequest) m.getContent();
            if (failed.shouldStopOnError() && !failed.isSilent()) abortWaitingCells(shell);
        }
    }

    void onControl(WireSocket control, Message<?> m) {
        handle(control, m);
    }

    /** Interrupts the running cell, if any; used for interrupt requests and for SIGINT. */
    void interrupt() {
        executor.interruptRequested();
        if (session.isDone() && !session.isCompletedExceptionally()) session.join().interrupter().interrupt();
    }

    /**
     * After a failed cell with stop_on_error, the execute requests that are already waiting are
     * answered "aborted", as ipykernel does: they were sent expecting this cell to succeed.
     * Other requests that are waiting are served as usual. A silent cell aborts nothing.
     */
    private void abortWaitingCells(WireSocket shell) {
        for (Message<?> next = shell.receive(0); next != null; next = shell.receive(0)) {
            if (!next.getHeader().getType().getName().equals("execute_request")) {
                onShell(shell, next);
                continue;
            }
            iopub.status(next, PublishStatus.BUSY);
            JsonObject aborted = new JsonObject();
            aborted.addProperty("status", "aborted");
            Replies.send(shell, next, "execute_reply", aborted);
            iopub.status(next, PublishStatus.IDLE);
        }
    }

    /** Handles one request; false when it failed (for an execute request: when the cell failed). */
    private boolean handle(WireSocket socket, Message<?> m) {
        String type = m.getHeader().getType().getName();
        if (type.equals("none")) {
            log.println("ptlab: ignored a message of an unknown type");
            return true;
        }
        boolean succeeded = false;
        iopub.status(m, PublishStatus.BUSY);
        try {
            succeeded = dispatch(socket, m, type);
        } catch (RuntimeException e) {
            log.println("ptlab: " + type + " failed: " + e);
            e.printStackTrace(log);
            Replies.send(socket, m, type.replace("_request", "_reply"),
                    Replies.error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), java.util.List.of()));
        } finally {
            iopub.status(m, PublishStatus.IDLE);
        }
        if (type.equals("shutdown_request")) onShutdown.run();
        return succeeded;
    }

    /** Answers one request; false when the request was an execute request whose cell failed. */
    private boolean dispatch(WireSocket socket, Message<?> m, String type) {
        switch (type) {
            case "kernel_info_request":
                Replies.send(socket, m, "kernel_info_reply", kernelInfo());
                break;
            case "execute_request":
                return executor.execute(socket, m);
            case "complete_request":
                Replies.send(socket, m, "complete_reply", complete((CompleteRequest) m.getContent()));
                break;
            case "inspect_request":
                Replies.send(socket, m, "inspect_reply", inspect((InspectRequest) m.getContent()));
                break;
            case "is_complete_request":
                Replies.send(socket, m, "is_complete_reply", isComplete((IsCompleteRequest) m.getContent()));
                break;
            case "history_request":
                Replies.send(socket, m, "history_reply", executor.history((HistoryRequest) m.getContent()));
                break;
            case "comm_info_request":
                JsonObject info = Replies.ok();
                info.add("comms", comms.info(((CommInfoRequest) m.getContent()).getTargetName()));
                Replies.send(socket, m, "comm_info_reply", info);
                break;
            case "comm_open":
                comms.opened(m, (CommOpenCommand) m.getContent());
                break;
            case "comm_msg":
                comms.received(m, (CommMsgCommand) m.getContent());
                break;
            case "comm_close":
                comms.closed(m, (CommCloseCommand) m.getContent());
                break;
            case "interrupt_request":
                Replies.send(socket, m, "interrupt_reply", Replies.ok());
                interrupt();
                break;
            case "shutdown_request":
                JsonObject bye = Replies.ok();
                bye.addProperty("restart", ((ShutdownRequest) m.getContent()).isRestart());
                Replies.send(socket, m, "shutdown_reply", bye);
                break;
            default:
                log.println("ptlab: no handler for " + type);
        }
        return true;
    }

    private JsonObject kernelInfo() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("file_extension", ".java");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        JsonArray links = new JsonArray();
        links.add(link("Java SE API", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/"));
        links.add(link("JShell guide", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/jshell/"));
        JsonObject o = Replies.ok();
        o.addProperty("protocol_version", "5.3");
        o.addProperty("implementation", "ptlab");
        o.addProperty("implementation_version", VERSION);
        o.add("language_info", language);
        o.addProperty("banner", "ptlab " + VERSION + " :: Java " + Runtime.version() + " (JShell, in-process)");
        o.add("help_links", links);
        return o;
    }

    private static JsonObject link(String text, String url) {
        JsonObject o = new JsonObject();
        o.addProperty("text", text);
        o.addProperty("url", url);
        return o;
    }

    private JsonObject complete(CompleteRequest r) {
        String code = nonNull(r.getCode());
        int cursor = Cursor.toIndex(code, r.getCursorPos());
        CodeAssist.Completions c = session.join().codeAssist().complete(code, cursor);
        JsonObject o = Replies.ok();
        o.add("matches", Replies.strings(c.matches));
        o.addProperty("cursor_start", Cursor.toCodePoints(code, c.start));
        o.addProperty("cursor_end", Cursor.toCodePoints(code, c.end));
        o.add("metadata", new JsonObject());
        return o;
    }

    private JsonObject inspect(InspectRequest r) {
        String code = nonNull(r.getCode());
        String doc = session.join().codeAssist().documentation(code, Cursor.toIndex(code, r.getCursorPos()));
        JsonObject o = Replies.ok();
        o.addProperty("found", doc != null);
        JsonObject data = new JsonObject();
        if (doc != null) data.addProperty("text/plain", doc);
        o.add("data", data);
        o.add("metadata", new JsonObject());
        return o;
    }

    private JsonObject isComplete(IsCompleteRequest r) {
        String verdict = session.join().codeAssist().isComplete(nonNull(r.getCode()));
        JsonObject o = new JsonObject();
        boolean incomplete = !verdict.equals("complete") && !verdict.equals("invalid");
        o.addProperty("status", incomplete ? "incomplete" : verdict);
        if (incomplete) o.addProperty("indent", verdict);
        return o;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
