package ptlab.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * Profiles whose present PTEs carry plain flag bits in x86's layout: PRESENT (0), RW (1),
 * ACCESSED (5), DIRTY (6), the pfn from bit 12. On x86-PAE the same 64-bit value is stored as two
 * 32-bit words, {@code pte_low} holding the present bit and the low pfn bits.
 */
public abstract class FlagsArch extends Arch {
    static final long PRESENT = 1, RW = 1L << 1, ACCESSED = 1L << 5, DIRTY = 1L << 6;

    @Override
    public long pfn_pte(long pfn, boolean write, boolean dirty, boolean young) {
        return (pfn << 12) | PRESENT | (write ? RW : 0) | (dirty ? DIRTY : 0) | (young ? ACCESSED : 0);
    }

    @Override public boolean pte_present(long pte) { return (pte & PRESENT) != 0; }
    @Override public boolean pte_write(long pte) { return pte_present(pte) && (pte & RW) != 0; }
    @Override public boolean pte_dirty(long pte) { return pte_present(pte) && (pte & DIRTY) != 0; }
    @Override public boolean pte_young(long pte) { return pte_present(pte) && (pte & ACCESSED) != 0; }
    @Override public long pte_pfn(long pte) { return pte >>> 12; }
    @Override public long pte_mkdirty(long pte) { return pte | DIRTY; }
    @Override public long pte_mkclean(long pte) { return pte & ~DIRTY; }
    @Override public long pte_mkyoung(long pte) { return pte | ACCESSED; }
    @Override public long pte_mkold(long pte) { return pte & ~ACCESSED; }
    @Override public long pte_mkwrite(long pte) { return pte | RW; }
    @Override public long pte_wrprotect(long pte) { return pte & ~RW; }

    @Override
    public List<String> pteBits(long pte) {
        List<String> b = new ArrayList<>(4);
        if ((pte & PRESENT) != 0) b.add("_PAGE_PRESENT");
        if ((pte & RW) != 0) b.add("_PAGE_RW");
        if ((pte & ACCESSED) != 0) b.add("_PAGE_ACCESSED");
        if ((pte & DIRTY) != 0) b.add("_PAGE_DIRTY");
        return b;
    }

    @Override
    public long tlbFill(long pte, boolean write) {
        if (!pte_present(pte) || (write && (pte & RW) == 0)) return FAULT;
        if (hwYoung()) return pte | ACCESSED | (write && hwDirty() ? DIRTY : 0);
        // Software A/D: an old entry is inaccessible and a clean one read-only, so the access traps.
        if ((pte & ACCESSED) == 0 || (write && (pte & DIRTY) == 0)) return FAULT;
        return pte;
    }

    @Override
    public boolean tlbHit(long cached, boolean write) {
        return pte_present(cached) && (!write || (cached & (RW | DIRTY)) == (RW | DIRTY));
    }

    /** The low 32-bit word of an entry ({@code pte.pte_low}). */
    public static long low(long pte) {
        return pte & 0xffff_ffffL;
    }

    /** The high 32-bit word of an entry ({@code pte.pte_high}). */
    public static long high(long pte) {
        return pte >>> 32;
    }

    public static long words(long high, long low) {
        return (high << 32) | low;
    }
}
