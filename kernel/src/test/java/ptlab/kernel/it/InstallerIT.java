package ptlab.kernel.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** install and uninstall, checked with Debian's jupyter kernelspec list. */
class InstallerIT {

    @Test
    void userInstallIsFoundByJupyterAndUninstallRemovesIt() throws Exception {
        Path data = InstalledKernel.tempDir("ptlab-it-data");
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", data.toString());

        InstalledKernel.Result install = InstalledKernel.java(List.of("install", "--user", "--name", "ptlab-user"), env);
        assertEquals(0, install.exitCode, install.output);
        Path spec = data.resolve("kernels/ptlab-user");
        assertTrue(Files.isRegularFile(spec.resolve("ptlab-kernel.jar")));
        JsonObject kernelJson = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("java", kernelJson.get("language").getAsString());
        assertFalse(kernelJson.get("argv").toString().contains("target"), "argv must not point into the build tree");

        InstalledKernel.Result list = InstalledKernel.run(List.of("/usr/bin/jupyter", "kernelspec", "list", "--json"), env, 60);
        assertTrue(list.output.contains("\"ptlab-user\""), list.output);

        InstalledKernel.Result uninstall = InstalledKernel.java(List.of("uninstall", "--user", "--name", "ptlab-user"), env);
        assertEquals(0, uninstall.exitCode, uninstall.output);
        assertFalse(Files.exists(spec));
    }

    @Test
    void defaultNameIsPtlabWithItsDisplayName() throws Exception {
        Path prefix = InstalledKernel.tempDir("ptlab-it-prefix");
        InstalledKernel.Result install = InstalledKernel.java(List.of("install", "--prefix", prefix.toString()), Map.of());
        assertEquals(0, install.exitCode, install.output);
        JsonObject kernelJson = JsonParser.parseString(
                Files.readString(prefix.resolve("share/jupyter/kernels/ptlab/kernel.json"))).getAsJsonObject();
        assertEquals("Java (ptlab)", kernelJson.get("display_name").getAsString());
    }

    @Test
    void badArgumentsGiveAClearErrorAndExitCode2() throws Exception {
        InstalledKernel.Result r = InstalledKernel.java(List.of("install", "--user", "--prefix", "/tmp/x"), Map.of());
        assertEquals(2, r.exitCode);
        assertTrue(r.output.contains("choose one of --user, --sys-prefix and --prefix"), r.output);
        InstalledKernel.Result unknown = InstalledKernel.java(List.of("install", "--bogus"), Map.of());
        assertEquals(2, unknown.exitCode);
        assertTrue(unknown.output.contains("unknown option '--bogus'"), unknown.output);
    }

    @Test
    void uninstallingWhatIsNotThereFails() throws Exception {
        Path prefix = InstalledKernel.tempDir("ptlab-it-empty");
        InstalledKernel.Result r = InstalledKernel.java(List.of("uninstall", "--prefix", prefix.toString()), Map.of());
        assertEquals(1, r.exitCode);
        assertTrue(r.output.contains("no kernelspec at"), r.output);
    }
}
