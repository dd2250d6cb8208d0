package ptlab.race;

/**
 * A herd-style answer for a predicate over outcomes: Never, Sometimes or Always, with the counts.
 * For samplers "Never" means "not observed in these runs", never "impossible".
 */
public record Verdict(Kind kind, long positive, long total, String unit, boolean exhaustive) {
    public enum Kind { NEVER, SOMETIMES, ALWAYS }

    static Verdict of(long positive, long total, String unit, boolean exhaustive) {
        Kind k = positive == 0 ? Kind.NEVER : positive == total ? Kind.ALWAYS : Kind.SOMETIMES;
        return new Verdict(k, positive, total, unit, exhaustive);
    }

    @Override
    public String toString() {
        String name = switch (kind) {
            case NEVER -> exhaustive ? "Never" : "Not observed";
            case SOMETIMES -> "Sometimes";
            case ALWAYS -> exhaustive ? "Always" : "Always observed";
        };
        return name + ": " + positive + " of " + total + " " + unit;
    }
}
