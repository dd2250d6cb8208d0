package ptlab.viz;

import ptlab.race.Counterexample;
import ptlab.race.Grade;
import ptlab.race.Trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace as an SVG swimlane, time going down as on the mailing list: a lane per thread, each step a
 * box with its label and what it read and wrote, a bar beside the boxes for each lock hold, dashed
 * boxes where a thread waits, steps that raised a label in red, and the replay string at the foot.
 * Hand-written so the text stays text; every length is computed from the strings (monospace, fixed
 * advance), never from font metrics, so the same trace gives the same bytes anywhere.
 */
public final class TraceSvg {
    static final int PAD = 12;
    static final int INDEX_WIDTH = 34;
    static final int TITLE_HEIGHT = 26;
    static final int HEAD_HEIGHT = 24;
    static final int LINE = 14;
    static final int ROW_PAD = 8;
    static final int BAR = 9;
    /** Advance of an 11 px monospace glyph (DejaVu Sans Mono: 6.62 px), rounded up. */
    static final double CHAR = 6.7;
    /** The box of a step that raised a label: in the forbidden grade's colours. */
    static final String RAISED = "fill=\"" + GradeColors.hex(GradeColors.tint(Grade.FORBIDDEN)) + "\" stroke=\""
            + GradeColors.hex(GradeColors.bar(Grade.FORBIDDEN)) + "\" stroke-width=\"2\"";

    private final Trace trace;
    private final List<HoldSpan> spans;
    private final int laneWidth;
    private final String svg;
    private int height;

    private TraceSvg(Trace trace) {
        this.trace = trace;
        this.spans = HoldSpan.of(trace);
        int lanes = Math.max(1, trace.threads().size());
        this.laneWidth = Math.max(150, Math.min(320, (Pictures.WIDTH - 2 * PAD - INDEX_WIDTH) / lanes));
        this.svg = draw();
    }

    public static TraceSvg of(Trace t) {
        return new TraceSvg(t);
    }

    public static TraceSvg of(Counterexample c) {
        return new TraceSvg(c.trace());
    }

    public Trace trace() { return trace; }
    public List<HoldSpan> spans() { return spans; }
    public String svg() { return svg; }
    public int width() { return 2 * PAD + INDEX_WIDTH + trace.threads().size() * laneWidth; }
    public int height() { return height; }

    /** The lock colours (the series colours of the lock charts, {@link LengthChart#SERIES}), in order of each lock's first hold. */
    public Map<String, String> lockColours() {
        Map<String, String> c = new LinkedHashMap<>();
        for (HoldSpan s : spans) c.putIfAbsent(s.lock(), GradeColors.hex(LengthChart.SERIES[c.size() % LengthChart.SERIES.length]));
        return c;
    }

    /** The text table form (a column per thread). */
    @Override
    public String toString() {
        return trace.toString();
    }

