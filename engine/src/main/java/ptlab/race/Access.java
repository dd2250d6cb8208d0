package ptlab.race;

/**
 * The kinds of access a step makes to a shared object, and which pairs conflict. A footprint entry
 * packs an object id and a kind into one {@code long}: {@code id << 3 | kind}.
 *
 * <p>Lock acquires conflict with each other (shared-shared excepted) and with releases, so that
 * happens-before orders every acquire after the release that made it possible; a lock peek
 * (failed try-lock, is-locked test) conflicts with acquires and releases.
 */
final class Access {
    /** Read, write (or read-modify-write), acquire, shared acquire, release, peek at a lock, shared release. */
    static final int R = 0, W = 1, ACQ = 2, ACQ_SH = 3, REL = 4, PK = 5, REL_SH = 6;
    /** CONFLICTS[a] has bit b set when kinds a and b conflict on the same object. */
    private static final int[] CONFLICTS = new int[7];

    private Access() {}

    static {
        conflict(R, W); conflict(W, W);
        conflict(ACQ, ACQ); conflict(ACQ, ACQ_SH);
        conflict(PK, ACQ); conflict(PK, ACQ_SH); conflict(PK, REL);
        conflict(REL, ACQ); conflict(REL, ACQ_SH);
        conflict(REL_SH, ACQ); conflict(REL_SH, PK);
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

    static boolean conflicts(long a, long b) {
        return (a >>> 3) == (b >>> 3) && (CONFLICTS[(int) (a & 7)] & (1 << (int) (b & 7))) != 0;
    }

    /** A lock that {@code a} (earlier) releases and {@code b} acquires, or -1. */
    static int releasedLock(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        for (int i = aFrom; i < aTo; i++) {
            if (!isRelease(a[i])) continue;
            for (int j = bFrom; j < bTo; j++) {
                if (isAcquire(b[j]) && conflicts(a[i], b[j])) return object(a[i]);
            }
        }
        return -1;
    }

    /** Whether a and b conflict other than by a release in a of a lock b acquires. */
    static boolean dependentBesidesRelease(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        for (int i = aFrom; i < aTo; i++) {
            for (int j = bFrom; j < bTo; j++) {
                if (conflicts(a[i], b[j]) && !(isRelease(a[i]) && isAcquire(b[j]))) return true;
            }
        }
        return false;
    }

    private static boolean isRelease(long e) {
        int k = (int) (e & 7);
        return k == REL || k == REL_SH;
    }

    private static boolean isAcquire(long e) {
        int k = (int) (e & 7);
        return k == ACQ || k == ACQ_SH;
    }

    /** Whether a footprint acquires or peeks at a lock: what it does then depends on the lock's state. */
    static boolean observesLocks(long[] a, int from, int to) {
        for (int i = from; i < to; i++) if (isAcquire(a[i]) || (a[i] & 7) == PK) return true;
        return false;
    }

    /**
     * Whether {@code a} changes something {@code b} observes (a write to what b reads, a lock event
     * on a lock b peeks at): b may then behave otherwise without a.
     */
    static boolean changesObserved(long[] a, int aFrom, int aTo, long[] b, int bFrom, int bTo) {
        for (int i = aFrom; i < aTo; i++) {
            int k = (int) (a[i] & 7);
            if (k == R || k == PK) continue;
            long observed = (a[i] & ~7L) | (k == W ? R : PK);
            for (int j = bFrom; j < bTo; j++) if (b[j] == observed) return true;
        }
        return false;
    }

    /** Whether a footprint acquires the lock with this id. */
    /** Whether a releases the lock as one of its shared holders. */
    static boolean releasesShared(long[] a, int from, int to, int lock) {
        for (int i = from; i < to; i++) if (a[i] == pack(lock, REL_SH)) return true;
        return false;
    }

    static boolean acquires(long[] a, int from, int to, int lock) {
        for (int i = from; i < to; i++) {
            int k = (int) (a[i] & 7);
            if ((k == ACQ || k == ACQ_SH) && object(a[i]) == lock) return true;
        }
        return false;
    }

    /**
     * A summary of a footprint for quick independence tests: each object hashed to one of 32 bits,
     * in the low half when read, in the high half when touched otherwise. Footprints whose summaries
     * do not {@link #mayConflict} are independent.
     */
    static long summary(long[] a, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            int bit = (object(a[i]) * 0x9E3779B9) >>> 27;
            s |= 1L << ((a[i] & 7) == R ? bit : bit + 32);
        }
        return s;
    }

    /** Whether footprints with these summaries may conflict: one writes (or locks) an object the other touches. */
    static boolean mayConflict(long s, long t) {
        return ((s >>> 32) & (t | t >>> 32) | (t >>> 32) & s) != 0;
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
