package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.race.Lock;

/**
 * The anonymous write fault on a none PTE ({@code mm/memory.c: do_anonymous_page}) with its
 * {@code pte_offset_map_lock()} written out step by step ({@code mm/pgtable-generic.c:
 * __pte_offset_map_lock}), so the way the PTL is derived is visible (seed 004, mm-model.md S4a).
 */
public final class AnonFault {
    private AnonFault() {}

    /** Where {@code __pte_offset_map_lock()} gets the PTL from. */
    public enum LockFrom {
        /** Mainline: {@code pte_lockptr(mm, &pmdval)} = {@code ptlock_ptr(page_ptdesc(pmd_page(pmdval)))}. */
        FROM_PMD,
        /** The seed-004 patch: {@code pte_lockptr(mm, pte)} = {@code ptlock_ptr(virt_to_ptdesc(pte))}. */
        FROM_PTE_VADDR
    }

    /**
     * {@code do_anonymous_page()} for a write fault at {@code va} whose new folio (the symbol
     * {@code folio}, already allocated by {@code alloc_anon_folio()}, refcount 1) is installed if the
     * PTE is still none under the PTL, else released. Steps {@code p.1}..{@code p.7}:
     * <pre>
     * p.1  (lock_vma_under_rcu) rcu_read_lock(); pmdval = pmdp_get_lockless(pmd)        (__pte_offset_map)
     * p.2  pte = __pte_map(&amp;pmdval, va)  (kmap_local_page() under HIGHPTE)
     * p.3  ptl = pte_lockptr(...)          (FROM_PMD or FROM_PTE_VADDR)
     * p.4  spin_lock(ptl)                  (NULL: oops)
     * p.5  pmd_same(pmdval, pmdp_get_lockless(pmd)), else unlock and start again
     * p.6a vmf_pte_changed(): !pte_none(ptep_get(pte)) -> release the folio
     * p.6b add_mm_counter(MM_ANONPAGES, 1); folio_add_new_anon_rmap(); set_pte_at()
     * p.7  pte_unmap_unlock()
     * </pre>
     * The check (p.6a) and the install (p.6b) are separate steps, as in the kernel, where they are
     * separate statements under the PTL: only the PTL makes them one critical section.
     */
    public static Path doAnonymousPage(Config config, String p, LockFrom from, long va, String folio) {
        return Path.of("do_anonymous_page(" + from + ")", config, b -> {
            // p.1 also stands for lock_vma_under_rcu(): the fault holds the VMA read lock throughout.
            b.readLock(p + ".1", (m, c) -> Fault.vma(m, va).vm_lock, (m, c) -> {
                m.rcu_read_lock();
                long pmdval = m.pmdp_get_lockless(m.pmd_offset(m.mm(), va));
                c.set("pmdval", pmdval);
                if (m.arch.pmdKind(pmdval) != Pmd.Kind.TABLE) {
                    // __pte_offset_map() fails: pte NULL -> release the folio, VM_FAULT retry elsewhere.
                    m.rcu_read_unlock();
                    m.folio_put(m.<Folio>sym(folio));
                    Fault.vma(m, va).vm_lock.unlock();
                    c.finish();
                }
            });
            b.step(p + ".2", (m, c) -> c.set("pte", m.__pte_map(c.getLong("pmdval"), va)));
            b.step(p + ".3", (m, c) -> {
                Mm mm = m.mm();
                c.set("ptl", from == LockFrom.FROM_PMD ? m.pte_lockptr(mm, c.getLong("pmdval")) : m.ptep_lockptr(mm, c.get("pte")));
            });
            b.spin_lock(p + ".4", "ptl", null);
            b.step(p + ".5", (m, c) -> {
                if (!m.arch.pmd_same(c.getLong("pmdval"), m.pmdp_get_lockless(m.pmd_offset(m.mm(), va)))) {
                    ((Lock) c.get("ptl")).unlock();
                    m.pte_unmap(c.get("pte"));
                    Fault.vma(m, va).vm_lock.unlock();
                    c.jump(p + ".1");
                }
            });
            b.step(p + ".6a", (m, c) -> {
                if (!m.arch.pte_none(m.ptep_get(c.<Ptr>get("pte")))) {
                    // update_mmu_tlb(); goto release: folio_put(folio)
                    m.folio_put(m.<Folio>sym(folio));
                    c.jump(p + ".7");
                }
            });
            b.step(p + ".6b", (m, c) -> {
                Folio f = m.sym(folio);
                Mm mm = m.mm();
                m.add_mm_counter(mm, Mm.MM_ANONPAGES, 1);
                m.folio_add_rmap_pte(f);
                m.folio_set_anon_exclusive(f);
                m.set_pte_at(mm, va, c.get("pte"), m.arch.pfn_pte(f.pfn(), true, true, true));
            });
            b.step(p + ".7", (m, c) -> {
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("pte"));
                Fault.vma(m, va).vm_lock.unlock();
            });
        });
    }
}
