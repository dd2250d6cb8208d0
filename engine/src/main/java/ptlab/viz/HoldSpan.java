package ptlab.viz;

import ptlab.race.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lock held by one thread from step {@code from} to step {@code to} of a trace (inclusive, 1-based);
 * {@code released} is false when the trace ends with the lock still held.
 */
public record HoldSpan(int thread, String lock, int from, int to, boolean shared, boolean released) {

    /**
     * The hold spans of a trace, read off its steps' lock events as the recorder writes them
     * ("lock ptl", "read-lock mmap_lock", "unlock ptl"; a failed try-lock is "lock busy: ptl").
     * Reads ("x -> 1") and writes ("x := 1") are never lock events, whatever the variable's name.
     */
    public static List<HoldSpan> of(Trace t) {
        List<HoldSpan> spans = new ArrayList<>();
        Map<String, int[]> open = new LinkedHashMap<>(); // "thread lock" -> {from, shared}
        for (Trace.Event e : t.events()) {
            for (String a : e.accesses()) {
                if (a.contains(" -> ") || a.contains(" := ") || a.startsWith("lock busy: ")) continue;
                if (a.startsWith("lock ")) {
                    open.put(e.thread() + " " + a.substring(5), new int[] {e.index(), 0});
                } else if (a.startsWith("read-lock ")) {
                    open.put(e.thread() + " " + a.substring(10), new int[] {e.index(), 1});
                } else if (a.startsWith("unlock ")) {
                    String lock = a.substring(7);
                    int[] o = open.remove(e.thread() + " " + lock);
                    if (o != null) spans.add(new HoldSpan(e.thread(), lock, o[0], e.index(), o[1] == 1, true));
                }
            }
        }
        int end = t.events().isEmpty() ? 0 : t.events().get(t.events().size() - 1).index();
        open.forEach((k, o) -> {
            int space = k.indexOf(' ');
            spans.add(new HoldSpan(Integer.parseInt(k.substring(0, space)), k.substring(space + 1), o[0], end, o[1] == 1, false));
        });
        spans.sort((a, b) -> a.from != b.from ? Integer.compare(a.from, b.from) : Integer.compare(a.thread, b.thread));
        return spans;
    }
}
