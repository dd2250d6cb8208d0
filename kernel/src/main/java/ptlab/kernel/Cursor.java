package ptlab.kernel;

/** Jupyter counts cursor positions in code points (protocol 5.2+), Java strings in UTF-16 units. */
final class Cursor {
    private Cursor() {
    }

    static int toIndex(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }

    static int toCodePoints(String code, int index) {
        return code.codePointCount(0, Math.max(0, Math.min(index, code.length())));
    }
}
