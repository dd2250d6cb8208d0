package ptlab.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import ptlab.race.Result;
import ptlab.viz.Comparison;

/**
 * Results and comparisons as JSON writeups that reproduce them, and back: {@code Export.json(result)},
 * {@code Export.read(json).replayed()}. The same result gives the same bytes: keys in a fixed order,
 * no timings. (Tables for CSV are {@code result.outcomes().toTable()} and {@code result.locks().toTable()}.)
 */
public final class Export {
    /** The ptlab version that wrote an export (the Maven project version). */
    public static final String VERSION = version();

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    private Export() {}

    public static String json(Result result) {
        return GSON.toJson(Writeup.of(result, VERSION));
    }

    /** A comparison with, for each cell that summarizes a result, that result's writeup. */
    public static String json(Comparison comparison) {
        return GSON.toJson(ComparisonWriteup.of(comparison));
    }

    public static Writeup read(String json) {
        return GSON.fromJson(json, Writeup.class);
    }

    public static ComparisonWriteup readComparison(String json) {
        return GSON.fromJson(json, ComparisonWriteup.class);
    }

    private static String version() {
        try (InputStream in = Export.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
