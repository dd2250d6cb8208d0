package ptlab.viz;

/**
 * Writes SVG by hand: integer coordinates, attributes in a fixed order, text escaped, so the output
 * is a pure function of what is drawn.
 */
final class SvgWriter {
    private final StringBuilder b = new StringBuilder();

    SvgWriter(int width, int height, String title) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\">\n");
        b.append("<title>").append(Markup.escape(title)).append("</title>\n");
        b.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#ffffff\"/>\n");
    }

    void open(String element, String attributes) {
        b.append('<').append(element).append(' ').append(attributes).append(">\n");
    }

    void close(String element) {
        b.append("</").append(element).append(">\n");
    }

    /** A rectangle; {@code tip} (may be null) becomes its tooltip. */
    void rect(String cls, int x, int y, int width, int height, String attributes, String tip) {
        b.append("<rect");
        if (cls != null) b.append(" class=\"").append(cls).append('"');
        b.append(" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append('"');
        if (!attributes.isEmpty()) b.append(' ').append(attributes);
        if (tip == null) {
            b.append("/>\n");
        } else {
            b.append("><title>").append(Markup.escape(tip)).append("</title></rect>\n");
        }
    }

    void rect(String cls, int x, int y, int width, int height, String attributes) {
        rect(cls, x, y, width, height, attributes, null);
    }

    void text(String cls, int x, int y, String attributes, String text) {
        b.append("<text");
        if (cls != null) b.append(" class=\"").append(cls).append('"');
        b.append(" x=\"").append(x).append("\" y=\"").append(y).append('"');
        if (!attributes.isEmpty()) b.append(' ').append(attributes);
        b.append(">").append(Markup.escape(text)).append("</text>\n");
    }

    String finish() {
        return b.append("</svg>\n").toString();
    }
}
