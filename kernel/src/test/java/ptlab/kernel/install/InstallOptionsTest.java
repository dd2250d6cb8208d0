package ptlab.kernel.install;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallOptionsTest {
    @Test
    void defaultsToAUserInstallNamedPtlab() {
        InstallOptions o = InstallOptions.parse(new String[0]);
        assertEquals(InstallOptions.Scope.USER, o.scope);
        assertEquals("ptlab", o.name);
    }

    @Test
    void prefixAndNameAreRead() {
        InstallOptions o = InstallOptions.parse(new String[] {"--prefix", "/opt/x", "--name", "lab-2"});
        assertEquals(Path.of("/opt/x"), o.prefix);
        assertEquals("lab-2", o.name);
    }

    @Test
    void conflictingOrIncompleteOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> InstallOptions.parse(new String[] {"--user", "--sys-prefix"}));
        assertThrows(IllegalArgumentException.class, () -> InstallOptions.parse(new String[] {"--prefix"}));
        assertThrows(IllegalArgumentException.class, () -> InstallOptions.parse(new String[] {"--name", "a/b"}));
    }

    @Test
    void kernelJsonHasHeadlessLocaleAndTheJarInItsOwnFolder() {
        String json = Installer.kernelJson("ptlab");
        assertTrue(json.contains("\"{resource_dir}/ptlab-kernel.jar\""), json);
        assertTrue(json.contains("-Djava.awt.headless=true"), json);
        assertTrue(json.contains("-Duser.language=en"), json);
        assertTrue(json.contains("\"interrupt_mode\": \"message\""), json);
    }
}
