package ptlab.scenarios;

import java.util.List;
import ptlab.arch.Profile;
import ptlab.mm.AddressSpace;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.Fault;
import ptlab.paths.Migrate;
import ptlab.paths.Path;
import ptlab.race.Grade;
import ptlab.race.Lock;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S1 (seed 001): {@code try_to_migrate_one()} clears the PTE before it installs the migration
 * entry; a reader that faults in that window sees {@code pte_none}, takes the page-cache path
 * ({@code do_fault} → {@code shmem_fault} → {@code filemap_get_entry}), takes a folio reference
 * and sleeps on PG_locked, which migration holds across all its retries: the refcount is never
 * the expected 2 and migration fails.
 *
 * <p>Variants are the code variant, then the reader's TLB knobs after a slash:
 * <ul>
 * <li>code: MAINLINE, REORDER, HACK (arm64, deferred flush), FIX1, FIX2, FIX3, FIX4, FIX5,
 *     RETRY_EARLY — every one but MAINLINE a patch of the MAINLINE migration path
 *     ({@link Migrate}) or of the reader's fault path ({@link Fault#readFault});
 * <li>{@code /WARM}: R_TLB = WARM (CPU1 caches va → F at the start; default COLD);
 *     {@code /WARM/EVICT}: WARM plus a TLB_EVICT agent that may drop that entry at any point;
 *     {@code /WRITER}: a writer W on CPU2 stores to va once (HW dirty update on arm64 with DBM);
 *     {@code /LOOP}: R does RETRIES+1 reads instead of one.
 * </ul>
 * DEFER is the config knob ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH (on: MIGRATE_ASYNC's deferred
 * flush, M3 + M7; off: {@code ptep_clear_flush}, M3a + M3b).
 */
public final class MigrationVsFault {
    public static final String MIGRATED = "MIGRATED", MIGRATION_FAILED = "MIGRATION_FAILED", PTE_DIRTY_LOST = "PTE_DIRTY_LOST",
            FOLIO_REF_LEAK = "FOLIO_REF_LEAK";
    static final long VA = 0x1000;
    /** RETRY_EARLY still fails: R reads NONE before M5 but takes its reference after the early check Me (ARM64 without deferral). */
    public static final String[] RETRY_EARLY_BAD = {"M1", "M1w", "M2a", "M2b", "M3a", "M3b", "M4", "R0", "R1", "M5", "M6", "Me", "R2", "R3", "R4",
            "M8", "M8", "M8", "Mfa", "Mfb", "R4w", "R5", "R6", "R7"};

    public static final Config ARM64 = Config.of(Profile.ARM64);
    public static final Config ARM64_NO_DEFER = ARM64.with(Knob.ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH, false);
    public static final Config ARM64_NO_DBM = ARM64.with(Knob.ARM64_HW_DBM, false);
    public static final Config X86 = Config.of(Profile.X86_64);
    public static final Config X86_NO_DEFER = X86.with(Knob.ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH, false);
    public static final Config GENERIC = Config.of(Profile.GENERIC_SW_AD);

    private MigrationVsFault() {}

