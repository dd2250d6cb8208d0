package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;
import ptlab.race.Lock;

/**
 * DAMON's access check of one address ({@code damon_va_mkold()}, mm/damon/vaddr.c), as in seed 002
 * (mm-model.md S2, steps D1-D7):
 * <ul>
 * <li>{@link #follow_invalidate_pte_mkold} — v34 (BUGGY): {@code follow_invalidate_pte()} with only a
 *     {@code get_task_mm()} reference: no mmap_lock, IRQs on, no RCU; the 5.14
 *     {@code pte_offset_map_lock()} reads {@code *pmd} again for the lock and for the map, with no
 *     {@code pmd_same()} recheck; then under that "PTL" {@code damon_get_page()} and a plain
 *     {@code *pte = pte_mkold(*pte)};</li>
 * <li>{@link #walk_page_range_mkold} — the fix (SeongJae Park, "mm/damon/vaddr: Safely walk page
 *     table"): {@code mmap_read_lock}; {@code walk_page_range()} finds the VMA first (D0) and runs
 *     the same pmd/pte steps; {@code mmap_read_unlock};</li>
 * <li>{@link #lockless_young} — rule (c) of seed 002: read-only, lockless, IRQs off the whole time.</li>
 * </ul>
 * The result is raised as a label: {@link #MKOLD_DONE} (D6 ran), {@link #READ_OK} (rule c: a present
 * PTE was read) or {@link #NO_MAPPING} (returned early). A leaf pmd at D1 (the {@code pmd_huge()} branch,
 * {@code damon_pmdp_mkold} under the PMD lock) is not modelled and counts as NO_MAPPING.
 */
public final class Damon {
    private Damon() {}

    public static final String MKOLD_DONE = "MKOLD_DONE", NO_MAPPING = "NO_MAPPING", READ_OK = "READ_OK";

    /** BUGGY v34: D1-D7 without mmap_lock. */
    public static Path follow_invalidate_pte_mkold(Config config, long va) {
        return mkold(config, va, false);
    }

    /** FIXED: D0 {@code mmap_read_lock} + {@code find_vma}, D1-D7 as the pmd_entry callback, {@code mmap_read_unlock} in D7. */
    public static Path walk_page_range_mkold(Config config, long va) {
        return mkold(config, va, true);
    }

    static Path mkold(Config config, long va, boolean mmapLock) {
        return Path.of(mmapLock ? "damon_va_mkold (walk_page_range)" : "damon_va_mkold (follow_invalidate_pte)", config, b -> {
            if (mmapLock) {
                b.mmap_read_lock("D0", (m, c) -> m.mm(), (m, c) -> {
                    c.set("mmap", true);
                    if (m.find_vma(m.mm(), va) == null) noMapping(c);
                });
            }
            // D1: pmd = pmd_offset(); pmd_none() / pmd_bad() (a leaf: not modelled) -> out.
            b.step("D1", (m, c) -> {
                long pmd = m.pmdp_get(m.pmd_offset(m.mm(), va));
                if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) noMapping(c);
            });
            // D2: pte_offset_map_lock(), 5.14: ptl = pte_lockptr(mm, pmd) and pte_offset_map(pmd) each read *pmd again.
            b.step("D2", (m, c) -> {
                Ptr pmdp = m.pmd_offset(m.mm(), va);
                c.set("ptl", m.pte_lockptr(m.mm(), m.pmdp_get(pmdp)));
                c.set("ptep", m.__pte_map(m.pmdp_get(pmdp), va));
            });
            b.spin_lock("D3", "ptl", (m, c) -> c.set("locked", true));
            // D4: if (!pte_present(*ptep)) goto unlock;
            b.step("D4", (m, c) -> {
                if (!m.arch.pte_present(m.__ptep_get(c.get("ptep")))) noMapping(c);
            });
            // D5: damon_get_page(pte_pfn(*ptep)): pfn_valid, PageLRU, get_page_unless_zero.
            b.step("D5", (m, c) -> {
                Folio f = m.pfn_folio(m.arch.pte_pfn(m.__ptep_get(c.get("ptep"))));
                if (f == null || !m.folio_test_lru(f) || !m.folio_try_get(f)) {
                    noMapping(c);
                    return;
                }
                c.set("page", f);
            });
            // D6: if (pte_young(*pte)) *pte = pte_mkold(*pte);  (a plain read-modify-write)
            b.step("D6", (m, c) -> {
                Ptr ptep = c.get("ptep");
                long pte = m.__ptep_get(ptep);
                if (m.arch.pte_young(pte)) m.set_pte_at(m.mm(), va, ptep, m.arch.pte_mkold(m.__ptep_get(ptep)));
                c.raise(MKOLD_DONE);
            });
            // D7: put_page(); pte_unmap_unlock(); (FIXED: mmap_read_unlock()).
            b.step("D7", (m, c) -> {
                if (c.has("page")) m.folio_put(c.get("page"));
                if (c.has("locked")) ((Lock) c.get("ptl")).unlock();
                if (c.has("mmap")) m.mm().mmap_lock.unlock();
            });
        });
    }

    /** Rule (c): D0 {@code local_irq_save}; D1 {@code pmdp_get_lockless}; D2 {@code ptep_get_lockless}; no lock, no write; D7 {@code local_irq_restore}. */
    public static Path lockless_young(Config config, long va) {
        return Path.of("lockless young check (rule c)", config, b -> {
            b.step("D0", (m, c) -> m.local_irq_save());
            b.step("D1", (m, c) -> {
                long pmd = m.pmdp_get_lockless(m.pmd_offset(m.mm(), va));
                if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) {
                    noMapping(c);
                    return;
                }
                c.set("ptep", m.__pte_map(pmd, va));
            });
            b.ptep_get_lockless("D2", "ptep", "pte");
            b.step("D7", (m, c) -> {
                if (c.has("pte")) c.raise(m.arch.pte_present(c.getLong("pte")) ? READ_OK : NO_MAPPING);
                m.local_irq_restore();
            });
        });
    }

    static void noMapping(Ctx c) {
        c.raise(NO_MAPPING);
        c.jump("D7");
    }
}
