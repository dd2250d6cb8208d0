package ptlab.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.exec.CellOutcome;
import ptlab.kernel.exec.JShellSession;

import java.util.Map;
import java.util.function.Function;

/**
 * execute_request.user_expressions, answered as IPython does: after a cell that succeeded, each
 * expression's value as a MIME bundle, or its error; errors here are not published.
 */
final class UserExpressions {
    private static final Gson GSON = new Gson();

    private UserExpressions() {
    }

    static JsonObject evaluate(Map<String, String> expressions, JShellSession session,
                               Function<Object, MimeBundle> render, int cellNumber) {
        JsonObject results = new JsonObject();
        if (expressions == null) return results;
        expressions.forEach((name, expression) -> {
            CellOutcome outcome = session.evaluate(expression == null ? "" : expression, cellNumber);
            results.add(name, outcome.error() != null ? error(outcome.error()) : value(outcome, render));
        });
        return results;
    }

    private static JsonObject value(CellOutcome outcome, Function<Object, MimeBundle> render) {
        MimeBundle bundle = outcome.hasValue() ? render.apply(outcome.value()) : MimeBundle.text("null");
        JsonObject o = Replies.ok();
        o.add("data", GSON.toJsonTree(bundle.data()));
        o.add("metadata", GSON.toJsonTree(bundle.metadata()));
        return o;
    }

    private static JsonObject error(CellOutcome.ErrorReport e) {
        return Replies.error(e.name, e.message, e.traceback);
    }
}
