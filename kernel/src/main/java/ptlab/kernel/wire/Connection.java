package ptlab.kernel.wire;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.function.Consumer;

/**
 * The five Jupyter sockets. Shell, control and heartbeat each get a thread blocked in recv(), so a
 * request is handled as soon as it arrives: the library's shell loop polls and then sleeps 50 ms,
 * which put a 50 ms floor under every request.
 */
public final class Connection {
    /** iopub is a PUB socket: past its high-water mark ZeroMQ drops messages silently. */
    private static final int IOPUB_HIGH_WATER_MARK = 100_000;

    private final ZMQ.Context ctx = ZMQ.context(1);
    private final WireSocket shell;
    private final WireSocket control;
    private final WireSocket stdin;
    private final WireSocket iopub;
    private final ZMQ.Socket heartbeat;
    private final PrintStream log;

    public Connection(KernelConnectionProperties props, PrintStream log) throws GeneralSecurityException {
        this.log = log;
        HMACGenerator hmac = props.createHMACGenerator();
        RejectLog rejects = new RejectLog(log);
        String base = props.getTransport() + "://" + props.getIp() + ":";
        shell = new WireSocket(ctx, SocketType.ROUTER, hmac, base + props.getShellPort(), rejects);
        control = new WireSocket(ctx, SocketType.ROUTER, hmac, base + props.getControlPort(), rejects);
        stdin = new WireSocket(ctx, SocketType.ROUTER, hmac, base + props.getStdinPort(), rejects);
        iopub = new WireSocket(ctx, SocketType.PUB, hmac, base + props.getIopubPort(), rejects);
        iopub.setSndHWM(IOPUB_HIGH_WATER_MARK);
        heartbeat = ctx.socket(SocketType.REP);
        heartbeat.setLinger(0);
        for (WireSocket s : new WireSocket[] {shell, control, stdin, iopub}) s.bind(props);
        heartbeat.bind(base + props.getHbPort());
    }

    public WireSocket shell() {
        return shell;
    }

    public WireSocket control() {
        return control;
    }

    public WireSocket stdin() {
        return stdin;
    }

    public WireSocket iopub() {
        return iopub;
    }

    public void startHeartbeat() {
        daemon("ptlab-heartbeat", () -> {
            try {
                while (true) {
                    byte[] ping = heartbeat.recv(0);
                    if (ping == null) break;
                    heartbeat.send(ping, 0);
                }
            } catch (ZMQException e) {
                heartbeat.close();
            }
        });
    }

    /** Serves one ROUTER socket on its own thread until the context is terminated. */
    public void serve(WireSocket socket, String name, ThreadGroup group, Consumer<Message<?>> handler) {
        Thread t = new Thread(group, () -> {
            try {
                while (true) {
                    Message<?> m = socket.receive();
                    if (m == null) continue;
                    try {
                        handler.accept(m);
                    } catch (RuntimeException e) {
                        log.println("ptlab: " + name + " failed to handle " + m.getHeader().getType() + ": " + e);
                        e.printStackTrace(log);
                    }
                }
            } catch (ZMQException | IllegalStateException e) {
                socket.close();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** Lets pending replies go out (linger), then terminates the context, which ends every loop. */
    public void close() {
        iopub.close();
        stdin.close();
        ctx.term();
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
