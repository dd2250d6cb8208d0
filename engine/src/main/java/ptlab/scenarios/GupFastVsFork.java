package ptlab.scenarios;

import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.Fork;
import ptlab.paths.GupFastPin;
import ptlab.race.Grade;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * R3 (57efa1fe5957): fork's {@code copy_page_range()} decides "not pinned → share" for the
 * parent's exclusive anon page X, and only then write-protects the parent's PTE; a GUP-fast
 * FOLL_PIN|FOLL_WRITE in another thread of the parent can read the still-writable PTE in between
 * and pin X, which then stays shared read-only with the child: the parent's next write COWs away
 * from the pinned page. {@code mm->write_protect_seq} makes GUP-fast fall back instead.
 *
 * <p>Thread 0 (CPU0) is fork (F1..F10, {@link Fork}), thread 1 (CPU1) the GUP-fast pinner
 * (G0..G6, {@link GupFastPin}). The outcome is read off the final state: X pinned
 * (refcount &gt;= 1024) and the child's PTE maps X → PIN_ON_SHARED_PAGE; pinned and the child got
 * its own copy → PIN_OK; not pinned → FALLBACK (slow GUP, not modelled, resolves under mmap_lock).
 */
public final class GupFastVsFork {
    public static final String PIN_OK = "PIN_OK", FALLBACK = "FALLBACK", PIN_ON_SHARED_PAGE = "PIN_ON_SHARED_PAGE";
    static final long VA = 0x1000;

    private GupFastVsFork() {}

    public static Scenario scenario() {
        Config x86 = Config.of(Profile.X86_64);
        Config arm64 = Config.of(Profile.ARM64);
        Scenario.Builder b = Scenario.builder("R3", "GUP-fast vs fork: mm->write_protect_seq")
                .source("57efa1fe5957 mm/gup: prevent gup_fast from racing with COW during fork (Jason Gunthorpe, 2021); 70e806e4e645 early COW")
                .variants("BUGGY", "FIXED")
                .configs(x86, arm64)
                .labels(PIN_OK, FALLBACK, PIN_ON_SHARED_PAGE, "OOPS")
                .program(GupFastVsFork::program)
                .badSchedule("BUGGY", "F1", "F3", "F4", "F5", "G1", "G2", "G3", "G4", "G5", "F6", "F7", "F9", "F10");
        for (Config c : new Config[] {x86, arm64}) {
            b.expect("BUGGY", c, "F5 decides 'not pinned, share' before F6 write-protects: G pins X in between", PIN_OK, FALLBACK, PIN_ON_SHARED_PAGE);
            b.expect("FIXED", c, "G0 before F2 → G6 sees the count moved; G0 inside F2..F8 → odd, fall back", PIN_OK, FALLBACK);
        }
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        boolean fixed = variant.equals("FIXED");
        return Program.<Machine>builder("R3 " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(Fork.copyPageRange(config, "parent", "child", VA, fixed, true).thread("F (CPU0, fork)"))
                .thread(GupFastPin.gupFast(config, "parent", VA, fixed).thread("G (CPU1, gup_fast FOLL_PIN)"))
                .outcome(GupFastVsFork::outcome)
                .expectLabel(PIN_ON_SHARED_PAGE, Grade.FORBIDDEN, "a write pin on a page shared read-only with the child (PIN_INCOHERENT after the next COW)")
                .build();
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Mm parent = m.bind("parent", m.mm());
        Mm child = m.bind("child", m.newMm("child"));
        long len = config.pmdSize();
        m.mmap(parent, 0, len, Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        // dup_mmap() has already copied the VMA; pte_alloc_map_lock() has already allocated the child's table.
        m.mmap(child, 0, len, Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        Folio x = m.bind("X", m.folio_alloc("X", 1, Folio.PG_anon | Folio.PG_anon_exclusive, null, 0));
        var t = m.pte_alloc_one("T");
        m.pmd_populate(parent, m.pmd_offset(parent, VA), t);
        var tc = m.pte_alloc_one("Tchild");
        m.pmd_populate(child, m.pmd_offset(child, VA), tc);
        m.bind("Pchild", new Ptr(tc, m.pte_index(VA), null));
        m.set_pte_at(parent, VA, new Ptr(t, m.pte_index(VA), null), m.arch.pfn_pte(x.pfn(), true, true, true));
        m.folio_add_rmap_pte(x);
        m.add_mm_counter(parent, Mm.MM_ANONPAGES, 1);
        return m;
    }

    static String outcome(Machine m) {
        Folio x = m.sym("X");
        Ptr pc = m.sym("Pchild");
        long child = pc.table().peek(pc.index());
        boolean pinned = x.peekRefcount() >= Folio.GUP_PIN_COUNTING_BIAS;
        boolean shared = m.arch.pte_present(child) && m.arch.pte_pfn(child) == x.pfn();
        if (!pinned) return FALLBACK;
        return shared ? PIN_ON_SHARED_PAGE : PIN_OK;
    }
}
