package ptlab.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Lock;
import ptlab.race.Program;
import ptlab.race.Result;

/** The flush steps of {@link Migrate}, against what the kernel source does. */
class MigrateTest {
    static final long VA = 0x1000;
    static final Config X86 = Config.of(Profile.X86_64);

    /**
     * M7, {@code try_to_unmap_flush()} (mm/rmap.c), returns at once unless
     * {@code tlb_ubc->flush_required}: with no flush pending it sends no IPI, so it cannot wait on
     * a CPU with IRQs off. CPU1 disables IRQs and spins on a lock CPU0 holds across M7 (x86, IPI
     * flushes): with nothing pending every schedule completes; with a pending flush the IPI waits
     * for CPU1, which waits for the lock, a deadlock (as it would be in the kernel).
     */
    @Test
    void tryToUnmapFlushWaitsForTheIpiOnlyWhenAFlushIsPending() {
        assertEquals(Set.of("DONE"), IrqsOff.seen(explore(false, true)));
        Set<String> pending = IrqsOff.seen(explore(true, true));
        assertTrue(pending.stream().anyMatch(k -> k.contains("DEADLOCK")), pending.toString());
    }

    /**
     * With nothing pending M7 reads no CPU's IRQ state, so it is independent of CPU1's
     * {@code local_irq_save()}/{@code local_irq_restore()}: one trace. A pending flush reads
     * CPU1's IRQ state and can only run outside CPU1's IRQs-off section: before it or after it.
     */
    @Test
    void anUnpendingTryToUnmapFlushReadsNoIrqState() {
        Result none = explore(false, false), pending = explore(true, false);
        assertEquals(Set.of("DONE"), IrqsOff.seen(none));
        assertEquals(Set.of("DONE"), IrqsOff.seen(pending));
        assertEquals(1, none.executions(), none.toString());
        assertEquals(2, pending.executions(), pending.toString());
    }

    /** CPU0: M0 (lock L if {@code spin}; set_tlb_ubc_flush_pending if {@code pending}), M7, M8 (unlock). CPU1: IRQs off (spinning on L if {@code spin}), then on. */
    private static Result explore(boolean pending, boolean spin) {
        Path migrate = Path.of("try_to_unmap_flush", X86, b -> {
            b.step("M0", (m, c) -> {
                if (spin && !lock(m).tryLock()) throw new IllegalStateException("L is free at the start");
                c.set("flushPending", pending);
            });
            Migrate.flush(b, "M7", VA, true);
            b.step("M8", (m, c) -> {
                if (spin) lock(m).unlock();
            });
        });
        Program<Machine> p = Program.<Machine>builder("try_to_unmap_flush vs IRQs off, pending=" + pending + ", spin=" + spin)
                .setup(mem -> {
                    Machine m = Machine.boot(mem, X86, 2);
                    m.bind("L", mem.spinlock("L"));
                    return m;
                })
                .thread(migrate.thread("CPU0"))
                .thread(IrqsOff.cpu(X86, spin ? "L" : null).thread("CPU1"))
                .outcome(m -> "DONE")
                .build();
        return IrqsOff.explore(p);
    }

    private static Lock lock(Machine m) {
        return m.sym("L");
    }
}
