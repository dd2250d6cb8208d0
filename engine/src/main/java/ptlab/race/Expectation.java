package ptlab.race;

import java.util.regex.Pattern;

/** A declared outcome: an exact key or a regular expression, its grade and why. */
public record Expectation(String key, Pattern pattern, Grade grade, String description, String display) {
    public Expectation(String key, Pattern pattern, Grade grade, String description) {
        this(key, pattern, grade, description, null);
    }

    /** Any outcome whose key has {@code label} among its comma-separated parts; shown as {@code *LABEL*}. */
    public static Expectation containing(String label, Grade grade, String description) {
        return new Expectation(null, Pattern.compile("(.*, )?" + Pattern.quote(label) + "(, .*)?"), grade, description, "*" + label + "*");
    }

    public static Expectation exact(String key, Grade grade, String description) {
        return new Expectation(key, null, grade, description);
    }

    public static Expectation matching(String regex, Grade grade, String description) {
        return new Expectation(null, Pattern.compile(regex), grade, description);
    }

    public boolean matches(String outcome) {
        return key != null ? key.equals(outcome) : pattern.matcher(outcome).matches();
    }

    /** The key, or the pattern written as {@code /regex/}. */
    public String shown() {
        if (key != null) return key;
        return display != null ? display : "/" + pattern.pattern() + "/";
    }
}
