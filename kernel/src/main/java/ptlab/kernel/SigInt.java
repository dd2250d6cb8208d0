package ptlab.kernel;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;

/**
 * SIGINT interrupts the running cell instead of ending the JVM: Jupyter sends it for
 * interrupt_mode "signal", and a terminal's Ctrl-C reaches the kernel too.
 */
final class SigInt {
    private SigInt() {
    }

    static void install(Runnable onInterrupt, PrintStream log) {
        SignalHandler previous = Signal.handle(new Signal("INT"), signal -> {
            Thread t = new Thread(onInterrupt, "ptlab-sigint");
            t.setDaemon(true);
            t.start();
        });
        if (previous == SignalHandler.SIG_IGN) {
            log.println("ptlab: SIGINT is ignored in this process (inherited), so interrupt_mode \"signal\" cannot work; "
                    + "interrupt requests (mode \"message\") still do");
        }
    }
}
