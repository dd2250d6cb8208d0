package ptlab.kernel.display.race;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.race.OutcomeTable;

/** An outcome table: rows coloured by grade, captioned with its denominator and unit. */
public final class OutcomeTableRenderer implements Renderer<OutcomeTable> {
    @Override
    public Class<OutcomeTable> type() {
        return OutcomeTable.class;
    }

    @Override
    public MimeBundle render(OutcomeTable t) {
        return MimeBundle.html(RaceHtml.outcomes(t), t.toString());
    }
}
