package ptlab.mm;

import java.util.ArrayList;
import java.util.List;

/** A {@code struct mmu_gather}: pages and tables unhooked under it, freed at {@code tlb_finish_mmu} after the flush. Thread-local. */
public final class MmuGather {
    final Mm mm;
    final List<Folio> pages = new ArrayList<>();
    final List<Page> tables = new ArrayList<>();
    /**
     * What was gathered, as include/asm-generic/tlb.h tracks it: {@code pte_free_tlb()} sets
     * {@code freed_tables} and {@code cleared_pmds}; {@code tlb_remove_tlb_entry()} sets
     * {@code cleared_ptes}. {@code tlb_flush_mmu_tlbonly()} flushes only if one of them is set.
     */
    boolean freed_tables, cleared_ptes, cleared_pmds;

    MmuGather(Mm mm) {
        this.mm = mm;
    }

    public Mm mm() { return mm; }

    /** The test at the top of {@code tlb_flush_mmu_tlbonly()}: was anything cleared, or a table freed? */
    public boolean gathered() {
        return freed_tables || cleared_ptes || cleared_pmds;
    }

    @Override
    public String toString() {
        return "mmu_gather(" + pages.size() + " pages, " + tables.size() + " tables)";
    }
}
