package ptlab.kernel.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers which cell and line every snippet came from, to point errors at the user's own code. */
final class CellMap {
    private record Origin(int cell, int firstLine) {}

    private final Map<String, Origin> originOfSnippet = new ConcurrentHashMap<>();

    void record(String snippetId, int cell, int firstLine) {
        originOfSnippet.put(snippetId, new Origin(cell, firstLine));
    }

    /** "Cell In[3], line 4" for a JShell location "#12" line 2, or null if unknown. */
    String locate(String jshellFile, int snippetLine) {
        if (jshellFile == null || !jshellFile.startsWith("#")) return null;
        Origin o = originOfSnippet.get(jshellFile.substring(1));
        if (o == null) return null;
        return "Cell In[" + o.cell + "], line " + (o.firstLine + Math.max(snippetLine, 1) - 1);
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') line++;
        return line;
    }

    static int columnOf(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', Math.max(0, Math.min(offset, text.length()) - 1)) + 1;
        return offset - lineStart + 1;
    }
}
