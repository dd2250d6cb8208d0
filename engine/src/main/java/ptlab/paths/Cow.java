package ptlab.paths;

import ptlab.arch.Arch;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.race.Lock;

/**
 * Copy-on-write and the paths that race with it (CVE-2020-29374, pins across fork), as
 * <em>whole-syscall</em> steps: each function below is one atomic step that takes and releases its
 * locks inside the step (mmap_lock, then the PTL). No lock is held between steps, so those
 * acquisitions never fail; they are there so the locking-rule checker sees the locks the kernel
 * holds. Races inside a syscall (GUP-fast vs fork, mm-model.md R3) are out of this coarse model; the
 * races here are between syscalls: which one sees which mapcount or refcount.
 * ({@code mm/memory.c: do_wp_page, wp_page_copy, copy_present_pte}, {@code mm/gup.c}.)
 */
public final class Cow {
    private Cow() {}

    /** When {@code do_wp_page()} reuses an anonymous page in place instead of copying it. */
    public enum WpReuse {
        /** Up to v5.8: {@code reuse_swap_page()}: the page is mapped once ({@code page_mapcount == 1}). */
        MAPCOUNT,
        /** 09854ba94c6a (v5.9): only if {@code page_count == 1} (no other reference at all, pins included). */
        REFCOUNT,
        /** v5.19+: {@code PageAnonExclusive}, else {@code wp_can_reuse_anon_folio()} (refcount 1), which marks it exclusive. */
        ANON_EXCLUSIVE
    }

    /** Takes every lock of a whole-syscall step (cannot fail: none is held between steps). */
    static void take(Lock lock, boolean shared) {
        boolean ok = shared ? lock.tryReadLock() : lock.tryLock();
        if (!ok) throw new IllegalStateException(lock + " is held across steps: the whole-syscall model needs every lock released within its step");
    }

    static Ptr ptep(Machine m, Mm mm, long va) {
        long pmd = m.pmdp_get(m.pmd_offset(mm, va));
        return m.__pte_map(pmd, va);
    }

    static Lock ptl(Machine m, Mm mm, long va) {
        return m.pte_lockptr(mm, m.pmdp_get(m.pmd_offset(mm, va)));
    }

    /**
     * A write fault on a present read-only anonymous PTE ({@code do_wp_page}), under mmap_lock (read)
     * and the PTL: reuse the folio in place if {@code rule} allows, else {@code wp_page_copy()} into
     * {@code copy} (a new folio: data copied, mapped writable, the old folio unmapped and put).
     * Returns the folio now mapped.
     */
    public static Folio do_wp_page(Machine m, Mm mm, long va, WpReuse rule, Folio copy) {
        take(mm.mmap_lock, true);
        Lock ptl = ptl(m, mm, va);
        take(ptl, false);
        try {
            Ptr p = ptep(m, mm, va);
            long pte = m.ptep_get(p);
            if (!m.arch.pte_present(pte)) throw new IllegalStateException("do_wp_page() on a non-present PTE at " + Long.toHexString(va));
            Folio old = m.pfn_folio(m.arch.pte_pfn(pte));
            if (m.arch.pte_write(pte)) return old;
            boolean reuse = switch (rule) {
                case MAPCOUNT -> m.folio_mapcount(old) == 1;
                case REFCOUNT -> m.folio_ref_count(old) == 1 && m.folio_mapcount(old) == 1;
                case ANON_EXCLUSIVE -> m.folio_test_anon_exclusive(old) || m.folio_ref_count(old) == 1;
            };
            if (reuse) {
                // wp_page_reuse(): make the PTE writable in place.
                if (rule == WpReuse.ANON_EXCLUSIVE) m.folio_set_anon_exclusive(old);
                m.set_pte_at(mm, va, p, m.arch.pte_mkyoung(m.arch.pte_mkdirty(m.arch.pte_mkwrite(pte))));
                return old;
            }
            // wp_page_copy(): copy, then replace the PTE (ptep_clear_flush + set_pte_at), unmap and put the old folio.
            m.folio_copy(copy, old);
            m.folio_add_rmap_pte(copy);
            m.folio_set_anon_exclusive(copy);
            m.ptep_get_and_clear(mm, va, p);
            m.flush_tlb_page(mm, va);
            m.set_pte_at(mm, va, p, m.arch.pfn_pte(copy.pfn(), true, true, true));
            m.folio_remove_rmap_pte(old);
            m.folio_put(old);
            return copy;
        } finally {
            ptl.unlock();
            mm.mmap_lock.unlock();
        }
    }

