package ptlab.scenarios;

import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;

/** Initial states several scenarios share. */
final class Setups {
    private Setups() {}

    /**
     * An anonymous rw VMA spanning one PTE table's range from {@code va} ("vma"), its table
     * attached ("T"), and a new anon LRU folio ({@code folio}) mapped young, dirty and writable at
     * {@code va}, with rmap and rss counted.
     */
    static Folio anonPageMapped(Machine m, long va, String folio) {
        Mm mm = m.mm();
        m.bind("vma", m.mmap(mm, va, m.config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0));
        Page t = m.bind("T", m.pte_alloc_one("T"));
        m.pmd_populate(mm, m.pmd_offset(mm, va), t);
        m.mm_inc_nr_ptes(mm);
        Folio f = m.bind(folio, m.folio_alloc(folio, 1, Folio.PG_anon | Folio.PG_lru, null, 0));
        m.set_pte_at(mm, va, new Ptr(t, m.pte_index(va), null), m.arch.pfn_pte(f.pfn(), true, true, true));
        m.folio_add_rmap_pte(f);
        m.add_mm_counter(mm, Mm.MM_ANONPAGES, 1);
        return f;
    }
}
