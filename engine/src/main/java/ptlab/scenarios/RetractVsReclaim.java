package ptlab.scenarios;

import java.util.ArrayList;
import java.util.List;
import ptlab.arch.Pmd;
import ptlab.arch.Profile;
import ptlab.mm.AddressSpace;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.TableState;
import ptlab.mm.Vma;
import ptlab.paths.Agents;
import ptlab.paths.FaultAround;
import ptlab.paths.Path;
import ptlab.paths.PtReclaim;
import ptlab.paths.RetractPageTables;
import ptlab.paths.RetractPageTables.Variant;
import ptlab.race.Grade;
import ptlab.race.LongVar;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S4b (seed 004 and Qi Zheng's PT-reclaim series): khugepaged's {@code retract_page_tables()}
 * read the pmd without the PMD lock (K1) and, before v6.14, derived the PTL from {@code *pmd}
 * under the PMD lock without checking that it was still a table. Once empty PTE tables are
 * reclaimed on MADV_DONTNEED (PT_RECLAIM), the pmd can be none by then: the "PTL" is the lock
 * field of page 0, the retracted "table" is page 0 and nr_ptes is decremented twice.
 */
public final class RetractVsReclaim {
    public static final String RETRACTED = "RETRACTED", SKIPPED = "SKIPPED", NR_PTES_MISMATCH = "NR_PTES_MISMATCH",
            RETRACTED_NON_TABLE = "RETRACTED_NON_TABLE";
    static final long ADDR = 0;

    private RetractVsReclaim() {}

    /** x86-64 >= 6.15 (RCU table free unconditional) with PT_RECLAIM (x86-64 selects it since v6.14). */
    public static Config reclaim() {
        return Config.of(Profile.X86_64).with(Knob.MMU_GATHER_RCU_TABLE_FREE, true).with(Knob.PT_RECLAIM, true);
    }

    public static Config noReclaim() {
        return Config.of(Profile.X86_64).with(Knob.MMU_GATHER_RCU_TABLE_FREE, true).with(Knob.PT_RECLAIM, false);
    }

    public static Scenario scenario() {
        Config on = reclaim(), off = noReclaim();
        Scenario.Builder b = Scenario.builder("S4b", "retract_page_tables() vs empty-PTE-table reclaim: recheck the pmd under the PMD lock")
                .source("https://lore.kernel.org/linux-mm/ (seed 004 thread: Peter Xu, Qi Zheng, David Hildenbrand, Jul 2024; mm: khugepaged: recheck pmd state in retract_page_tables())")
                .variants("NO_RECHECK", "SEED_V1", "CHECK_PMD_STATE")
                .configs(on, off)
                .labels(RETRACTED, SKIPPED, Labels.BOGUS_PTL, Labels.FREE_NON_TABLE_PAGE, NR_PTES_MISMATCH,
                        Labels.NULL_PTL_DEREF, Labels.DOUBLE_FREE, Labels.UAF_TABLE_READ, Labels.UAF_TABLE_WRITE)
                .program(RetractVsReclaim::program)
                .badSchedule("NO_RECHECK", "K1", "Z0", "Z1a", "Z1b", "Z2", "Z3", "Z6", "K2", "K4a", "K4b", "K5", "K6", "K7", "Fa1", "Fa2", "GP");
        b.predict("NO_RECHECK", on, "hypothetical (the recheck was merged before PT reclaim): Z unlinks the table between K1 and K2;"
                + " K4 derives the \"PTL\" from a none pmd (page 0), K6 clears nothing, K7 frees page 0 and drops nr_ptes again",
                RETRACTED, SKIPPED, Labels.BOGUS_PTL, Labels.FREE_NON_TABLE_PAGE, NR_PTES_MISMATCH);
        b.expect("SEED_V1", on, "pte_offset_map_nolock() returns NULL for a none pmd: skip", RETRACTED, SKIPPED);
        b.expect("CHECK_PMD_STATE", on, "check_pmd_state() under the PMD lock skips a none pmd; a fresh empty table T' may be retracted", RETRACTED, SKIPPED);
        for (String v : List.of("NO_RECHECK", "SEED_V1", "CHECK_PMD_STATE")) {
            b.expect(v, off, "without PT reclaim nothing unlinks the table behind khugepaged's back", RETRACTED);
        }
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        Path k = RetractPageTables.retract(config, Variant.valueOf(variant), ADDR, "file", "vma", "k.result", "k.pgt_pmd");
        Path z = PtReclaim.madviseDontneed(config, ADDR);
        Path fa = FaultAround.installEmptyTable(config, ADDR, "T'");
        return Program.<Machine>builder("S4b " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(k.thread("K (CPU0, khugepaged)"))
                .thread(z.thread("Z (CPU1, madvise)"))
                .thread(fa.thread("Fa (CPU2, fault)"))
                .thread(Agents.rcuGracePeriods("RCU"))
                .outcome(RetractVsReclaim::outcome)
                .expectLabel(Labels.FREE_NON_TABLE_PAGE, Grade.FORBIDDEN, "pte_free_defer() of page 0")
                .expectLabel(Labels.BOGUS_PTL, Grade.FORBIDDEN, "a PTL derived from a none pmd")
                .expectLabel(NR_PTES_MISMATCH, Grade.FORBIDDEN, "nr_ptes differs from the tables attached")
                .expectLabel(RETRACTED, Grade.ACCEPTABLE, "the empty table attached at K6 was retracted")
                .expectLabel(SKIPPED, Grade.ACCEPTABLE, "the pmd was no table: nothing to retract")
                .build();
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 3);
        Mm mm = m.mm();
        AddressSpace file = m.bind("file", m.newFile("file", config.ptrsPerPte()));
        // A file VMA with no anon_vma and no uffd-wp, spanning one PTE table's range ("2M").
        m.bind("vma", m.mmap(mm, ADDR, config.pmdSize(), Vma.VM_READ | Vma.VM_SHARED, false, file, 0));
        Page t = m.bind("T", m.pte_alloc_one("T"));
        m.pmd_install(mm, m.pmd_offset(mm, ADDR), t);
        m.bind("T'", m.pte_alloc_one("T'"));
        m.bind("k.result", mem.longVar("k.result", 0));
        m.bind("k.pgt_pmd", mem.longVar("k.pgt_pmd", 0, m.arch::describePmd));
        return m;
    }

    static String outcome(Machine m) {
        List<String> out = new ArrayList<>();
        long r = m.<LongVar>sym("k.result").peek();
        long pgt = m.<LongVar>sym("k.pgt_pmd").peek();
        if (r == RetractPageTables.SKIPPED) out.add(SKIPPED);
        else if (r == RetractPageTables.RETRACTED) out.add(m.arch.pmdKind(pgt) == Pmd.Kind.TABLE ? RETRACTED : RETRACTED_NON_TABLE);
        else out.add("K_UNFINISHED");
        long attached = 0;
        for (Page t : m.tables()) if (t.use() == Page.Use.PTE_TABLE && t.peekState() == TableState.ATTACHED) attached++;
        if (m.mm().peekNrPtes() != attached) out.add(NR_PTES_MISMATCH);
        return String.join(", ", out);
    }
}
