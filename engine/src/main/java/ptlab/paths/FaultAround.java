package ptlab.paths;

import ptlab.mm.Config;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.race.Lock;

/**
 * The part of a file fault that populates an empty pmd: {@code do_fault_around()} preallocates a
 * PTE table when the pmd is none and {@code pmd_install()} links it under the PMD lock with a
 * recheck. What the fault does next (it sleeps on the locked new THP, mm-model.md S4b's Fa) is not
 * modelled: it writes no PTE into the new table while the collapse holds the THP locked.
 * <pre>
 * Fa1 lock_vma_under_rcu(); pmd_none(*pmd)? else nothing to install (the fault goes on to the PTEs)
 * Fa2 pml = pmd_lock(); pmd_none(*pmd)? mm_inc_nr_ptes(); pmd_populate(prealloc); unlock
 * </pre>
 */
public final class FaultAround {
    private FaultAround() {}

    public static Path installEmptyTable(Config config, long addr, String prealloc) {
        return Path.of("do_fault_around:pmd_install", config, b -> {
            b.readLock("Fa1", (m, c) -> Fault.vma(m, addr).vm_lock, (m, c) -> {
                if (!m.arch.pmd_none(m.pmdp_get_lockless(m.pmd_offset(m.mm(), addr)))) {
                    Fault.vma(m, addr).vm_lock.unlock();
                    c.finish();
                }
            });
            b.spin_lock("Fa2", (m, c) -> m.pmd_lockptr(m.mm(), m.pmd_offset(m.mm(), addr)), (m, c) -> {
                Mm mm = m.mm();
                Ptr pmd = m.pmd_offset(mm, addr);
                Lock pml = m.pmd_lockptr(mm, pmd);
                if (m.arch.pmd_none(m.pmdp_get(pmd))) m.pmd_install(mm, pmd, m.<Page>sym(prealloc));
                pml.unlock();
                Fault.vma(m, addr).vm_lock.unlock();
            });
        });
    }
}
