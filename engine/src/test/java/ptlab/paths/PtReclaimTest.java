package ptlab.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.arch.Profile;
import ptlab.mm.AddressSpace;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Vma;
import ptlab.race.Lock;
import ptlab.race.Program;
import ptlab.race.Result;

/**
 * Z6 of {@link PtReclaim}, {@code tlb_finish_mmu()} (mm/mmu_gather.c), against the kernel:
 * {@code tlb_flush_mmu_tlbonly()} (include/asm-generic/tlb.h) returns early unless
 * {@code freed_tables || cleared_ptes || cleared_pmds || ...}, and {@code mm_tlb_flush_nested()}
 * forces the flush. Zapping an empty range frees no table (no PT_RECLAIM, or no table at all) and
 * clears no PTE: no flush, so no IPI that could wait on a CPU with IRQs off.
 */
class PtReclaimTest {
    static final long ADDR = 0;
    static final Config X86 = Config.of(Profile.X86_64).with(Knob.MMU_GATHER_RCU_TABLE_FREE, true);

    /** What Z finds and does. */
    enum Case {
        /** No table at the pmd: Z1a finds nothing to zap. */
        NO_TABLE(false, true, false),
        /** An empty table, PT_RECLAIM off: the zap clears nothing, frees nothing. */
        EMPTY_NO_RECLAIM(false, false, false),
        /** An empty table, PT_RECLAIM on: Z2/Z3 unlink it, pte_free_tlb() sets freed_tables. */
        EMPTY_RECLAIM(true, false, false),
        /** As EMPTY_NO_RECLAIM, but another mmu_gather is open on the mm: mm_tlb_flush_nested() forces the flush. */
        EMPTY_NO_RECLAIM_NESTED(false, false, true);

        final boolean reclaim, noTable, nested;

        Case(boolean reclaim, boolean noTable, boolean nested) {
            this.reclaim = reclaim;
            this.noTable = noTable;
            this.nested = nested;
        }

        boolean flushes() {
            return reclaim || nested;
        }
    }

    /**
     * CPU1 disables IRQs and spins on a lock L that Z holds across Z6 (x86, IPI flushes). Where the
     * kernel flushes, the IPI waits for CPU1, which waits for L: a deadlock. Where it skips the
     * flush, every schedule completes (the old Z6 always flushed, so it deadlocked in every case).
     */
    @Test
    void z6WaitsForTheIpiOnlyWhenTheKernelFlushes() {
        for (Case k : Case.values()) {
            Set<String> o = IrqsOff.seen(explore(k, true));
            if (k.flushes()) assertTrue(o.stream().anyMatch(s -> s.contains("DEADLOCK")), k + ": " + o);
            else assertEquals(Set.of("DONE"), o, k.toString());
        }
    }

    /**
     * Without a flush Z6 reads no CPU's IRQ state, so Z is independent of CPU1's
     * local_irq_save()/local_irq_restore(): one trace. A flushing Z6 runs before or after CPU1's
     * IRQs-off section: two.
     */
    @Test
    void z6WithNothingGatheredReadsNoIrqState() {
        for (Case k : Case.values()) {
            Result r = explore(k, false);
            assertEquals(Set.of("DONE"), IrqsOff.seen(r), k.toString());
            assertEquals(k.flushes() ? 2 : 1, r.executions(), k + ": " + r);
        }
    }

    /** CPU0: madvise(MADV_DONTNEED) holding L (if {@code spin}) from after Z0 to after Z6. CPU1: IRQs off (spinning on L if {@code spin}), then on. */
    private static Result explore(Case k, boolean spin) {
        Config config = X86.with(Knob.PT_RECLAIM, k.reclaim);
        Path z = PtReclaim.madviseDontneed(config, ADDR);
        if (spin) {
            z = z.insertAfter("Z0", b -> b.step("L+", (m, c) -> {
                if (!lock(m).tryLock()) throw new IllegalStateException("L is free at the start");
            })).insertAfter("Z6", b -> b.step("L-", (m, c) -> lock(m).unlock()));
        }
        Program<Machine> p = Program.<Machine>builder("Z6 vs IRQs off, " + k + ", spin=" + spin)
                .setup(mem -> {
                    Machine m = Machine.boot(mem, config, 2);
                    Mm mm = m.mm();
                    AddressSpace file = m.bind("file", m.newFile("file", config.ptrsPerPte()));
                    m.mmap(mm, ADDR, config.pmdSize(), Vma.VM_READ | Vma.VM_SHARED, false, file, 0);
                    if (!k.noTable) {
                        Page t = m.pte_alloc_one("T");
                        m.pmd_install(mm, m.pmd_offset(mm, ADDR), t);
                    }
                    // Another thread's gather, open across the whole run (e.g. a concurrent MADV_DONTNEED).
                    if (k.nested) m.tlb_gather_mmu(mm);
                    m.bind("L", mem.spinlock("L"));
                    return m;
                })
                .thread(z.thread("CPU0"))
                .thread(IrqsOff.cpu(config, spin ? "L" : null).thread("CPU1"))
                .outcome(m -> "DONE")
                .build();
        return IrqsOff.explore(p);
    }

    private static Lock lock(Machine m) {
        return m.sym("L");
    }
}
