package ptlab.kernel.display.race;

import ptlab.kernel.display.Html;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.RenderFailures;
import ptlab.kernel.display.Renderer;
import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Result;
import ptlab.viz.OutcomeChart;

import java.util.Base64;

/** An exploration: how it went, its outcome chart (PNG, also inside the HTML) and table, the minimized counterexample of each bad outcome, lock contention. */
public final class ResultRenderer implements Renderer<Result> {
    @Override
    public Class<Result> type() {
        return Result.class;
    }

    @Override
    public MimeBundle render(Result r) {
        StringBuilder b = new StringBuilder("<div>");
        b.append("<b>").append(Html.escape(r.program())).append("</b> — ").append(Html.escape(r.strategy().describe()))
                .append(": ").append(r.complete() ? "complete" : "<b>incomplete</b> (" + Html.escape(r.stopReason()) + ")")
                .append(String.format(", %,d %s in %.3f s", r.executions(), Html.escape(r.unit()), r.elapsed().toNanos() / 1e9));
        if (r.note() != null) b.append("<br><i>").append(Html.escape(r.note())).append("</i>");
        if (!r.members().isEmpty()) {
            for (Result m : r.members()) b.append("<p>").append(render(m).get(MimeBundle.HTML)).append("</p>");
            return MimeBundle.html(b.append("</div>").toString(), r.toString());
        }
        byte[] png = RenderFailures.attempt("the outcome chart", () -> OutcomeChart.of(r).png());
        String chart = png == null ? null : Base64.getEncoder().encodeToString(png);
        // Front ends show the richest type only (HTML here), so the chart is also inside the HTML.
        if (chart != null) {
            b.append("<br><img alt=\"outcome chart\" src=\"data:image/png;base64,").append(chart).append("\">");
        }
        b.append(RaceHtml.outcomes(r.outcomes()));
        int shown = 0;
        for (Outcome o : r.outcomes().rows()) {
            if (o.seen() && o.grade() != Grade.ACCEPTABLE && shown++ < 3) {
                b.append("<p>").append(RaceHtml.trace(o.minimized().trace())).append("</p>");
            }
        }
        if (!r.locks().locks().isEmpty()) b.append("<p>").append(RaceHtml.locks(r.locks())).append("</p>");
        MimeBundle bundle = new MimeBundle().with(MimeBundle.HTML, b.append("</div>").toString());
        if (chart != null) bundle.with(MimeBundle.PNG, chart);
        return bundle.with(MimeBundle.TEXT, r.toString());
    }
}
