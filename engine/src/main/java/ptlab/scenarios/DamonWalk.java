package ptlab.scenarios;

import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.paths.Agents;
import ptlab.paths.Damon;
import ptlab.paths.Khugepaged;
import ptlab.paths.Munmap;
import ptlab.paths.Path;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S2 (seed 002): DAMON v34 walks and writes page tables holding only the PTL it derived from a
 * lockless pmd read — no mmap_lock, IRQs on, no RCU — while munmap (under mmap_lock for READ after
 * the downgrade) or khugepaged (mmap_lock for write) unlinks and frees the table.
 *
 * <p>Variants: the DAMON form ({@code BUGGY} v34 {@code follow_invalidate_pte}, {@code FIXED}
 * {@code walk_page_range} under {@code mmap_read_lock}, {@code RULE_C} read-only with IRQs off) against
 * the other thread ({@code /munmap}: U1-U7; {@code /collapse}: K1-K9). Configurations: x86-64 (the
 * table is freed right after the flush IPI) and arm64 (RCU table free, a GP agent).
 *
 * <p>Initial state: anon VMA V = [0x4000, 0x8000) (one PTE table T at pmd slot 1), {@code T[0] =
 * PRESENT{F, young}}. F's user data happens to hold, in its first word, a value that reads as a
 * present young PTE mapping G (G: a live LRU page of another process); khugepaged copies it into
 * the THP H, which is what a walker taking H's head page for a PTE table finds. A freed T is
 * reused (REUSE agent) as another process's PTE table mapping G.
 */
public final class DamonWalk {
    public static final String MKOLD_DONE = Damon.MKOLD_DONE, NO_MAPPING = Damon.NO_MAPPING, READ_OK = Damon.READ_OK;
    static final long VA = 0x4000;

    public static final Config X86_64 = Config.of(Profile.X86_64);
    public static final Config ARM64 = Config.of(Profile.ARM64);

    private DamonWalk() {}

