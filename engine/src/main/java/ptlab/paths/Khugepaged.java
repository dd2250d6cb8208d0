package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Ctx;
import ptlab.race.Lock;

/**
 * khugepaged's {@code collapse_huge_page()} (mm/khugepaged.c, KHUGE-C ≈ v6.6): the PTE table T
 * under a PMD is unlinked with {@code pmdp_collapse_flush()} under mmap_lock (write), the anon_vma
 * lock and the PMD lock; its small pages are isolated (a page with an unexpected reference —
 * a GUP pin — aborts the collapse and T is put back), copied into the THP H, T's entries are
 * cleared, T is deposited and the pmd now maps H. The THP folio H is allocated beforehand
 * ({@code alloc_charge_hpage()}), so it is passed in.
 *
 * <p>Two step numberings, as mm-model.md gives them: {@link #collapse_huge_page} (S2: K1-K9) and
 * {@link #collapse_huge_page_r2} (R2: K1-K7, with {@code tlb_remove_table_sync_one()} as K3 and a
 * later {@code zap_huge_pmd()} of H freeing the deposited table as K7).
 */
public final class Khugepaged {
    private Khugepaged() {}

    /** The outcome of the isolate check, in local {@code "result"}. */
    public static final String SCAN_SUCCEED = "SCAN_SUCCEED", SCAN_PAGE_COUNT = "SCAN_PAGE_COUNT", SCAN_PMD_NULL = "SCAN_PMD_NULL";

    /**
     * S2 numbering. K1 {@code mmap_write_lock} (+ {@code hugepage_vma_revalidate}); K2
     * {@code anon_vma_lock_write}; K3 {@code pml = pmd_lock}; K4 {@code pmdp_collapse_flush}: K4a
     * clear the pmd, K4b the TLB flush (IPI on x86: waits for IRQs-off CPUs); K5 unlock pml; K6
     * {@code tlb_remove_table_sync_one}; K7 {@code pte_offset_map_lock(mm, &_pmd)} → ptl(T); K8
     * isolate (abort on an unexpected refcount), copy into H, clear T's PTEs, release the small
     * pages, unlock ptl(T); K9 under pml: deposit T and {@code set_pmd_at(LEAF(H))} (abort: put T
     * back with {@code pmd_populate}); unlocks.
     */
    public static Path collapse_huge_page(Config config, long va, String thp) {
        return Path.of("collapse_huge_page", config, b -> {
            b.mmap_write_lock("K1", (m, c) -> m.mm(), (m, c) -> revalidate(m, c, va));
            b.lock("K2", (m, c) -> c.<Vma>get("vma").anon_vma_rwsem, null);
            b.spin_lock("K3", (m, c) -> pml(m, va), null);
            b.step("K4a", (m, c) -> c.set("_pmd", m.pmdp_huge_get_and_clear(m.mm(), m.pmd_offset(m.mm(), va))));
            b.flush_tlb_range("K4b", (m, c) -> m.mm(), pmdRange(va), null);
            b.step("K5", (m, c) -> pml(m, va).unlock());
            b.tlb_remove_table_sync_one("K6");
            b.spin_lock("K7", (m, c) -> m.pte_lockptr(m.mm(), c.getLong("_pmd")), (m, c) -> {
                if (mapDetachedTable(m, c, va) == null) {
                    c.set("result", SCAN_PMD_NULL);
                    ((Lock) c.get("ptl")).unlock();
                    c.jump("K9");
                }
            });
            b.step("K8", (m, c) -> {
                if (isolate(m, c, va)) {
                    c.<Vma>get("vma").anon_vma_rwsem.unlock();
                    copyAndClear(m, c, va, thp);
                }
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
            });
            b.spin_lock("K9", (m, c) -> pml(m, va), (m, c) -> {
                install(m, c, va, thp);
                pml(m, va).unlock();
                m.mm().mmap_lock.unlock();
            });
        });
    }

    /**
     * R2 numbering. K1 {@code mmap_write_lock}; {@code anon_vma_lock_write} (uncontended here); K2
     * {@code pml = pmd_lock}; {@code pmdp_collapse_flush}: K2a clear, K2b flush (IPI on x86: waits for
     * IRQs-off CPUs; broadcast on arm64) and unlock pml; K3 {@code tlb_remove_table_sync_one()}
     * (delete it for the kernels before 2ba99c5e0881); K4 {@code pte_offset_map_lock(&_pmd)} and
     * {@code __collapse_huge_page_isolate}: a refcount other than the mapcount aborts — T goes back
     * into the pmd ({@code pmd_populate} under pml) in the same step, as the R2 table has it; K5 copy
     * into H, clear T's entries, release the small pages; K6 deposit T, {@code set_pmd_at(LEAF(H))},
     * unlocks; K7 later: {@code zap_huge_pmd()} of H → {@code zap_deposited_table()} →
     * {@code pte_free(T)} at once (no RCU).
     */
    public static Path collapse_huge_page_r2(Config config, long va, String thp) {
        return collapse_huge_page_r2(config, va, thp, false);
    }

