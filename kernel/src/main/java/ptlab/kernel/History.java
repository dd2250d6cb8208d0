package ptlab.kernel;

import com.google.gson.JsonArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel, for history requests. Entries are (session, line, input) or,
 * with output, (session, line, [input, output]); search patterns are globs as in IPython.
 */
final class History {
    static final int SESSION = 1;

    private static final class Entry {
        final int line;
        final String input;
        final String output;

        Entry(int line, String input, String output) {
            this.line = line;
            this.input = input;
            this.output = output;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    synchronized JsonArray tail(int n, boolean withOutput) {
        return toJson(last(entries, n), withOutput);
    }

    /** Lines start <= line < stop of a session; session 0 or less means this one, as in IPython. */
    synchronized JsonArray range(int session, int start, int stop, boolean withOutput) {
        List<Entry> picked = new ArrayList<>();
        if (session <= 0 || session == SESSION) {
            for (Entry e : entries) {
                if (e.line >= start && (stop <= 0 || e.line < stop)) picked.add(e);
            }
        }
        return toJson(picked, withOutput);
    }

    /** The last n matches (all when n <= 0); unique keeps only the latest entry of each input. */
    synchronized JsonArray search(String glob, int n, boolean unique, boolean withOutput) {
        Pattern p = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        Map<String, Entry> latest = new LinkedHashMap<>();
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (!p.matcher(e.input).matches()) continue;
            if (unique) {
                latest.remove(e.input);
                latest.put(e.input, e);
            } else {
                matches.add(e);
            }
        }
        if (unique) matches.addAll(latest.values());
        return toJson(last(matches, n), withOutput);
    }

    /** The last n entries of list; all of them when n <= 0. */
    private static List<Entry> last(List<Entry> list, int n) {
        return n <= 0 ? list : list.subList(Math.max(0, list.size() - n), list.size());
    }

    private static JsonArray toJson(List<Entry> list, boolean withOutput) {
        JsonArray out = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line);
            if (withOutput) {
                JsonArray pair = new JsonArray();
                pair.add(e.input);
                pair.add(e.output);
                row.add(pair);
            } else {
                row.add(e.input);
            }
            out.add(row);
        }
        return out;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
