package ptlab.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import ptlab.kernel.comm.CommManager;
import ptlab.kernel.display.RendererRegistry;
import ptlab.kernel.exec.DefaultImports;
import ptlab.kernel.exec.JShellSession;
import ptlab.kernel.io.CellStreams;
import ptlab.kernel.io.IoPub;
import ptlab.kernel.io.StdinBridge;
import ptlab.kernel.wire.Connection;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the kernel: sockets first, so kernel_info is answered at once, while JShell and AWT warm
 * up on other threads. Cells run on the shell thread inside their own thread group, which is how
 * an interrupt finds the threads a cell started.
 */
final class KernelProcess {
    private static final long EXIT_DEADLINE_MS = 2000;

    private KernelProcess() {
    }

    static void run(String connectionFile) throws Exception {
        PrintStream log = System.err;
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(connectionFile)));
        Connection connection = new Connection(props, log);

        CompletableFuture<JShellSession> session = new CompletableFuture<>();
        Thread init = new Thread(() -> {
            try {
                session.complete(JShellSession.start(System.getProperty("java.class.path"),
                        DefaultImports.configured(KernelProcess.class.getClassLoader()), log));
            } catch (Throwable t) {
                t.printStackTrace(log);
                session.completeExceptionally(t);
            }
        }, "ptlab-jshell-init");
        init.setDaemon(true);
        init.start();
        Warmup.start();

        IoPub iopub = new IoPub(connection.iopub());
        CellStreams streams = new CellStreams(iopub, log);
        streams.install();
        StdinBridge stdin = new StdinBridge(connection.stdin(), streams::flush);
        System.setIn(stdin);
        RendererRegistry renderers = Notebook.renderers();
        Executor executor = new Executor(iopub, streams, stdin, renderers, session);
        CommManager comms = new CommManager(iopub, log);
        Notebook.attach(executor, comms);
        ExplorationProgress.install();

        CountDownLatch shutdown = new CountDownLatch(1);
        Kernel kernel = new Kernel(iopub, session, executor, comms, shutdown::countDown, log);
        SigInt.install(kernel::interrupt, log);

        iopub.starting();
        connection.startHeartbeat();
        connection.serve(connection.control(), "ptlab-control", Thread.currentThread().getThreadGroup(),
                m -> kernel.onControl(connection.control(), m));
        connection.serve(connection.shell(), "ptlab-shell", new ThreadGroup("ptlab-cells"),
                m -> kernel.onShell(connection.shell(), m));

        shutdown.await();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(EXIT_DEADLINE_MS);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(0);
        }, "ptlab-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        streams.flush();
        connection.close();
        System.exit(0);
    }
}
