package ptlab.scenarios;

import ptlab.arch.Arch;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Page;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.Cow;
import ptlab.paths.Cow.WpReuse;
import ptlab.paths.Path;
import ptlab.race.Grade;
import ptlab.race.LongVar;
import ptlab.race.Memory;
import ptlab.race.Program;
import ptlab.race.Var;

/**
 * R4 — COW vs GUP. R4a (CVE-2020-29374, "COW can break either way"): a child's read-GUP reference
 * on a page shared with its parent survives the child's munmap; a mapcount-based reuse in the
 * parent's write fault then writes the parent's secret into the page the child still reads
 * through the pipe. R4b: a page write-pinned by the parent across fork; a refcount-based COW in the
 * parent moves the parent away from the pinned page. Whole-syscall steps ({@link Cow}); leaks are
 * detected with folio data versions (0 = "old", a store bumps it).
 */
public final class CowVsGup {
    public static final String NO_LEAK = "NO_LEAK", DATA_LEAK = "DATA_LEAK", OK = "OK", PIN_INCOHERENT = "PIN_INCOHERENT";
    static final long VA = 0x1000;

    private CowVsGup() {}

    public static Config config() {
        return Config.of(Profile.X86_64);
    }

    // ---- R4a ----------------------------------------------------------------------------------

    public static Scenario r4a() {
        Config x86 = config();
        Scenario.Builder b = Scenario.builder("R4a", "read-GUP in the child leaks the parent's data after COW reuse (CVE-2020-29374)")
                .source("17839856fd58 gup: document and work around \"COW can break either way\" issue; 09854ba94c6a mm: do_wp_page() simplification")
                .variants("MAPCOUNT_REUSE", "FORCE_COW_GUP", "REFCOUNT_REUSE", "ANON_EXCLUSIVE")
                .configs(x86)
                .labels(NO_LEAK, DATA_LEAK)
                .program(CowVsGup::programA)
                .badSchedule("MAPCOUNT_REUSE", "C1", "C2", "P1", "P2", "C3");
        b.expect("MAPCOUNT_REUSE", x86, "after the child's munmap the mapcount is 1: the parent reuses the page the pipe still holds", NO_LEAK, DATA_LEAK);
        b.expect("FORCE_COW_GUP", x86, "GUP breaks COW first: the pipe holds the child's own copy", NO_LEAK);
        b.expect("REFCOUNT_REUSE", x86, "the pipe's reference keeps refcount > 1: the parent copies", NO_LEAK);
        b.expect("ANON_EXCLUSIVE", x86, "the page is not exclusive after fork and refcount > 1: the parent copies", NO_LEAK);
        return b.build();
    }

    static WpReuse ruleA(String variant) {
        return switch (variant) {
            case "MAPCOUNT_REUSE", "FORCE_COW_GUP" -> WpReuse.MAPCOUNT;
            case "REFCOUNT_REUSE" -> WpReuse.REFCOUNT;
            default -> WpReuse.ANON_EXCLUSIVE;
        };
    }

    static Program<Machine> programA(String variant, Config config) {
        WpReuse rule = ruleA(variant);
        boolean forceCow = variant.equals("FORCE_COW_GUP");
        Path child = Path.of("child", config, b -> {
            // C1: vmsplice(): get_user_pages(FOLL_GET) of X; the pipe keeps the reference.
            b.step("C1", (m, c) -> m.<Var<Folio>>sym("pipe").set(Cow.get_user_page(m, m.sym("child"), VA, false, forceCow, rule, m.sym("Xc"))));
            // C2: munmap(va).
            b.step("C2", (m, c) -> Cow.zap_page(m, m.sym("child"), VA));
            // C3: read the pipe: the data of the page the reference is on; release the pipe buffer.
            b.step("C3", (m, c) -> {
                Folio f = m.<Var<Folio>>sym("pipe").get();
                m.<LongVar>sym("c3.read").set(m.folio_data(f));
                m.folio_put(f);
            });
        });
        Path parent = Path.of("parent", config, b -> {
            // P1: the store traps on the read-only PTE: do_wp_page().
            b.step("P1", (m, c) -> {
                if (Cow.user_store(m, m.mm(), VA) != Arch.FAULT) throw new IllegalStateException("the parent's PTE is read-only after fork: P1 must fault");
                Cow.do_wp_page(m, m.mm(), VA, rule, m.sym("Xp"));
            });
            // P2: the retried store writes the secret.
            b.step("P2", (m, c) -> {
                if (Cow.user_store(m, m.mm(), VA) == Arch.FAULT) throw new IllegalStateException("the store faulted again after do_wp_page()");
            });
        });
        return Program.<Machine>builder("R4a " + variant + " on " + config)
                .setup(mem -> setupA(mem, config))
                .thread(child.thread("C (CPU0, child)"))
                .thread(parent.thread("P (CPU1, parent)"))
                .outcome(m -> m.<LongVar>sym("c3.read").peek() > 0 ? DATA_LEAK : NO_LEAK)
                .expectLabel(DATA_LEAK, Grade.FORBIDDEN, "the child read the parent's secret through its pipe")
                .expectLabel(NO_LEAK, Grade.ACCEPTABLE, "the child read the old data")
                .build();
    }

