package ptlab.paths;

import ptlab.arch.Arch;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Lock;

/**
 * The page-fault paths, from the user access that traps to the return that retries it
 * ({@code mm/memory.c}: {@code handle_pte_fault} and family). Step ids follow mm-model.md.
 */
public final class Fault {
    private Fault() {}

    /** How {@code handle_pte_fault()} reads and rechecks {@code orig_pte} (seed 000). */
    public enum OrigPte {
        /** {@code ptep_get_lockless()} and the full {@code pte_same()} under the PTL. */
        MAINLINE,
        /** The RFC: {@code ptep_get_lockless_norecency()} and {@code pte_same_norecency()}. */
        NORECENCY
    }

    /**
     * A user access to {@code va} on this thread's CPU that, if the hardware traps, runs the
     * present-PTE branch of {@code handle_pte_fault()} (setting A, and D on a write, in software)
     * and retries the access, at most RETRIES+1 times. Steps {@code p.0}..{@code p.7} where
     * {@code p} is the thread's prefix ("1", "2"); sets local {@code retired} when the access
     * completes.
     */
    public static Path accessWithFault(Config config, String p, boolean write, OrigPte origPte, long va) {
        int attempts = config.intValue(Knob.RETRIES) + 1;
        return Path.of((write ? "store" : "load") + "+handle_pte_fault", config, b -> {
            // p.0: the access; on a trap, lock_vma_under_rcu().
            b.readLock(p + ".0", (m, c) -> vma(m, va).vm_lock, (m, c) -> {
                Mm mm = m.mm();
                long pfn = write ? m.store(mm, va) : m.load(mm, va);
                int n = c.has("attempt") ? c.getInt("attempt") + 1 : 1;
                c.set("attempt", n);
                c.set("locked", false);
                if (pfn != Arch.FAULT || n > attempts) {
                    c.set("retired", pfn != Arch.FAULT);
                    vma(m, va).vm_lock.unlock();
                    c.finish();
                }
            });
            // p.1: pte_offset_map_rw_nolock(): the pmd read locklessly, the table mapped under RCU, its PTL derived.
            b.step(p + ".1", (m, c) -> {
                long pmdval = m.pmdp_get_lockless(m.pmd_offset(m.mm(), va));
                Ptr ptep = m.pte_offset_map(pmdval, va);
                c.set("ptep", ptep);
                if (ptep == null) {
                    c.jump(p + ".7");
                    return;
                }
                c.set("ptl", m.pte_lockptr(m.mm(), pmdval));
            });
            if (origPte == OrigPte.NORECENCY && config.arch().locklessRead() != Arch.LocklessRead.LOW_HIGH) {
                // arm64's ptep_get_lockless_norecency() is one __ptep_get(); the generic one is ptep_get_lockless().
                b.step(p + ".2", (m, c) -> c.set("orig", m.arch.name().equals("ARM64") ? m.__ptep_get(c.get("ptep")) : m.ptep_get_lockless(c.get("ptep"))));
            } else {
                b.ptep_get_lockless(p + ".2", "ptep", "orig");
            }
            b.spin_lock(p + ".3", "ptl", (m, c) -> c.set("locked", true));
            b.step(p + ".4", (m, c) -> {
                long now = m.ptep_get(c.get("ptep"));
                long orig = c.getLong("orig");
                boolean same = origPte == OrigPte.MAINLINE ? m.arch.pte_same(now, orig) : m.arch.pte_same_norecency(now, orig);
                if (!same) c.jump(p + ".7");
            });
            b.step(p + ".5", (m, c) -> {
                long entry = c.getLong("orig");
                if (write) {
                    if (!m.arch.pte_write(entry)) {
                        // do_wp_page(): an exclusive anon folio (refcount 1) is reused in place (wp_page_reuse).
                        ptlab.mm.Folio f = m.pfn_folio(m.arch.pte_pfn(entry));
                        if (!vma(m, va).writable() || f == null || !m.folio_test_anon(f) || m.folio_ref_count(f) != 1) {
                            throw new IllegalStateException(String.format("write fault at %#x needs a COW copy, which this path does not model", va));
                        }
                        entry = m.arch.pte_mkwrite(entry);
                    }
                    entry = m.arch.pte_mkdirty(entry);
                }
                c.set("entry", m.arch.pte_mkyoung(entry));
            });
            b.ptep_set_access_flags(p + ".6", "ptep", "entry", write, (m, c) -> m.mm(), va);
            // p.7: pte_unmap_unlock(), release the VMA, return to user space and retry the access.
            b.step(p + ".7", (m, c) -> {
                if (c.getBoolean("locked")) ((Lock) c.get("ptl")).unlock();
                if (c.get("ptep") != null) m.pte_unmap(c.get("ptep"));
                vma(m, va).vm_lock.unlock();
                c.jump(p + ".0");
            });
        });
    }

