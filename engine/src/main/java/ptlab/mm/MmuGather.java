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

    @Override
    public String toString() {
        return "mmu_gather(" + pages.size() + " pages, " + tables.size() + " tables)";
    }
}
