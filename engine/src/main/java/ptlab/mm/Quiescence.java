package ptlab.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ptlab.arch.Entry;
import ptlab.arch.Pmd;

/**
 * The standing invariants of mm-model.md section 0.3, checked when every thread has finished:
 * I1 (present entries map live folios that count them; table pmds point to attached tables),
 * I2 (migration entries only for locked folios), I3 (TLB entries come from present PTEs and
 * name live pages), I4 (refcount covers mapcount); plus the rss counters. Reads without recording.
 */
public final class Quiescence {
    public static final String I1 = "I1_MAPPING_BROKEN", I2 = "I2_MIGRATION_ENTRY_UNLOCKED", I3 = "I3_STALE_TLB", I4 = "I4_REFCOUNT_BELOW_MAPCOUNT",
            RSS_MISMATCH = "RSS_MISMATCH";

    private Quiescence() {}

    /** The invariants that do not hold, in order I1..I4, RSS_MISMATCH; empty when all hold. */
    public static List<String> violations(Machine m) {
        List<String> out = new ArrayList<>();
        Map<Folio, Integer> mapped = new HashMap<>();
        boolean i1 = true, i2 = true;
        for (Mm mm : m.mms()) {
            long present = 0;
            Page top = mm.pmdTable();
            for (int i = 0; i < top.entries(); i++) {
                long pmd = top.peek(i);
                Pmd.Kind k = m.arch.pmdKind(pmd);
                if (k == Pmd.Kind.LEAF) {
                    Folio f = m.pfn_folio(m.arch.pmd_pfn(pmd));
                    if (f == null || f.freed()) i1 = false;
                    else mapped.merge(f, 1, Integer::sum);
                }
                if (k != Pmd.Kind.TABLE) continue;
                Page t = m.pmd_page(pmd);
                if (!t.isTable() || t.peekState() != TableState.ATTACHED) {
                    i1 = false;
                    continue;
                }
                for (int j = 0; j < t.entries(); j++) {
                    long pte = t.peek(j);
                    if (m.arch.pte_present(pte)) {
                        present++;
                        Folio f = m.pfn_folio(m.arch.pte_pfn(pte));
                        if (f == null || f.freed()) i1 = false;
                        else mapped.merge(f, 1, Integer::sum);
                    } else if (m.arch.kind(pte) == Entry.Kind.MIGRATION) {
                        Folio f = m.pfn_folio(m.arch.swp_offset(pte));
                        if (f == null || f.lock().owner() < 0) i2 = false;
                    }
                }
            }
            long rss = mm.peekRss(Mm.MM_ANONPAGES) + mm.peekRss(Mm.MM_FILEPAGES) + mm.peekRss(Mm.MM_SHMEMPAGES);
            if (rss != 0 && rss != present) out.add(RSS_MISMATCH);
        }
        for (Map.Entry<Folio, Integer> e : mapped.entrySet()) if (e.getKey().peekMapcount() != e.getValue()) i1 = false;
        if (!i1) out.add(0, I1);
        if (!i2) out.add(out.contains(I1) ? 1 : 0, I2);
        if (!tlbsAgree(m)) out.add(I3);
        for (Folio f : mapped.keySet()) {
            if (f.peekRefcount() < f.peekMapcount()) {
                out.add(I4);
                break;
            }
        }
        return out;
    }

    private static boolean tlbsAgree(Machine m) {
        for (int c = 0; c < m.nrCpus(); c++) {
            Tlb tlb = m.cpu(c).peekTlb();
            for (long va : tlb.addresses()) {
                long cached = tlb.lookup(va);
                Folio f = m.pfn_folio(m.arch.pte_pfn(cached));
                if (f == null || f.freed()) return false;
                long pte = current(m, va);
                if (!m.arch.pte_present(pte) || m.arch.pte_pfn(pte) != m.arch.pte_pfn(cached)) return false;
                if (m.arch.pte_write(cached) && !m.arch.pte_write(pte)) return false;
            }
        }
        return true;
    }

    private static long current(Machine m, long va) {
        Page top = m.mm().pmdTable();
        long pmd = top.peek(m.pmd_index(va));
        if (m.arch.pmdKind(pmd) == Pmd.Kind.LEAF) return m.arch.pfn_pte(m.arch.pmd_pfn(pmd) + m.pte_index(va), m.arch.pmd_write(pmd), false, true);
        if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) return 0;
        return m.pmd_page(pmd).peek(m.pte_index(va));
    }
}
