package ptlab.paths;

import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;
import ptlab.race.Lock;

/**
 * {@code fork()}'s page-table copy for one present anon PTE of a COW mapping ({@code dup_mmap()} →
 * {@code copy_page_range()} → {@code copy_pte_range()} → {@code copy_present_ptes()}, MEMORY-C):
 * steps F1..F10 of mm-model.md R3.
 *
 * <p>Coarsened, with no effect on what other threads can observe: the child's mm, VMA and empty PTE
 * table exist before F1 ({@code dup_mm()}, {@code vma_dup}, {@code pte_alloc_map_lock()}'s
 * allocation touch only the child); {@code copy_present_page()} finds its {@code prealloc} folio
 * ready (the kernel's -EAGAIN / unlock / allocate / retry round trip is one allocation in F5); the
 * child's {@code mmap_lock} is not modelled (nobody else can reach the child yet).
 */
public final class Fork {
    private Fork() {}

    /**
     * @param src     the parent (the forking mm)
     * @param dst     the child, with its VMA and an attached empty PTE table covering {@code va}
     * @param seqcount whether {@code copy_page_range()} brackets the copy with
     *                {@code raw_write_seqcount_begin/end(&src_mm->write_protect_seq)} (57efa1fe5957; F2, F8)
     * @param earlyCow whether a maybe-pinned anon page is copied for the child at once (70e806e4e645)
     */
    public static Path copyPageRange(Config config, String src, String dst, long va, boolean seqcount, boolean earlyCow) {
        return Path.of("fork: copy_page_range" + (seqcount ? "" : " (no write_protect_seq)"), config, b -> {
            // F1: dup_mmap(): mmap_write_lock(oldmm); the VMA is a COW mapping (vma_assert_write_locked).
            b.mmap_write_lock("F1", (m, c) -> m.sym(src), (m, c) -> {
                Mm d = m.sym(dst);
                c.set("dst_pmd", m.pmdp_get(m.pmd_offset(d, va)));
                c.set("dst_ptl", m.pte_lockptr(d, c.getLong("dst_pmd")));
            });
            if (seqcount) b.step("F2", (m, c) -> m.raw_write_seqcount_begin(m.sym(src)));
            // F3: copy_pte_range(): dst_pte = pte_alloc_map_lock(dst); src_pte = pte_offset_map_rw_nolock(src);
            // spin_lock_nested(src_ptl) (no other thread here takes a parent PTL, so the nested lock never waits).
            b.spin_lock("F3", "dst_ptl", (m, c) -> {
                Mm s = m.sym(src);
                c.set("dst_pte", m.pte_offset_map(c.getLong("dst_pmd"), va));
                long spmd = m.pmdp_get(m.pmd_offset(s, va));
                c.set("src_pte", m.pte_offset_map(spmd, va));
                Lock srcPtl = m.pte_lockptr(s, spmd);
                if (!srcPtl.tryLock()) throw new IllegalStateException("the parent's PTL is held: nothing in this path's scenarios takes it");
                c.set("src_ptl", srcPtl);
            });
            // F4: ptent = ptep_get(src_pte).
            b.step("F4", (m, c) -> c.set("ptent", m.ptep_get(c.get("src_pte"))));
            // F5: copy_present_ptes(): folio_try_dup_anon_rmap_pte() fails if the page may be pinned → copy_present_page().
            b.step("F5", (m, c) -> {
                long pte = c.getLong("ptent");
                Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
                Mm d = m.sym(dst);
                if (earlyCow && m.folio_test_anon(f) && m.folio_maybe_dma_pinned(f)) {
                    Folio copy = m.folio_alloc("copy", 1, Folio.PG_anon | Folio.PG_anon_exclusive, null, 0);
                    // copy_user_highpage(&new_folio->page, page, addr, src_vma): the child gets the parent's contents.
                    m.folio_copy(copy, f);
                    m.folio_add_rmap_pte(copy);
                    m.add_mm_counter(d, Mm.MM_ANONPAGES, 1);
                    m.set_pte_at(d, va, c.get("dst_pte"), m.arch.pfn_pte(copy.pfn(), true, true, true));
                    c.set("copied", true);
                    c.jump("F7");
                    return;
                }
                m.folio_get(f);
                m.folio_add_rmap_pte(f);
                m.add_mm_counter(d, Mm.MM_ANONPAGES, 1);
                c.set("copied", false);
            });
            // F6: __copy_present_ptes(): wrprotect the parent's PTE (COW mapping), install it read-only in the child.
            b.step("F6", (m, c) -> {
                m.ptep_set_wrprotect(m.sym(src), va, c.get("src_pte"));
                m.set_pte_at(m.sym(dst), va, c.get("dst_pte"), m.arch.pte_wrprotect(c.getLong("ptent")));
            });
            // F7: pte_unmap_unlock(orig_src_pte, src_ptl); pte_unmap_unlock(orig_dst_pte, dst_ptl).
            b.step("F7", (m, c) -> {
                unlock(m, c, "src");
                unlock(m, c, "dst");
            });
            if (seqcount) b.step("F8", (m, c) -> m.raw_write_seqcount_end(m.sym(src)));
            // F9: dup_mmap(): flush_tlb_mm(oldmm) (an IPI on x86: waits for IRQs-off CPUs).
            b.flush_tlb_range("F9", (m, c) -> m.sym(src), (m, c) -> new long[] {0, Long.MAX_VALUE / 2}, null);
            b.step("F10", (m, c) -> m.<Mm>sym(src).mmap_lock.unlock());
        });
    }

    private static void unlock(Machine m, Ctx c, String which) {
        ((Lock) c.get(which + "_ptl")).unlock();
        m.pte_unmap((Ptr) c.get(which + "_pte"));
    }
}
