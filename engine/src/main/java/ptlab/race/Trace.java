package ptlab.race;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One execution written out step by step: who ran which labelled step, what it read and wrote,
 * the locks it took, the labels it raised, and who was blocked meanwhile; with its replay string.
 */
public record Trace(String program, List<String> threads, List<Event> events, String outcome, String replay,
                    int preemptions) {
    /** A step of the trace; {@code blocked} maps each blocked thread to what it waits for. */
    public record Event(int index, int thread, String label, List<String> accesses, List<String> raised,
                        Map<Integer, String> blocked) {
        /** "M3a: pte -> 0x1 (lock ptl)" */
        public String describe() {
            StringBuilder b = new StringBuilder(label);
            if (!accesses.isEmpty()) b.append(": ").append(String.join("; ", accesses));
            for (String r : raised) b.append(" !").append(r);
            return b.toString();
        }
    }

    public int length() {
        return events.size();
    }

    /** A text table with a column per thread, as races are drawn on the mailing list. */
    @Override
    public String toString() {
        int n = threads.size();
        int width = 34;
        StringBuilder b = new StringBuilder();
        b.append(program).append(": ").append(outcome).append("  (").append(events.size()).append(" steps, ")
                .append(preemptions).append(preemptions == 1 ? " preemption)\n" : " preemptions)\n");
        b.append(String.format("%4s", "#"));
        for (String t : threads) b.append(" | ").append(pad(t, width));
        b.append('\n').append("-".repeat(4));
        for (int t = 0; t < n; t++) b.append("-+-").append("-".repeat(width));
        b.append('\n');
        for (Event e : events) {
            List<List<String>> cells = new ArrayList<>();
            int rows = 1;
            for (int t = 0; t < n; t++) {
                String text = t == e.thread() ? e.describe()
                        : e.blocked().containsKey(t) ? "(" + e.blocked().get(t) + ")" : "";
                List<String> lines = wrap(text, width);
                cells.add(lines);
                rows = Math.max(rows, lines.size());
            }
            for (int r = 0; r < rows; r++) {
                b.append(String.format("%4s", r == 0 ? Integer.toString(e.index()) : ""));
                for (int t = 0; t < n; t++) {
                    List<String> lines = cells.get(t);
                    b.append(" | ").append(pad(r < lines.size() ? lines.get(r) : "", width));
                }
                b.append('\n');
            }
        }
        b.append("replay: ").append(replay).append('\n');
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Text broken at spaces into lines of at most {@code width} characters (longer words are cut): how trace cells wrap. */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) cut = width;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }
}
