package ptlab.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * An architecture profile: how entries are encoded (a PTE is a {@code long}; on x86-PAE two 32-bit
 * words), what the hardware does on a TLB fill, how TLB flushes reach other CPUs, and which
 * variant of the arch-overridable primitives the kernel uses. Entry helpers carry the kernel's
 * names and are pure: a value in, a value out.
 *
 * <p>The non-present encodings (swap, migration, marker) and the PMD encoding are shared by every
 * profile; the present PTE bits are each profile's own ({@link X86}, {@link Arm64}).
 */
public abstract class Arch {
    /** What {@code ptep_set_access_flags()} does (mm-model.md section 2). */
    public enum AccessFlags {
        /** x86: write {@code entry} only when {@code dirty} and it differs. */
        WRITE_IF_DIRTY,
        /** arm64: cmpxchg loop OR-merging AF/WRITE/DIRTY, RDONLY as the most permissive. */
        CMPXCHG_MERGE,
        /** generic and RISC-V: overwrite with {@code entry} whenever it differs. */
        OVERWRITE
    }

    /** How a TLB flush reaches other CPUs. */
    public enum TlbFlush {
        /** By IPI: completes only when every target CPU has IRQs enabled. */
        IPI,
        /** By broadcast TLBI: never waits for other CPUs. */
        BROADCAST
    }

    /** How {@code ptep_get_lockless()} reads an entry. */
    public enum LocklessRead { ATOMIC, LOW_HIGH, CONTPTE }

    public abstract Profile profile();

    public String name() {
        return profile().name();
    }

    public abstract AccessFlags accessFlags();

    public abstract TlbFlush tlbFlush();

    public LocklessRead locklessRead() {
        return LocklessRead.ATOMIC;
    }

    /** Whether a PTE is two 32-bit words that are loaded and stored separately (x86-PAE). */
    public boolean splitWords() {
        return false;
    }

    /** Whether hardware sets the accessed bit on a TLB fill. */
    public abstract boolean hwYoung();

    /** Whether hardware sets the dirty bit on the first write through a writable entry. */
    public abstract boolean hwDirty();

    // ---- present PTEs: each profile's encoding ------------------------------------------------

    /** A present, valid PTE mapping {@code pfn}. */
    public abstract long pfn_pte(long pfn, boolean write, boolean dirty, boolean young);

    public abstract boolean pte_present(long pte);

    /** Present for the hardware (a TLB fill may use it). */
    public boolean pte_valid(long pte) {
        return pte_present(pte);
    }

    public abstract boolean pte_write(long pte);

    public abstract boolean pte_dirty(long pte);

    public abstract boolean pte_young(long pte);

    public abstract long pte_pfn(long pte);

    public abstract long pte_mkdirty(long pte);

    public abstract long pte_mkclean(long pte);

    public abstract long pte_mkyoung(long pte);

    public abstract long pte_mkold(long pte);

    public abstract long pte_mkwrite(long pte);

    public abstract long pte_wrprotect(long pte);

    /** arm64 only: software-present, hardware-invalid. */
    public long pte_mkinvalid(long pte) {
        throw new UnsupportedOperationException("pte_mkinvalid() exists on arm64 only, not on " + name());
    }

    /** arm64 contpte: the entry carries PTE_CONT. */
    public boolean pte_cont(long pte) {
        return false;
    }

    public long pte_mkcont(long pte) {
        throw new UnsupportedOperationException("PTE_CONT exists on arm64 only, not on " + name());
    }

    /** arm64 contpte: the entry without PTE_CONT ({@code pte_mknoncont}). */
    public long pte_mknoncont(long pte) {
        throw new UnsupportedOperationException("PTE_CONT exists on arm64 only, not on " + name());
    }

    /**
     * What the page walker makes of an entry on an access: the entry after the hardware's atomic
     * A/D update (unchanged if it sets none), or {@link #FAULT} when the access must trap.
     */
    public abstract long tlbFill(long pte, boolean write);

    /** Whether a cached translation serves an access without a new walk. */
    public abstract boolean tlbHit(long cached, boolean write);

    public static final long FAULT = -1;

    // ---- shared: none, swap/migration/marker entries -----------------------------------------

    public final boolean pte_none(long pte) {
        return pte == 0;
    }

    public final boolean pte_same(long a, long b) {
        return a == b;
    }

    /** The seed-000 RFC's comparison: equal except for the access and dirty bits. */
    public final boolean pte_same_norecency(long a, long b) {
        return pte_mkold(pte_mkclean(a)) == pte_mkold(pte_mkclean(b));
    }

    public final boolean is_swap_pte(long pte) {
        return pte != 0 && !pte_present(pte);
    }

    public final Entry.Kind kind(long pte) {
        if (pte == 0) return Entry.Kind.NONE;
        if (pte_present(pte)) return pte_valid(pte) ? Entry.Kind.PRESENT : Entry.Kind.PRESENT_INVALID;
        return Entry.swapKind(pte);
    }

