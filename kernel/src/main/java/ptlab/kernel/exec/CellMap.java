package ptlab.kernel.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers which cell and line every snippet came from, to point errors at the user's own code. */
final class CellMap {
    private final Map<String, String> cellOfSnippet = new ConcurrentHashMap<>();
    private final Map<String, Integer> firstLineOfSnippet = new ConcurrentHashMap<>();

    void record(String snippetId, int cell, int firstLine) {
        cellOfSnippet.put(snippetId, "Cell In[" + cell + "]");
        firstLineOfSnippet.put(snippetId, firstLine);
    }

    /** "Cell In[3], line 4" for a JShell location "#12" line 2, or null if unknown. */
    String locate(String jshellFile, int snippetLine) {
        if (jshellFile == null || !jshellFile.startsWith("#")) return null;
        String id = jshellFile.substring(1);
        String cell = cellOfSnippet.get(id);
        if (cell == null) return null;
        return cell + ", line " + (firstLineOfSnippet.get(id) + Math.max(snippetLine, 1) - 1);
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