    public static Scenario scenario() {
        List<Config> all = List.of(ARM64, ARM64_NO_DEFER, X86, X86_NO_DEFER, GENERIC);
        List<Config> deferred = List.of(ARM64, X86);
        List<Config> notDeferred = List.of(ARM64_NO_DEFER, X86_NO_DEFER, GENERIC);
        Scenario.Builder b = Scenario.builder("S1", "migration vs fault: the pte_none window in try_to_migrate_one() → extra folio reference → MIGRATION_FAILED")
                .source("https://lore.kernel.org/all/20240801081657.1386743-1-dev.jain@arm.com/ (Dev Jain, 1 Aug 2024: Race condition observed between page migration and page fault handling on arm64 machines)")
                .variants("MAINLINE", "MAINLINE/WARM", "MAINLINE/WARM/EVICT", "REORDER", "REORDER/WARM", "REORDER/WARM/EVICT",
                        "HACK", "HACK/WRITER", "FIX1", "FIX2", "FIX3", "FIX5", "RETRY_EARLY", "RETRY_EARLY/LOOP")
                .configs(ARM64, ARM64_NO_DEFER, ARM64_NO_DBM, X86, X86_NO_DEFER, GENERIC)
                .labels(MIGRATED, MIGRATION_FAILED, PTE_DIRTY_LOST, FOLIO_REF_LEAK, Labels.DATA_CORRUPTION, Labels.STALE_TLB_ACCESS,
                        Labels.UAF_TABLE_READ, Labels.UAF_TABLE_WRITE, Labels.PTE_WRITE_WITHOUT_PTL, Labels.BOGUS_PTL, Labels.OOPS, "DEADLOCK")
                .program(MigrationVsFault::program)
                .badSchedule("MAINLINE", ARM64_NO_DEFER, "M1", "M1w", "M2a", "M2b", "M3a", "M3b", "R0", "R1", "R2", "R3",
                        "R4", "M4", "M5", "M6", "M8", "M8", "M8", "Mfa", "Mfb", "R4w", "R5", "R6", "R7")
                .badSchedule("RETRY_EARLY", ARM64_NO_DEFER, RETRY_EARLY_BAD);
        for (Config c : all) {
            b.expect("MAINLINE", c, "R1 reads NONE between M3 and M5, R3 takes a reference before M9 and R4 sleeps on PG_locked(F) across every M8 retry",
                    MIGRATED, MIGRATION_FAILED);
            b.expect("MAINLINE/WARM/EVICT", c, "TLB_EVICT on: as COLD", MIGRATED, MIGRATION_FAILED);
            b.expect("REORDER", c, "the window M3..M5 is narrowed (no flush inside it), not closed", MIGRATED, MIGRATION_FAILED);
            b.expect("REORDER/WARM/EVICT", c, "TLB_EVICT on: as COLD", MIGRATED, MIGRATION_FAILED);
            b.expect("REORDER/WARM", c, "R keeps hitting its TLB until the flush, which comes after M5: it never walks in the none window", MIGRATED);
            b.expect("FIX2", c, "the migration entry replaces the present PTE in one atomic exchange: no none window", MIGRATED);
            b.expect("FIX3", c, "the refcount is frozen before the PTE is cleared: R3 fails and R waits until M10, then finds D", MIGRATED);
            b.expect("FIX5", c, "do_fault() rechecks the PTE under the PTL: never none while M holds it", MIGRATED);
            b.predict("RETRY_EARLY", c, "SPEC ROW NOT REPRODUCED: the model reaches {MIGRATED, MIGRATION_FAILED}. The early check (Me) only catches a reference"
                    + " taken before it; R can read NONE in the window (R1 before M5) and take its reference after Me (R2/R3 before M8), then sleep in"
                    + " R4 across every M8 retry, as in MAINLINE: e.g. " + String.join(" ", RETRY_EARLY_BAD)
                    + ". The patch's cover letter says it 'improves the probability of migration winning the race'", MIGRATED);
            b.expect("RETRY_EARLY/LOOP", c, "R can hit the none window of every pass", MIGRATED, MIGRATION_FAILED);
        }
        for (Config c : notDeferred) {
            b.expect("MAINLINE/WARM", c, "M3b's flush empties R's TLB inside the none window", MIGRATED, MIGRATION_FAILED);
        }
        for (Config c : deferred) {
            b.expect("MAINLINE/WARM", c, "R keeps hitting its TLB until M7, which is after M5", MIGRATED);
        }
        b.expect("HACK", ARM64_NO_DBM, "the PTE goes PRESENT_INVALID, never none: R takes the present branch and finds the migration entry under the PTL", MIGRATED);
        b.predict("HACK", ARM64, "with DBM but no writer nothing can set D between M3a and M3b", MIGRATED);
        b.predict("HACK/WRITER", ARM64, "W's HW dirty update lands between the plain load M3a and the plain store M3b and is overwritten (the seed's 'non-atomic')",
                MIGRATED, PTE_DIRTY_LOST);
        b.expect("FIX1", ARM64, "atomic invalidate: PRESENT_INVALID, never none", MIGRATED);
        b.expect("FIX1", ARM64_NO_DEFER, "atomic invalidate: PRESENT_INVALID, never none", MIGRATED);
        for (Config c : List.of(X86, X86_NO_DEFER, GENERIC)) {
            b.expect("FIX1", c, "no pte_mkinvalid(): the ptep_get_and_clear() fallback is MAINLINE", MIGRATED, MIGRATION_FAILED);
        }
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        String code = variant.contains("/") ? variant.substring(0, variant.indexOf('/')) : variant;
        boolean warm = variant.contains("/WARM"), evict = variant.contains("/EVICT"), writer = variant.contains("/WRITER");
        int reads = variant.contains("/LOOP") ? config.intValue(Knob.RETRIES) + 1 : 1;
        Path migrate = Migrate.migrate_pages(config, "F", "D", VA);
        Path reader = Fault.readFault(config, VA, reads);
        switch (code) {
            case "MAINLINE" -> { }
            case "REORDER" -> migrate = Migrate.reorder(migrate, VA);
            case "HACK" -> migrate = Migrate.hack(migrate, VA);
            case "FIX1" -> migrate = Migrate.fix1(migrate, VA);
            case "FIX2" -> migrate = Migrate.fix2(migrate, VA);
            case "FIX3" -> migrate = Migrate.fix3(migrate, VA);
            case "FIX5" -> reader = fix5(reader);
            case "RETRY_EARLY" -> migrate = Migrate.retryEarly(migrate, VA);
            default -> throw new IllegalArgumentException("S1 has no code variant '" + code + "'");
        }
        int cpus = writer ? 3 : 2;
        Program.Builder<Machine> p = Program.<Machine>builder("S1 " + variant + " on " + config)
                .setup(mem -> setup(mem, config, cpus, warm))
                .thread(migrate.thread("M (CPU0, migrate_pages)"))
                .thread(reader.thread("R (CPU1, load)"));
        if (writer) p.thread("W (CPU2, store)", s -> s.step("W0", (m, c) -> m.store(m.mm(), VA)));
        if (evict) p.daemon("TLB_EVICT (CPU1)", s -> s.step("E", (m, c) -> m.tlb_evict(m.cpu(1), VA)));
        return p.outcome(m -> outcome(m, writer))
                .expectLabel(MIGRATION_FAILED, Grade.FORBIDDEN, "migration failed: the folio held an unexpected reference at every check")
                .expectLabel(PTE_DIRTY_LOST, Grade.FORBIDDEN, "a retired store is recorded neither in the PTE nor in PG_dirty")
                .expectLabel(FOLIO_REF_LEAK, Grade.FORBIDDEN, "refcount invariant broken at quiescence")
                .expectLabel("DEADLOCK", Grade.FORBIDDEN, "stuck")
                .expectLabel(MIGRATED, Grade.ACCEPTABLE, "D mapped and in the page cache, F freed")
                .build();
    }

