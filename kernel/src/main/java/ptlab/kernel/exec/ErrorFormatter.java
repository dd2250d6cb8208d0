package ptlab.kernel.exec;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns compiler diagnostics and user exceptions into Jupyter errors that point into the cells. */
final class ErrorFormatter {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    private final CellMap cells;

    ErrorFormatter(CellMap cells) {
        this.cells = cells;
    }

    /** Compile errors of one snippet that starts at snippetStart in the cell text. */
    CellOutcome.ErrorReport compileError(List<Diag> diags, String cellText, int snippetStart, int cell) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            int offset = snippetStart + (int) Math.max(0, d.getStartPosition());
            int line = CellMap.lineOf(cellText, offset);
            int column = CellMap.columnOf(cellText, offset);
            String message = d.getMessage(Locale.US);
            if (first == null) first = message.lines().findFirst().orElse(message) + " (line " + line + ", column " + column + ")";
            lines.add(RED + "Cell In[" + cell + "], line " + line + ", column " + column + RESET + ": " + BOLD + message + RESET);
            String sourceLine = cellText.lines().skip(line - 1L).findFirst().orElse("");
            lines.add("    " + sourceLine);
            lines.add("    " + " ".repeat(Math.max(0, column - 1)) + "^");
        }
        if (first == null) first = "the cell could not be compiled";
        return new CellOutcome.ErrorReport("CompilationError", first, lines);
    }

    CellOutcome.ErrorReport runtimeError(JShellException e) {
        List<String> lines = new ArrayList<>();
        String name;
        String message;
        if (e instanceof EvalException) {
            String className = ((EvalException) e).getExceptionClassName();
            name = className.substring(className.lastIndexOf('.') + 1);
            message = e.getMessage() == null ? "" : e.getMessage();
        } else if (e instanceof UnresolvedReferenceException) {
            UnresolvedReferenceException u = (UnresolvedReferenceException) e;
            name = "UnresolvedReferenceException";
            message = u.getSnippet().toString().strip() + " cannot be used until "
                    + u.getSnippet().source().lines().findFirst().orElse("") + " has all it refers to declared";
        } else {
            name = e.getClass().getSimpleName();
            message = String.valueOf(e.getMessage());
        }
        describe(e, lines, "");
        return new CellOutcome.ErrorReport(name, message, lines);
    }

    private void describe(JShellException e, List<String> lines, String prefix) {
        String className = e instanceof EvalException ? ((EvalException) e).getExceptionClassName() : e.getClass().getName();
        String msg = e.getMessage();
        lines.add(prefix + RED + className + RESET + (msg == null ? "" : ": " + msg));
        for (StackTraceElement f : e.getStackTrace()) lines.add("\tat " + frame(f));
        if (e.getCause() instanceof JShellException) describe((JShellException) e.getCause(), lines, "Caused by: ");
    }

    private String frame(StackTraceElement f) {
        String where = cells.locate(f.getFileName(), f.getLineNumber());
        if (where == null) return f.toString();
        String method = f.getClassName().isEmpty() ? f.getMethodName()
                : f.getClassName() + (f.getMethodName().isEmpty() ? "" : "." + f.getMethodName());
        return method.isEmpty() ? where : method + " (" + where + ")";
    }
}