    /**
     * A fault on a none PTE of an anonymous VMA ({@code do_anonymous_page}): the PTE table is
     * allocated and installed under the PMD lock if missing ({@code pte_alloc}/{@code pmd_install}),
     * the table mapped and locked with the pmd rechecked ({@code pte_offset_map_lock}), a new folio
     * installed unless another thread got there first. Steps {@code p.a1}..{@code p.a6}.
     */
    public static Path anonymousFault(Config config, String p, boolean write, long va) {
        return Path.of("do_anonymous_page", config, b -> {
            b.mmap_read_lock(p + ".a1", (m, c) -> m.mm(), (m, c) -> {
                Vma v = m.find_vma(m.mm(), va);
                if (v == null || !v.anon()) throw new IllegalArgumentException(String.format("%#x is not in an anonymous VMA", va));
                if (write && !v.writable()) throw new IllegalArgumentException(String.format("write fault at %#x in a read-only VMA", va));
                c.set("pmdp", m.pmd_offset(m.mm(), va));
                if (!m.arch.pmd_none(m.pmdp_get(c.get("pmdp")))) c.jump(p + ".a3");
            });
            // pte_alloc() -> pmd_install(): allocate, then populate under the PMD lock if still none.
            b.lock(p + ".a2", (m, c) -> m.pmd_lockptr(m.mm(), c.get("pmdp")), (m, c) -> {
                Ptr pmdp = c.get("pmdp");
                if (m.arch.pmd_none(m.pmdp_get(pmdp))) {
                    m.mm_inc_nr_ptes(m.mm());
                    m.pmd_populate(m.mm(), pmdp, m.pte_alloc_one());
                }
                m.pmd_lockptr(m.mm(), pmdp).unlock();
            });
            b.step(p + ".a3", (m, c) -> {
                long pmdval = m.pmdp_get_lockless(c.get("pmdp"));
                c.set("pmdval", pmdval);
                c.set("ptep", m.pte_offset_map(pmdval, va));
                c.set("ptl", m.pte_lockptr(m.mm(), pmdval));
            });
            b.spin_lock(p + ".a4", "ptl", (m, c) -> {
                if (!m.arch.pmd_same(c.getLong("pmdval"), m.pmdp_get_lockless(c.get("pmdp")))) {
                    ((ptlab.race.Lock) c.get("ptl")).unlock();
                    m.pte_unmap(c.get("ptep"));
                    c.jump(p + ".a3");
                }
            });
            b.step(p + ".a5", (m, c) -> {
                Ptr ptep = c.get("ptep");
                if (!m.arch.pte_none(m.ptep_get(ptep))) return; // another fault installed it: back off
                var f = m.folio_alloc(null, 1, ptlab.mm.Folio.PG_anon, null, 0);
                m.folio_add_rmap_pte(f);
                m.add_mm_counter(m.mm(), ptlab.mm.Mm.MM_ANONPAGES, 1);
                m.set_pte_at(m.mm(), va, ptep, m.arch.pfn_pte(f.pfn(), write, write, true));
                c.set("installed", f);
            });
            b.step(p + ".a6", (m, c) -> {
                ((ptlab.race.Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
                m.mm().mmap_lock.unlock();
            });
        });
    }

    static Vma vma(Machine m, long va) {
        for (Vma v : m.mm().peekVmas()) if (v.contains(va)) return v;
        throw new IllegalArgumentException(String.format("no VMA contains %#x", va));
    }
}
