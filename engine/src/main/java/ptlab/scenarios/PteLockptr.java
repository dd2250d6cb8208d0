package ptlab.scenarios;

import java.util.ArrayList;
import java.util.List;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.AnonFault;
import ptlab.paths.AnonFault.LockFrom;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S4a (seed 004): the PTL derived from a {@code pte_t *} with {@code virt_to_ptdesc()}. On ARM32
 * with HIGHPTE the pointer is a per-CPU kmap address, so the "ptdesc" is bogus: its ptl pointer is
 * NULL with ALLOC_SPLIT_PTLOCKS (Marek Szyprowski's oops in {@code __pte_offset_map_lock}), and an
 * unrelated embedded lock, different per CPU, otherwise — then two faults on the same PTE are not
 * mutually excluded.
 */
public final class PteLockptr {
    public static final String T1_INSTALLED = "T1_INSTALLED", T2_INSTALLED = "T2_INSTALLED", BOTH_INSTALLED = "BOTH_INSTALLED",
            NOTHING_INSTALLED = "NOTHING_INSTALLED", RSS_MISMATCH = "RSS_MISMATCH", FOLIO_REF_LEAK = "FOLIO_REF_LEAK";
    static final long VA = 0x1000;

    private PteLockptr() {}

    /** ARM32, PTE tables in lowmem (HIGHPTE off). */
    public static Config lowmem() {
        return Config.of(Profile.ARM32).with(Knob.HIGHPTE, false);
    }

    /** ARM32 HIGHPTE, lockdep build: ptdesc->ptl is an allocated lock, NULL in a non-table descriptor (exynos_defconfig). */
    public static Config highptAlloc() {
        return Config.of(Profile.ARM32).with(Knob.HIGHPTE, true).with(Knob.ALLOC_SPLIT_PTLOCKS, true);
    }

    /** ARM32 HIGHPTE, the lock embedded in the descriptor (no lockdep). */
    public static Config highptEmbedded() {
        return Config.of(Profile.ARM32).with(Knob.HIGHPTE, true).with(Knob.ALLOC_SPLIT_PTLOCKS, false);
    }

    public static Scenario scenario() {
        Config low = lowmem(), alloc = highptAlloc(), embedded = highptEmbedded();
        Scenario.Builder b = Scenario.builder("S4a", "ARM32 HIGHPTE: the PTL derived from a kmap'ed pte_t * (virt_to_ptdesc)")
                .source("https://lore.kernel.org/linux-mm/ ([PATCH v1 1/2] mm: let pte_lockptr() consume a pte_t pointer, David Hildenbrand, Jul 2024; Marek Szyprowski's ARM32 oops)")
                .variants("FROM_PMD", "FROM_PTE_VADDR")
                .configs(low, alloc, embedded)
                .labels(T1_INSTALLED, T2_INSTALLED, BOTH_INSTALLED, Labels.NULL_PTL_DEREF, Labels.BOGUS_PTL, RSS_MISMATCH, FOLIO_REF_LEAK)
                .program(PteLockptr::program)
                .badSchedule("FROM_PTE_VADDR", embedded, "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "1.5", "2.5",
                        "1.6a", "2.6a", "1.6b", "2.6b", "1.7", "2.7");
        for (Config c : List.of(low, alloc, embedded)) {
            b.expect("FROM_PMD", c, "the PTL comes from the pmd value: the table's own lock; exactly one fault installs", T1_INSTALLED, T2_INSTALLED);
        }
        b.expect("FROM_PTE_VADDR", low, "a lowmem table's pte_t * is a linear-map address: virt_to_ptdesc() is the table's descriptor", T1_INSTALLED, T2_INSTALLED);
        b.expect("FROM_PTE_VADDR", alloc, "virt_to_ptdesc() of the kmap address is a bogus descriptor whose ptl pointer is NULL: spin_lock(NULL) oopses, on every schedule",
                Labels.NULL_PTL_DEREF);
        b.predict("FROM_PTE_VADDR", embedded, "each CPU locks the embedded lock of its own bogus descriptor (its kmap slot): no mutual exclusion,"
                + " both faults may see pte_none and install; every run takes a bogus PTL", T1_INSTALLED, T2_INSTALLED, BOTH_INSTALLED,
                Labels.BOGUS_PTL, RSS_MISMATCH, FOLIO_REF_LEAK);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        LockFrom from = LockFrom.valueOf(variant);
        return Program.<Machine>builder("S4a " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(AnonFault.doAnonymousPage(config, "1", from, VA, "F1").thread("T1 (CPU0, write fault)"))
                .thread(AnonFault.doAnonymousPage(config, "2", from, VA, "F2").thread("T2 (CPU1, write fault)"))
                .outcome(PteLockptr::outcome)
                .expectLabel(BOTH_INSTALLED, Grade.FORBIDDEN, "both faults installed a folio: the PTL excluded nothing")
                .expectLabel(Labels.NULL_PTL_DEREF, Grade.FORBIDDEN, "spin_lock(NULL): the oops of seed 004")
                .expectLabel(T1_INSTALLED, Grade.ACCEPTABLE, "T1 installed, T2 found the PTE populated and backed off")
                .expectLabel(T2_INSTALLED, Grade.ACCEPTABLE, "T2 installed, T1 found the PTE populated and backed off")
                .build();
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Mm mm = m.mm();
        m.bind("vma", m.mmap(mm, 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0));
        Page t = m.bind("T", m.pte_alloc_one("T"));
        m.pmd_install(mm, m.pmd_offset(mm, VA), t);
        // alloc_anon_folio() ran before pte_offset_map_lock(): each fault owns a new folio (refcount 1).
        m.bind("F1", m.folio_alloc("F1", 1, Folio.PG_anon, null, 0));
        m.bind("F2", m.folio_alloc("F2", 1, Folio.PG_anon, null, 0));
        m.bind("P", new Ptr(t, m.pte_index(VA), null));
        return m;
    }

    /**
     * Who installed, plus the quiescence checks: rss vs present PTEs, and each new folio's
     * refcount/mapcount vs the PTEs that map it. After an oops (nobody installed) the checks are moot
     * and not evaluated.
     */
    static String outcome(Machine m) {
        Folio f1 = m.sym("F1"), f2 = m.sym("F2");
        Page t = m.sym("T");
        boolean i1 = f1.peekMapcount() > 0, i2 = f2.peekMapcount() > 0;
        List<String> out = new ArrayList<>();
        out.add(i1 && i2 ? BOTH_INSTALLED : i1 ? T1_INSTALLED : i2 ? T2_INSTALLED : NOTHING_INSTALLED);
        if (i1 || i2) {
            int present = 0;
            int[] maps = new int[2];
            for (int i = 0; i < t.entries(); i++) {
                long pte = t.peek(i);
                if (!m.arch.pte_present(pte)) continue;
                present++;
                if (m.arch.pte_pfn(pte) == f1.pfn()) maps[0]++;
                if (m.arch.pte_pfn(pte) == f2.pfn()) maps[1]++;
            }
            if (m.mm().peekRss(Mm.MM_ANONPAGES) != present) out.add(RSS_MISMATCH);
            if (f1.peekRefcount() != maps[0] || f1.peekMapcount() != maps[0] || f2.peekRefcount() != maps[1] || f2.peekMapcount() != maps[1]) {
                out.add(FOLIO_REF_LEAK);
            }
        }
        return String.join(", ", out);
    }
}
