package ptlab.kernel.exec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultImportsTest {
    @Test
    void packagesAndClassesThatAreAbsentAreLeftOut() {
        List<String> kept = DefaultImports.available(List.of(
                "java.util.*", "ptlab.kernel.display.*", "no.such.pkg.*", "static ptlab.kernel.Notebook.*",
                "static no.Such.*", "java.awt.image.BufferedImage", "no.such.Type"), getClass().getClassLoader());
        assertEquals(List.of("java.util.*", "ptlab.kernel.display.*", "static ptlab.kernel.Notebook.*",
                "java.awt.image.BufferedImage"), kept);
    }
}
