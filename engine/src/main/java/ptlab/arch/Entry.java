package ptlab.arch;

/**
 * The non-present PTE encodings every profile shares: bit 0 clear, a type in bits 1-5, flags in
 * bits 6-8 and the offset (for migration entries, the pfn) from bit 12 up.
 */
public final class Entry {
    /** What an entry is (mm-model.md section 1.3). */
    public enum Kind { NONE, PRESENT, PRESENT_INVALID, SWAP, MIGRATION, MARKER }

    public enum Migration { READ, READ_EXCLUSIVE, WRITE }

    public enum Marker { UFFD_WP, POISON, GUARD }

    private static final int SWAP = 1, MIGRATION_READ = 2, MIGRATION_READ_EXCLUSIVE = 3, MIGRATION_WRITE = 4, MARKER = 5;
    private static final long YOUNG = 1L << 6, DIRTY = 1L << 7, EXCLUSIVE = 1L << 8;

    private Entry() {}

    static int type(long pte) {
        return (int) (pte >>> 1) & 0x1f;
    }

    static long offset(long pte) {
        return pte >>> 12;
    }

    static Kind swapKind(long pte) {
        return switch (type(pte)) {
            case SWAP -> Kind.SWAP;
            case MIGRATION_READ, MIGRATION_READ_EXCLUSIVE, MIGRATION_WRITE -> Kind.MIGRATION;
            case MARKER -> Kind.MARKER;
            default -> throw new IllegalArgumentException("not a swap entry: 0x" + Long.toHexString(pte));
        };
    }

    static long migration(long pfn, Migration kind, boolean young, boolean dirty) {
        int type = switch (kind) {
            case READ -> MIGRATION_READ;
            case READ_EXCLUSIVE -> MIGRATION_READ_EXCLUSIVE;
            case WRITE -> MIGRATION_WRITE;
        };
        return (pfn << 12) | ((long) type << 1) | (young ? YOUNG : 0) | (dirty ? DIRTY : 0);
    }

    /** A swap entry ({@code swp_entry_to_pte}). */
    public static long swap(long offset, boolean exclusive) {
        return (offset << 12) | ((long) SWAP << 1) | (exclusive ? EXCLUSIVE : 0);
    }

    static long marker(Marker m) {
        return ((long) (m.ordinal() + 1) << 12) | ((long) MARKER << 1);
    }

    public static Migration migrationKind(long pte) {
        return switch (type(pte)) {
            case MIGRATION_READ -> Migration.READ;
            case MIGRATION_READ_EXCLUSIVE -> Migration.READ_EXCLUSIVE;
            case MIGRATION_WRITE -> Migration.WRITE;
            default -> throw new IllegalArgumentException("not a migration entry: 0x" + Long.toHexString(pte));
        };
    }

    public static boolean is_migration_entry_young(long pte) {
        return (pte & YOUNG) != 0;
    }

    public static boolean is_migration_entry_dirty(long pte) {
        return (pte & DIRTY) != 0;
    }

    static String describeSwap(long pte) {
        return switch (swapKind(pte)) {
            case SWAP -> "SWAP offset=0x" + Long.toHexString(offset(pte)) + ((pte & EXCLUSIVE) != 0 ? " EXCL" : "");
            case MIGRATION -> "MIGRATION(" + migrationKind(pte) + ") pfn=0x" + Long.toHexString(offset(pte))
                    + (is_migration_entry_young(pte) ? " A" : "") + (is_migration_entry_dirty(pte) ? " D" : "");
            case MARKER -> "MARKER(" + Marker.values()[(int) offset(pte) - 1] + ")";
            default -> throw new AssertionError();
        };
    }
}
