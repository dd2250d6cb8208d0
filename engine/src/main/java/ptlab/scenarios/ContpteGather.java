package ptlab.scenarios;

import java.util.ArrayList;
import java.util.List;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.ContPte;
import ptlab.paths.ContPte.Gather;
import ptlab.paths.Path;
import ptlab.race.Ctx;
import ptlab.race.Grade;
import ptlab.race.Lock;
import ptlab.race.Memory;
import ptlab.race.Program;
import ptlab.race.Var;

/**
 * S3b (seed 003): arm64's lockless read of a contpte entry gathers access/dirty over the 16-entry
 * block. Without the consistency check it can OR in the dirty bit of entries that no longer belong
 * to the block (after an unfold, or mapping another folio); with CONTPTE_RETRY it cannot; the RFC's
 * norecency read returns the single entry (A/D may be missing, never invented).
 *
 * <p>Threads: L (CPU0) the lockless reader of T[3] ({@link ContPte#ptepGetLockless}); U (CPU1),
 * the munmap of T[8..15] and a new mapping there: U0 {@code mmap_write_lock}, U1 {@code spin_lock(ptl)}
 * and {@code contpte_convert()} (unfold, one step), U2 zap T[8..15] (PG_dirty from dirty entries),
 * map folio G there young and dirty (the write fault of the new mapping), unlock. H (CPU2) the
 * hardware: H1 a user load of page 5 (TLB fill, HW sets AF), H2 a user store (HW DBM clears
 * RDONLY on T[5]: dirty).
 *
 * <p>Coarsened (say how): U1's 16 clears, flush and 16 writes are one step; U2's zap, flush, new
 * VMA and fault are one step, and the VMA tree is not changed (one anon VMA covers T[0..15]); no
 * refold (U3) since after U2 the block spans two folios. A reader can still see entries from before
 * and after each of U1/U2, which is where the race is.
 *
 * <p>Labels, judged when the read returns against what {@code ptep_get()} under the PTL would have
 * returned for T[3] at each instant of the read (the scenario keeps that history in a ghost
 * variable the writers append to and the reader reads at its first and last step, so the
 * explorer orders them): CONSISTENT (pfn/prot of some instant and (D, A) of some instant),
 * CONSISTENT_EXCEPT_AD (pfn/prot exact, D or A missing only), FALSE_DIRTY (D returned though no
 * instant had it); FALSE_YOUNG and INCONSISTENT (pfn/prot of no instant) are reported if reached.
 */
public final class ContpteGather {
    public static final String CONSISTENT = "CONSISTENT", CONSISTENT_EXCEPT_AD = "CONSISTENT_EXCEPT_AD", FALSE_DIRTY = "FALSE_DIRTY",
            FALSE_YOUNG = "FALSE_YOUNG", INCONSISTENT = "INCONSISTENT";
    static final long PFN_F = 0x1000, PFN_G = 0x1010;
    static final int TARGET = 3, HW_PAGE = 5;

    private ContpteGather() {}

    public static Config config() {
        return Config.of(Profile.ARM64).with(Knob.PTRS_PER_PTE, 16).with(Knob.ARM64_CONTPTE, true);
    }

