package ptlab.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Jupyter socket whose reader takes one whole multipart message and validates it before decoding.
 * The library's reader keeps calling recv() until it sees the delimiter, so one message without it
 * swallows the next messages, and it throws on a bad signature; here such messages are dropped.
 */
public final class WireSocket extends JupyterSocket {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
            .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
            .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
            .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
            .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(new Gson()))
            .create();

    private final String address;
    private final boolean signed;
    private final RejectLog rejects;

    public WireSocket(ZMQ.Context ctx, SocketType type, HMACGenerator hmac, String address, RejectLog rejects) {
        super(ctx, type, hmac, LoggerFactory.getLogger(WireSocket.class));
        this.address = address;
        this.signed = hmac != HMACGenerator.NO_AUTH_INSTANCE;
        this.rejects = rejects;
        setLinger(1000);
    }

    @Override
    public void bind(KernelConnectionProperties ignored) {
        bind(address);
    }

    /** Blocks for the next message; returns null when it was malformed or wrongly signed. */
    public Message<?> receive() {
        return receiveAfter(recv(0));
    }

    /** Waits at most timeoutMs for a message; null on timeout or rejection. */
    public Message<?> receive(int timeoutMs) {
        setReceiveTimeOut(timeoutMs);
        try {
            byte[] first = recv(0);
            return first == null ? null : receiveAfter(first);
        } finally {
            setReceiveTimeOut(-1);
        }
    }

    /** Reads the rest of the message whose first frame is given, and decodes it (null if rejected). */
    private Message<?> receiveAfter(byte[] first) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (hasReceiveMore()) frames.add(recv(0));
        try {
            return decode(frames);
        } catch (RuntimeException e) {
            rejects.reject(address, e.getClass().getSimpleName() + ": " + e.getMessage());
            return null;
        }
    }

    private Message<?> decode(List<byte[]> frames) {
        int delimiter = -1;
        for (int i = 0; i < frames.size() && delimiter < 0; i++) {
            if (Arrays.equals(DELIMITER, frames.get(i))) delimiter = i;
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new IllegalArgumentException("not a Jupyter message (" + frames.size() + " frames)");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (signed) {
            byte[] expected = hmacGenerator.calculateSignature(header, parent, metadata, content)
                    .getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature)) throw new SecurityException("bad signature");
        }
        Header<?> h = GSON.fromJson(utf8(header), Header.class);
        if (h == null || h.getType() == null || h.getId() == null) throw new IllegalArgumentException("bad header");
        JsonElement parentJson = JsonParser.parseString(utf8(parent));
        Header<?> parentHeader = parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()
                ? GSON.fromJson(parentJson, Header.class) : null;
        Map<String, Object> meta = GSON.fromJson(utf8(metadata), JSON_MAP);
        JsonElement contentJson = JsonParser.parseString(utf8(content));
        if (!contentJson.isJsonObject()) throw new IllegalArgumentException("content is not an object");
        Object body = GSON.fromJson(contentJson, h.getType().getContentType());
        List<byte[]> identities = new ArrayList<>(frames.subList(0, delimiter));
        List<byte[]> blobs = new ArrayList<>(frames.subList(delimiter + 6, frames.size()));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<?> message = new Message(identities, h, parentHeader, meta, body, blobs);
        return message;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
