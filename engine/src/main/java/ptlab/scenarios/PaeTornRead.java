package ptlab.scenarios;

import java.util.Set;
import ptlab.arch.FlagsArch;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.paths.GupFastPae;
import ptlab.paths.Path;
import ptlab.paths.PathBuilder;
import ptlab.race.Ctx;
import ptlab.race.Grade;
import ptlab.race.Lock;
import ptlab.race.Memory;
import ptlab.race.Program;

/**
 * S3a (seed 003): on x86-PAE {@code ptep_get_lockless()} reads a PTE as lo/hi/lo and can return a
 * torn value when the entry goes present(A) → none → present(C) with the same low word. GUP-fast
 * (which cannot revalidate under the PTL) is safe only because it runs with IRQs off and the
 * writer's TLB-flush IPI between "none" and "present C" cannot complete meanwhile; the fault
 * handler is safe because it rechecks with {@code pte_same()} under the PTL.
 *
 * <p>Pages: A at pfn 2^20 + 0x80 (high word 1), C at A + 2^20 (high word 2, same low word),
 * Z at 0x80 (high word 0, same low word) which nothing maps. Thread 0 (CPU0) is the reader G (or
 * F), thread 1 (CPU1) the writer W: W0 {@code mmap_read_lock} and {@code pte_offset_map},
 * W1 {@code xchg(pte_low, 0)} (PTL taken, pmd rechecked), W2 {@code pte_high = 0}, PTL dropped,
 * W3 the TLB flush (IPI-guarded on IPI profiles) after which A's mapping reference is put, W4
 * PTL again, {@code pte_high = hC}, W5 {@code pte_low = lA}, unlock. On atomic-read profiles
 * W1 is {@code ptep_get_and_clear}, W4 {@code set_pte_at(C)}, and W2/W5 do not exist.
 */
public final class PaeTornRead {
    public static final String PIN_A = "PIN_A", PIN_C = "PIN_C", FALLBACK = "FALLBACK", BAIL = "BAIL",
            GARBAGE_PTE_USED = "GARBAGE_PTE_USED", HANDLED = "HANDLED", RETRY = "RETRY", ACTED_ON_GARBAGE = "ACTED_ON_GARBAGE";
    static final long VA = 0x1000;
    static final long PFN_Z = 0x80, PFN_A = PFN_Z + (1L << 20), PFN_C = PFN_A + (1L << 20);

    private PaeTornRead() {}

    public static Scenario scenario() {
        Config pae = Config.of(Profile.X86_PAE);
        Config paeBroadcast = pae.with(Knob.X86_BROADCAST_TLBI, true);
        Config x86 = Config.of(Profile.X86_64);
        Config arm64 = Config.of(Profile.ARM64);
        Scenario.Builder b = Scenario.builder("S3a", "x86-PAE torn lockless read and the IRQ-off/IPI guarantee")
                .source("seed 003: David Hildenbrand, 12 Apr 2024, re [RFC PATCH v1 0/4] Reduce cost of ptep_get_lockless on arm64")
                .variants("IRQS_OFF", "IRQS_ON", "FAULT")
                .configs(pae, paeBroadcast, x86, arm64)
                .labels(PIN_A, PIN_C, FALLBACK, BAIL, GARBAGE_PTE_USED, HANDLED, RETRY, ACTED_ON_GARBAGE, "OOPS")
                .program(PaeTornRead::program)
                // Spec: G1 G2 → W1 W2 → G3 → W3 W4 W5 → G4 G5 G6; plus W0 (mmap_read_lock, pte_offset_map) and
                // the steps that finish the run (G7a G7b bail, G8).
                .badSchedule("IRQS_ON", pae, "G1", "G2", "W0", "W1", "W2", "G3", "W3", "W4", "W5", "G4", "G5", "G6", "G7a", "G7b", "G8")
                // The same with G0: a schedule of the X86_BROADCAST_TLBI configuration only (on IPI, W3 waits for G8).
                .badSchedule("IRQS_OFF", paeBroadcast, "G0", "G1", "G2", "W0", "W1", "W2", "G3", "W3", "W4", "W5", "G4", "G5", "G6", "G7a", "G7b", "G8");
        b.expect("IRQS_OFF", pae, "W3's IPI cannot complete while G has IRQs off, so one G2-G4 attempt never sees both A and C", PIN_A, PIN_C, FALLBACK, BAIL);
        b.predict("IRQS_ON", pae, "hypothetical: W3 completes between G3 and G4, G reads {hi 0, lo lA} = Z and grabs it", PIN_A, PIN_C, FALLBACK, BAIL, GARBAGE_PTE_USED);
        b.predict("IRQS_OFF", paeBroadcast, "hypothetical X86_BROADCAST_TLBI: the flush no longer waits for IRQs-off CPUs", PIN_A, PIN_C, FALLBACK, BAIL, GARBAGE_PTE_USED);
        b.expect("IRQS_OFF", x86, "an atomic 64-bit read cannot tear", PIN_A, PIN_C, FALLBACK, BAIL);
        b.expect("IRQS_OFF", arm64, "an atomic 64-bit read cannot tear", PIN_A, PIN_C, FALLBACK, BAIL);
        b.predict("IRQS_ON", x86, "hypothetical IRQs on, but an atomic read cannot tear", PIN_A, PIN_C, FALLBACK, BAIL);
        b.predict("IRQS_ON", arm64, "hypothetical IRQs on, but an atomic read cannot tear", PIN_A, PIN_C, FALLBACK, BAIL);
        b.expect("FAULT", pae, "a torn orig_pte only fails pte_same() under the PTL (seed 003 rule (2))", HANDLED, RETRY);
        return b.build();
    }

