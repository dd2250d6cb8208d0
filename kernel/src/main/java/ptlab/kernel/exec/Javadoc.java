package ptlab.kernel.exec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Javadoc comment text as readable plain text: inline tags unwrapped, HTML tags dropped. */
final class Javadoc {
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|literal|link|linkplain|value)\\s+([^}]*)}");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)<\\s*(p|br|li)\\s*/?>");
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

    private Javadoc() {
    }

    static String toPlainText(String javadoc) {
        Matcher m = INLINE_TAG.matcher(javadoc);
        String text = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1).trim()));
        text = PARAGRAPH.matcher(text).replaceAll("\n");
        text = HTML_TAG.matcher(text).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }
}