    /**
     * The R2 numbering with the abort path as the kernel runs it when {@code abortWindow}: K4 unlocks
     * ptl(T) and goes to K4x, which takes pml again and puts T back ({@code spin_unlock(pte_ptl); ...
     * spin_lock(pmd_ptl); pmd_populate(mm, pmd, pmd_pgtable(_pmd))}), so the pmd stays none in
     * between; without it the abort is part of K4, as mm-model.md's R2 table has it.
     */
    public static Path collapse_huge_page_r2(Config config, long va, String thp, boolean abortWindow) {
        return Path.of("collapse_huge_page", config, b -> {
            b.mmap_write_lock("K1", (m, c) -> m.mm(), (m, c) -> {
                revalidate(m, c, va);
                if (!c.<Vma>get("vma").anon_vma_rwsem.tryLock()) throw new IllegalStateException("K1: anon_vma_lock_write() is modelled uncontended");
            });
            b.spin_lock("K2a", (m, c) -> pml(m, va),
                    (m, c) -> c.set("_pmd", m.pmdp_huge_get_and_clear(m.mm(), m.pmd_offset(m.mm(), va))));
            b.flush_tlb_range("K2b", (m, c) -> m.mm(), pmdRange(va), (m, c) -> pml(m, va).unlock());
            b.tlb_remove_table_sync_one("K3");
            b.spin_lock("K4", (m, c) -> m.pte_lockptr(m.mm(), c.getLong("_pmd")), (m, c) -> {
                Ptr ptep = mapDetachedTable(m, c, va);
                boolean ok = ptep != null && isolate(m, c, va);
                if (ptep == null) c.set("result", SCAN_PMD_NULL);
                if (ok) return;
                // The abort path: unlock ptl(T); spin_lock(pmd_ptl); pmd_populate(mm, pmd, T); unlocks.
                ((Lock) c.get("ptl")).unlock();
                if (ptep != null) m.pte_unmap(ptep);
                if (abortWindow) {
                    c.jump("K4x");
                    return;
                }
                Lock pml = m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), va));
                if (!pml.tryLock()) throw new IllegalStateException("K4: the abort path's pmd_lock() is modelled uncontended");
                install(m, c, va, thp);
                pml.unlock();
                m.mm().mmap_lock.unlock();
                c.finish();
            });
            b.step("K5", (m, c) -> {
                c.<Vma>get("vma").anon_vma_rwsem.unlock();
                copyAndClear(m, c, va, thp);
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
            });
            b.spin_lock("K6", (m, c) -> pml(m, va), (m, c) -> {
                install(m, c, va, thp);
                pml(m, va).unlock();
                m.mm().mmap_lock.unlock();
            });
            // zap_huge_pmd() (munmap / MADV_DONTNEED of the THP, any time later; mmap_lock held, not modelled).
            b.spin_lock("K7", (m, c) -> pml(m, va), (m, c) -> {
                zap_huge_pmd(m, m.mm(), m.pmd_offset(m.mm(), va), c.get("pgtable"));
                pml(m, va).unlock();
                c.finish();
            });
            if (abortWindow) {
                b.spin_lock("K4x", (m, c) -> pml(m, va), (m, c) -> {
                    install(m, c, va, thp);
                    pml(m, va).unlock();
                    m.mm().mmap_lock.unlock();
                });
            }
        });
    }

    /**
     * {@code zap_huge_pmd()} of a THP leaf: clear the pmd, {@code zap_deposited_table()} ({@code pte_free()}
     * of the deposited table, immediately), drop H's mapping. Runs under pml.
     */
    public static void zap_huge_pmd(Machine m, Mm mm, Ptr pmdp, Page deposited) {
        long old = m.pmdp_huge_get_and_clear(mm, pmdp);
        if (m.arch.pmdKind(old) != Pmd.Kind.LEAF) return;
        if (deposited != null) {
            m.pte_free(mm, deposited);
            m.mm_dec_nr_ptes(mm);
        }
        Folio h = m.pfn_folio(m.arch.pmd_pfn(old));
        m.folio_remove_rmap_pte(h);
        m.add_mm_counter(mm, Mm.MM_ANONPAGES, -h.nrPages());
        m.folio_put(h);
    }

    // ---- the parts ----------------------------------------------------------------------------

    /** {@code hugepage_vma_revalidate()}: the VMA (anon, covering the whole PMD range). */
    static void revalidate(Machine m, Ctx c, long va) {
        Vma vma = m.find_vma(m.mm(), va);
        if (vma == null || !vma.anon()) throw new IllegalStateException(String.format("collapse: no anon VMA at %#x", va));
        c.set("vma", vma);
    }

    /**
     * {@code pte_offset_map_lock(mm, &_pmd, address, &pte_ptl)} on the pmd value {@code pmdp_collapse_flush()}
     * returned (local {@code _pmd}), inside the step that took its PTL: sets locals {@code ptl} and
     * {@code ptep} (null when {@code _pmd} is no table) and returns {@code ptep}.
     */
    static Ptr mapDetachedTable(Machine m, Ctx c, long va) {
        c.set("ptl", m.pte_lockptr(m.mm(), c.getLong("_pmd")));
        Ptr ptep = m.pte_offset_map(c.getLong("_pmd"), va & ~(m.config.pmdSize() - 1));
        c.set("ptep", ptep);
        return ptep;
    }

    /**
     * {@code __collapse_huge_page_isolate()}: every present small page must have
     * {@code folio_ref_count() == folio_mapcount()} ({@code is_refcount_suitable}); else SCAN_PAGE_COUNT.
     */
    static boolean isolate(Machine m, Ctx c, long va) {
        Ptr first = c.get("ptep");
        for (int i = 0; i < m.config.ptrsPerPte(); i++) {
            long pte = m.ptep_get(new Ptr(first.table(), i, first.kmap()));
            if (!m.arch.pte_present(pte)) continue;
            Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
            if (f == null || m.folio_ref_count(f) != m.folio_mapcount(f)) {
                c.set("result", SCAN_PAGE_COUNT);
                return false;
            }
        }
        c.set("result", SCAN_SUCCEED);
        return true;
    }

    /**
     * {@code __collapse_huge_page_copy()}: copy each small page into H's page of the same index,
     * clear T's entry ({@code ptep_clear}), drop the rmap and the mapping's reference (a page with no
     * other reference is freed).
     */
    static void copyAndClear(Machine m, Ctx c, long va, String thp) {
        Folio h = m.sym(thp);
        Ptr first = c.get("ptep");
        long base = va & ~(m.config.pmdSize() - 1);
        for (int i = 0; i < m.config.ptrsPerPte(); i++) {
            Ptr ptep = new Ptr(first.table(), i, first.kmap());
            long pte = m.ptep_get(ptep);
            if (m.arch.pte_none(pte)) continue;
            Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
            m.copy_highpage(m.pfn_to_page(h.pfn() + i), f.page());
            m.pte_clear(m.mm(), base + ((long) i << 12), ptep);
            m.folio_remove_rmap_pte(f);
            m.add_mm_counter(m.mm(), Mm.MM_ANONPAGES, -1);
            m.folio_put(f);
        }
    }

    /** Under pml: on success deposit T and map H; on an abort put T back into the pmd. */
    static void install(Machine m, Ctx c, long va, String thp) {
        Ptr pmdp = m.pmd_offset(m.mm(), va);
        Page table = m.pmd_page(c.getLong("_pmd"));
        if (!SCAN_SUCCEED.equals(c.get("result"))) {
            m.pmd_populate(m.mm(), pmdp, table);
            c.<Vma>get("vma").anon_vma_rwsem.unlock();
            return;
        }
        Folio h = m.sym(thp);
        m.folio_add_rmap_pte(h);
        m.add_mm_counter(m.mm(), Mm.MM_ANONPAGES, h.nrPages());
        m.pgtable_trans_huge_deposit(m.mm(), pmdp, table);
        c.set("pgtable", table);
        m.set_pmd_at(m.mm(), va, pmdp, m.arch.pmd_mkhuge(h.pfn(), true, true, true));
    }

    static Lock pml(Machine m, long va) {
        return m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), va));
    }

    static PathBuilder.Range pmdRange(long va) {
        return (m, c) -> {
            long base = va & ~(m.config.pmdSize() - 1);
            return new long[] {base, base + m.config.pmdSize()};
        };
    }
}