    /**
     * {@code get_user_pages()} of one page, FOLL_GET (a read reference, as vmsplice takes), or
     * FOLL_PIN ({@code pin}: refcount + GUP_PIN_COUNTING_BIAS). With {@code breakCow} (17839856fd58:
     * GUP on a COW mapping is forced to FOLL_WRITE), a read-only PTE first takes the write fault
     * ({@code do_wp_page} with {@code rule}, copying into {@code copy}). Returns the folio referenced.
     */
    public static Folio get_user_page(Machine m, Mm mm, long va, boolean pin, boolean breakCow, WpReuse rule, Folio copy) {
        if (breakCow) do_wp_page(m, mm, va, rule, copy);
        take(mm.mmap_lock, true);
        Lock ptl = ptl(m, mm, va);
        take(ptl, false);
        try {
            long pte = m.ptep_get(ptep(m, mm, va));
            Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
            if (!m.try_grab_folio_fast(f, pin)) throw new IllegalStateException("GUP of a freed folio");
            return f;
        } finally {
            ptl.unlock();
            mm.mmap_lock.unlock();
        }
    }

    /** munmap()/exit of one page ({@code zap_pte_range} + {@code tlb_finish_mmu}): clear the PTE, flush, unmap and put the folio. */
    public static void zap_page(Machine m, Mm mm, long va) {
        take(mm.mmap_lock, false);
        Lock ptl = ptl(m, mm, va);
        take(ptl, false);
        try {
            long pte = m.ptep_get_and_clear(mm, va, ptep(m, mm, va));
            if (!m.arch.pte_present(pte)) return;
            Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
            m.add_mm_counter(mm, Mm.MM_ANONPAGES, -1);
            m.folio_remove_rmap_pte(f);
            m.flush_tlb_page(mm, va);
            m.folio_put(f);
        } finally {
            ptl.unlock();
            mm.mmap_lock.unlock();
        }
    }

    /**
     * fork()'s copy of one anonymous PTE ({@code copy_pte_range} → {@code copy_present_pte}) into
     * the child's (pre-allocated) table {@code childTable}, under both mmap_locks and both PTLs.
     * With {@code earlyCow} (70e806e4e645) a possibly DMA-pinned folio is copied for the child into
     * {@code copy} and the parent keeps its writable PTE; otherwise both PTEs become read-only and
     * share the folio. Ends with {@code flush_tlb_mm(parent)}.
     */
    public static void fork_pte(Machine m, Mm parent, Mm child, long va, boolean earlyCow, Folio copy, Page childTable) {
        take(parent.mmap_lock, false);
        take(child.mmap_lock, false);
        Ptr cpmd = m.pmd_offset(child, va);
        Lock cpml = m.pmd_lockptr(child, cpmd);
        take(cpml, false);
        m.pmd_install(child, cpmd, childTable);
        cpml.unlock();
        Lock src = ptl(m, parent, va), dst = ptl(m, child, va);
        take(dst, false);
        take(src, false);
        try {
            Ptr sp = ptep(m, parent, va), dp = ptep(m, child, va);
            long pte = m.ptep_get(sp);
            Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
            if (earlyCow && m.folio_maybe_dma_pinned(f)) {
                // copy_present_page(): the child gets its own copy now, the parent keeps f writable.
                m.folio_copy(copy, f);
                m.folio_add_rmap_pte(copy);
                m.folio_set_anon_exclusive(copy);
                m.set_pte_at(child, va, dp, m.arch.pfn_pte(copy.pfn(), true, true, true));
            } else {
                m.folio_get(f);
                m.folio_add_rmap_pte(f);
                m.folio_clear_anon_exclusive(f);
                m.ptep_set_wrprotect(parent, va, sp);
                m.set_pte_at(child, va, dp, m.arch.pte_wrprotect(pte));
            }
            m.add_mm_counter(child, Mm.MM_ANONPAGES, 1);
        } finally {
            src.unlock();
            dst.unlock();
            child.mmap_lock.unlock();
            parent.mmap_lock.unlock();
        }
        m.flush_tlb_mm(parent);
    }

    /** A user store to {@code va} on this CPU; {@link Arch#FAULT} if the hardware traps (no TLB entry is made then). */
    public static long user_store(Machine m, Mm mm, long va) {
        return m.store(mm, va);
    }
}
