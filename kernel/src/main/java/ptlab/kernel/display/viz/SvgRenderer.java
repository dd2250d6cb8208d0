package ptlab.kernel.display.viz;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.viz.Svg;

/** An SVG picture (a chart's {@code svg()}) as image/svg+xml (and an HTML image of it). */
public final class SvgRenderer implements Renderer<Svg> {
    @Override
    public Class<Svg> type() {
        return Svg.class;
    }

    @Override
    public MimeBundle render(Svg s) {
        return MimeBundle.svg(s.markup(), s.description());
    }
}
