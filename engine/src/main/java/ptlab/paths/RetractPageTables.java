package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.AddressSpace;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Ctx;
import ptlab.race.Lock;
import ptlab.race.LongVar;

/**
 * khugepaged's {@code retract_page_tables()} ({@code mm/khugepaged.c}) for one VMA of the file:
 * after {@code collapse_file()} has unmapped the small folios (and holds the new THP locked), the
 * now empty PTE table is unlinked from the pmd and freed after a grace period. Steps K1..K7 of
 * mm-model.md S4b; K4 is written as K4a (derive the PTL) and K4b (take it).
 */
public final class RetractPageTables {
    private RetractPageTables() {}

    /** What {@code retract_page_tables()} returns through the local {@code success}. */
    public static final long SKIPPED = 2, RETRACTED = 1;

    public enum Variant {
        /** v6.6-v6.13: no recheck of the pmd under the PMD lock; {@code ptl = pte_lockptr(mm, pmd)}. */
        NO_RECHECK,
        /** Seed 004's v1: {@code pte_offset_map_nolock()} derives the PTL, a NULL return skips; no K3. */
        SEED_V1,
        /** Mainline (Qi Zheng, v6.14): {@code check_pmd_state(pmd)} under the PMD lock (K3). */
        CHECK_PMD_STATE
    }

    /**
     * K1..K7 for the VMA symbol {@code vma} of the file symbol {@code mapping} at {@code addr}. The
     * result ({@link #RETRACTED} or {@link #SKIPPED}) goes into the recorded symbol {@code result},
     * and the value {@code pmdp_collapse_flush()} returned into {@code pgtPmd}.
     * <pre>
     * K1 i_mmap_lock_read(mapping); find_pmd_or_thp_or_none() == SCAN_SUCCEED (the pmd is a table)
     * K2 pml = pmd_lock(mm, pmd)
     * K3 CHECK_PMD_STATE: check_pmd_state(pmd) != SCAN_SUCCEED -> drop_pml
     * K4a ptl = pte_lockptr(mm, pmd) (reads *pmd); SEED_V1: pte_offset_map_nolock(), NULL -> unlock_pmd
     * K4b if (ptl != pml) spin_lock_nested(ptl)
     * K5 !vma->anon_vma &amp;&amp; !userfaultfd_wp(vma) (under the PTL)
     * K6 pgt_pmd = pmdp_collapse_flush(vma, addr, pmd); pmdp_get_lockless_sync()
     * K7 unlock ptl, pml; mm_dec_nr_ptes(); pte_free_defer(mm, pmd_pgtable(pgt_pmd)); i_mmap_unlock_read
     * </pre>
     */
    public static Path retract(Config config, Variant variant, long addr, String mapping, String vma, String result, String pgtPmd) {
        return Path.of("retract_page_tables(" + variant + ")", config, b -> {
            b.readLock("K1", (m, c) -> m.<AddressSpace>sym(mapping).i_mmap_rwsem, (m, c) -> {
                Vma v = m.sym(vma);
                c.set("success", false);
                c.set("ptl", null);
                if (v.anon()) {
                    skip(m, c, mapping, result);
                    return;
                }
                // find_pmd_or_thp_or_none(): a lockless look at the pmd.
                long pmdval = m.pmdp_get_lockless(m.pmd_offset(m.mm(), addr));
                if (m.arch.pmdKind(pmdval) != Pmd.Kind.TABLE) skip(m, c, mapping, result);
            });
            b.spin_lock("K2", (m, c) -> m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), addr)), (m, c) -> c.set("pml", m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), addr))));
            if (variant == Variant.CHECK_PMD_STATE) {
                b.step("K3", (m, c) -> {
                    if (m.arch.pmdKind(m.pmdp_get_lockless(m.pmd_offset(m.mm(), addr))) != Pmd.Kind.TABLE) c.jump("K7");
                });
            }
            b.step("K4a", (m, c) -> {
                Mm mm = m.mm();
                Ptr pmd = m.pmd_offset(mm, addr);
                Lock ptl;
                if (variant == Variant.SEED_V1) {
                    // pte_offset_map_nolock(): NULL when the pmd is no table any more -> goto unlock_pmd.
                    Ptr pte = m.pte_offset_map(m.pmdp_get_lockless(pmd), addr);
                    if (pte == null) {
                        c.jump("K7");
                        return;
                    }
                    ptl = m.ptep_lockptr(mm, pte);
                    c.set("pte", pte);
                } else {
                    ptl = m.pte_lockptr(mm, m.pmdp_get(pmd));
                }
                if (ptl == c.get("pml")) throw new IllegalStateException("ptl == pml (split PTE locks off): K4b would be skipped; not modelled");
                c.set("ptl", ptl);
            });
            b.spin_lock("K4b", "ptl", (m, c) -> {
                if (variant == Variant.SEED_V1) m.pte_unmap(c.get("pte"));
            });
            b.step("K5", (m, c) -> {
                Vma v = m.sym(vma);
                if (v.anon() || (v.flags() & Vma.VM_UFFD_WP) != 0) c.jump("K7");
            });
            // pmdp_collapse_flush(): clear the pmd and flush the range (an IPI on x86); inside one atomic
            // step the order of the clear and the flush is not observable. pmdp_get_lockless_sync() is a
            // no-op outside x86-PAE.
            b.flush_tlb_range("K6", (m, c) -> m.mm(), (m, c) -> new long[] {addr, addr + m.config.pmdSize()}, (m, c) -> {
                long pgt = m.pmdp_huge_get_and_clear(m.mm(), m.pmd_offset(m.mm(), addr));
                c.set("pgt_pmd", pgt);
                c.set("success", true);
            });
            b.step("K7", (m, c) -> {
                if (c.get("ptl") != null && ((Lock) c.get("ptl")).heldBy(c.thread())) ((Lock) c.get("ptl")).unlock();
                ((Lock) c.get("pml")).unlock();
                if (c.getBoolean("success")) {
                    Mm mm = m.mm();
                    m.mm_dec_nr_ptes(mm);
                    long pgt = c.getLong("pgt_pmd");
                    m.<LongVar>sym(pgtPmd).set(pgt);
                    m.pte_free_defer(mm, m.pmd_pgtable(pgt));
                    m.<LongVar>sym(result).set(RETRACTED);
                } else {
                    m.<LongVar>sym(result).set(SKIPPED);
                }
                m.<AddressSpace>sym(mapping).i_mmap_rwsem.unlock();
            });
        });
    }

    private static void skip(Machine m, Ctx c, String mapping, String result) {
        m.<LongVar>sym(result).set(SKIPPED);
        m.<AddressSpace>sym(mapping).i_mmap_rwsem.unlock();
        c.finish();
    }
}
