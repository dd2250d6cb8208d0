package ptlab.mm;

import java.util.ArrayList;
import java.util.List;

/** A {@code struct mmu_gather}: pages and tables unhooked under it, freed at {@code tlb_finish_mmu} after the flush. Thread-local. */
public final class MmuGather {
    final Mm mm;
    final List<Folio> pages = new ArrayList<>();
    final List<Page> tables = new ArrayList<>();

    MmuGather(Mm mm) {
        this.mm = mm;
    }

    public Mm mm() { return mm; }

    /**
     * The test at the top of {@code tlb_flush_mmu_tlbonly()} (include/asm-generic/tlb.h),
     * {@code freed_tables || cleared_ptes || cleared_pmds || ...}: a gathered table is
     * {@code freed_tables} (and {@code cleared_pmds}); a gathered page was unmapped from a PTE
     * cleared under the gather ({@code cleared_ptes}).
     */
    public boolean gathered() {
        return !tables.isEmpty() || !pages.isEmpty();
    }

    @Override
    public String toString() {
        return "mmu_gather(" + pages.size() + " pages, " + tables.size() + " tables)";
    }
}
