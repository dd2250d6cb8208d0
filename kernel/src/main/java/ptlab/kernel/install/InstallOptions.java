package ptlab.kernel.install;

import java.nio.file.Path;

/** The command line of install and uninstall. */
final class InstallOptions {
    enum Scope { USER, SYS_PREFIX, PREFIX }

    final Scope scope;
    final Path prefix;
    final String name;

    private InstallOptions(Scope scope, Path prefix, String name) {
        this.scope = scope;
        this.prefix = prefix;
        this.name = name;
    }

    static InstallOptions parse(String[] args) {
        Scope scope = null;
        Path prefix = null;
        String name = "ptlab";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--user":
                    scope = only(scope, Scope.USER);
                    break;
                case "--sys-prefix":
                    scope = only(scope, Scope.SYS_PREFIX);
                    break;
                case "--prefix":
                    scope = only(scope, Scope.PREFIX);
                    prefix = Path.of(value(args, ++i, a)).toAbsolutePath();
                    break;
                case "--name":
                    name = value(args, ++i, a);
                    if (!name.matches("[A-Za-z0-9._-]+")) {
                        throw new IllegalArgumentException("kernel name '" + name + "' may only contain letters, digits, '.', '_' and '-'");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + a + "' (expected --user, --sys-prefix, --prefix DIR or --name NAME)");
            }
        }
        return new InstallOptions(scope == null ? Scope.USER : scope, prefix, name);
    }

    private static Scope only(Scope current, Scope wanted) {
        if (current != null) throw new IllegalArgumentException("choose one of --user, --sys-prefix and --prefix");
        return wanted;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
