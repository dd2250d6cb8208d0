package ptlab.kernel.install;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes or removes the kernelspec. The jar copies itself into the kernelspec folder, so the
 * kernel keeps working when the build tree is cleaned or moved.
 */
public final class Installer {
    static final String JAR = "ptlab-kernel.jar";
    /** -Xms64m: a small initial heap keeps the young generation, and so the resident memory, small. */
    static final List<String> JVM_OPTIONS = List.of(
            "-Djava.awt.headless=true", "-Duser.language=en", "-Duser.country=US", "-Dfile.encoding=UTF-8",
            "-XX:+UseSerialGC", "-Xms64m", "-XX:MaxRAMPercentage=50");

    private Installer() {
    }

    /** Returns the process exit code: 0 on success, 2 for bad arguments, 1 for failures. */
    public static int run(boolean install, String[] args) {
        InstallOptions options;
        try {
            options = InstallOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            Path dir = JupyterDirs.dataDir(options).resolve("kernels").resolve(options.name);
            if (install) install(dir, options.name);
            else uninstall(dir);
            return 0;
        } catch (IOException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static void install(Path dir, String name) throws IOException {
        Path jar = runningJar();
        Files.createDirectories(dir);
        Files.copy(jar, dir.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("kernel.json"), kernelJson(name));
        System.out.println("Installed kernelspec " + name + " in " + dir);
    }

    static void uninstall(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalStateException("no kernelspec at " + dir);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
        System.out.println("Removed kernelspec " + dir);
    }

    static String kernelJson(String name) {
        JsonArray argv = new JsonArray();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        JVM_OPTIONS.forEach(argv::add);
        argv.add("-jar");
        argv.add("{resource_dir}/" + JAR);
        argv.add("{connection_file}");
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", name.equals("ptlab") ? "Java (ptlab)" : "Java (ptlab: " + name + ")");
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        spec.add("metadata", new JsonObject());
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(Installer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
                throw new IllegalStateException("install must run from the kernel jar (java -jar ptlab-kernel.jar install), not from " + p);
            }
            return p;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kernel jar: " + e.getMessage());
        }
    }
}
