package ptlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import ptlab.kernel.wire.WireSocket;

import java.util.List;

/**
 * Reply contents written as JSON. Several of the library's reply classes lack fields the protocol
 * requires (status in kernel_info and comm_info replies, payload in execute replies) or serialize
 * wrongly (history entries), so replies are built here.
 */
final class Replies {
    private Replies() {
    }

    static void send(WireSocket socket, MessageContext request, String msgType, JsonObject content) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<?> m = new Message(request, (MessageType) MessageType.getType(msgType), content);
        socket.sendMessage(m);
    }

    static JsonObject ok() {
        JsonObject o = new JsonObject();
        o.addProperty("status", "ok");
        return o;
    }

    static JsonObject error(String ename, String evalue, List<String> traceback) {
        JsonObject o = new JsonObject();
        o.addProperty("status", "error");
        o.addProperty("ename", ename);
        o.addProperty("evalue", evalue);
        o.add("traceback", strings(traceback));
        return o;
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
