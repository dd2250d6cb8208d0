package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.MmuGather;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Lock;

/**
 * munmap() of one VMA, the 5.14-era {@code __do_munmap()} with {@code mmap_write_downgrade()}
 * (mm-model.md S2, U1-U7): the page tables are torn down under mmap_lock held for READ.
 * <ul>
 * <li>U1 {@code mmap_write_lock}; U2 detach the VMA from the tree; U3 {@code mmap_write_downgrade};</li>
 * <li>U4 {@code tlb_gather_mmu}; {@code unmap_vmas} → {@code zap_pte_range}: under the PTL, clear every
 *     present PTE, {@code tlb_remove_page}, rmap and rss;</li>
 * <li>U5 {@code free_pgtables} → {@code free_pte_range}: {@code pmd_clear} (no PTL), {@code pte_free_tlb};</li>
 * <li>U6 {@code tlb_finish_mmu}: the TLB flush (an IPI that waits for IRQs-off CPUs on x86, a broadcast
 *     on arm64), then free the pages, and the tables (now, or through {@code call_rcu} under
 *     MMU_GATHER_RCU_TABLE_FREE: an RCU agent thread must run the grace period);</li>
 * <li>U7 {@code mmap_read_unlock}.</li>
 * </ul>
 */
public final class Munmap {
    private Munmap() {}

    /** munmap() of the VMA that contains {@code va}, which must span whole PTE tables (no neighbours share them). */
    public static Path munmap(Config config, long va) {
        return Path.of("munmap", config, b -> {
            b.mmap_write_lock("U1", (m, c) -> m.mm(), null);
            b.step("U2", (m, c) -> {
                Vma vma = m.find_vma(m.mm(), va);
                if (vma == null) throw new IllegalStateException(String.format("munmap: no VMA at %#x", va));
                c.set("vma", vma);
                m.vma_detach(m.mm(), vma);
            });
            b.step("U3", (m, c) -> m.mm().mmap_lock.downgrade());
            // zap_pte_range(): pte_offset_map_lock() on the (stable: the VMA is detached) pmd.
            b.spin_lock("U4", (m, c) -> m.pte_lockptr(m.mm(), peekPmd(m, c.<Vma>get("vma").start())), (m, c) -> {
                Mm mm = m.mm();
                Vma vma = c.get("vma");
                MmuGather tlb = m.tlb_gather_mmu(mm);
                c.set("tlb", tlb);
                long span = m.config.pmdSize();
                // The step took the PTL of the table at vma.start(); the VMA spans one table in these scenarios.
                Lock ptl = m.pte_lockptr(mm, m.pmdp_get(m.pmd_offset(mm, vma.start())));
                for (long base = vma.start(); base < vma.end(); base += span) {
                    long pmd = m.pmdp_get(m.pmd_offset(mm, base));
                    if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) continue;
                    Ptr first = m.__pte_map(pmd, base);
                    for (long a = base; a < Math.min(base + span, vma.end()); a += 4096) {
                        Ptr ptep = new Ptr(first.table(), m.pte_index(a), first.kmap());
                        if (m.arch.pte_none(m.__ptep_get(ptep))) continue;
                        long old = m.ptep_get_and_clear(mm, a, ptep);
                        if (!m.arch.pte_present(old)) continue;
                        Folio f = m.pfn_folio(m.arch.pte_pfn(old));
                        if (f == null) continue;
                        m.folio_remove_rmap_pte(f);
                        m.add_mm_counter(mm, vma.anon() ? Mm.MM_ANONPAGES : Mm.MM_FILEPAGES, -1);
                        m.tlb_remove_page(tlb, f);
                    }
                }
                ptl.unlock();
            });
            // free_pgtables() -> free_pte_range(): pmd_clear() without the PTL, pte_free_tlb().
            b.step("U5", (m, c) -> {
                Mm mm = m.mm();
                Vma vma = c.get("vma");
                MmuGather tlb = c.get("tlb");
                for (long base = vma.start(); base < vma.end(); base += m.config.pmdSize()) {
                    Ptr pmdp = m.pmd_offset(mm, base);
                    long pmd = m.pmdp_get(pmdp);
                    if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) continue;
                    Page table = m.pmd_page(pmd);
                    m.pmd_clear(mm, pmdp);
                    m.pte_free_tlb(tlb, table, base);
                    m.mm_dec_nr_ptes(mm);
                }
            });
            // tlb_finish_mmu(): flush, then free pages and tables.
            b.flush_tlb_range("U6", (m, c) -> m.mm(), (m, c) -> new long[] {c.<Vma>get("vma").start(), c.<Vma>get("vma").end()},
                    (m, c) -> m.tlb_finish_mmu_free(c.get("tlb")));
            b.step("U7", (m, c) -> m.mm().mmap_lock.unlock());
        });
    }

    /** The pmd value without recording (for a lock guard; the step body reads it again). */
    static long peekPmd(Machine m, long va) {
        Ptr pmdp = m.pmd_offset(m.mm(), va);
        return pmdp.table().peek(pmdp.index());
    }
}
