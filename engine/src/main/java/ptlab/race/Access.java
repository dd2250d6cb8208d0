package ptlab.race;

/**
 * The kinds of access a step makes to a shared object, and which pairs conflict. A footprint entry
 * packs an object id and a kind into one {@code long}: {@code id << 3 | kind}.
 *
 * <p>Lock acquires conflict with each other (shared-shared excepted); a release conflicts with
 * nothing but a lock peek (failed trylock, is-locked test), because lock order is already captured
 * by acquire-acquire conflicts and a blocked acquire takes part in race detection.
 */
public enum Access {
    READ, WRITE, ACQUIRE, ACQUIRE_SHARED, RELEASE, PEEK;

    static final int R = 0, W = 1, ACQ = 2, ACQ_SH = 3, REL = 4, PK = 5;
    private static final Access[] KINDS = values();
    /** CONFLICTS[a] has bit b set when kinds a and b conflict on the same object. */
    private static final int[] CONFLICTS = new int[KINDS.length];

    static {
        conflict(R, W); conflict(W, W);
        conflict(ACQ, ACQ); conflict(ACQ, ACQ_SH);
        conflict(PK, ACQ); conflict(PK, ACQ_SH); conflict(PK, REL);
    }

    private static void conflict(int a, int b) {
        CONFLICTS[a] |= 1 << b;
        CONFLICTS[b] |= 1 << a;
    }

    static long pack(int objectId, int kind) {
        return ((long) objectId << 3) | kind;
    }

    static int object(long entry) {
        return (int) (entry >>> 3);
    }

    static Access kind(long entry) {
        return KINDS[(int) (entry & 7)];
    }

    static boolean conflicts(long a, long b) {
        return (a >>> 3) == (b >>> 3) && (CONFLICTS[(int) (a & 7)] & (1 << (int) (b & 7))) != 0;
    }

    /** Whether two footprints (slices of packed entries) have a conflicting pair. */
    static boolean dependent(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        for (int i = aFrom; i < aTo; i++) {
            long x = a[i];
            for (int j = bFrom; j < bTo; j++) {
                if (conflicts(x, b[j])) return true;
            }
        }
        return false;
    }
}
