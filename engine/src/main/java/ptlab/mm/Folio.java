package ptlab.mm;

import ptlab.race.Lock;
import ptlab.race.LongVar;

/**
 * A folio: reference count (frozen at 0 by {@code folio_ref_freeze}), mapcount, flags, the
 * sleeping PG_locked bit lock, mapping and index, and a data version that stores bump, so a lost
 * write or a lost dirty bit can be detected.
 */
public final class Folio {
    public static final long PG_dirty = 1, PG_anon = 1 << 1, PG_swapcache = 1 << 2, PG_uptodate = 1 << 3, PG_lru = 1 << 4,
            PG_anon_exclusive = 1 << 5, FREED = 1 << 10;
    /** Each FOLL_PIN adds this to a small folio's refcount. */
    public static final long GUP_PIN_COUNTING_BIAS = 1024;

    private final Page head;
    private final int nrPages;
    final LongVar refcount;
    final LongVar mapcount;
    final LongVar flags;
    final LongVar data;
    final Lock lock;
    /** The exclusive wait queue of PG_locked as tickets: head = next to be handed the lock, tail = next ticket (PG_waiters = head < tail). */
    final LongVar waitHead, waitTail;
    final AddressSpace mapping;
    final long index;

    Folio(Machine m, Page head, int nrPages, long refcount, long flags, AddressSpace mapping, long index) {
        this.head = head;
        this.nrPages = nrPages;
        String n = "folio(" + head.name() + ")";
        this.refcount = m.memory.longVar(n + ".refcount", refcount);
        this.mapcount = m.memory.longVar(n + ".mapcount", 0);
        this.flags = m.memory.longVar(n + ".flags", flags, Folio::describeFlags);
        this.data = m.memory.longVar(n + ".data", 0);
        this.lock = m.memory.mutex("PG_locked(" + head.name() + ")");
        this.waitHead = m.memory.longVar(n + ".waitq.head", 0);
        this.waitTail = m.memory.longVar(n + ".waitq.tail", 0);
        this.mapping = mapping;
        this.index = index;
        head.folio = this;
    }

    public Page page() { return head; }
    public long pfn() { return head.pfn(); }
    public int nrPages() { return nrPages; }
    public AddressSpace mapping() { return mapping; }
    public long index() { return index; }
    /** The PG_locked bit lock (sleeping). */
    public Lock lock() { return lock; }

    public long peekRefcount() { return refcount.peek(); }
    public long peekMapcount() { return mapcount.peek(); }
    public long peekData() { return data.peek(); }
    public boolean peekFlag(long flag) { return (flags.peek() & flag) != 0; }
    public boolean freed() { return peekFlag(FREED); }
    /** The ticket of the waiter PG_locked is handed to next (unrecorded, for guards). */
    public long peekWaitHead() { return waitHead.peek(); }

    static String describeFlags(long f) {
        StringBuilder b = new StringBuilder();
        String[] names = {"dirty", "anon", "swapcache", "uptodate", "lru", "anon_exclusive"};
        for (int i = 0; i < names.length; i++) if ((f & (1L << i)) != 0) b.append(b.length() > 0 ? "|" : "").append(names[i]);
        if ((f & FREED) != 0) b.append(b.length() > 0 ? "|" : "").append("FREED");
        return b.length() == 0 ? "0" : b.toString();
    }

    @Override
    public String toString() {
        return "folio(" + head.name() + ") ref=" + refcount.peek() + " map=" + mapcount.peek() + " " + describeFlags(flags.peek())
                + (lock.owner() >= 0 ? " locked" : "");
    }
}