    private String draw() {
        int n = trace.threads().size();
        Map<String, String> colours = lockColours();
        int[] slots = new int[n];
        Map<String, Integer> slotOf = new LinkedHashMap<>();
        for (HoldSpan s : spans) {
            String k = s.thread() + " " + s.lock();
            if (!slotOf.containsKey(k)) slotOf.put(k, slots[s.thread()]++);
        }
        List<List<List<Line>>> rows = new ArrayList<>();
        int[] rowTop = new int[trace.events().size() + 1];
        int y = PAD + TITLE_HEIGHT + HEAD_HEIGHT;
        for (int i = 0; i < trace.events().size(); i++) {
            Trace.Event e = trace.events().get(i);
            List<List<Line>> cells = new ArrayList<>();
            int lines = 1;
            for (int t = 0; t < n; t++) {
                List<Line> cell = cell(e, t, chars(boxWidth(slots[t])));
                cells.add(cell);
                lines = Math.max(lines, cell.size());
            }
            rows.add(cells);
            rowTop[i] = y;
            y += lines * LINE + ROW_PAD;
        }
        rowTop[trace.events().size()] = y;
        int lanesBottom = y;
        height = lanesBottom + 12 + (colours.isEmpty() ? 0 : 18) + 18 + PAD;
        int width = width();

        SvgWriter w = new SvgWriter(width, height, trace.program() + ": " + trace.outcome());
        w.text("title", PAD, PAD + 14, "font-family=\"DejaVu Sans, sans-serif\" font-size=\"14\" font-weight=\"bold\"",
                trace.program() + ": " + trace.outcome() + " — " + summary());
        for (int t = 0; t < n; t++) {
            int x = laneX(t);
            w.open("g", "class=\"lane\" data-thread=\"" + Markup.escape(trace.threads().get(t)) + "\"");
            w.rect(null, x, PAD + TITLE_HEIGHT, laneWidth - 4, lanesBottom - PAD - TITLE_HEIGHT, "fill=\"" + (t % 2 == 0 ? "#f7f7f7" : "#f0f0f0") + "\"");
            w.text("thread", x + 6, PAD + TITLE_HEIGHT + 16, "font-weight=\"bold\"", trace.threads().get(t));
            w.close("g");
        }
        for (int i = 0; i < rows.size(); i++) {
            Trace.Event e = trace.events().get(i);
            w.text("index", PAD + INDEX_WIDTH - 8, rowTop[i] + LINE, "text-anchor=\"end\" fill=\"#777\"", Integer.toString(e.index()));
            for (int t = 0; t < n; t++) {
                List<Line> cell = rows.get(i).get(t);
                if (cell.isEmpty()) continue;
                int bx = laneX(t) + 4 + slots[t] * BAR;
                int bh = cell.size() * LINE + 4;
                boolean step = t == e.thread();
                boolean raised = step && !e.raised().isEmpty();
                String cls = step ? (raised ? "step raised" : "step") : "blocked";
                w.open("g", "class=\"" + cls + "\" data-index=\"" + e.index() + "\" data-thread=\"" + Markup.escape(trace.threads().get(t)) + "\"");
                String style = raised ? RAISED
                        : step ? "fill=\"#eef3fb\" stroke=\"#8aa4c8\""
                        : "fill=\"#ffffff\" stroke=\"#999999\" stroke-dasharray=\"4 3\"";
                w.rect(null, bx, rowTop[i] + 1, boxWidth(slots[t]), bh, "rx=\"3\" " + style);
                for (int l = 0; l < cell.size(); l++) {
                    Line line = cell.get(l);
                    w.text(null, bx + 4, rowTop[i] + 1 + LINE * (l + 1) - 2, line.style(), line.text());
                }
                w.close("g");
            }
        }
        for (HoldSpan s : spans) {
            int x = laneX(s.thread()) + 3 + slotOf.get(s.thread() + " " + s.lock()) * BAR;
            int top = rowTop[s.from() - 1] + 1;
            int bottom = s.released() ? rowTop[s.to()] - ROW_PAD + 4 : lanesBottom;
            String tip = s.lock() + (s.shared() ? " held for read by " : " held by ") + trace.threads().get(s.thread())
                    + ", steps " + s.from() + "–" + (s.released() ? s.to() : s.to() + " and still at the end");
            w.rect("hold", x, top, BAR - 3, bottom - top, "data-lock=\"" + Markup.escape(s.lock()) + "\" fill=\"" + colours.get(s.lock())
                    + "\"" + (s.shared() ? " fill-opacity=\"0.5\"" : ""), tip);
        }
        int foot = lanesBottom + 12;
        if (!colours.isEmpty()) {
            int x = PAD;
            for (Map.Entry<String, String> c : colours.entrySet()) {
                w.rect("legend", x, foot + 2, 10, 10, "fill=\"" + c.getValue() + "\"", null);
                w.text(null, x + 14, foot + 11, "", c.getKey());
                x += 14 + (int) Math.ceil(c.getKey().length() * CHAR) + 16;
            }
            w.text(null, x, foot + 11, "fill=\"#555\"", "lock held (pale: for read)");
            foot += 18;
        }
        w.text("replay", PAD, foot + 12, "", "replay: " + trace.replay());
        return w.finish();
    }

    private String summary() {
        int p = trace.preemptions();
        return trace.length() + " steps, " + p + (p == 1 ? " preemption" : " preemptions");
    }

    private int laneX(int t) {
        return PAD + INDEX_WIDTH + t * laneWidth;
    }

    private int boxWidth(int slots) {
        return laneWidth - 12 - slots * BAR;
    }

    private static int chars(int boxWidth) {
        return Math.max(8, (int) ((boxWidth - 8) / CHAR));
    }

    private record Line(String text, String style) {}

    /** What one lane shows at one step: the step itself, or what the thread waits for, or nothing. */
    private static List<Line> cell(Trace.Event e, int thread, int width) {
        List<Line> lines = new ArrayList<>();
        if (thread == e.thread()) {
            boolean raised = !e.raised().isEmpty();
            for (String s : Trace.wrap(e.label(), width)) lines.add(new Line(s, "font-weight=\"bold\"" + (raised ? " fill=\"#a01818\"" : "")));
            for (String a : e.accesses()) for (String s : Trace.wrap(a, width)) lines.add(new Line(s, ""));
            for (String r : e.raised()) for (String s : Trace.wrap("! " + r, width)) lines.add(new Line(s, "font-weight=\"bold\" fill=\"#a01818\""));
        }
        String waits = e.blocked().get(thread);
        if (waits != null) {
            String text = thread == e.thread() ? "then " + waits : waits;
            for (String s : Trace.wrap(text, width)) lines.add(new Line(s, "font-style=\"italic\" fill=\"#666666\""));
        }
        return lines;
    }
}
