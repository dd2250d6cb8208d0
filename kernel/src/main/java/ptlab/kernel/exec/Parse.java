package ptlab.kernel.exec;

import com.sun.source.util.JavacTask;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/** A javac parse, without name resolution, of one snippet in each place a snippet can stand. */
final class Parse {
    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private Parse() {
    }

    static boolean hasSyntaxError(String snippet) {
        String s = snippet.strip();
        if (s.startsWith("import ")) return !parses(s);
        String expression = s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        return !parses("class $W { " + s + "\n}")
                && !parses("class $W { void $m() throws Throwable { " + s + "\n} }")
                && !isExpression(expression);
    }

    /** Whether the text parses as an expression (possibly followed by empty members). */
    static boolean isExpression(String text) {
        return parses("class $W { Object $v = " + text.strip() + "\n; }");
    }

    private static boolean parses(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///W.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().isEmpty();
    }
}
