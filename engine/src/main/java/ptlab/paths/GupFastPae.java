package ptlab.paths;

import ptlab.arch.Arch;
import ptlab.arch.FlagsArch;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Labels;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.race.Step;

/**
 * GUP-fast for one page ({@code gup_fast()} → {@code gup_fast_pte_range()}, GUP-C) with
 * {@code ptep_get_lockless()} written out word by word where the arch reads a PTE in two halves
 * (x86-PAE): steps G0..G8 of mm-model.md S3a. On a profile with atomic 64-bit reads G2 is one
 * atomic read and G3/G4 do not exist; on PAE the recheck of G7 is itself two word loads, G7a
 * (pmd and {@code pte_low}) and G7b ({@code pte_high}).
 *
 * <p>Locals: {@code pmd}, {@code ptep}, {@code pte} (the value used), {@code folio} (the one
 * grabbed), {@code gup} = {@code PINNED} / {@code FALLBACK} / {@code BAIL}.
 */
public final class GupFastPae {
    public static final String PINNED = "PINNED", FALLBACK = "FALLBACK", BAIL = "BAIL";

    private GupFastPae() {}

    /**
     * @param irqsOff    {@code local_irq_save()} around the walk (the kernel); false is the
     *                   hypothetical IRQS_ON variant (G0 does not exist, G8 only unmaps)
     * @param write      FOLL_WRITE: {@code pte_access_permitted()} requires a writable entry
     * @param pin        FOLL_PIN (refcount += 1024) rather than FOLL_GET
     * @param beforeGrab runs in G6 with local {@code pte} set, before the grab (a scenario's
     *                   observation of the value used); may be null
     * @param done       runs at the end of G8 (a scenario's report of local {@code gup}); may be null
     */
    public static Path gupFastPte(Config config, long va, boolean irqsOff, boolean write, boolean pin,
                                  Step.Body<Machine> beforeGrab, Step.Body<Machine> done) {
        boolean split = config.arch().locklessRead() == Arch.LocklessRead.LOW_HIGH;
        return Path.of("gup_fast" + (irqsOff ? "" : " (IRQs on)"), config, b -> {
            if (irqsOff) b.step("G0", (m, c) -> m.local_irq_save());
            // G1: pmdp_get_lockless() (the PAE lo/hi/lo loop on the pmd assumed stable), pte_offset_map().
            b.step("G1", (m, c) -> {
                Ptr pmdp = m.pmd_offset(m.mm(), va);
                long pmd = m.pmdp_get_lockless(pmdp);
                c.set("pmdp", pmdp);
                c.set("pmd", pmd);
                Ptr ptep = m.pte_offset_map(pmd, va);
                c.set("ptep", ptep);
                if (ptep == null) {
                    c.set("gup", FALLBACK);
                    c.jump("G8");
                }
            });
            b.ptep_get_lockless("G2", "G3", "G4", "ptep", "pte"); // x86-PAE: G2 lo, G3 hi, G4 lo again (retry)
            // G5: pte_protnone() / pte_access_permitted() / pte_special(): local checks of the value read.
            b.step("G5", (m, c) -> {
                long pte = c.getLong("pte");
                if (!m.arch.pte_present(pte) || !m.arch.pte_valid(pte) || (write && !m.arch.pte_write(pte))) {
                    c.set("gup", FALLBACK);
                    c.jump("G8");
                }
            });
            // G6: page = pte_page(pte); folio = try_grab_folio_fast(page, 1, flags).
            b.step("G6", (m, c) -> {
                long pte = c.getLong("pte");
                if (beforeGrab != null) beforeGrab.run(m, c);
                Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
                if (f == null) {
                    // pte_page() of a pfn without a memmap: the "struct page" is a wild pointer.
                    m.memory.raise(Labels.OOPS);
                    c.finish();
                    return;
                }
                if (!m.try_grab_folio_fast(f, pin)) {
                    c.set("gup", FALLBACK);
                    c.jump("G8");
                    return;
                }
                c.set("folio", f);
            });
            // G7: pmd_val(pmd) != pmd_val(pmdp_get(pmdp)) || pte_val(pte) != pte_val(ptep_get(ptep)) → put, bail.
            Step.Body<Machine> bail = (m, c) -> {
                m.gup_put_folio(c.get("folio"), pin);
                c.set("gup", BAIL);
            };
            if (split) {
                b.step("G7a", (m, c) -> {
                    c.set("pmdSame", m.pmdp_get(c.get("pmdp")) == c.getLong("pmd"));
                    c.set("lo", m.pte_low(c.get("ptep")));
                });
                b.step("G7b", (m, c) -> {
                    long now = FlagsArch.words(m.pte_high(c.get("ptep")), c.getLong("lo"));
                    if (!c.getBoolean("pmdSame") || now != c.getLong("pte")) bail.run(m, c);
                    else c.set("gup", PINNED);
                });
            } else {
                b.step("G7", (m, c) -> {
                    boolean same = m.pmdp_get(c.get("pmdp")) == c.getLong("pmd") && m.ptep_get(c.get("ptep")) == c.getLong("pte");
                    if (!same) bail.run(m, c);
                    else c.set("gup", PINNED);
                });
            }
            // G8: pte_unmap(); local_irq_restore().
            b.step("G8", (m, c) -> {
                if (c.has("ptep") && c.get("ptep") != null) m.pte_unmap(c.get("ptep"));
                if (irqsOff) m.local_irq_restore();
                if (done != null) done.run(m, c);
            });
        });
    }
}
