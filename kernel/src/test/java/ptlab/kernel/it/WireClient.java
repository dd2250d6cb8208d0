package ptlab.kernel.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A Jupyter client written from the messaging spec, independent of the kernel's own wire code:
 * a connection file, a shell DEALER, an iopub SUB, and HMAC-SHA256 signed multipart messages.
 */
final class WireClient implements AutoCloseable {
    static final String DELIMITER = "<IDS|MSG>";

    final Path connectionFile;
    private final String key = UUID.randomUUID().toString();
    private final String session = UUID.randomUUID().toString();
    private final ZContext context = new ZContext();
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;

    WireClient(Path dir) throws IOException {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++) ports[i] = freePort();
        connectionFile = dir.resolve("connection.json");
        Files.writeString(connectionFile, String.format(
                "{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"shell_port\":%d,\"iopub_port\":%d,\"control_port\":%d,"
                        + "\"stdin_port\":%d,\"hb_port\":%d,\"signature_scheme\":\"hmac-sha256\",\"key\":\"%s\"}",
                ports[0], ports[1], ports[2], ports[3], ports[4], key));
        shell = context.createSocket(SocketType.DEALER);
        shell.setIdentity(session.getBytes(StandardCharsets.UTF_8));
        shell.connect("tcp://127.0.0.1:" + ports[0]);
        control = context.createSocket(SocketType.DEALER);
        control.connect("tcp://127.0.0.1:" + ports[2]);
        iopub = context.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect("tcp://127.0.0.1:" + ports[1]);
    }

    /** Sends a signed request on shell; returns its msg_id. */
    String send(String msgType, String content) {
        return sendFrames(shell, msgType, content);
    }

    /** Sends a signed request on control; returns its msg_id. */
    String sendControl(String msgType, String content) {
        return sendFrames(control, msgType, content);
    }

    /** Sends raw frames on shell, exactly as given (for malformed and forged messages). */
    void sendRaw(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) shell.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }

    /** The frames of a well-formed message, signed with {@code signed ? key : a wrong key}. */
    List<byte[]> frames(String msgType, String content, boolean signed) {
        String header = String.format("{\"msg_id\":\"%s\",\"session\":\"%s\",\"username\":\"it\",\"msg_type\":\"%s\",\"version\":\"5.3\",\"date\":\"2026-11-21T00:00:00Z\"}",
                UUID.randomUUID(), session, msgType);
        String[] parts = {header, "{}", "{}", content};
        List<byte[]> frames = new ArrayList<>();
        frames.add(DELIMITER.getBytes(StandardCharsets.UTF_8));
        frames.add(sign(signed ? key : "not-the-key", parts).getBytes(StandardCharsets.UTF_8));
        for (String p : parts) frames.add(p.getBytes(StandardCharsets.UTF_8));
        return frames;
    }

    private String sendFrames(ZMQ.Socket socket, String msgType, String content) {
        List<byte[]> frames = frames(msgType, content, true);
        for (int i = 0; i < frames.size(); i++) socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        return JsonParser.parseString(new String(frames.get(2), StandardCharsets.UTF_8)).getAsJsonObject().get("msg_id").getAsString();
    }

    /** The next shell reply, its signature checked; null after {@code timeoutMs}. */
    Message shellReply(int timeoutMs) {
        return receive(shell, timeoutMs);
    }

    /** The next control reply, its signature checked; null after {@code timeoutMs}. */
    Message controlReply(int timeoutMs) {
        return receive(control, timeoutMs);
    }

    /** The next iopub message, its signature checked; null after {@code timeoutMs}. */
    Message iopub(int timeoutMs) {
        return receive(iopub, timeoutMs);
    }

    private Message receive(ZMQ.Socket socket, int timeoutMs) {
        socket.setReceiveTimeOut(timeoutMs);
        List<String> frames = new ArrayList<>();
        byte[] frame = socket.recv();
        if (frame == null) return null;
        frames.add(new String(frame, StandardCharsets.UTF_8));
        while (socket.hasReceiveMore()) frames.add(new String(socket.recv(), StandardCharsets.UTF_8));
        int d = frames.indexOf(DELIMITER);
        String[] parts = frames.subList(d + 2, d + 6).toArray(String[]::new);
        if (!sign(key, parts).equals(frames.get(d + 1))) throw new AssertionError("the kernel's signature does not verify: " + frames);
        return new Message(JsonParser.parseString(parts[0]).getAsJsonObject(), JsonParser.parseString(parts[1]).getAsJsonObject(),
                JsonParser.parseString(parts[3]).getAsJsonObject());
    }

    private static String sign(String key, String[] parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (String p : parts) mac.update(p.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record Message(JsonObject header, JsonObject parent, JsonObject content) {
        String type() {
            return header.get("msg_type").getAsString();
        }

        String parentId() {
            return parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
        }
    }
}
