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
                    if (!m.arch.pte_write(entry)) throw new IllegalStateException("write fault on a read-only PTE: do_wp_page() is not part of this path");
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

    static Vma vma(Machine m, long va) {
        for (Vma v : m.mm().peekVmas()) if (v.contains(va)) return v;
        throw new IllegalArgumentException(String.format("no VMA contains %#x", va));
    }
}
