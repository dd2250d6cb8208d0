package ptlab.kernel;

import ptlab.kernel.display.Html;

/** One frame of a progress bar; its toString() is the text form, {@link #html()} the notebook form. */
final class ProgressView {
    private final String label;
    private final long done;
    private final long total;
    private final String summary;
    private final int width;

    ProgressView(String label, long done, long total, String summary, int width) {
        this.label = label;
        this.done = done;
        this.total = total;
        this.summary = summary;
        this.width = width;
    }

    String html() {
        String counts = total > 0 ? done + " / " + total : String.valueOf(done);
        String tail = summary == null ? "" : " &mdash; " + Html.escape(summary);
        return "<div class=\"ptlab-progress\"><progress value=\"" + Math.min(done, Math.max(total, 1))
                + "\" max=\"" + Math.max(total, 1) + "\"></progress> " + Html.escape(label) + " " + counts + tail + "</div>";
    }

    @Override
    public String toString() {
        int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String pct = total > 0 ? (done * 100 / total) + "%" : "";
        return label + " [" + bar + "] " + pct + " (" + done + (total > 0 ? "/" + total : "") + ")"
                + (summary == null ? "" : " " + summary);
    }
}
