package ptlab.kernel;

import sun.misc.Signal;

/**
 * SIGINT interrupts the running cell instead of ending the JVM: Jupyter sends it for
 * interrupt_mode "signal", and a terminal's Ctrl-C reaches the kernel too.
 */
final class SigInt {
    private SigInt() {
    }

    static void install(Runnable onInterrupt) {
        Signal.handle(new Signal("INT"), signal -> {
            Thread t = new Thread(onInterrupt, "ptlab-sigint");
            t.setDaemon(true);
            t.start();
        });
    }
}
