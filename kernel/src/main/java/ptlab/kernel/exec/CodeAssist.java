package ptlab.kernel.exec;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Completion, documentation and completeness checks, all from JShell's source analysis. */
public final class CodeAssist {
    private final SourceCodeAnalysis analysis;

    public CodeAssist(SourceCodeAnalysis analysis) {
        this.analysis = analysis;
    }

    /** Completions at cursor: the matches, and the range [start, cursor) that a match replaces. */
    public static final class Completions {
        public final List<String> matches;
        public final int start;
        public final int end;

        Completions(List<String> matches, int start, int end) {
            this.matches = matches;
            this.start = start;
            this.end = end;
        }
    }

    public Completions complete(String code, int cursor) {
        int at = clamp(cursor, code);
        int[] anchor = {at};
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code, at, anchor)) {
            (s.matchesType() ? typed : other).add(s.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        other.stream().filter(m -> !typed.contains(m)).forEach(matches::add);
        return new Completions(matches, anchor[0], at);
    }

    /** "complete", "invalid", or the indent of the next line when more input is expected. */
    public String isComplete(String code) {
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness c = info.completeness();
            if (c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE) return indent(code);
            if (c == Completeness.UNKNOWN) return "invalid";
            // JShell calls some malformed code complete (1 +* 2); a javac parse finds that, and an
            // undeclared name is not "invalid". (Not JShell's sourceToSnippets: on JDK 25, given
            // a class, it breaks javadoc lookups for the rest of the session.)
            if (Parse.hasSyntaxError(info.source())) return "invalid";
            rest = info.remaining();
        }
        return "complete";
    }

    /** Signature and javadoc of the name at the cursor, or null when there is none. */
    public String documentation(String code, int cursor) {
        int at = clamp(cursor, code);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(code, at, true);
        if (docs.isEmpty()) {
            int end = at;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) end++;
            String head = code.substring(0, end);
            docs = analysis.documentation(head + "(", end + 1, true);
            if (docs.isEmpty()) docs = analysis.documentation(head, end, true);
        }
        if (docs.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (text.length() > 0) text.append("\n\n");
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) text.append("\n").append(Javadoc.toPlainText(d.javadoc()));
        }
        return text.toString();
    }

    private static String indent(String code) {
        int depth = 0;
        for (char ch : code.toCharArray()) {
            if (ch == '{' || ch == '(') depth++;
            if ((ch == '}' || ch == ')') && depth > 0) depth--;
        }
        return "    ".repeat(depth);
    }

    private static int clamp(int cursor, String code) {
        return Math.max(0, Math.min(cursor, code.length()));
    }
}
