package ptlab.scenarios;

import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.Fault;
import ptlab.paths.Fault.OrigPte;
import ptlab.paths.Path;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S0 (seed 000): a read fault that took {@code orig_pte} locklessly and rechecked it with
 * {@code pte_same_norecency()} writes back a clean entry over a concurrent write fault's dirty
 * one, through the generic overwriting {@code ptep_set_access_flags()}: the dirty bit is lost.
 */
public final class LostDirtyBit {
    public static final String DIRTY_PRESERVED = "DIRTY_PRESERVED", DIRTY_LOST = "DIRTY_LOST";
    static final long VA = 0x1000;

    private LostDirtyBit() {}

    public static Scenario scenario() {
        Config generic = Config.of(Profile.GENERIC_SW_AD);
        Config riscv = Config.of(Profile.RISCV);
        Config arm64 = Config.of(Profile.ARM64);
        Config arm64Sw = arm64.with(Knob.ARM64_HW_AF, false).with(Knob.ARM64_HW_DBM, false);
        Config x86 = Config.of(Profile.X86_64);
        Config pae = Config.of(Profile.X86_PAE);
        Scenario.Builder b = Scenario.builder("S0", "lost dirty bit: ptep_get_lockless_norecency() + pte_same_norecency() + generic ptep_set_access_flags()")
                .source("https://lore.kernel.org/linux-mm/ (Ryan Roberts / David Hildenbrand, Mar 2024, re [RFC PATCH v1 3/4] mm: Use ptep_get_lockless_norecency for orig_pte)")
                .variants("MAINLINE", "RFC", "RFC+FOLD")
                .configs(generic, riscv, arm64, arm64Sw, x86, pae)
                .labels(DIRTY_PRESERVED, DIRTY_LOST)
                .program(LostDirtyBit::program)
                .badSchedule("RFC", "1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6a", "2.6b", "2.6c", "2.7",
                        "2.0", "1.3", "1.4", "1.5", "1.6a", "1.6b");
        for (Config c : new Config[] {generic, riscv, arm64, arm64Sw, x86, pae}) {
            b.expect("MAINLINE", c, "the full pte_same() under the PTL sees the concurrent change and backs out", DIRTY_PRESERVED);
        }
        b.expect("RFC", generic, "pte_same_norecency() passes over the new D; the generic ptep_set_access_flags() overwrites it", DIRTY_PRESERVED, DIRTY_LOST);
        b.predict("RFC", riscv, "RISC-V's ptep_set_access_flags() overwrites like the generic one", DIRTY_PRESERVED, DIRTY_LOST);
        b.expect("RFC+FOLD", generic, "folding *ptep's A/D into entry before the write keeps D", DIRTY_PRESERVED);
        b.expect("RFC", arm64, "arm64's cmpxchg OR-merge never removes D", DIRTY_PRESERVED);
        b.expect("RFC", arm64Sw, "arm64's cmpxchg OR-merge never removes D", DIRTY_PRESERVED);
        b.expect("RFC", x86, "x86 writes only when dirty, and then an entry that already has A and D", DIRTY_PRESERVED);
        b.expect("RFC", pae, "x86 writes only when dirty, and then an entry that already has A and D", DIRTY_PRESERVED);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        OrigPte orig = variant.equals("MAINLINE") ? OrigPte.MAINLINE : OrigPte.NORECENCY;
        Path reader = Fault.accessWithFault(config, "1", false, orig, VA);
        Path writer = Fault.accessWithFault(config, "2", true, orig, VA);
        if (variant.equals("RFC+FOLD")) {
            reader = fold(reader, "1.6b");
            writer = fold(writer, "2.6b");
        }
        return Program.<Machine>builder("S0 " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(reader.thread("T1 (CPU0, load)"))
                .thread(writer.thread("T2 (CPU1, store)"))
                .outcome(LostDirtyBit::outcome)
                .expectLabel(DIRTY_LOST, Grade.FORBIDDEN, "the store retired but neither the PTE nor PG_dirty records it")
                .expectLabel(DIRTY_PRESERVED, Grade.ACCEPTABLE, "the store is recorded in the PTE or the folio")
                .build();
    }

    /** Ryan's suggestion: the generic ptep_set_access_flags() ORs *ptep's A/D into entry before it writes. */
    static Path fold(Path p, String label) {
        if (!p.labels().contains(label)) return p;
        return p.replace(label, b -> b.step(label, (m, c) -> {
            if (!c.getBoolean("changed")) return;
            Ptr ptep = c.get("ptep");
            long now = m.ptep_get(ptep);
            long entry = c.getLong("entry");
            if (m.arch.pte_dirty(now)) entry = m.arch.pte_mkdirty(entry);
            if (m.arch.pte_young(now)) entry = m.arch.pte_mkyoung(entry);
            m.set_pte_at(m.mm(), VA, ptep, entry);
            m.checkAccessFlags(now, entry);
        }));
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        var shmem = m.newFile("shmem", 1);
        Vma vma = m.mmap(m.mm(), 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, false, shmem, 0);
        Folio f = m.bind("F", m.folio_alloc("F", 1, 0, shmem, 0));
        m.xas_store(shmem, 0, f);
        var t = m.pte_alloc_one("T");
        Ptr pmd = m.pmd_offset(m.mm(), VA);
        m.pmd_populate(m.mm(), pmd, t);
        Ptr p = m.bind("P", new Ptr(t, m.pte_index(VA), null));
        m.set_pte_at(m.mm(), VA, p, m.arch.pfn_pte(f.pfn(), true, false, false));
        m.folio_get(f);
        m.folio_add_rmap_pte(f);
        m.bind("vma", vma);
        return m;
    }

    static String outcome(Machine m) {
        Folio f = m.sym("F");
        Ptr p = m.sym("P");
        if (f.peekData() == 0) return "STORE_NOT_RETIRED";
        boolean recorded = m.arch.pte_dirty(p.table().peek(p.index())) || f.peekFlag(Folio.PG_dirty);
        return recorded ? DIRTY_PRESERVED : DIRTY_LOST;
    }
}
