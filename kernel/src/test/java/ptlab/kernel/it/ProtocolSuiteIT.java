package ptlab.kernel.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Installs the built jar into a fresh Jupyter prefix and runs the Python protocol suites against it
 * with Debian's jupyter_client and jupyter_kernel_test. Each Python test becomes one JUnit test.
 */
class ProtocolSuiteIT {
    private static final Path SUITES = Path.of(System.getProperty("ptlab.python.tests", "src/test/python"));

    @TestFactory
    List<DynamicTest> pythonProtocolSuites() throws Exception {
        Path prefix = InstalledKernel.tempDir("ptlab-it-prefix");
        InstalledKernel.Result install = InstalledKernel.java(List.of("install", "--prefix", prefix.toString(), "--name", "ptlab-it"), Map.of());
        assertEquals(0, install.exitCode, install.output);

        Path report = Files.createTempFile("ptlab-it", ".json");
        Map<String, String> env = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", InstalledKernel.tempDir("ptlab-it-runtime").toString(),
                "KERNEL_NAME", "ptlab-it",
                "PYDEVD_DISABLE_FILE_VALIDATION", "1");
        InstalledKernel.Result run = InstalledKernel.run(
                List.of(InstalledKernel.PYTHON, "-Xfrozen_modules=off", SUITES.resolve("run_suites.py").toString(), SUITES.toString(), report.toString()),
                env, 900);
        System.out.println(run.output);
        assertEquals(0, run.exitCode, "the Python runner itself failed:\n" + run.output);

        JsonArray records = JsonParser.parseString(Files.readString(report)).getAsJsonArray();
        assertTrue(records.size() >= 40, "expected the whole suite, got " + records.size() + " tests");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement e : records) {
            JsonObject r = e.getAsJsonObject();
            String id = r.get("id").getAsString();
            String status = r.get("status").getAsString();
            String detail = r.get("detail").getAsString();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                if (!status.equals("ok")) fail(status + ": " + detail);
            }));
        }
        return tests;
    }
}