    static Program<Machine> program(String variant, Config config) {
        Path reader = variant.equals("FAULT") ? faultReader(config) : gup(config, variant.equals("IRQS_OFF"));
        return Program.<Machine>builder("S3a " + variant + " on " + config)
                .setup(mem -> setup(mem, config))
                .thread(reader.thread(variant.equals("FAULT") ? "F (CPU0, fault)" : "G (CPU0, gup_fast)"))
                .thread(writer(config).thread("W (CPU1, zap + refault)"))
                .expectLabel(GARBAGE_PTE_USED, Grade.FORBIDDEN, "GUP-fast grabbed a page P never mapped")
                .expectLabel(ACTED_ON_GARBAGE, Grade.FORBIDDEN, "the fault handler acted on a value P never held")
                .expectLabel("OOPS", Grade.FORBIDDEN, "a crash")
                .build();
    }

    /** G: GUP-fast FOLL_PIN|FOLL_WRITE of VA; G6 flags a value that was never P's content, G8 reports. */
    static Path gup(Config config, boolean irqsOff) {
        return GupFastPae.gupFastPte(config, VA, irqsOff, true, true, (m, c) -> {
            if (!contents(m).contains(c.getLong("pte"))) c.raise(GARBAGE_PTE_USED);
        }, PaeTornRead::report);
    }

    static void report(Machine m, Ctx c) {
        String gup = c.get("gup");
        if (!gup.equals(GupFastPae.PINNED)) {
            c.raise(gup);
            return;
        }
        Folio f = c.get("folio");
        c.raise("PIN_" + f.page().name());
    }

    /** Every value P holds at some point of W's run: A, the half-cleared and half-written words, none, C. */
    static Set<Long> contents(Machine m) {
        long a = m.sym("PTE_A"), cv = m.sym("PTE_C");
        if (!m.arch.splitWords()) return Set.of(a, 0L, cv);
        return Set.of(a, FlagsArch.words(FlagsArch.high(a), 0), 0L, FlagsArch.words(FlagsArch.high(cv), 0), cv);
    }

    /**
     * F: the fault handler's use of {@code ptep_get_lockless()} (IRQs on): F1
     * {@code lock_vma_under_rcu()} and {@code pte_offset_map_rw_nolock()}, F2..F4 the lo/hi/lo loop (F2 alone where reads are
     * atomic), F5 {@code spin_lock(ptl)} and {@code pte_same(ptep_get(ptep), orig)} (PAE:
     * {@code pte_unmap_same()}), F6 unlock and return: HANDLED when it matched (acting on orig),
     * RETRY otherwise.
     */
    static Path faultReader(Config config) {
        return Path.of("handle_pte_fault orig_pte", config, b -> {
            // F1: lock_vma_under_rcu() (the VMA read lock), then pte_offset_map_rw_nolock().
            b.readLock("F1", (m, c) -> m.find_vma(m.mm(), VA).vm_lock, (m, c) -> {
                long pmd = m.pmdp_get_lockless(m.pmd_offset(m.mm(), VA));
                c.set("ptep", m.pte_offset_map(pmd, VA));
                c.set("ptl", m.pte_lockptr(m.mm(), pmd));
            });
            b.ptep_get_lockless("F2", "F3", "F4", "ptep", "orig");
            b.spin_lock("F5", "ptl", (m, c) -> {
                long orig = c.getLong("orig");
                boolean same = m.arch.pte_same(m.ptep_get(c.get("ptep")), orig);
                c.set("result", same ? HANDLED : RETRY);
                if (same && !contents(m).contains(orig)) c.raise(ACTED_ON_GARBAGE);
            });
            b.spin_unlock("F6", "ptl", (m, c) -> {
                m.pte_unmap(c.get("ptep"));
                m.find_vma(m.mm(), VA).vm_lock.unlock();
                c.raise(c.get("result"));
            });
        });
    }