    public static Scenario scenario() {
        Scenario.Builder b = Scenario.builder("S2", "DAMON v34: page-table walk without mmap_lock vs munmap / khugepaged")
                .source("https://lore.kernel.org/linux-mm/ (David Hildenbrand, 26 Aug 2021, re [PATCH v34 05/13] mm/damon: Implement primitives"
                        + " for the virtual memory address spaces); fix: [PATCH v2] mm/damon/vaddr: Safely walk page table (SeongJae Park,"
                        + " 20210831161800.29419-1-sj38.park@gmail.com)")
                .variants("BUGGY/munmap", "BUGGY/collapse", "FIXED/munmap", "FIXED/collapse", "RULE_C/munmap", "RULE_C/collapse")
                .configs(X86_64, ARM64)
                .labels(MKOLD_DONE, NO_MAPPING, READ_OK, Labels.UAF_TABLE_READ, Labels.UAF_TABLE_WRITE, Labels.WRITE_DETACHED_TABLE,
                        Labels.BOGUS_PTL, Labels.DATA_CORRUPTION)
                .program(DamonWalk::program)
                .badSchedule("BUGGY/munmap", "D1", "D2", "U1", "U2", "U3", "U4", "U5", "U6", "REUSE", "D3", "D4", "D5", "D6", "D7", "U7")
                .badSchedule("BUGGY/collapse", "D1", "D2", "K1", "K2", "K3", "K4a", "K4b", "K5", "K6", "D3", "D4", "D5", "D6", "D7",
                        "K7", "K8", "K9");
        for (Config c : new Config[] {X86_64, ARM64}) {
            String free = c == X86_64 ? "the table is freed right after the flush IPI" : "the table is freed by call_rcu";
            b.expect("BUGGY/munmap", c, "D has IRQs on and no RCU, so neither the flush IPI nor the grace period waits for it ("
                    + free + "); U4 zaps T[0] under ptl(T) before U5 unlinks T, so D never finds a present entry in a detached T",
                    MKOLD_DONE, NO_MAPPING, Labels.BOGUS_PTL, Labels.UAF_TABLE_READ, Labels.UAF_TABLE_WRITE);
            b.expect("BUGGY/collapse", c, "K4 clears the pmd before K7 takes ptl(T): D locks ptl(T) in between and writes the detached T;"
                    + " a D2 after K9 takes H's head page for a PTE table", MKOLD_DONE, NO_MAPPING, Labels.WRITE_DETACHED_TABLE,
                    Labels.BOGUS_PTL, Labels.DATA_CORRUPTION);
            b.expect("FIXED/munmap", c, "U2 detached V under the write lock: after U3 D's find_vma() cannot return V", MKOLD_DONE, NO_MAPPING);
            b.expect("FIXED/collapse", c, "mmap_lock excludes khugepaged", MKOLD_DONE, NO_MAPPING);
            b.expect("RULE_C/munmap", c, "IRQs off hold off " + (c == X86_64 ? "the flush IPI" : "the RCU grace period") + "; no writes",
                    READ_OK, NO_MAPPING);
            b.expect("RULE_C/collapse", c, "T is deposited, not freed; reads only", READ_OK, NO_MAPPING);
        }
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        String[] v = variant.split("/");
        Path d = switch (v[0]) {
            case "BUGGY" -> Damon.follow_invalidate_pte_mkold(config, VA);
            case "FIXED" -> Damon.walk_page_range_mkold(config, VA);
            case "RULE_C" -> Damon.lockless_young(config, VA);
            default -> throw new IllegalArgumentException(variant);
        };
        boolean munmap = v[1].equals("munmap");
        Program.Builder<Machine> p = Program.<Machine>builder("S2 " + variant + " on " + config)
                .setup(mem -> setup(mem, config, !munmap))
                .thread(d.thread("D (kdamond, CPU0)"));
        if (munmap) {
            p.thread(Munmap.munmap(config, VA).thread("U (munmap, CPU1)"));
            p.thread(Agents.reuse("REUSE (agent)", "T", m -> m.arch.pfn_pte(m.<Folio>sym("G").pfn(), true, true, true)));
            if (config.on(Knob.MMU_GATHER_RCU_TABLE_FREE)) p.thread(Agents.rcuGracePeriods("GP (RCU agent)"));
        } else {
            p.thread(Khugepaged.collapse_huge_page(config, VA, "H").thread("K (khugepaged, CPU1)"));
        }
        return p.outcome(m -> "")
                .expectLabel(Labels.UAF_TABLE_WRITE, Grade.FORBIDDEN, "DAMON wrote an entry of a freed (reused) table")
                .expectLabel(Labels.UAF_TABLE_READ, Grade.FORBIDDEN, "DAMON read a freed table or took its lock")
                .expectLabel(Labels.WRITE_DETACHED_TABLE, Grade.FORBIDDEN, "DAMON wrote a table no pmd points to")
                .expectLabel(Labels.DATA_CORRUPTION, Grade.FORBIDDEN, "DAMON wrote user data as if it were a PTE")
                .expectLabel(Labels.BOGUS_PTL, Grade.FORBIDDEN, "DAMON locked a lock that is no PTL")
                .expectLabel(MKOLD_DONE, Grade.ACCEPTABLE, "the access bit was cleared in the live table")
                .expectLabel(READ_OK, Grade.ACCEPTABLE, "a present PTE was read")
                .expectLabel(NO_MAPPING, Grade.ACCEPTABLE, "nothing mapped (or not mapped any more)")
                .build();
    }

    static Machine setup(Memory mem, Config config, boolean thp) {
        Machine m = Machine.boot(mem, config, 2);
        Folio f = Setups.anonPageMapped(m, VA, "F");
        Folio g = m.bind("G", m.folio_alloc("G", 1, Folio.PG_anon | Folio.PG_lru, null, 0));
        m.bind("P", new Ptr(m.sym("T"), m.pte_index(VA), null));
        // F's user data: its first word reads as a present, young PTE mapping G.
        m.memcpy_to_page(f.page(), 0, m.arch.pfn_pte(g.pfn(), true, true, true));
        if (thp) m.bind("H", m.folio_alloc("H", config.ptrsPerPte(), Folio.PG_anon | Folio.PG_lru, null, 0));
        return m;
    }
}
