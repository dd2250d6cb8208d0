package ptlab.kernel.exec;

import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One JShell on the in-process engine. A cell is cut into snippets with JShell's own analysis and
 * evaluated in order; the first error stops the cell. The value of a last expression is shown
 * unless the cell ends with a semicolon, as in IPython.
 */
public final class JShellSession {
    private final JShell jshell;
    private final ValueCapturingControl.Provider engine;
    private final CellMap cells = new CellMap();
    private final ErrorFormatter errors = new ErrorFormatter(cells);
    private final Map<String, String> wrapperOfVar = new ConcurrentHashMap<>();
    private final Interrupter interrupter;
    private final CodeAssist codeAssist;
    private final PrintStream warnings;

    private JShellSession(JShell jshell, ValueCapturingControl.Provider engine, Interrupter interrupter, PrintStream warnings) {
        this.jshell = jshell;
        this.engine = engine;
        this.warnings = warnings;
        this.interrupter = interrupter;
        this.codeAssist = new CodeAssist(jshell.sourceCodeAnalysis());
        interrupter.attach(jshell);
    }

    /** Builds the shell with the kernel's class path and the given imports, and warms up the compiler. */
    public static JShellSession start(String classPath, List<String> imports, PrintStream warnings) {
        Interrupter interrupter = new Interrupter();
        ValueCapturingControl.Provider engine = new ValueCapturingControl.Provider(interrupter);
        JShell jshell = JShell.builder()
                .executionEngine(engine, Map.of())
                .out(warnings).err(warnings)
                .build();
        if (!classPath.isEmpty()) jshell.addToClasspath(classPath);
        JShellSession session = new JShellSession(jshell, engine, interrupter, warnings);
        for (String imp : imports) {
            for (SnippetEvent e : jshell.eval("import " + imp + ";")) {
                if (e.status() == Snippet.Status.REJECTED) warnings.println("ptlab: default import failed: " + imp);
            }
        }
        jshell.eval("0");
        return session;
    }

    /** Completion, documentation and completeness checks against this shell's definitions. */
    public CodeAssist codeAssist() {
        return codeAssist;
    }

    public Interrupter interrupter() {
        return interrupter;
    }

    /** Runs a cell; cellNumber is only used to name the cell in error messages. */
    public CellOutcome run(String code, int cellNumber) {
        interrupter.cellStarted();
        try {
            List<Chunk> chunks = Chunk.split(code, jshell.sourceCodeAnalysis());
            CellOutcome outcome = CellOutcome.nothing();
            for (int i = 0; i < chunks.size() && !interrupter.stopped(); i++) {
                Chunk chunk = chunks.get(i);
                outcome = outcomeOf(evalSnippet(chunk.source), chunk, code, cellNumber, i == chunks.size() - 1);
                if (outcome.error() != null) break;
            }
            return interrupter.stopped() ? CellOutcome.interrupted() : outcome;
        } finally {
            interrupter.cellFinished();
        }
    }

    /**
     * Evaluates one expression for a front end (execute_request.user_expressions) and then drops
     * the temporary variable JShell made for it, so that it leaves no $n behind.
     */
    public CellOutcome evaluate(String expression, int cellNumber) {
        String source = expression.strip();
        if (!isExpression(source)) {
            String message = "not an expression: " + source;
            return CellOutcome.failed(new CellOutcome.ErrorReport("CompilationError", message, List.of(message)));
        }
        interrupter.cellStarted();
        try {
            SnippetEvent main = evalSnippet(source);
            CellOutcome outcome = outcomeOf(main, new Chunk(source, 0, false), source, cellNumber, true);
            if (main != null && main.snippet() instanceof VarSnippet && main.status().isActive()) {
                jshell.drop((VarSnippet) main.snippet());
                wrapperOfVar.remove(main.snippet().id());
            }
            return interrupter.stopped() ? CellOutcome.interrupted() : outcome;
        } finally {
            interrupter.cellFinished();
        }
    }

