package ptlab.kernel.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The imports every notebook starts with. An on-demand import of a package that is absent would be
 * a compile error in every cell, so such packages (the engine's, when the kernel runs without it)
 * are left out. The list can be replaced with the system property ptlab.imports (comma separated).
 */
public final class DefaultImports {
    static final List<String> STANDARD = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*", "java.io.*", "java.math.*",
            "java.nio.file.*", "java.time.*", "java.awt.image.BufferedImage",
            "ptlab.kernel.display.MimeBundle", "ptlab.kernel.Progress",
            "static ptlab.kernel.Notebook.*", "ptlab.race.*", "ptlab.viz.*",
            "ptlab.arch.*", "ptlab.mm.*", "ptlab.paths.*", "ptlab.scenarios.*", "ptlab.export.*",
            // No simple name here clashes with the packages above (Table, Row, StringColumn, ...).
            "tech.tablesaw.api.*",
            // java.nio.file.* (JShell's default) has a Path too: a single-type import wins.
            "ptlab.paths.Path");

    private DefaultImports() {
    }

    public static List<String> configured(ClassLoader loader) {
        String property = System.getProperty("ptlab.imports");
        List<String> wanted = property == null ? STANDARD : List.of(property.split("\\s*,\\s*"));
        return available(wanted, loader);
    }

    /** Keeps the imports whose package (for x.y.*) or class is on the class path. */
    static List<String> available(List<String> imports, ClassLoader loader) {
        List<String> kept = new ArrayList<>();
        for (String imp : imports) {
            if (imp.isBlank()) continue;
            String name = imp.startsWith("static ") ? imp.substring(7).trim() : imp.trim();
            if (name.endsWith(".*")) name = name.substring(0, name.length() - 2);
            if (imp.startsWith("static ") || !imp.endsWith(".*")) {
                if (loader.getResource(name.replace('.', '/') + ".class") != null) kept.add(imp.trim());
            } else if (packageExists(name, loader)) {
                kept.add(imp.trim());
            }
        }
        return kept;
    }

    private static boolean packageExists(String pkg, ClassLoader loader) {
        return loader.getResource(pkg.replace('.', '/') + "/") != null
                || ModuleLayer.boot().modules().stream().anyMatch(m -> m.getPackages().contains(pkg));
    }
}
