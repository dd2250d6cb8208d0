package ptlab.kernel.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built kernel jar started as Jupyter starts it, spoken to over ZeroMQ by {@link WireClient}:
 * kernel_info, an execution with its iopub messages, forged and malformed messages ignored, shutdown.
 */
class ProtocolIT {
    private static WireClient client;
    private static Process kernel;

    @BeforeAll
    static void start() throws Exception {
        Path dir = InstalledKernel.tempDir("ptlab-wire");
        client = new WireClient(dir);
        kernel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", InstalledKernel.JAR.toString(), client.connectionFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("kernel.log").toFile()).start();
    }

    @AfterAll
    static void stop() {
        kernel.destroyForcibly();
        client.close();
    }

    private static WireClient.Message reply(String msgId) {
        for (WireClient.Message m; (m = client.shellReply(30_000)) != null; ) {
            if (m.parentId().equals(msgId)) return m;
        }
        throw new AssertionError("no reply to " + msgId);
    }

    /** The iopub messages of one request, from busy to idle. */
    private static List<WireClient.Message> iopubOf(String msgId) {
        List<WireClient.Message> out = new ArrayList<>();
        for (WireClient.Message m; (m = client.iopub(30_000)) != null; ) {
            if (!m.parentId().equals(msgId)) continue;
            out.add(m);
            if (m.type().equals("status") && m.content().get("execution_state").getAsString().equals("idle")) return out;
        }
        throw new AssertionError("no idle for " + msgId + " after " + out);
    }

    private static String execute(String code) {
        return "{\"code\":\"" + code + "\",\"silent\":false,\"store_history\":true,\"user_expressions\":{},\"allow_stdin\":false,\"stop_on_error\":true}";
    }

    @Test
    void kernelInfoExecutionAndShutdownOverTheWire() throws Exception {
        WireClient.Message info = reply(client.send("kernel_info_request", "{}"));
        assertEquals("kernel_info_reply", info.type());
        assertEquals("ok", info.content().get("status").getAsString());
        assertEquals("java", info.content().getAsJsonObject("language_info").get("name").getAsString());
        assertTrue(info.content().get("protocol_version").getAsString().startsWith("5."));

        String id = client.send("execute_request", execute("1 + 1"));
        WireClient.Message done = reply(id);
        assertEquals("ok", done.content().get("status").getAsString());
        List<String> types = iopubOf(id).stream().map(WireClient.Message::type).toList();
        assertEquals(List.of("status", "execute_input", "execute_result", "status"), types);

        // A few thousand forged, truncated or garbage messages: none answered, none fatal.
        Random random = new Random(1);
        for (int i = 0; i < 3000; i++) {
            List<byte[]> frames = client.frames("execute_request", "{\"code\":\"System.exit(3)\"}", false);
            switch (i % 4) {
                case 0 -> { }                                                            // wrong signature
                case 1 -> frames = frames.subList(0, 1 + random.nextInt(frames.size() - 1)); // truncated
                case 2 -> frames.set(2 + random.nextInt(4), "{not json".getBytes(StandardCharsets.UTF_8));
                default -> {
                    byte[] junk = new byte[random.nextInt(64)];
                    random.nextBytes(junk);
                    frames = List.of(junk);
                }
            }
            client.sendRaw(frames);
        }
        assertNull(client.shellReply(500), "a forged or malformed message was answered");
        WireClient.Message after = reply(client.send("execute_request", execute("40 + 2")));
        assertEquals("ok", after.content().get("status").getAsString());
        assertTrue(kernel.isAlive());

        String shutdown = client.sendControl("shutdown_request", "{\"restart\":false}");
        WireClient.Message bye = client.controlReply(10_000);
        assertNotNull(bye, "no shutdown_reply");
        assertEquals(shutdown, bye.parentId());
        assertFalse(bye.content().get("restart").getAsBoolean());
        assertTrue(kernel.waitFor(10, TimeUnit.SECONDS), "the kernel did not exit after shutdown_request");
        assertEquals(0, kernel.exitValue());
    }
}