    /** Parsed by javac, not JShell: JShell's sourceToSnippets breaks javadoc lookups on JDK 25. */
    private boolean isExpression(String source) {
        return !source.isEmpty() && jshell.sourceCodeAnalysis().analyzeCompletion(source).remaining().isBlank()
                && Parse.isExpression(source);
    }

    private SnippetEvent evalSnippet(String source) {
        return jshell.eval(source).stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
    }

    private CellOutcome outcomeOf(SnippetEvent main, Chunk chunk, String code, int cellNumber, boolean last) {
        if (main == null) return CellOutcome.nothing();
        Snippet snippet = main.snippet();
        cells.record(snippet.id(), cellNumber, CellMap.lineOf(code, chunk.start));
        if (main.status() == Snippet.Status.REJECTED) {
            return CellOutcome.failed(errors.compileError(
                    jshell.diagnostics(snippet).collect(Collectors.toList()), code, chunk.start, cellNumber));
        }
        if (main.exception() != null) return CellOutcome.failed(errors.runtimeError(main.exception()));
        if (snippet instanceof VarSnippet) wrapperOfVar.put(snippet.id(), engine.instance().lastInvokedClass());
        warnIfUnresolved(main);
        if (!last || chunk.endsWithSemicolon) return CellOutcome.nothing();
        return valueOf(snippet, main);
    }

    private CellOutcome valueOf(Snippet snippet, SnippetEvent event) {
        try {
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                return CellOutcome.value(readVar((VarSnippet) snippet));
            }
            if (snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
                String name = ((ExpressionSnippet) snippet).name();
                VarSnippet var = jshell.variables().filter(v -> v.name().equals(name)).reduce((a, b) -> b).orElse(null);
                return CellOutcome.value(var == null ? event.value() : readVar(var));
            }
        } catch (ReflectiveOperationException e) {
            warnings.println("ptlab: could not read the value of " + snippet.source().strip() + ": " + e);
            return CellOutcome.value(event.value());
        }
        return CellOutcome.nothing();
    }

    private Object readVar(VarSnippet var) throws ReflectiveOperationException {
        String wrapper = wrapperOfVar.get(var.id());
        if (wrapper == null) throw new ClassNotFoundException("wrapper of " + var.name());
        return engine.instance().readStatic(wrapper, var.name());
    }

    private void warnIfUnresolved(SnippetEvent event) {
        if (event.status() != Snippet.Status.RECOVERABLE_DEFINED && event.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED) return;
        if (!(event.snippet() instanceof jdk.jshell.DeclarationSnippet)) return;
        List<String> missing = jshell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) event.snippet())
                .collect(Collectors.toList());
        System.err.println("Note: " + event.snippet().source().lines().findFirst().orElse("").strip()
                + " cannot be used until " + String.join(", ", missing) + " is declared.");
    }

    /** A piece of a cell that JShell evaluates as one snippet. */
    static final class Chunk {
        final String source;
        final int start;
        final boolean endsWithSemicolon;

        private Chunk(String source, int start, boolean endsWithSemicolon) {
            this.source = source;
            this.start = start;
            this.endsWithSemicolon = endsWithSemicolon;
        }

        static List<Chunk> split(String code, SourceCodeAnalysis analysis) {
            List<Chunk> chunks = new ArrayList<>();
            int base = 0;
            String rest = code;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                String remaining = info.remaining();
                boolean whole = info.source() == null || !info.completeness().isComplete();
                int consumed = whole ? rest.length() : rest.length() - remaining.length();
                String original = rest.substring(0, consumed);
                String source = whole ? original : info.source();
                int skipped = (original.length() - original.stripLeading().length())
                        - (source.length() - source.stripLeading().length());
                chunks.add(new Chunk(source, base + Math.max(0, skipped), original.strip().endsWith(";")));
                base += consumed;
                rest = rest.substring(consumed);
                if (whole) break;
            }
            return chunks;
        }
    }
}