    /**
     * FIX5 (option 5): {@code do_fault()} rechecks the PTE under the PTL before {@code __do_fault()}
     * for every VMA (today only without {@code ->fault}): R2′ {@code pte_offset_map_lock};
     * not none → VM_FAULT_NOPAGE, return and retry the load.
     */
    static Path fix5(Path reader) {
        return reader.insertBefore("R2", b -> b.spin_lock("R2′", "ptl", (m, c) -> {
            Ptr ptep = m.pte_offset_map(c.getLong("pmdval"), VA);
            long pte = m.ptep_get(ptep);
            m.pte_unmap(ptep);
            ((Lock) c.get("ptl")).unlock();
            if (!m.arch.pte_none(pte)) {
                m.mm().mmap_lock.unlock();
                c.jump("R0");
            }
        })).named("load+shmem_fault [FIX5]");
    }

    static Machine setup(Memory mem, Config config, int cpus, boolean warm) {
        Machine m = Machine.boot(mem, config, cpus);
        Mm mm = m.mm();
        AddressSpace shmem = m.bind("shmem", m.newFile("shmem", 1));
        m.bind("vma", m.mmap(mm, VA, 4096, Vma.VM_READ | Vma.VM_WRITE | Vma.VM_SHARED, false, shmem, 0));
        // F: page cache + PTE + the isolation reference migrate_pages()'s caller took = 3.
        Folio f = m.bind("F", m.folio_alloc("F", 1, 0, shmem, 0));
        m.xas_store(shmem, 0, f);
        m.folio_get(f);
        m.folio_get(f);
        m.folio_add_rmap_pte(f);
        m.bind("D", m.folio_alloc("D", 1, 0, shmem, 0));
        var t = m.pte_alloc_one("T");
        m.pmd_populate(mm, m.pmd_offset(mm, VA), t);
        m.mm_inc_nr_ptes(mm);
        Ptr p = m.bind("P", new Ptr(t, m.pte_index(VA), null));
        m.set_pte_at(mm, VA, p, m.arch.pfn_pte(f.pfn(), true, false, true));
        m.add_mm_counter(mm, Mm.MM_SHMEMPAGES, 1);
        if (warm && !m.tlb_fill(m.cpu(1), mm, VA)) throw new IllegalStateException("R_TLB = WARM: the walk did not fill");
        return m;
    }

    static String outcome(Machine m, boolean writer) {
        Folio f = m.sym("F"), d = m.sym("D");
        Ptr p = m.sym("P");
        AddressSpace shmem = m.sym("shmem");
        long pte = p.table().peek(p.index());
        Folio slot = shmem.peekSlot(0);
        boolean present = m.arch.pte_present(pte);
        String primary;
        boolean invariant;
        Folio mapped;
        if (present && m.arch.pte_pfn(pte) == d.pfn() && slot == d && f.freed()) {
            primary = MIGRATED;
            mapped = d;
            invariant = d.peekRefcount() == 2 && d.peekMapcount() == 1;
        } else if (present && m.arch.pte_pfn(pte) == f.pfn() && slot == f && !f.freed()) {
            primary = MIGRATION_FAILED;
            mapped = f;
            invariant = f.peekRefcount() == 2 && f.peekMapcount() == 1 && d.freed();
        } else {
            return "UNEXPECTED_STATE(P=" + m.arch.describe(pte) + " slot=" + slot + " F=" + f + " D=" + d + ")";
        }
        StringBuilder key = new StringBuilder(primary);
        if (!invariant) key.append(", ").append(FOLIO_REF_LEAK);
        if (writer) {
            boolean stored = f.peekData() + d.peekData() > 0;
            boolean recorded = m.arch.pte_dirty(pte) || mapped.peekFlag(Folio.PG_dirty);
            if (stored && !recorded) key.append(", ").append(PTE_DIRTY_LOST);
        }
        return key.toString();
    }
}
