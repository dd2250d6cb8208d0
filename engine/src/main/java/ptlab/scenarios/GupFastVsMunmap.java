package ptlab.scenarios;

import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.paths.Agents;
import ptlab.paths.GupFast;
import ptlab.paths.Munmap;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * R1: GUP-fast walks the page tables with no lock while munmap frees them ({@code free_pgtables}
 * clears the pmd without the PTL, {@code tlb_finish_mmu} flushes, then frees). What keeps the table
 * alive for the walker: the flush IPI it does not acknowledge while its IRQs are off (IPI_FREE,
 * x86 bare metal before 6.15), or the RCU-sched grace period its IRQs-off region holds off
 * (RCU_FREE, arm64). Hypothetical: a broadcast flush with immediate free (HYP_BROADCAST_NOSYNC),
 * a walker with IRQs on (HYP_IRQS_ON).
 *
 * <p>Variants: {@code IRQS_OFF} (mainline {@code gup_fast()}), {@code HYP_IRQS_ON}. Configurations:
 * {@link #IPI_FREE}, {@link #RCU_FREE}, {@link #HYP_BROADCAST_NOSYNC}. Initial state: anon VMA
 * [0x4000, 0x8000), one PTE table T, {@code T[0] = PRESENT{F, W}}; a freed T is reused as garbage
 * that looks present (REUSE agent).
 */
public final class GupFastVsMunmap {
    public static final String PINNED = GupFast.PINNED, BAIL = GupFast.BAIL, PIN_GARBAGE = GupFast.PIN_GARBAGE;
    static final long VA = 0x4000;

    /** x86-64 bare metal before a37259732a7d: tables freed right after the flush IPI. */
    public static final Config IPI_FREE = Config.of(Profile.X86_64);
    /** arm64: broadcast TLBI, tables freed after an RCU-sched grace period. */
    public static final Config RCU_FREE = Config.of(Profile.ARM64);
    /** Hypothetical: broadcast TLBI and the table freed at once. */
    public static final Config HYP_BROADCAST_NOSYNC = Config.of(Profile.ARM64).with(Knob.MMU_GATHER_RCU_TABLE_FREE, false);

    private GupFastVsMunmap() {}

    public static Scenario scenario() {
        Scenario.Builder b = Scenario.builder("R1", "GUP-fast vs munmap (free_pgtables): how table freeing is synchronised with lockless walkers")
                .source("mm/mmu_gather.c and include/asm-generic/tlb.h (MMU_GATHER_RCU_TABLE_FREE comments); mm/gup.c gup_fast(); seed 002")
                .variants("IRQS_OFF", "HYP_IRQS_ON")
                .configs(IPI_FREE, RCU_FREE, HYP_BROADCAST_NOSYNC)
                .labels(PINNED, BAIL, Labels.UAF_TABLE_READ, PIN_GARBAGE)
                .program(GupFastVsMunmap::program)
                .badSchedule("IRQS_OFF", HYP_BROADCAST_NOSYNC, "G0", "G1", "U1", "U2", "U3", "U4", "U5", "U6", "REUSE", "G2", "G5", "G6", "G7", "G8", "U7")
                .badSchedule("HYP_IRQS_ON", IPI_FREE, "G0", "G1", "U1", "U2", "U3", "U4", "U5", "U6", "REUSE", "G2", "G5", "G6", "G7", "G8", "U7");
        b.expect("IRQS_OFF", IPI_FREE, "IPI_FREE: U6's flush IPI waits until G restores IRQs; T is freed only after it", PINNED, BAIL);
        b.expect("IRQS_OFF", RCU_FREE, "RCU_FREE: G's IRQs-off region holds off the grace period that frees T", PINNED, BAIL);
        b.expect("IRQS_OFF", HYP_BROADCAST_NOSYNC, "HYP_BROADCAST_NOSYNC: nothing waits for G; T is freed and reused under it",
                PINNED, BAIL, Labels.UAF_TABLE_READ, PIN_GARBAGE);
        b.expect("HYP_IRQS_ON", IPI_FREE, "HYP_IRQS_ON x IPI_FREE: the flush IPI no longer waits for G", PINNED, BAIL, Labels.UAF_TABLE_READ, PIN_GARBAGE);
        b.predict("HYP_IRQS_ON", RCU_FREE, "HYP_IRQS_ON x RCU_FREE: pte_offset_map()'s rcu_read_lock() (taken in G1 with the pmd read)"
                + " holds off the grace period; kept out of acceptance as mm-model.md says", PINNED, BAIL);
        b.predict("HYP_IRQS_ON", HYP_BROADCAST_NOSYNC, "not in mm-model.md: neither IRQs nor a synchronous free", PINNED, BAIL,
                Labels.UAF_TABLE_READ, PIN_GARBAGE);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        GupFast.Variant v = variant.equals("HYP_IRQS_ON") ? GupFast.Variant.HYP_IRQS_ON : GupFast.Variant.MAINLINE;
        Program.Builder<Machine> p = Program.<Machine>builder("R1 " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(GupFast.gup_fast(config, v, VA, true).thread("G (gup_fast, CPU0)"))
                .thread(Munmap.munmap(config, VA).thread("U (munmap, CPU1)"))
                .thread(Agents.reuse("REUSE (agent)", "T", null));
        if (config.on(Knob.MMU_GATHER_RCU_TABLE_FREE)) p.thread(Agents.rcuGracePeriods("GP (RCU agent)"));
        return p.outcome(m -> GupFast.pinned(m, m.sym("F")) ? PINNED : BAIL)
                .expectLabel(Labels.UAF_TABLE_READ, Grade.FORBIDDEN, "GUP-fast read a freed table")
                .expectLabel(PIN_GARBAGE, Grade.FORBIDDEN, "GUP-fast took a reference through a garbage entry")
                .expectLabel(PINNED, Grade.ACCEPTABLE, "F pinned before the zap; the pin keeps it alive")
                .expectLabel(BAIL, Grade.ACCEPTABLE, "GUP-fast saw none or its recheck failed: slow path")
                .build();
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Setups.anonPageMapped(m, VA, "F");
        m.bind("P", new Ptr(m.sym("T"), m.pte_index(VA), null));
        return m;
    }
}
