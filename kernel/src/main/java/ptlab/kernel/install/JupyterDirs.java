package ptlab.kernel.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Jupyter data directory for each install scope, as jupyter_core computes it. */
final class JupyterDirs {
    private JupyterDirs() {
    }

    static Path dataDir(InstallOptions options) throws IOException {
        switch (options.scope) {
            case PREFIX:
                return options.prefix.resolve("share").resolve("jupyter");
            case SYS_PREFIX:
                return Path.of(sysPrefix()).resolve("share").resolve("jupyter");
            default:
                return userDataDir();
        }
    }

    static Path userDataDir() {
        String env = System.getenv("JUPYTER_DATA_DIR");
        if (env != null && !env.isEmpty()) return Path.of(env);
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase();
        if (os.contains("mac")) return home.resolve("Library").resolve("Jupyter");
        if (os.contains("win")) return Path.of(System.getenv("APPDATA")).resolve("jupyter");
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home.resolve(".local").resolve("share")).resolve("jupyter");
    }

    /** sys.prefix of the Python that runs jupyter: the interpreter named in the jupyter script. */
    private static String sysPrefix() throws IOException {
        String python = "python3";
        Path jupyter = onPath("jupyter");
        if (jupyter != null) {
            String first = Files.readAllLines(jupyter, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.startsWith("#!") && !first.contains(" ")) python = first.substring(2).trim();
        }
        Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("--sys-prefix needs Python to find sys.prefix; " + python + " said: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Python for sys.prefix");
        }
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
