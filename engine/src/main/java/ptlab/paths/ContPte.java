package ptlab.paths;

import ptlab.arch.Arm64;
import ptlab.mm.Config;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;
import ptlab.race.Step;

/**
 * arm64 contiguous PTEs ({@code arch/arm64/mm/contpte.c}, CONTPTE): the lockless read of one entry
 * of a 16-entry block, which gathers access/dirty over the block, as steps L0..L16 of mm-model.md
 * S3b; and {@code contpte_convert()} (unfold) as one body to run under the PTL.
 */
public final class ContPte {
    public static final int CONT_PTES = 16;

    /** How the lockless read treats a valid contpte entry. */
    public enum Gather {
        /** Read the block and OR its A/D without checking it is still one block (hypothetical). */
        NAIVE_GATHER,
        /** {@code contpte_ptep_get_lockless()}: every entry must still be valid-cont, pfn and prot consistent, else retry. */
        CONTPTE_RETRY,
        /** The RFC's {@code ptep_get_lockless_norecency()}: one {@code __ptep_get()}, no gathering. */
        NORECENCY
    }

    private ContPte() {}

    /**
     * {@code pte = ptep_get_lockless(ptep)} for the entry of {@code va}, inside a GUP-fast style
     * IRQs-off walk: L0 {@code local_irq_save()}, the walk to the table (first time only) and
     * {@code orig = __ptep_get(ptep)}; returns at once unless {@code pte_valid_cont(orig)} (and
     * always under NORECENCY). L1..L16 read T[k] for k = 0..15 of the block, check it (CONTPTE_RETRY:
     * {@code goto retry} = L0) and OR its A/D into the result. Local {@code pte} is the result.
     *
     * @param start runs once, in the first L0 after the walk (a scenario's observation); may be null
     * @param end   runs in the last step, with {@code pte} final, before unmap and
     *              {@code local_irq_restore()}; may be null
     */
    public static Path ptepGetLockless(Config config, Gather mode, long va, Step.Body<Machine> start, Step.Body<Machine> end) {
        if (!config.on(Knob.ARM64_CONTPTE)) throw new IllegalArgumentException("contpte needs ARM64 with ARM64_CONTPTE, not " + config);
        return Path.of("ptep_get_lockless (" + mode + ")", config, b -> {
            b.step("L0", (m, c) -> {
                if (!c.has("ptep")) {
                    m.local_irq_save();
                    long pmd = m.pmdp_get_lockless(m.pmd_offset(m.mm(), va));
                    c.set("ptep", m.pte_offset_map(pmd, va));
                    if (start != null) start.run(m, c);
                }
                Ptr ptep = c.get("ptep");
                Arm64 a = (Arm64) m.arch;
                long orig = m.__ptep_get(ptep);
                c.set("pte", orig);
                if (mode == Gather.NORECENCY || !a.pte_valid_cont(orig)) {
                    done(m, c, end);
                    return;
                }
                c.set("prot", prot(m, orig));
                c.set("pfn0", a.pte_pfn(orig) - (ptep.index() % CONT_PTES));
            });
            if (mode == Gather.NORECENCY) return;
            for (int k = 0; k < CONT_PTES; k++) {
                int i = k;
                b.step("L" + (k + 1), (m, c) -> {
                    Ptr ptep = c.get("ptep");
                    Arm64 a = (Arm64) m.arch;
                    long pte = m.__ptep_get(new Ptr(ptep.table(), ptep.index() - ptep.index() % CONT_PTES + i, ptep.kmap()));
                    if (mode == Gather.CONTPTE_RETRY
                            && (!a.pte_valid_cont(pte) || a.pte_pfn(pte) != c.getLong("pfn0") + i || prot(m, pte) != c.getLong("prot"))) {
                        c.jump("L0");
                        return;
                    }
                    long orig = c.getLong("pte");
                    if (a.pte_dirty(pte)) orig = a.pte_mkdirty(orig);
                    if (a.pte_young(pte)) orig = a.pte_mkyoung(orig);
                    c.set("pte", orig);
                    if (i == CONT_PTES - 1) done(m, c, end);
                });
            }
        });
    }

    private static void done(Machine m, Ctx c, Step.Body<Machine> end) {
        if (end != null) end.run(m, c);
        m.pte_unmap(c.get("ptep"));
        m.local_irq_restore();
        c.finish();
    }

    /** {@code pte_pgprot(pte_mkold(pte_mkclean(pte)))}: the entry without pfn, access and dirty state. */
    public static long prot(Machine m, long pte) {
        long base = m.arch.pte_mkold(m.arch.pte_mkclean(pte));
        return base - (m.arch.pte_pfn(base) << 12);
    }

    /**
     * {@code contpte_convert()} to unfold the block holding {@code ptep} (the caller holds the PTL):
     * get-and-clear all 16 entries gathering A/D, flush the block's range (broadcast TLBI), write
     * 16 non-contiguous entries, each with the gathered A/D. Returns nothing; one atomic step.
     */
    public static void contpte_convert(Machine m, Mm mm, long va, Ptr ptep) {
        int base = ptep.index() - ptep.index() % CONT_PTES;
        long startVa = va - (long) (ptep.index() - base) * 4096;
        Ptr first = new Ptr(ptep.table(), base, ptep.kmap());
        long pte = m.arch.pte_mknoncont(m.__ptep_get(first));
        long pfn = m.arch.pte_pfn(pte);
        for (int i = 0; i < CONT_PTES; i++) {
            long old = m.ptep_get_and_clear(mm, startVa + i * 4096L, new Ptr(ptep.table(), base + i, ptep.kmap()));
            if (m.arch.pte_dirty(old)) pte = m.arch.pte_mkdirty(pte);
            if (m.arch.pte_young(old)) pte = m.arch.pte_mkyoung(pte);
        }
        m.flush_tlb_range(mm, startVa, startVa + CONT_PTES * 4096L);
        for (int i = 0; i < CONT_PTES; i++) {
            // __set_ptes(): the same prot and A/D, consecutive pfns.
            long e = pte - (pfn << 12) + ((pfn + i) << 12);
            m.set_pte_at(mm, startVa + i * 4096L, new Ptr(ptep.table(), base + i, ptep.kmap()), e);
        }
    }

    /**
     * What {@code ptep_get()} under the PTL returns for {@code ptep} right now, without recording
     * the reads: the entry, with A/D gathered over its block when it is valid-cont. For a
     * scenario's observations (outcome labels), not for kernel paths.
     */
    public static long peekPtepGet(Machine m, Ptr ptep) {
        Arm64 a = (Arm64) m.arch;
        long pte = ptep.table().peek(ptep.index());
        if (!a.pte_valid_cont(pte)) return pte;
        int base = ptep.index() - ptep.index() % CONT_PTES;
        for (int i = 0; i < CONT_PTES; i++) {
            long e = ptep.table().peek(base + i);
            if (a.pte_dirty(e)) pte = a.pte_mkdirty(pte);
            if (a.pte_young(e)) pte = a.pte_mkyoung(pte);
        }
        return pte;
    }
}
