package ptlab.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Lock;
import ptlab.race.Program;

/** The arch bodies PathBuilder emits, against what the kernel source does. */
class PathBuilderTest {
    static final long VA = 0x1000;

    /**
     * The generic ptep_set_access_flags() (mm/pgtable-generic.c) calls flush_tlb_fix_spurious_fault()
     * only {@code if (changed)}: an unchanged entry sends no IPI, so it cannot wait on a CPU with
     * IRQs off. CPU1 disables IRQs and spins on the PTL that CPU0 holds across the call: with an
     * unchanged entry every schedule completes; with a changed one the flush IPI waits for CPU1,
     * which waits for the PTL, a deadlock (as it would be in the kernel).
     */
    @Test
    void genericSetAccessFlagsFlushesAndWaitsForTheIpiOnlyWhenTheEntryChanged() {
        assertEquals(Set.of("DONE"), outcomes(false));
        Set<String> flushed = outcomes(true);
        assertTrue(flushed.stream().anyMatch(k -> k.contains("DEADLOCK")), flushed.toString());
    }

    private static Set<String> outcomes(boolean changed) {
        Config config = Config.of(Profile.GENERIC_SW_AD);
        Path setter = Path.of("ptep_set_access_flags under the PTL", config, b -> {
            b.mmap_read_lock("S0", (m, c) -> m.mm(), (m, c) -> Fault.pte_offset_map_nolock(m, c, VA));
            b.spin_lock("S0l", "ptl", (m, c) -> {
                long pte = m.ptep_get(c.get("ptep"));
                c.set("entry", changed ? m.arch.pte_mkdirty(pte) : pte);
            });
            b.ptep_set_access_flags("S1", "ptep", "entry", changed, (m, c) -> m.mm(), VA);
            b.step("S2", (m, c) -> {
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(c.get("ptep"));
                m.mm().mmap_lock.unlock();
            });
        });
        Program<Machine> p = Program.<Machine>builder("ptep_set_access_flags vs IRQs off, changed=" + changed)
                .setup(mem -> {
                    Machine m = Machine.boot(mem, config, 2);
                    m.mmap(m.mm(), 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
                    Folio f = m.folio_alloc("F", 1, Folio.PG_anon, null, 0);
                    var t = m.pte_alloc_one("T");
                    Ptr pmd = m.pmd_offset(m.mm(), VA);
                    m.pmd_populate(m.mm(), pmd, t);
                    Ptr ptep = m.bind("P", new Ptr(t, m.pte_index(VA), null));
                    m.set_pte_at(m.mm(), VA, ptep, m.arch.pfn_pte(f.pfn(), true, false, true));
                    m.folio_add_rmap_pte(f);
                    m.bind("ptl", m.pte_lockptr(m.mm(), m.pmdp_get(pmd)));
                    return m;
                })
                .thread(setter.thread("CPU0"))
                .thread(IrqsOff.cpu(config, "ptl").thread("CPU1"))
                .outcome(m -> "DONE")
                .build();
        return IrqsOff.seen(IrqsOff.explore(p));
    }
}
