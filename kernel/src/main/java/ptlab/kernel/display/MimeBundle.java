package ptlab.kernel.display;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a value looks like: one representation per MIME type, plus per-type metadata (for example
 * the displayed size of an image). Text types hold strings, images base64 strings, and
 * application/json a Map or List.
 */
public final class MimeBundle {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String LATEX = "text/latex";
    public static final String SVG = "image/svg+xml";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String JSON = "application/json";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public static MimeBundle text(String text) {
        return new MimeBundle().with(TEXT, text);
    }

    public static MimeBundle html(String html, String text) {
        return new MimeBundle().with(HTML, html).with(TEXT, text);
    }

    /**
     * An SVG picture, also as text/html holding it as an image. nbconvert 6.5 (Debian 12) runs
     * image/svg+xml through an HTML cleaner that drops every SVG element (jupyter/nbconvert#1849), so
     * its HTML export showed blank boxes; text/html outranks image/svg+xml in every front end.
     */
    public static MimeBundle svg(String markup, String text) {
        String uri = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(markup.getBytes(StandardCharsets.UTF_8));
        return new MimeBundle().with(SVG, markup).with(HTML, "<img src=\"" + uri + "\" alt=\"" + Html.escape(firstLine(text)) + "\">").with(TEXT, text);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    public MimeBundle with(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    public MimeBundle withMetadata(String mimeType, Object value) {
        metadata.put(mimeType, value);
        return this;
    }

    public Object get(String mimeType) {
        return data.get(mimeType);
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** A copy restricted to the given types (text/plain is always kept). */
    public MimeBundle only(String... mimeTypes) {
        MimeBundle b = new MimeBundle();
        for (String t : mimeTypes) {
            if (data.containsKey(t)) b.with(t, data.get(t));
            if (metadata.containsKey(t)) b.withMetadata(t, metadata.get(t));
        }
        if (data.containsKey(TEXT)) b.with(TEXT, data.get(TEXT));
        return b;
    }

    @Override
    public String toString() {
        Object text = data.get(TEXT);
        return text != null ? text.toString() : "MimeBundle" + data.keySet();
    }
}