    /** W: zap A at VA (flush, then A's reference goes), then a new fault maps C there. */
    static Path writer(Config config) {
        boolean split = config.arch().splitWords();
        return Path.of("zap_pte_range + do_anonymous_page", config, b -> {
            b.mmap_read_lock("W0", (m, c) -> m.mm(), (m, c) -> {
                Ptr pmdp = m.pmd_offset(m.mm(), VA);
                long pmd = m.pmdp_get_lockless(pmdp);
                c.set("pmdp", pmdp);
                c.set("pmd", pmd);
                c.set("ptep", m.pte_offset_map(pmd, VA));
                c.set("ptl", m.pte_lockptr(m.mm(), pmd));
            });
            // W1: pte_offset_map_lock() rechecks the pmd under the PTL; then native_ptep_get_and_clear().
            b.spin_lock("W1", "ptl", (m, c) -> {
                recheckPmd(m, c);
                Folio a = m.sym("A");
                if (split) {
                    m.xchg_pte_low(c.get("ptep"), 0);
                } else {
                    m.ptep_get_and_clear(m.mm(), VA, c.get("ptep"));
                    unlockAndUnmap(m, c);
                }
                m.folio_remove_rmap_pte(a);
            });
            if (split) {
                b.step("W2", (m, c) -> {
                    m.pte_high(c.get("ptep"));
                    m.set_pte_high(c.get("ptep"), 0);
                    unlockAndUnmap(m, c);
                });
            }
            // W3: tlb_finish_mmu(): the flush (an IPI on x86 unless X86_BROADCAST_TLBI), then the page's reference is dropped.
            b.flush_tlb_range("W3", (m, c) -> m.mm(), PathBuilder.page(VA), (m, c) -> m.folio_put(m.sym("A")));
            // W4: the new fault: pte_offset_map_lock() again; native_set_pte(C) writes the high word first.
            b.spin_lock("W4", "ptl", (m, c) -> {
                recheckPmd(m, c);
                c.set("ptep", m.pte_offset_map(c.getLong("pmd"), VA));
                long pteC = m.sym("PTE_C");
                if (split) {
                    m.set_pte_high(c.get("ptep"), FlagsArch.high(pteC));
                } else {
                    m.set_pte_at(m.mm(), VA, c.get("ptep"), pteC);
                    mapped(m, c);
                }
            });
            if (split) {
                b.step("W5", (m, c) -> {
                    m.set_pte_low(c.get("ptep"), FlagsArch.low(m.sym("PTE_C")));
                    mapped(m, c);
                });
            }
        });
    }

    private static void recheckPmd(Machine m, Ctx c) {
        if (m.pmdp_get(c.get("pmdp")) != c.getLong("pmd")) throw new IllegalStateException("the pmd changed under W: nothing in S3a changes it");
    }

    private static void unlockAndUnmap(Machine m, Ctx c) {
        ((Lock) c.get("ptl")).unlock();
        m.pte_unmap(c.get("ptep"));
    }

    private static void mapped(Machine m, Ctx c) {
        m.folio_add_rmap_pte(m.sym("C"));
        unlockAndUnmap(m, c);
        m.mm().mmap_lock.unlock();
    }

    static Machine setup(Memory mem, Config config) {
        Machine m = Machine.boot(mem, config, 2);
        m.mmap(m.mm(), 0, config.pmdSize(), Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        // A: mapped at VA (the mapping's reference); C: just allocated by the fault that will map it; Z: someone else's page.
        Folio a = m.bind("A", m.folio_alloc_at(PFN_A, "A", 1, Folio.PG_anon, null, 0));
        m.bind("C", m.folio_alloc_at(PFN_C, "C", 1, Folio.PG_anon, null, 0));
        m.bind("Z", m.folio_alloc_at(PFN_Z, "Z", 1, 0, null, 0));
        var t = m.pte_alloc_one("T");
        m.pmd_populate(m.mm(), m.pmd_offset(m.mm(), VA), t);
        Ptr p = m.bind("P", new Ptr(t, m.pte_index(VA), null));
        long pteA = m.bind("PTE_A", m.arch.pfn_pte(PFN_A, true, true, true));
        long pteC = m.bind("PTE_C", m.arch.pfn_pte(PFN_C, true, true, true));
        if (m.arch.splitWords() && FlagsArch.low(pteA) != FlagsArch.low(pteC)) throw new IllegalStateException("A and C must share the low word");
        m.set_pte_at(m.mm(), VA, p, pteA);
        m.folio_add_rmap_pte(a);
        return m;
    }
}
