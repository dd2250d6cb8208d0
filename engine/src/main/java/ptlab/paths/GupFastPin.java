package ptlab.paths;

import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;

/**
 * GUP-fast FOLL_PIN|FOLL_WRITE of one page of the current process, with the fork guard of
 * 57efa1fe5957 ({@code gup_fast()}, GUP-C): steps G0..G6 of mm-model.md R3. G0
 * {@code raw_seqcount_try_begin(&mm->write_protect_seq)} (odd → fall back), G1
 * {@code local_irq_save()} and the walk to the PTE table, G2 {@code ptep_get_lockless()} and
 * {@code pte_access_permitted(pte, FOLL_WRITE)}, G3 {@code try_grab_folio_fast(FOLL_PIN)}, G4 the
 * pmd/pte recheck, G5 {@code pte_unmap()} and {@code local_irq_restore()}, G6
 * {@code read_seqcount_retry()} → unpin and fall back. Atomic-read profiles only (x86-PAE's
 * word-by-word read is {@link GupFastPae}).
 *
 * <p>Locals: {@code folio} (the page pinned), {@code gup} = {@code PINNED} / {@code FALLBACK}.
 */
public final class GupFastPin {
    public static final String PINNED = "PINNED", FALLBACK = "FALLBACK";

    private GupFastPin() {}

    /** @param seqcount whether G0/G6 exist (false: before 57efa1fe5957) */
    public static Path gupFast(Config config, String mm, long va, boolean seqcount) {
        return Path.of("gup_fast FOLL_PIN" + (seqcount ? "" : " (no write_protect_seq)"), config, b -> {
            if (seqcount) {
                b.step("G0", (m, c) -> {
                    long seq = m.raw_seqcount_try_begin(m.sym(mm));
                    if (seq < 0) {
                        c.set("gup", FALLBACK);
                        c.finish();
                        return;
                    }
                    c.set("seq", seq);
                });
            }
            b.step("G1", (m, c) -> {
                m.local_irq_save();
                Ptr pmdp = m.pmd_offset(m.sym(mm), va);
                long pmd = m.pmdp_get_lockless(pmdp);
                c.set("pmdp", pmdp);
                c.set("pmd", pmd);
                c.set("ptep", m.pte_offset_map(pmd, va));
                if (c.get("ptep") == null) fallback(c, "G5");
            });
            b.step("G2", (m, c) -> {
                long pte = m.ptep_get_lockless(c.get("ptep"));
                c.set("pte", pte);
                if (!m.arch.pte_present(pte) || !m.arch.pte_write(pte)) fallback(c, "G5");
            });
            b.step("G3", (m, c) -> {
                Folio f = m.pfn_folio(m.arch.pte_pfn(c.getLong("pte")));
                if (f == null || !m.try_grab_folio_fast(f, true)) {
                    fallback(c, "G5");
                    return;
                }
                c.set("folio", f);
            });
            b.step("G4", (m, c) -> {
                boolean same = m.pmdp_get(c.get("pmdp")) == c.getLong("pmd") && m.ptep_get(c.get("ptep")) == c.getLong("pte");
                if (!same) {
                    m.gup_put_folio(c.get("folio"), true);
                    fallback(c, "G5");
                } else {
                    c.set("gup", PINNED);
                }
            });
            b.step("G5", (m, c) -> {
                if (c.get("ptep") != null) m.pte_unmap(c.get("ptep"));
                m.local_irq_restore();
                if (!PINNED.equals(c.get("gup"))) c.finish();
            });
            if (seqcount) {
                b.step("G6", (m, c) -> {
                    if (m.read_seqcount_retry(m.<Mm>sym(mm), c.getLong("seq"))) {
                        m.gup_put_folio(c.get("folio"), true);
                        c.set("gup", FALLBACK);
                    }
                });
            }
        });
    }

    private static void fallback(ptlab.race.Ctx c, String at) {
        c.set("gup", FALLBACK);
        c.jump(at);
    }
}
