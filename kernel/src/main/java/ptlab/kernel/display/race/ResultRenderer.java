package ptlab.kernel.display.race;

import ptlab.kernel.display.Html;
import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.race.Grade;
import ptlab.race.Outcome;
import ptlab.race.Result;

/** An exploration: how it went, its outcomes, the minimized counterexample of each bad outcome, lock contention. */
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
            return new MimeBundle().with(MimeBundle.HTML, b.append("</div>").toString()).with(MimeBundle.TEXT, r.toString());
        }
        b.append(RaceHtml.outcomes(r.outcomes()));
        int shown = 0;
        for (Outcome o : r.outcomes().rows()) {
            if (o.seen() && o.grade() != Grade.ACCEPTABLE && shown++ < 3) {
                b.append("<p>").append(RaceHtml.trace(o.minimized().trace())).append("</p>");
            }
        }
        if (!r.locks().locks().isEmpty()) b.append("<p>").append(RaceHtml.locks(r.locks())).append("</p>");
        return new MimeBundle().with(MimeBundle.HTML, b.append("</div>").toString()).with(MimeBundle.TEXT, r.toString());
    }
}
