package ptlab.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * PMD entries, shared by every profile: PRESENT bit 0, a leaf (PSE) in bit 7, W/A/D for leaves,
 * BAD in bit 11, the pfn (of the PTE table, or of the THP) from bit 12 up. A non-present,
 * non-zero pmd is a PMD migration entry.
 */
public final class Pmd {
    public enum Kind { NONE, TABLE, LEAF, MIGRATION, BAD }

    private static final long PRESENT = 1, WRITE = 1L << 1, ACCESSED = 1L << 5, DIRTY = 1L << 6, LEAF = 1L << 7, BAD = 1L << 11;

    private Pmd() {}

    static boolean present(long pmd) {
        return (pmd & PRESENT) != 0;
    }

    static boolean leaf(long pmd) {
        return present(pmd) && (pmd & LEAF) != 0;
    }

    static boolean bad(long pmd) {
        return (pmd & BAD) != 0;
    }

    static boolean write(long pmd) {
        return leaf(pmd) && (pmd & WRITE) != 0;
    }

    static long pfn(long pmd) {
        return pmd >>> 12;
    }

    static long table(long pfn) {
        return (pfn << 12) | PRESENT;
    }

    static long leaf(long pfn, boolean write, boolean dirty, boolean young) {
        return (pfn << 12) | PRESENT | LEAF | (write ? WRITE : 0) | (dirty ? DIRTY : 0) | (young ? ACCESSED : 0);
    }

    /** A pmd whose contents make no sense ({@code pmd_bad}). */
    public static long mkbad(long pfn) {
        return (pfn << 12) | PRESENT | BAD;
    }

    /** A PMD migration entry for a THP. */
    public static long migration(long pfn) {
        return (pfn << 12) | (4L << 1);
    }

    static Kind kind(long pmd) {
        if (pmd == 0) return Kind.NONE;
        if (bad(pmd)) return Kind.BAD;
        if (!present(pmd)) return Kind.MIGRATION;
        return leaf(pmd) ? Kind.LEAF : Kind.TABLE;
    }

    static String describe(long pmd) {
        Kind k = kind(pmd);
        if (k == Kind.NONE) return "NONE";
        StringBuilder b = new StringBuilder(k.name()).append(" pfn=0x").append(Long.toHexString(pfn(pmd)));
        for (String f : flags(pmd)) b.append(' ').append(f);
        return b.toString();
    }

    /** A leaf's W, D and A, as for PTEs; none for other kinds. */
    static List<String> flags(long pmd) {
        List<String> f = new ArrayList<>(3);
        if (kind(pmd) != Kind.LEAF) return f;
        if ((pmd & WRITE) != 0) f.add("W");
        if ((pmd & DIRTY) != 0) f.add("D");
        if ((pmd & ACCESSED) != 0) f.add("A");
        return f;
    }
}
