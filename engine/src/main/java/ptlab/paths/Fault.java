package ptlab.paths;

import ptlab.arch.Arch;
import ptlab.arch.Profile;
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
                if (pte_offset_map_nolock(m, c, va) == null) c.jump(p + ".7");
            });
            if (origPte == OrigPte.NORECENCY && config.profile() == Profile.ARM64) {
                // arm64's ptep_get_lockless_norecency() is one __ptep_get(); the generic one is ptep_get_lockless().
                b.step(p + ".2", (m, c) -> c.set("orig", m.__ptep_get(c.get("ptep"))));
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
                if (m.arch.pmd_none(m.pmdp_get(pmdp))) m.pmd_install(m.mm(), pmdp, m.pte_alloc_one());
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

    /**
     * {@code reads} user loads of {@code va} in a file (shmem) VMA, each retried through the fault
     * handler until it completes (seed 001, the reader R; step ids of mm-model.md S1). The fault
     * path runs under {@code mmap_read_lock} (the non-PER_VMA_LOCK fallback of the fault
     * handler) and branches on the lockless {@code orig_pte}:
     * <ul>
     * <li>R0 the load (TLB hit, or a walk that fills the TLB); a trap enters the fault handler;
     * <li>R1 {@code pte_offset_map_rw_nolock}; {@code orig = ptep_get_lockless()};
     * <li>none → {@code do_pte_missing} → {@code do_fault} → {@code do_read_fault} →
     *     {@code __do_fault} → {@code shmem_fault} → {@code shmem_get_folio_gfp}:
     *     R2 {@code filemap_get_entry}: {@code xas_load}; R3 {@code folio_try_get} (on a frozen folio
     *     R3r waits for it to thaw or the slot to change, then repeats: the spin of
     *     {@code xas_reset; goto repeat} as one blocking step) and {@code xas_reload}; R4
     *     {@code folio_lock} fast path or queue, R4w sleep until PG_locked is handed over; R5 the truncation check
     *     {@code folio->mapping != mapping} (repeat) → VM_FAULT_LOCKED; R6 {@code finish_fault}:
     *     {@code pte_offset_map_lock}, {@code vmf_pte_changed} → NOPAGE, else {@code set_pte_range};
     *     R7 unlock, {@code folio_unlock}, {@code folio_put} on NOPAGE, return and retry the load;
     * <li>migration entry → {@code do_swap_page} → {@code migration_entry_wait}: R1′
     *     {@code pte_offset_map_lock}, recheck; R1′w {@code migration_entry_wait_on_locked}: sleeps
     *     until the folio is unlocked, taking no reference (a wait modelled as acquire-and-release
     *     of PG_locked in one step), then retry the load;
     * <li>present (spurious) → R1″ {@code spin_lock(ptl)}, {@code pte_same}; R1″a.. the arch
     *     {@code ptep_set_access_flags(pte_mkyoung(orig))}; R1″u unlock, retry the load.
     * </ul>
     * Sets local {@code pfns} to the list of pfns the loads read.
     */
    public static Path readFault(Config config, long va, int reads) {
        return Path.of("load+shmem_fault", config, b -> {
            b.mmap_read_lock("R0", (m, c) -> m.mm(), (m, c) -> {
                long pfn = m.load(m.mm(), va);
                if (pfn == Arch.FAULT) {
                    int faults = c.has("faults") ? c.getInt("faults") + 1 : 1;
                    if (faults > 64) throw new IllegalStateException("the reader faulted 64 times: a livelock in the model");
                    c.set("faults", faults);
                    return;
                }
                java.util.List<Long> pfns = new java.util.ArrayList<>(c.has("pfns") ? c.<java.util.List<Long>>get("pfns") : java.util.List.of());
                pfns.add(pfn);
                c.set("pfns", java.util.List.copyOf(pfns));
                m.mm().mmap_lock.unlock();
                if (pfns.size() < reads) c.jump("R0");
                else c.finish();
            });
            b.step("R1", (m, c) -> {
                Vma vma = m.find_vma(m.mm(), va);
                c.set("mapping", vma.file());
                c.set("index", vma.index(va));
                Ptr ptep = pte_offset_map_nolock(m, c, va);
                if (ptep == null) throw new IllegalStateException("no PTE table at " + Long.toHexString(va) + " (not modelled)");
                long orig = m.ptep_get_lockless(ptep);
                c.set("orig", orig);
                if (m.arch.pte_none(orig)) {
                    m.pte_unmap(ptep); // vmf->pte = NULL: do_pte_missing() -> do_fault() -> do_read_fault()
                } else if (m.arch.is_migration_entry(orig)) {
                    m.pte_unmap(ptep); // do_swap_page(): pte_unmap_same()
                    c.jump("R1′");
                } else if (m.arch.pte_present(orig)) {
                    c.jump("R1″");
                } else {
                    throw new IllegalStateException("orig_pte " + m.arch.describe(orig) + ": do_swap_page() for it is not modelled");
                }
            });
            // filemap_get_entry(): rcu_read_lock(); folio = xas_load().
            b.step("R2", (m, c) -> {
                m.rcu_read_lock();
                ptlab.mm.Folio f = m.xas_load(c.get("mapping"), c.getLong("index"));
                if (f == null) throw new IllegalStateException("shmem_get_folio_gfp: an empty slot (shmem_alloc_and_add_folio) is not modelled");
                c.set("folio", f);
            });
            b.step("R3", (m, c) -> {
                ptlab.mm.Folio f = c.get("folio");
                if (!m.folio_try_get(f)) {
                    m.rcu_read_unlock();
                    c.jump("R3r");
                    return;
                }
                if (m.xas_load(c.get("mapping"), c.getLong("index")) != f) { // xas_reload()
                    m.folio_put(f);
                    m.rcu_read_unlock();
                    c.jump("R2");
                    return;
                }
                m.rcu_read_unlock();
                c.jump("R4");
            });
            // The repeat loop over a frozen folio, as one blocking step: it changes nothing until the folio thaws or the slot changes.
            b.await("R3r", "the frozen folio to thaw or its page-cache slot to change", (m, c) -> {
                ptlab.mm.Folio f = c.get("folio");
                ptlab.mm.AddressSpace mapping = c.get("mapping");
                return f.peekRefcount() != 0 || mapping.peekSlot(c.getLong("index")) != f;
            }, (m, c) -> {
                m.folio_ref_count(c.get("folio"));
                m.xas_load(c.get("mapping"), c.getLong("index"));
                c.jump("R2");
            });
            b.folio_lock_handoff("R4", (m, c) -> c.get("folio"), null);
            // shmem_get_folio_gfp(): "Has the folio been truncated or swapped out?"
            b.step("R5", (m, c) -> {
                ptlab.mm.Folio f = c.get("folio");
                if (!m.folio_mapping_is(f, c.get("mapping"))) {
                    m.folio_unlock(f);
                    m.folio_put(f);
                    c.jump("R2");
                }
            });
            // finish_fault(): pte_offset_map_lock(); vmf_pte_changed() -> VM_FAULT_NOPAGE, else set_pte_range().
            b.spin_lock("R6", "ptl", (m, c) -> {
                c.set("ptep", m.pte_offset_map(c.getLong("pmdval"), va));
                if (!m.arch.pmd_same(m.pmdp_get(c.get("pmdp")), c.getLong("pmdval"))) throw new IllegalStateException("the pmd changed (not modelled)");
                Ptr ptep = c.get("ptep");
                if (!m.arch.pte_none(m.ptep_get(ptep))) {
                    c.set("nopage", true);
                    return;
                }
                ptlab.mm.Folio f = c.get("folio");
                Vma vma = m.find_vma(m.mm(), va);
                m.folio_add_rmap_pte(f);
                m.add_mm_counter(m.mm(), Mm.MM_SHMEMPAGES, 1);
                m.set_pte_at(m.mm(), va, ptep, m.arch.pfn_pte(f.pfn(), vma.writable() && vma.shared(), false, true));
                c.set("nopage", false);
            });
            // pte_unmap_unlock(); do_read_fault(): folio_unlock(), folio_put() on NOPAGE; return to user, retry the load.
            b.step("R7", (m, c) -> {
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
                ptlab.mm.Folio f = c.get("folio");
                m.folio_unlock(f);
                if (c.getBoolean("nopage")) m.folio_put(f);
                m.mm().mmap_lock.unlock();
                c.jump("R0");
            });
            // do_swap_page() -> migration_entry_wait(): pte_offset_map_lock(), is it still a migration entry?
            b.spin_lock("R1′", "ptl", (m, c) -> {
                Ptr ptep = m.pte_offset_map(c.getLong("pmdval"), va);
                long pte = m.ptep_get(ptep);
                m.pte_unmap(ptep);
                ((Lock) c.get("ptl")).unlock();
                if (m.arch.is_migration_entry(pte)) {
                    c.set("waitFolio", m.pfn_folio(m.arch.swp_offset(pte)));
                } else {
                    m.mm().mmap_lock.unlock();
                    c.jump("R0");
                }
            });
            // migration_entry_wait_on_locked(): sleep until PG_locked is clear; no reference is taken.
            b.folio_lock("R1′w", (m, c) -> c.get("waitFolio"), (m, c) -> {
                m.folio_unlock(c.get("waitFolio"));
                m.mm().mmap_lock.unlock();
                c.jump("R0");
            });
            // handle_pte_fault() on a present orig_pte (spurious fault): spin_lock(ptl); pte_same(); pte_mkyoung(); ptep_set_access_flags().
            b.spin_lock("R1″", "ptl", (m, c) -> {
                if (!m.arch.pte_same(m.ptep_get(c.get("ptep")), c.getLong("orig"))) {
                    c.jump("R1″u");
                    return;
                }
                c.set("entry", m.arch.pte_mkyoung(c.getLong("orig")));
            });
            b.ptep_set_access_flags("R1″", "ptep", "entry", false, (m, c) -> m.mm(), va);
            b.step("R1″u", (m, c) -> {
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
                m.mm().mmap_lock.unlock();
                c.jump("R0");
            });
        });
    }

    /**
     * {@code pte_offset_map_nolock()} (and its _rw_ form): the pmd read locklessly, the PTE table
     * mapped under RCU, its PTL derived from the pmd value but not taken. Sets the locals
     * {@code pmdp}, {@code pmdval}, {@code ptep} and (when mapped) {@code ptl}; returns
     * {@code ptep}, or null when the pmd is no table.
     */
    static Ptr pte_offset_map_nolock(Machine m, ptlab.race.Ctx c, long va) {
        Ptr pmdp = m.pmd_offset(m.mm(), va);
        long pmdval = m.pmdp_get_lockless(pmdp);
        Ptr ptep = m.pte_offset_map(pmdval, va);
        c.set("pmdp", pmdp);
        c.set("pmdval", pmdval);
        c.set("ptep", ptep);
        if (ptep != null) c.set("ptl", m.pte_lockptr(m.mm(), pmdval));
        return ptep;
    }

    static Vma vma(Machine m, long va) {
        for (Vma v : m.mm().peekVmas()) if (v.contains(va)) return v;
        throw new IllegalArgumentException(String.format("no VMA contains %#x", va));
    }
}