    public static Scenario scenario() {
        Config arm64 = config();
        Scenario.Builder b = Scenario.builder("S3b", "arm64 contpte lockless read: access/dirty gathering")
                .source("seed 003 (David Hildenbrand / Ryan Roberts, Apr 2024); arch/arm64/mm/contpte.c contpte_ptep_get_lockless()")
                .variants("NAIVE_GATHER", "CONTPTE_RETRY", "NORECENCY")
                .configs(arm64)
                .labels(CONSISTENT, CONSISTENT_EXCEPT_AD, FALSE_DIRTY, FALSE_YOUNG, INCONSISTENT, "OOPS")
                .program(ContpteGather::program)
                // Spec: L0 L1..L8 → U1 U2 → L9..L16; plus U0 (mmap_write_lock) first and H's two accesses after.
                .badSchedule("NAIVE_GATHER", "U0", "L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "U1", "U2",
                        "L9", "L10", "L11", "L12", "L13", "L14", "L15", "L16", "H1", "H2");
        // Spec: {CONSISTENT, FALSE_DIRTY}. The model also reaches FALSE_YOUNG, the same mechanism for A: L0..L5 read the block,
        // U1 unfolds it (T[3] now stands alone, old), H1's load makes T[5] young, L6 gathers that A into T[3]'s result
        // (replay 0*6.1*2.2.0*11.1.2). The spec's label set has no name for an invented A without an invented D.
        b.predict("NAIVE_GATHER", arm64, "hypothetical: the gather crosses the unfold and ORs in D (and A) of entries that are no longer T[3]'s block;"
                + " spec says {CONSISTENT, FALSE_DIRTY}, the model also reaches FALSE_YOUNG (replay 0*6.1*2.2.0*11.1.2)", CONSISTENT, FALSE_DIRTY, FALSE_YOUNG);
        b.expect("CONTPTE_RETRY", arm64, "every gathered entry is still valid-cont with the block's pfn and prot, else retry", CONSISTENT);
        b.predict("NORECENCY", arm64, "the RFC: one __ptep_get(), A/D of the other 15 entries missed", CONSISTENT, CONSISTENT_EXCEPT_AD);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        Gather mode = Gather.valueOf(variant);
        long va = TARGET * 4096L;
        Path reader = ContPte.ptepGetLockless(config, mode, va,
                (m, c) -> c.set("h0", m.<Var<List<Long>>>sym("ghost").get().size() - 1), ContpteGather::judge);
        return Program.<Machine>builder("S3b " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(reader.thread("L (CPU0, lockless read of T[3])"))
                .thread(unmapRemap(config).thread("U (CPU1, munmap T[8..15] + map G)"))
                .thread(hardware(config).thread("H (CPU2, user accesses to page 5)"))
                .expectLabel(FALSE_DIRTY, Grade.FORBIDDEN, "D returned though T[3]'s block was never dirty during the read")
                .expectLabel(FALSE_YOUNG, Grade.FORBIDDEN, "A returned though never young during the read")
                .expectLabel(INCONSISTENT, Grade.FORBIDDEN, "pfn/prot of no instant")
                .expectLabel(CONSISTENT_EXCEPT_AD, Grade.ACCEPTABLE, "A/D false negatives only")
                .build();
    }

    /** The reader's last step: the value returned against the history of ptep_get(T[3]) during the read. */
    static void judge(Machine m, Ctx c) {
        List<Long> all = m.<Var<List<Long>>>sym("ghost").get();
        List<Long> h = all.subList(c.getInt("h0"), all.size());
        var a = m.arch;
        long ret = c.getLong("pte");
        long base = a.pte_mkold(a.pte_mkclean(ret));
        boolean d = a.pte_dirty(ret), y = a.pte_young(ret);
        boolean protOk = false, adOk = false, anyD = false, anyY = false;
        for (long v : h) {
            protOk |= a.pte_mkold(a.pte_mkclean(v)) == base;
            adOk |= a.pte_dirty(v) == d && a.pte_young(v) == y;
            anyD |= a.pte_dirty(v);
            anyY |= a.pte_young(v);
        }
        String label;
        if (!protOk) label = INCONSISTENT;
        else if (adOk) label = CONSISTENT;
        else if (d && !anyD) label = FALSE_DIRTY;
        else if (y && !anyY) label = FALSE_YOUNG;
        else label = CONSISTENT_EXCEPT_AD;
        c.raise(label);
    }

    /** Ghost: after a step that may change T[3]'s ptep_get() value, append it to the history. */
    static void observe(Machine m) {
        Var<List<Long>> g = m.sym("ghost");
        List<Long> l = new ArrayList<>(g.get());
        l.add(ContPte.peekPtepGet(m, m.sym("T3")));
        g.set(List.copyOf(l));
    }

    static Path unmapRemap(Config config) {
        return Path.of("munmap T[8..15] + mmap/fault G", config, b -> {
            b.mmap_write_lock("U0", (m, c) -> m.mm(), (m, c) -> {
                long pmd = m.pmdp_get(m.pmd_offset(m.mm(), 0));
                c.set("ptep", m.pte_offset_map(pmd, 0));
                c.set("ptl", m.pte_lockptr(m.mm(), pmd));
            });
            // U1: zap_pte_range() on a partial block first unfolds it (contpte_try_unfold → contpte_convert).
            b.spin_lock("U1", "ptl", (m, c) -> {
                ContPte.contpte_convert(m, m.mm(), 0, c.get("ptep"));
                observe(m);
            });
            // U2: zap T[8..15] (dirty → folio_mark_dirty), flush; the new mapping's write fault maps G there, young and dirty.
            b.step("U2", (m, c) -> {
                Ptr t0 = c.get("ptep");
                Mm mm = m.mm();
                Folio f = m.sym("F"), g = m.sym("G");
                for (int k = 8; k < 16; k++) {
                    long old = m.ptep_get_and_clear(mm, k * 4096L, t0.plus(k));
                    if (m.arch.pte_dirty(old)) m.folio_mark_dirty(f);
                    m.folio_remove_rmap_pte(f);
                }
                m.flush_tlb_range(mm, 8 * 4096L, 16 * 4096L);
                for (int k = 8; k < 16; k++) {
                    m.set_pte_at(mm, k * 4096L, t0.plus(k), m.arch.pfn_pte(g.pfn() + k - 8, true, true, true));
                    m.folio_add_rmap_pte(g);
                }
                observe(m);
                ((Lock) c.get("ptl")).unlock();
                m.pte_unmap(t0);
                mm.mmap_lock.unlock();
            });
        });
    }

    static Path hardware(Config config) {
        long va = HW_PAGE * 4096L;
        return Path.of("user load + store of page 5", config, b -> {
            b.step("H1", (m, c) -> {
                m.load(m.mm(), va);
                observe(m);
            });
            b.step("H2", (m, c) -> {
                m.store(m.mm(), va);
                observe(m);
            });
        });
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 3);
        m.mmap(m.mm(), 0, 16 * 4096L, Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        Folio f = m.bind("F", m.folio_alloc_at(PFN_F, "F", 16, Folio.PG_anon, null, 0));
        m.bind("G", m.folio_alloc_at(PFN_G, "G", 8, Folio.PG_anon, null, 0));
        var t = m.pte_alloc_one("T");
        m.pmd_populate(m.mm(), m.pmd_offset(m.mm(), 0), t);
        for (int k = 0; k < 16; k++) {
            m.set_pte_at(m.mm(), k * 4096L, new Ptr(t, k, null), m.arch.pte_mkcont(m.arch.pfn_pte(PFN_F + k, true, false, false)));
            m.folio_add_rmap_pte(f);
        }
        Ptr t3 = m.bind("T3", new Ptr(t, TARGET, null));
        m.bind("ghost", mem.var("ghost.ptep_get(T[3]) history", List.of(ContPte.peekPtepGet(m, t3))));
        return m;
    }
}
