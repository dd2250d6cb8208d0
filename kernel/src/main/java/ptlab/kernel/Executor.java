package ptlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import ptlab.kernel.display.DisplaySink;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RendererRegistry;
import ptlab.kernel.exec.CellOutcome;
import ptlab.kernel.exec.JShellSession;
import ptlab.kernel.io.CellStreams;
import ptlab.kernel.io.IoPub;
import ptlab.kernel.io.StdinBridge;
import ptlab.kernel.wire.WireSocket;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs execute requests and publishes what cells show; also the sink behind display(). */
final class Executor implements DisplaySink {
    /** IPython's help syntax: name? or name?? pages the documentation of name. */
    private static final Pattern HELP = Pattern.compile("^\\s*\\?{0,2}\\s*([A-Za-z_$][\\w$.]*)\\s*(\\?{1,2})?\\s*$");

    private final IoPub iopub;
    private final CellStreams streams;
    private final StdinBridge stdin;
    private final RendererRegistry renderers;
    private final CompletableFuture<JShellSession> session;
    private final History history = new History();
    private int executionCount;
    private volatile boolean executing;
    private volatile boolean interruptPending;

    Executor(IoPub iopub, CellStreams streams, StdinBridge stdin, RendererRegistry renderers,
             CompletableFuture<JShellSession> session) {
        this.iopub = iopub;
        this.streams = streams;
        this.stdin = stdin;
        this.renderers = renderers;
        this.session = session;
    }

    /** Runs the cell and replies; false when it ended with an error. */
    boolean execute(WireSocket shell, Message<?> m) {
        ExecuteRequest request = (ExecuteRequest) m.getContent();
        String code = request.getCode() == null ? "" : request.getCode();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? ++executionCount : executionCount;
        executing = true;
        interruptPending = false;
        iopub.beginCell(m, silent);
        stdin.beginCell(m, request.isStdinEnabled());
        try {
            iopub.publish(new PublishExecuteInput(code, count));
            JsonObject reply;
            String output = null;
            String topic = helpTopic(code);
            if (topic != null) {
                reply = page(topic);
            } else {
                CellOutcome outcome = run(code, count);
                MimeBundle shown = outcome.error() == null && outcome.hasValue() ? renderers.render(outcome.value()) : null;
                streams.flush();
                if (outcome.error() != null) {
                    CellOutcome.ErrorReport e = outcome.error();
                    iopub.publish(new PublishError(e.name, e.message, e.traceback));
                    reply = Replies.error(e.name, e.message, e.traceback);
                } else {
                    if (shown != null) {
                        iopub.publish(new PublishExecuteResult(count, toDisplayData(shown)));
                        output = String.valueOf(shown.get(MimeBundle.TEXT));
                    }
                    reply = Replies.ok();
                }
            }
            boolean ok = reply.get("status").getAsString().equals("ok");
            reply.add("user_expressions", ok
                    ? UserExpressions.evaluate(request.getUserExpr(), session.join(), renderers::render, count) : new JsonObject());
            if (!reply.has("payload")) reply.add("payload", new JsonArray());
            streams.flush();
            if (store) history.add(count, code, output);
            reply.addProperty("execution_count", count);
            Replies.send(shell, m, "execute_reply", reply);
            return ok;
        } finally {
            executing = false;
            iopub.endCell();
        }
    }

    /** An interrupt that arrives while the cell waits for JShell to start must not be lost. */
    void interruptRequested() {
        if (executing) interruptPending = true;
    }

    private CellOutcome run(String code, int count) {
        JShellSession s;
        try {
            s = session.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("JShell failed to start: " + e.getCause(), e.getCause());
        }
        if (interruptPending) return CellOutcome.interrupted();
        return s.run(code, count);
    }


    static String helpTopic(String code) {
        Matcher m = HELP.matcher(code);
        if (!m.matches()) return null;
        boolean prefixed = code.strip().startsWith("?");
        return prefixed || m.group(2) != null ? m.group(1) : null;
    }

    /** The documentation of topic as a pager payload, as IPython does for name?. */
    private JsonObject page(String topic) {
        String doc = session.join().codeAssist().documentation(topic, topic.length());
        JsonArray payload = new JsonArray();
        if (doc != null) {
            JsonObject data = new JsonObject();
            data.addProperty("text/plain", doc);
            JsonObject page = new JsonObject();
            page.addProperty("source", "page");
            page.add("data", data);
            page.addProperty("start", 0);
            payload.add(page);
        } else {
            System.out.println("No documentation found for " + topic + ".");
            streams.flush();
        }
        JsonObject reply = Replies.ok();
        reply.add("payload", payload);
        return reply;
    }

    JsonObject history(HistoryRequest r) {
        JsonArray entries;
        boolean out = r.includeOutput();
        switch (r.getAccessType()) {
            case TAIL:
                entries = history.tail(((HistoryRequest.Tail) r).getMaxReturnLength(), out);
                break;
            case RANGE:
                HistoryRequest.Range range = (HistoryRequest.Range) r;
                entries = history.range(range.getSessionIndex(), range.getStart(), range.getStop(), out);
                break;
            default:
                HistoryRequest.Search search = (HistoryRequest.Search) r;
                entries = history.search(search.getPattern(), search.getMaxReturnLength(), search.filterUnique(), out);
        }
        JsonObject reply = Replies.ok();
        reply.add("history", entries);
        return reply;
    }

    @Override
    public void display(String displayId, MimeBundle bundle) {
        iopub.publish(new PublishDisplayData(displayData(displayId, bundle)));
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
        iopub.publish(new PublishUpdateDisplayData(displayData(displayId, bundle)));
    }

    /** Flushes pending output first, so text printed before a display shows above it. */
    private DisplayData displayData(String displayId, MimeBundle bundle) {
        streams.flush();
        DisplayData data = toDisplayData(bundle);
        data.setDisplayId(displayId);
        return data;
    }

    @Override
    public void clearOutput(boolean wait) {
        streams.flush();
        iopub.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
    }

    private static DisplayData toDisplayData(MimeBundle bundle) {
        DisplayData d = new DisplayData();
        bundle.data().forEach(d::putData);
        bundle.metadata().forEach(d::putMetaData);
        return d;
    }
}
