package ptlab.paths;

import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;

/**
 * GUP-fast of one page ({@code gup_fast()} → {@code gup_fast_pgd_range()} → {@code gup_fast_pte_range()}
 * or {@code gup_fast_pmd_leaf()}, mm/gup.c), mm-model.md S3a G0-G8:
 * <ul>
 * <li>G0 {@code local_irq_save} (holds off the flush IPI and RCU-sched grace periods);</li>
 * <li>G1 {@code pmdp_get_lockless}; none/bad → fallback; a THP leaf goes to G6 (pin the head, recheck
 *     the pmd); a table: {@code pte_offset_map} (RCU);</li>
 * <li>G2 {@code ptep_get_lockless} (on x86-PAE G2/G3/G4: load lo, load hi, load lo again and retry);</li>
 * <li>G5 {@code pte_present} / {@code pte_special} / write permission; else fallback;</li>
 * <li>G6 {@code try_grab_folio_fast(pte_page(pte))} — a pfn with no folio behind it (a value read from
 *     a freed or reused table) raises {@link #PIN_GARBAGE};</li>
 * <li>G7 recheck {@code pmd_val(pmd) != pmd_val(*pmdp) || pte_val(pte) != pte_val(ptep_get(ptep))}
 *     → {@code gup_put_folio}, bail (PRE_FIX, before 70cbc3cc78a9: the pte only);</li>
 * <li>G8 {@code pte_unmap}; {@code local_irq_restore}.</li>
 * </ul>
 * Sets local {@code "result"} to {@link #PINNED}, {@link #BAIL} or {@link #FALLBACK}.
 */
public final class GupFast {
    private GupFast() {}

    public static final String PINNED = "PINNED", BAIL = "BAIL", FALLBACK = "FALLBACK", PIN_GARBAGE = "PIN_GARBAGE";

    public enum Variant {
        /** Mainline: IRQs off, pmd and pte recheck. */
        MAINLINE,
        /** Before 70cbc3cc78a9: G7 compares the pte only. */
        PRE_FIX,
        /** Hypothetical: IRQs stay on (G0/G8 do not touch them). */
        HYP_IRQS_ON
    }

    /** GUP-fast of {@code va} with FOLL_WRITE, and FOLL_PIN if {@code pin} (else FOLL_GET). */
    public static Path gup_fast(Config config, Variant variant, long va, boolean pin) {
        boolean irqsOff = variant != Variant.HYP_IRQS_ON;
        boolean pmdRecheck = variant != Variant.PRE_FIX;
        return Path.of("gup_fast" + (variant == Variant.MAINLINE ? "" : " (" + variant + ")"), config, b -> {
            b.step("G0", (m, c) -> {
                if (irqsOff) m.local_irq_save();
            });
            b.step("G1", (m, c) -> {
                long pmd = m.pmdp_get_lockless(m.pmd_offset(m.mm(), va));
                c.set("pmd", pmd);
                Pmd.Kind k = m.arch.pmdKind(pmd);
                if (k == Pmd.Kind.LEAF) {
                    c.set("leaf", true);
                    c.jump("G6");
                    return;
                }
                if (k != Pmd.Kind.TABLE) {
                    end(c, FALLBACK);
                    return;
                }
                c.set("ptep", m.pte_offset_map(pmd, va));
            });
            b.ptep_get_lockless("G2", "G3", "G4", "ptep", "pte"); // x86-PAE: G2 lo, G3 hi, G4 lo again (retry)
            b.step("G5", (m, c) -> {
                long pte = c.getLong("pte");
                if (!m.arch.pte_present(pte) || !m.arch.pte_write(pte)) end(c, FALLBACK);
            });
            b.step("G6", (m, c) -> {
                long pfn = c.has("leaf") ? m.arch.pmd_pfn(c.getLong("pmd")) : m.arch.pte_pfn(c.getLong("pte"));
                Folio f = m.pfn_folio(pfn);
                if (f == null) {
                    // pte_page() of a value that maps no page: the "reference" lands on whatever is there.
                    c.raise(PIN_GARBAGE);
                    return;
                }
                if (!m.try_grab_folio_fast(f, pin)) {
                    end(c, FALLBACK);
                    return;
                }
                c.set("folio", f);
            });
            b.step("G7", (m, c) -> {
                boolean changed = pmdRecheck || c.has("leaf")
                        ? c.getLong("pmd") != m.pmdp_get(m.pmd_offset(m.mm(), va)) : false;
                if (!changed && !c.has("leaf")) changed = c.getLong("pte") != m.ptep_get(c.get("ptep"));
                if (changed) {
                    if (c.has("folio")) m.gup_put_folio(c.get("folio"), pin);
                    c.set("folio", null);
                    c.set("result", BAIL);
                } else {
                    c.set("result", PINNED);
                }
            });
            b.step("G8", (m, c) -> {
                if (c.has("ptep") && c.get("ptep") != null) m.pte_unmap(c.<Ptr>get("ptep"));
                if (irqsOff) m.local_irq_restore();
            });
        });
    }

    static void end(Ctx c, String result) {
        c.set("result", result);
        c.jump("G8");
    }

    /** Whether G holds a pin on {@code f} at the end (refcount carries the FOLL_PIN bias). */
    public static boolean pinned(Machine m, Folio f) {
        return f.peekRefcount() >= Folio.GUP_PIN_COUNTING_BIAS;
    }
}