    /** After fork: parent and child map X read-only (mapcount 2, refcount 2, not exclusive). */
    static Machine setupA(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Mm parent = m.mm(), child = m.bind("child", m.newMm("child"));
        Folio x = m.bind("X", m.folio_alloc("X", 1, Folio.PG_anon, null, 0));
        for (Mm mm : new Mm[] {parent, child}) {
            m.mmap(mm, 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
            map(m, mm, m.pte_alloc_one("T." + mm.name()), x, false);
        }
        m.folio_get(x); // refcount 2: one per mapping
        m.bind("Xp", m.folio_alloc("Xp", 1, Folio.PG_anon, null, 0));
        m.bind("Xc", m.folio_alloc("Xc", 1, Folio.PG_anon, null, 0));
        m.bind("pipe", mem.var("pipe", (Folio) null));
        m.bind("c3.read", mem.longVar("c3.read", 0));
        return m;
    }

    // ---- R4b ----------------------------------------------------------------------------------

    public static Scenario r4b() {
        Config x86 = config();
        Scenario.Builder b = Scenario.builder("R4b", "a write-pinned page across fork: the parent's COW moves it away from its pin")
                .source("70e806e4e645 mm: Do early cow for pinned pages during fork() for ptes; 09854ba94c6a mm: do_wp_page() simplification")
                .variants("PRE_5_8", "REFCOUNT_ONLY", "EARLY_COW")
                .configs(x86)
                .labels(OK, PIN_INCOHERENT)
                .program(CowVsGup::programB)
                .badSchedule("PRE_5_8", "P1", "P2", "C1");
        b.expect("PRE_5_8", x86, "mapcount reuse: OK if the child exited before the parent's write, else the parent copies away from the pin", OK, PIN_INCOHERENT);
        b.expect("REFCOUNT_ONLY", x86, "refcount >= 1 + 1024 always: the parent copies away from the pin", PIN_INCOHERENT);
        b.expect("EARLY_COW", x86, "fork copies the pinned page for the child; the parent keeps X writable", OK);
        return b.build();
    }

    static Program<Machine> programB(String variant, Config config) {
        WpReuse rule = variant.equals("PRE_5_8") ? WpReuse.MAPCOUNT : WpReuse.REFCOUNT;
        boolean earlyCow = variant.equals("EARLY_COW");
        Path parent = Path.of("parent", config, b -> {
            // P1: fork().
            b.step("P1", (m, c) -> {
                Cow.fork_pte(m, m.mm(), m.sym("child"), VA, earlyCow, m.sym("Xc"), m.sym("T.child"));
                m.<LongVar>sym("forked").set(1);
            });
            // P2: a store to va; if it traps, do_wp_page() and the retried store.
            b.step("P2", (m, c) -> {
                if (Cow.user_store(m, m.mm(), VA) != Arch.FAULT) return;
                Cow.do_wp_page(m, m.mm(), VA, rule, m.sym("Xp"));
                if (Cow.user_store(m, m.mm(), VA) == Arch.FAULT) throw new IllegalStateException("the store faulted again after do_wp_page()");
            });
        });
        Path child = Path.of("child", config, b ->
                // C1: the child exits (exit_mmap zaps its PTE), any time after it was forked.
                b.await("C1", "fork()", (m, c) -> m.<LongVar>sym("forked").get() == 1, (m, c) -> Cow.zap_page(m, m.sym("child"), VA)));
        return Program.<Machine>builder("R4b " + variant + " on " + config)
                .setup(mem -> setupB(mem, config))
                .thread(parent.thread("P (CPU0, parent)"))
                .thread(child.thread("C (CPU1, child)"))
                .outcome(m -> {
                    long pte = m.<Page>sym("T.mm").peek(m.pte_index(VA));
                    return m.arch.pte_pfn(pte) == m.<Folio>sym("X").pfn() ? OK : PIN_INCOHERENT;
                })
                .expectLabel(PIN_INCOHERENT, Grade.FORBIDDEN, "the parent maps a copy: DMA through the pin is invisible to it")
                .expectLabel(OK, Grade.ACCEPTABLE, "the parent still maps the pinned page")
                .build();
    }

    /** The parent maps X writable and exclusive and holds a FOLL_PIN|FOLL_WRITE pin on it (refcount 1 + 1024). */
    static Machine setupB(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        Mm parent = m.mm(), child = m.bind("child", m.newMm("child"));
        Folio x = m.bind("X", m.folio_alloc("X", 1, Folio.PG_anon | Folio.PG_anon_exclusive, null, 0));
        m.mmap(parent, 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        // dup_mmap()'s allocations: the child's VMA and (unlinked) PTE table exist; fork() fills them.
        m.mmap(child, 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        m.bind("T.child", m.pte_alloc_one("T.child"));
        map(m, parent, m.bind("T.mm", m.pte_alloc_one("T.mm")), x, true);
        m.try_grab_folio_fast(x, true);
        m.bind("Xp", m.folio_alloc("Xp", 1, Folio.PG_anon, null, 0));
        m.bind("Xc", m.folio_alloc("Xc", 1, Folio.PG_anon, null, 0));
        m.bind("forked", mem.longVar("forked", 0));
        return m;
    }

    /** {@code mm} maps {@code x} young at VA through the PTE table {@code t} it installs (writable and dirty, or read-only); rss and rmap counted. */
    private static void map(Machine m, Mm mm, Page t, Folio x, boolean writable) {
        Ptr pmdp = m.pmd_offset(mm, VA);
        m.pmd_install(mm, pmdp, t);
        m.set_pte_at(mm, VA, m.__pte_map(m.pmdp_get(pmdp), VA), m.arch.pfn_pte(x.pfn(), writable, writable, true));
        m.add_mm_counter(mm, Mm.MM_ANONPAGES, 1);
        m.folio_add_rmap_pte(x);
    }
}
