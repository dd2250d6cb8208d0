package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.MmuGather;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.race.Lock;

/**
 * {@code madvise(MADV_DONTNEED)} over a whole PTE table's range with PT_RECLAIM
 * ({@code mm/memory.c: zap_pte_range}, {@code mm/pt_reclaim.c}): the zap finds every entry none,
 * then {@code try_get_and_clear_pmd()} trylocks the PMD lock under the PTE lock and unlinks the
 * table, which {@code free_pte()} hands to the mmu_gather (freed after a grace period with RCU
 * table free). When the trylock fails, {@code try_to_free_pte()} takes the PMD lock, maps the table
 * again (it may be gone) and rechecks that it is empty. Without PT_RECLAIM only the zap runs.
 */
public final class PtReclaim {
    private PtReclaim() {}

    /**
     * Steps of mm-model.md S4b's Z, as written here:
     * <pre>
     * Z0  mmap_read_lock(mm); tlb_gather_mmu()
     * Z1a pte_offset_map_lock(): pmdval = pmdp_get_lockless(pmd); pte_offset_map() (NULL: nothing to zap); ptl
     * Z1b spin_lock(ptl); pmd_same() recheck (else unlock, back to Z1a); the zap loop: every entry none
     * Z2  PT_RECLAIM: direct = try_get_and_clear_pmd(): spin_trylock(pml); pmdval = *pmd; pmd_clear(); unlock pml.
     *     pte_unmap_unlock()
     * Z3  direct: free_pte(): pte_free_tlb(tlb, pmd_pgtable(pmdval)); mm_dec_nr_ptes()
     * Z4  else try_to_free_pte(): pml = pmd_lock(); pte_offset_map_rw_nolock() (NULL: give up)
     * Z5  spin_lock_nested(ptl); every entry none? pmd_clear(); unlock ptl, pml; free_pte()
     * Z6  tlb_finish_mmu(): flush if a table was freed (freed_tables) or a gather is nested, free (tables
     *     after a grace period); mmap_read_unlock(). With nothing gathered a no-op flush (no IPI wait).
     * </pre>
     */
    public static Path madviseDontneed(Config config, long addr) {
        boolean reclaim = config.on(Knob.PT_RECLAIM);
        long end = addr + config.pmdSize();
        return Path.of("madvise(MADV_DONTNEED)" + (reclaim ? "+PT_RECLAIM" : ""), config, b -> {
            b.mmap_read_lock("Z0", (m, c) -> m.mm(), (m, c) -> c.set("tlb", m.tlb_gather_mmu(m.mm())));
            b.step("Z1a", (m, c) -> {
                long pmdval = m.pmdp_get_lockless(m.pmd_offset(m.mm(), addr));
                Ptr pte = m.pte_offset_map(pmdval, addr);
                if (pte == null) {
                    c.jump("Z6");
                    return;
                }
                c.set("pmdval", pmdval);
                c.set("pte", pte);
                c.set("ptl", m.pte_lockptr(m.mm(), pmdval));
            });
            b.spin_lock("Z1b", "ptl", (m, c) -> {
                if (!m.arch.pmd_same(c.getLong("pmdval"), m.pmdp_get_lockless(m.pmd_offset(m.mm(), addr)))) {
                    ((Lock) c.get("ptl")).unlock();
                    m.pte_unmap(c.get("pte"));
                    c.jump("Z1a");
                    return;
                }
                Ptr pte = c.get("pte");
                for (int i = 0; i < config.ptrsPerPte(); i++) {
                    if (!m.arch.pte_none(m.ptep_get(new Ptr(pte.table(), i, pte.kmap())))) {
                        throw new IllegalStateException("the zap found a populated entry; this model only zaps empty tables");
                    }
                }
            });
            b.step("Z2", (m, c) -> {
                boolean direct = false;
                if (reclaim) {
                    Mm mm = m.mm();
                    Ptr pmd = m.pmd_offset(mm, addr);
                    Lock pml = m.pmd_lockptr(mm, pmd);
                    if (m.spin_trylock(pml)) {
                        c.set("pmdval", m.pmdp_get_lockless(pmd));
                        m.pmd_clear(mm, pmd);
                        pml.unlock();
                        direct = true;
                    }
                }
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("pte"));
                if (!reclaim) c.jump("Z6");
                else if (!direct) c.jump("Z4");
            });
            b.step("Z3", (m, c) -> {
                freePte(m, c.get("tlb"), c.getLong("pmdval"), addr);
                c.jump("Z6");
            });
            b.spin_lock("Z4", (m, c) -> m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), addr)), (m, c) -> {
                Mm mm = m.mm();
                c.set("pml", m.pmd_lockptr(mm, m.pmd_offset(mm, addr)));
                // pte_offset_map_rw_nolock() under the PMD lock: the pmd cannot change now.
                long pmdval = m.pmdp_get_lockless(m.pmd_offset(mm, addr));
                Ptr pte = m.pte_offset_map(pmdval, addr);
                if (pte == null) {
                    ((Lock) c.get("pml")).unlock();
                    c.jump("Z6");
                    return;
                }
                c.set("pmdval", pmdval);
                c.set("pte", pte);
                c.set("ptl", m.pte_lockptr(mm, pmdval));
            });
            b.spin_lock("Z5", "ptl", (m, c) -> {
                Mm mm = m.mm();
                Ptr pte = c.get("pte");
                boolean empty = true;
                for (int i = 0; i < config.ptrsPerPte() && empty; i++) empty = m.arch.pte_none(m.ptep_get(new Ptr(pte.table(), i, pte.kmap())));
                m.pte_unmap(pte);
                if (empty) m.pmd_clear(mm, m.pmd_offset(mm, addr));
                ((Lock) c.get("ptl")).unlock();
                ((Lock) c.get("pml")).unlock();
                if (empty) freePte(m, c.get("tlb"), c.getLong("pmdval"), addr);
            });
            // tlb_finish_mmu() -> tlb_flush_mmu() -> tlb_flush_mmu_tlbonly() returns early unless the
            // gather cleared something or freed a table (freed_tables, set by Z3/Z5's pte_free_tlb) or
            // another gather is open on the mm (mm_tlb_flush_nested() forces the flush): zapping an
            // empty range without freeing its table sends no IPI and touches no TLB.
            b.flush_tlb_range("Z6", (m, c) -> m.tlb_finish_mmu_flushes(c.get("tlb")), (m, c) -> m.mm(), (m, c) -> new long[] {addr, end}, (m, c) -> {
                m.tlb_finish_mmu_free(c.get("tlb"));
                m.mm().mmap_lock.unlock();
            });
        });
    }

    /** {@code free_pte()}: the table named by the pmd value goes to the mmu_gather; {@code mm_dec_nr_ptes()}. */
    static void freePte(Machine m, MmuGather tlb, long pmdval, long addr) {
        if (m.arch.pmdKind(pmdval) != Pmd.Kind.TABLE) throw new IllegalStateException("free_pte() of a pmd that named no table");
        m.pte_free_tlb(tlb, m.pmd_pgtable(pmdval), addr);
        m.mm_dec_nr_ptes(m.mm());
    }
}
