package ptlab.kernel;

import ptlab.kernel.install.Installer;

import java.util.Arrays;

/** {@code java -jar ptlab-kernel.jar CONNECTION_FILE | install [options] | uninstall [options]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -jar ptlab-kernel.jar CONNECTION_FILE\n"
                    + "       java -jar ptlab-kernel.jar install [--user | --sys-prefix | --prefix DIR] [--name NAME]\n"
                    + "       java -jar ptlab-kernel.jar uninstall [--user | --sys-prefix | --prefix DIR] [--name NAME]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "install":
                System.exit(Installer.run(true, rest));
                break;
            case "uninstall":
                System.exit(Installer.run(false, rest));
                break;
            default:
                KernelProcess.run(args[0]);
        }
    }
}
