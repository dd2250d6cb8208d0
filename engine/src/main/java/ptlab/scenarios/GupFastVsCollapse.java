package ptlab.scenarios;

import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Page;
import ptlab.mm.TableState;
import ptlab.paths.Agents;
import ptlab.paths.GupFast;
import ptlab.paths.Khugepaged;
import ptlab.paths.Path;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * R2: GUP-fast vs THP collapse. khugepaged clears the pmd, then checks the small pages' refcounts;
 * GUP-fast pins, then rechecks. Without the pmd recheck (PRE_FIX, before 70cbc3cc78a9) a pin taken
 * after the refcount check survives on a page the THP replaced; with the recheck only
 * (RECHECK_ONLY), on a broadcast-TLBI arch nothing stops khugepaged from depositing T and a later
 * {@code zap_huge_pmd()} from freeing it under the walker — fixed by
 * {@code tlb_remove_table_sync_one()} after {@code pmdp_collapse_flush()} (BOTH, 2ba99c5e0881).
 *
 * <p>Initial state: anon VMA [0x4000, 0x8000), PTE table T, {@code T[0] = PRESENT(P)} (refcount 1,
 * mapcount 1), the THP H allocated; G pins va with FOLL_PIN|FOLL_WRITE. A freed T is reused as
 * garbage (REUSE agent).
 */
public final class GupFastVsCollapse {
    public static final String PIN_OK_ABORTED = "PIN_OK+ABORTED", FALLBACK_COLLAPSED = "FALLBACK+COLLAPSED",
            PIN_THP_COLLAPSED = "PIN_THP+COLLAPSED", PIN_ON_STALE_PAGE = "PIN_ON_STALE_PAGE",
            /** Not in mm-model.md's table: nothing pinned and the collapse aborted (G's transient grab, then its recheck bailed). */
            FALLBACK_ABORTED = "FALLBACK+ABORTED";
    static final long VA = 0x4000;

    public static final Config X86_64 = Config.of(Profile.X86_64);
    public static final Config ARM64 = Config.of(Profile.ARM64);

    private GupFastVsCollapse() {}

    public static Scenario scenario() {
        Scenario.Builder b = Scenario.builder("R2", "GUP-fast vs THP collapse (collapse_huge_page): 70cbc3cc78a9 and 2ba99c5e0881")
                .source("70cbc3cc78a9 mm: gup: fix the fast GUP race against THP collapse (Yang Shi, 2022); 2ba99c5e0881"
                        + " mm/khugepaged: fix GUP-fast interaction by sending IPI (Jann Horn, 2022); mm/khugepaged.c, mm/gup.c")
                .variants("PRE_FIX", "RECHECK_ONLY", "BOTH")
                .configs(X86_64, ARM64)
                .labels(PIN_OK_ABORTED, FALLBACK_COLLAPSED, PIN_THP_COLLAPSED, PIN_ON_STALE_PAGE, FALLBACK_ABORTED, Labels.UAF_TABLE_READ)
                .program(GupFastVsCollapse::program)
                .badSchedule("PRE_FIX", ARM64, "G0", "G1", "G2", "G5", "K1", "K2a", "K2b", "K4", "G6", "G7", "G8", "K5", "K6", "K7", "REUSE")
                .badSchedule("RECHECK_ONLY", ARM64, "G0", "G1", "K1", "K2a", "K2b", "K4", "K5", "K6", "K7", "REUSE", "G2", "G5", "G6", "G7", "G8");
        for (String v : new String[] {"PRE_FIX", "RECHECK_ONLY", "BOTH"}) {
            b.expect(v, X86_64, "K2's flush IPI waits until G restores IRQs: K4's refcount check sees G's final pin",
                    PIN_OK_ABORTED, FALLBACK_COLLAPSED, PIN_THP_COLLAPSED);
        }
        b.expect("PRE_FIX", ARM64, "broadcast flush: G can pin P after K4's check, and read T after K7 freed it",
                PIN_OK_ABORTED, FALLBACK_COLLAPSED, PIN_THP_COLLAPSED, PIN_ON_STALE_PAGE, Labels.UAF_TABLE_READ);
        b.predict("RECHECK_ONLY", ARM64, "the pmd recheck drops a stale pin, but T can still be freed and reused under G."
                + " DISAGREES: observed {FALLBACK+ABORTED, FALLBACK+COLLAPSED, PIN_OK+ABORTED, PIN_THP+COLLAPSED, UAF_TABLE_READ}:"
                + " the kernel's abort path unlocks ptl(T) and only later re-takes pml to pmd_populate() T back (K4 -> K4x), so G's"
                + " transient grab can make K4 abort while G7 still sees the cleared pmd and bails (replay 0*5.1*4.0*2.1);"
                + " mm-model.md's R2 table makes K4 one step and has no label for that benign outcome",
                PIN_OK_ABORTED, FALLBACK_COLLAPSED, PIN_THP_COLLAPSED, Labels.UAF_TABLE_READ);
        b.expect("BOTH", ARM64, "K3's IPI waits for G's IRQs-off walk: K4 and T's free come after it",
                PIN_OK_ABORTED, FALLBACK_COLLAPSED, PIN_THP_COLLAPSED);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        GupFast.Variant g = variant.equals("PRE_FIX") ? GupFast.Variant.PRE_FIX : GupFast.Variant.MAINLINE;
        // The abort path as the kernel runs it (K4 unlocks ptl(T), K4x re-takes pml and puts T back).
        Path k = Khugepaged.collapse_huge_page_r2(config, VA, "H", true);
        if (!variant.equals("BOTH")) k = k.delete("K3");
        return Program.<Machine>builder("R2 " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(GupFast.gup_fast(config, g, VA, true).thread("G (gup_fast, CPU0)"))
                .thread(k.thread("K (khugepaged, CPU1)"))
                .thread(Agents.reuse("REUSE (agent)", "T", null))
                .outcome(GupFastVsCollapse::outcome)
                .expectLabel(Labels.UAF_TABLE_READ, Grade.FORBIDDEN, "GUP-fast read a freed table")
                .expectLabel(PIN_ON_STALE_PAGE, Grade.FORBIDDEN, "a pin on P while the pmd maps H")
                .otherwise(Grade.ACCEPTABLE)
                .build();
    }

    static String outcome(Machine m) {
        Folio p = m.sym("P"), h = m.sym("H");
        boolean collapsed = m.<Page>sym("T").peekState() != TableState.ATTACHED;
        if (GupFast.pinned(m, h)) return PIN_THP_COLLAPSED;
        if (GupFast.pinned(m, p)) return collapsed ? PIN_ON_STALE_PAGE : PIN_OK_ABORTED;
        return collapsed ? FALLBACK_COLLAPSED : FALLBACK_ABORTED;
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Setups.anonPageMapped(m, VA, "P");
        m.bind("H", m.folio_alloc("H", config.ptrsPerPte(), Folio.PG_anon | Folio.PG_lru, null, 0));
        return m;
    }
}
