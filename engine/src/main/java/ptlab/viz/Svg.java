package ptlab.viz;

/** An SVG document with a description in words; a notebook shows it as image/svg+xml. */
public record Svg(String markup, String description) {
    @Override
    public String toString() {
        return description;
    }
}
