package ptlab.viz;

/** Escaping for the text that goes into hand-written SVG and HTML (outcome keys are user text). */
public final class Markup {
    private Markup() {}

    public static String escape(String s) {
        StringBuilder e = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> e.append("&lt;");
                case '>' -> e.append("&gt;");
                case '&' -> e.append("&amp;");
                case '"' -> e.append("&quot;");
                case '\'' -> e.append("&#39;");
                default -> e.append(c);
            }
        }
        return e.toString();
    }
}
