package ptlab.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * arm64: PTE_VALID (0), PTE_RDONLY (7), PTE_AF (10), PTE_WRITE = DBM (51), PTE_CONT (52), the
 * software PTE_DIRTY (55) and PTE_PRESENT_INVALID (59). Dirty is PTE_DIRTY or "writable and not
 * RDONLY"; with FEAT_HAFDBS the hardware sets AF and clears RDONLY on a write (each optional).
 * {@code ptep_set_access_flags()} is the cmpxchg OR-merge; TLB invalidation is broadcast.
 */
public final class Arm64 extends Arch {
    static final long VALID = 1, RDONLY = 1L << 7, AF = 1L << 10, WRITE = 1L << 51, CONT = 1L << 52,
            SW_DIRTY = 1L << 55, PRESENT_INVALID = 1L << 59;
    private static final long PFN_MASK = ((1L << 36) - 1) << 12;

    private final boolean hwAf;
    private final boolean hwDbm;
    private final boolean contpte;

    public Arm64(boolean hwAf, boolean hwDbm, boolean contpte) {
        this.hwAf = hwAf;
        this.hwDbm = hwDbm;
        this.contpte = contpte;
    }

    @Override public Profile profile() { return Profile.ARM64; }
    @Override public AccessFlags accessFlags() { return AccessFlags.CMPXCHG_MERGE; }
    @Override public TlbFlush tlbFlush() { return TlbFlush.BROADCAST; }
    @Override public LocklessRead locklessRead() { return contpte ? LocklessRead.CONTPTE : LocklessRead.ATOMIC; }
    @Override public boolean hwYoung() { return hwAf; }
    @Override public boolean hwDirty() { return hwDbm; }

    @Override
    public long pfn_pte(long pfn, boolean write, boolean dirty, boolean young) {
        long pte = (pfn << 12) | VALID | RDONLY;
        if (write) pte = pte_mkwrite(pte);
        if (dirty) pte = pte_mkdirty(pte);
        if (young) pte = pte_mkyoung(pte);
        return pte;
    }

    @Override public boolean pte_present(long pte) { return (pte & (VALID | PRESENT_INVALID)) != 0; }
    @Override public boolean pte_valid(long pte) { return (pte & VALID) != 0; }
    @Override public boolean pte_write(long pte) { return pte_present(pte) && (pte & WRITE) != 0; }

    @Override
    public boolean pte_dirty(long pte) {
        return pte_present(pte) && ((pte & SW_DIRTY) != 0 || ((pte & WRITE) != 0 && (pte & RDONLY) == 0));
    }

    @Override public boolean pte_young(long pte) { return pte_present(pte) && (pte & AF) != 0; }
    @Override public long pte_pfn(long pte) { return (pte & PFN_MASK) >>> 12; }

    @Override
    public long pte_mkdirty(long pte) {
        pte |= SW_DIRTY;
        return (pte & WRITE) != 0 ? pte & ~RDONLY : pte;
    }

    @Override public long pte_mkclean(long pte) { return (pte & ~SW_DIRTY) | RDONLY; }
    @Override public long pte_mkyoung(long pte) { return pte | AF; }
    @Override public long pte_mkold(long pte) { return pte & ~AF; }

    @Override
    public long pte_mkwrite(long pte) {
        pte |= WRITE;
        return (pte & SW_DIRTY) != 0 ? pte & ~RDONLY : pte;
    }

    @Override
    public long pte_wrprotect(long pte) {
        if (pte_dirty(pte)) pte |= SW_DIRTY;
        return (pte & ~WRITE) | RDONLY;
    }

    @Override
    public long pte_mkinvalid(long pte) {
        return (pte & ~VALID) | PRESENT_INVALID;
    }

    @Override public boolean pte_cont(long pte) { return (pte & CONT) != 0; }
    @Override public long pte_mkcont(long pte) { return pte | CONT; }
    @Override public long pte_mknoncont(long pte) { return pte & ~CONT; }

    /** {@code pte_valid_cont()}. */
    public boolean pte_valid_cont(long pte) {
        return (pte & (VALID | CONT)) == (VALID | CONT);
    }

    /**
     * The bits {@code __ptep_set_access_flags()} may merge from {@code entry}: AF, WRITE, DIRTY,
     * and RDONLY as the most permissive (the AND) of old and entry.
     */
    public long accessFlagsMerge(long old, long entry) {
        long e = (entry & (RDONLY | AF | WRITE | SW_DIRTY)) ^ RDONLY;
        long v = old ^ RDONLY;
        v |= e;
        return v ^ RDONLY;
    }

    @Override
    public long tlbFill(long pte, boolean write) {
        if ((pte & VALID) == 0) return FAULT;
        if ((pte & AF) == 0) {
            if (!hwAf) return FAULT;
            pte |= AF;
        }
        if (write && (pte & RDONLY) != 0) {
            if ((pte & WRITE) == 0 || !hwDbm) return FAULT;
            pte &= ~RDONLY;
        }
        return pte;
    }

    @Override
    public boolean tlbHit(long cached, boolean write) {
        return (cached & (VALID | AF)) == (VALID | AF) && (!write || (cached & RDONLY) == 0);
    }

    /** In bit order; PTE_WRITE is the hardware's DBM bit, which is why "writable and not RDONLY" is dirty. */
    @Override
    public List<String> pteBits(long pte) {
        List<String> b = new ArrayList<>(7);
        if ((pte & VALID) != 0) b.add("PTE_VALID");
        if ((pte & RDONLY) != 0) b.add("PTE_RDONLY");
        if ((pte & AF) != 0) b.add("PTE_AF");
        if ((pte & WRITE) != 0) b.add("PTE_WRITE/DBM");
        if ((pte & CONT) != 0) b.add("PTE_CONT");
        if ((pte & SW_DIRTY) != 0) b.add("PTE_DIRTY");
        if ((pte & PRESENT_INVALID) != 0) b.add("PTE_PRESENT_INVALID");
        return b;
    }

    @Override
    protected String presentBits(long pte) {
        return ((pte & RDONLY) != 0 ? " PTE_RDONLY" : "") + ((pte & SW_DIRTY) != 0 ? " PTE_DIRTY" : "");
    }
}