    public final boolean is_migration_entry(long pte) {
        return is_swap_pte(pte) && kind(pte) == Entry.Kind.MIGRATION;
    }

    /** {@code make_readable/writable_migration_entry}, with young and dirty carried over. */
    public final long make_migration_entry(long pfn, Entry.Migration kind, boolean young, boolean dirty) {
        return Entry.migration(pfn, kind, young, dirty);
    }

    /** The pfn a swap or migration entry names ({@code swp_offset_pfn}). */
    public final long swp_offset(long pte) {
        return Entry.offset(pte);
    }

    public final long pte_marker(Entry.Marker marker) {
        return Entry.marker(marker);
    }

    /** Decoded, in this profile's terms: {@code PRESENT pfn=0x10 W D A}. */
    public String describe(long pte) {
        if (!pte_present(pte)) return describeNonPresent(pte);
        return summary(pte) + presentBits(pte);
    }

    /** Extra hardware bits in the profile's own names, e.g. arm64's RDONLY/DBM. */
    protected String presentBits(long pte) {
        return "";
    }

    /**
     * The kernel's view of a present entry, as its helpers see it: W ({@code pte_write}),
     * D ({@code pte_dirty}), A ({@code pte_young}), CONT ({@code pte_cont}).
     */
    public final List<String> pteFlags(long pte) {
        List<String> f = new ArrayList<>(4);
        if (pte_write(pte)) f.add("W");
        if (pte_dirty(pte)) f.add("D");
        if (pte_young(pte)) f.add("A");
        if (pte_cont(pte)) f.add("CONT");
        return f;
    }

    /** The bits set in a present entry, under this profile's own names ({@code _PAGE_RW}, {@code PTE_RDONLY}). */
    public abstract List<String> pteBits(long pte);

    /** An entry taken apart for pictures; see {@link Decoded}. */
    public final Decoded decode(long pte) {
        if (!pte_present(pte)) return new Decoded(pte, splitWords(), kind(pte).name(), -1, List.of(), List.of(), describeNonPresent(pte));
        return new Decoded(pte, splitWords(), kind(pte).name(), pte_pfn(pte), pteFlags(pte), pteBits(pte), summary(pte));
    }

    private String describeNonPresent(long pte) {
        return pte_none(pte) ? "NONE" : Entry.describeSwap(pte);
    }

    /** Kind, pfn and flags: {@code PRESENT pfn=0x10 W D A}. */
    private String summary(long pte) {
        StringBuilder b = new StringBuilder(kind(pte).name()).append(" pfn=0x").append(Long.toHexString(pte_pfn(pte)));
        for (String f : pteFlags(pte)) b.append(' ').append(f);
        return b.toString();
    }

    // ---- PMD entries (shared) ----------------------------------------------------------------

    public final boolean pmd_none(long pmd) {
        return pmd == 0;
    }

    public final boolean pmd_present(long pmd) {
        return Pmd.present(pmd);
    }

    /** A huge-page leaf ({@code pmd_leaf}, {@code pmd_trans_huge}). */
    public final boolean pmd_leaf(long pmd) {
        return Pmd.leaf(pmd);
    }

    public final boolean pmd_write(long pmd) {
        return Pmd.write(pmd);
    }

    public final boolean pmd_trans_huge(long pmd) {
        return Pmd.leaf(pmd);
    }

    public final boolean pmd_bad(long pmd) {
        return Pmd.bad(pmd);
    }

    public final boolean pmd_same(long a, long b) {
        return a == b;
    }

    /** The frame a pmd points to, whatever it is: for NONE that is pfn 0 ({@code pmd_page}). */
    public final long pmd_pfn(long pmd) {
        return Pmd.pfn(pmd);
    }

    /** The value {@code pmd_populate()} writes: a table pointer. */
    public final long pmd_mktable(long tablePfn) {
        return Pmd.table(tablePfn);
    }

    /** A THP leaf ({@code pmd_mkhuge(mk_pmd(...))}). */
    public final long pmd_mkhuge(long pfn, boolean write, boolean dirty, boolean young) {
        return Pmd.leaf(pfn, write, dirty, young);
    }

    public final Pmd.Kind pmdKind(long pmd) {
        return Pmd.kind(pmd);
    }

    public final String describePmd(long pmd) {
        return Pmd.describe(pmd);
    }

    /** A pmd taken apart for pictures; the modelled PMD encoding is shared, so it has no arch bit names. */
    public final Decoded decodePmd(long pmd) {
        Pmd.Kind k = Pmd.kind(pmd);
        return new Decoded(pmd, false, k.name(), k == Pmd.Kind.NONE ? -1 : Pmd.pfn(pmd), Pmd.flags(pmd), List.of(), Pmd.describe(pmd));
    }
}
