package ptlab.mm;

import java.util.ArrayList;
import java.util.List;
import ptlab.race.Lock;
import ptlab.race.Memory;

/**
 * The locking rules of mm-model.md section 4, evaluated at every entry access, pmd write, lock
 * acquisition and folio free. A broken rule raises its label in the running execution, so the
 * trace shows the step that broke it. Switched off with the CHECKER knob.
 */
final class Checker implements Memory.LockListener {
    /** Lock classes in the order they nest ({@code mm/rmap.c}'s header comment, LR20). */
    enum Rank { MMAP_LOCK, FOLIO_LOCK, VMA_LOCK, I_MMAP, ANON_VMA, PMD_LOCK, PTL, XA_LOCK }

    private final Machine m;
    private final List<List<Lock>> held = new ArrayList<>();
    /** Per thread: the table whose PTL it took from a lockless pmd read and has not rechecked (LR3). */
    private final List<Page> unrechecked = new ArrayList<>();
    /** Set by {@link Machine#spin_trylock} around its acquisition: a try-lock is exempt from the lock order. */
    boolean trylocking;

    Checker(Machine m) {
        this.m = m;
    }

    /** A lock's class, kept on the lock itself; for a ptl field, also the descriptor it sits in. */
    private record Tag(Rank rank, Page page) {}

    void rank(Lock lock, Rank rank) {
        if (lock != null) lock.tag(new Tag(rank, null));
    }

    void ptl(Lock lock, Page page) {
        if (lock != null) lock.tag(new Tag(page.use() == Page.Use.PMD_TABLE ? Rank.PMD_LOCK : Rank.PTL, page));
    }

    private static Rank rankOf(Lock l) {
        return l.tag() instanceof Tag t ? t.rank() : null;
    }

    private static Page ptlOf(Lock l) {
        return l.tag() instanceof Tag t ? t.page() : null;
    }

    private List<Lock> held(int thread) {
        while (held.size() <= thread) {
            held.add(new ArrayList<>());
            unrechecked.add(null);
        }
        return held.get(thread);
    }

    @Override
    public void lockEvent(Lock lock, boolean acquired, int thread) {
        List<Lock> mine = held(thread);
        if (!acquired) {
            mine.remove(lock);
            if (unrechecked.get(thread) != null && ptlOf(lock) == unrechecked.get(thread)) unrechecked.set(thread, null);
            return;
        }
        if (lock == m.nullLock) return;
        Cpu cpu = thread < m.nrCpus() ? m.cpu(thread) : null;
        if (lock.kind() == Lock.Kind.SLEEP && (holdsSpin(mine) || (cpu != null && !cpu.irqsEnabled()))) {
            m.memory.raise(Rules.SLEEP_IN_ATOMIC); // LR20
        }
        Rank r = rankOf(lock);
        if (r != null && !trylocking) {
            for (Lock h : mine) {
                Rank hr = rankOf(h);
                if (hr != null && hr.compareTo(r) > 0) m.memory.raise(Rules.LOCK_ORDER); // LR20
            }
        }
        Page p = ptlOf(lock);
        if (p != null) {
            if (!p.isTable()) m.memory.raise(Labels.BOGUS_PTL); // LR2: the "PTL" of a page that is no table
            else if (p.state().freed()) m.memory.raise(Labels.UAF_TABLE_READ); // LR21 (a recorded read: it races with the free)
            else if (p.use() == Page.Use.PTE_TABLE && !holdsPmdLockOrMmapWrite(thread, mine)) unrechecked.set(thread, p);
        }
        mine.add(lock);
    }

    private static boolean holdsSpin(List<Lock> locks) {
        for (Lock l : locks) if (l.kind() == Lock.Kind.SPIN) return true;
        return false;
    }

    private boolean holdsPmdLockOrMmapWrite(int thread, List<Lock> mine) {
        for (Lock l : mine) {
            Rank r = rankOf(l);
            if (r == Rank.PMD_LOCK || (r == Rank.MMAP_LOCK && l.owner() == thread)) return true;
        }
        return false;
    }

    /**
     * The thread holds some mm's mmap_lock for write: it is the one that unlinked the table (khugepaged
     * clearing the entries of the table it collapsed), so nobody else reaches it through the mm.
     */
    private boolean holdsMmapWrite(int thread) {
        for (Mm mm : m.mms()) if (mm.mmap_lock.owner() == thread) return true;
        return false;
    }

    private boolean holdsPtlClass(List<Lock> mine) {
        for (Lock l : mine) if (ptlOf(l) != null && rankOf(l) == Rank.PTL) return true;
        return false;
    }

    /** mmap_lock, a VMA lock or an rmap lock, in any mode (LR6). */
    private boolean holdsWalkLock(List<Lock> mine) {
        for (Lock l : mine) {
            Rank r = rankOf(l);
            if (r == Rank.MMAP_LOCK || r == Rank.VMA_LOCK || r == Rank.I_MMAP || r == Rank.ANON_VMA) return true;
        }
        return false;
    }

    private boolean holdsTrue(int thread, Page table) {
        if (!m.config.on(table.use() == Page.Use.PMD_TABLE ? Knob.SPLIT_PMD_PTLOCKS : Knob.SPLIT_PTE_PTLOCKS)) {
            for (Mm mm : m.mms()) if (mm.page_table_lock.heldBy(thread)) return true;
            return false;
        }
        return table.ptlField() != null && table.ptlField().heldBy(thread);
    }

    /** LR7/LR8: a software read of an entry. */
    void readEntry(Page t, boolean pmdLevel) {
        int thread = m.memory.currentThread();
        if (thread < 0) return;
        if (t.isTable() && t.state().freed()) m.memory.raise(Labels.UAF_TABLE_READ);
        List<Lock> mine = held(thread);
        if (pmdLevel) unrechecked.set(thread, null); // LR3: the pmd was compared again
        Cpu cpu = thread < m.nrCpus() ? m.cpu(thread) : null;
        if (cpu != null && mine.isEmpty() && cpu.irqsEnabled() && cpu.rcuNesting() == 0) {
            m.memory.raise(Rules.UNPROTECTED_WALK); // LR7/LR8: lockless, yet neither IRQs off nor RCU
        }
    }

    /** LR1, LR2, LR3, LR6, LR8: a software write of a PTE. */
    void writeEntry(Page t) {
        int thread = m.memory.currentThread();
        if (thread < 0) return;
        if (!t.isTable()) {
            m.memory.raise(Labels.DATA_CORRUPTION); // "PTEs" written into a page that is no table
            return;
        }
        TableState s = t.state();
        if (s.freed()) m.memory.raise(Labels.UAF_TABLE_WRITE);
        else if (s.detached() && !holdsMmapWrite(thread)) m.memory.raise(Labels.WRITE_DETACHED_TABLE);
        List<Lock> mine = held(thread);
        if (!holdsTrue(thread, t)) m.memory.raise(holdsPtlClass(mine) ? Labels.BOGUS_PTL : Labels.PTE_WRITE_WITHOUT_PTL);
        else if (unrechecked.get(thread) == t) m.memory.raise(Rules.PMD_NOT_RECHECKED);
        if (!holdsWalkLock(mine)) m.memory.raise(Rules.PT_WRITE_WITHOUT_MMAP_LOCK);
    }

    /** The thread read a non-none entry of {@code t} (under its PTL): {@code pte_same()} then revalidates the table (LR3). */
    void revalidated(Page t) {
        int thread = m.memory.currentThread();
        if (thread < 0) return;
        held(thread); // sizes the per-thread lists
        if (unrechecked.get(thread) == t) unrechecked.set(thread, null);
    }

    /** LR4, LR10: a pmd write needs the PMD lock, except free_pgtables() on an unmapped range under mmap_lock. */
    void writePmd(Mm mm, Ptr pmdp) {
        int thread = m.memory.currentThread();
        if (thread < 0) return;
        if (pmdp.table().state().freed()) m.memory.raise(Labels.UAF_TABLE_WRITE);
        List<Lock> mine = held(thread);
        if (m.pmd_lockptr(mm, pmdp).heldBy(thread)) {
            long old = pmdp.table().peek(pmdp.index());
            // LR10: a live table leaves its pmd under pml and its own PTL, or with mmap_lock held for write.
            if (m.arch.pmdKind(old) == ptlab.arch.Pmd.Kind.TABLE && mm.mmap_lock.owner() != thread) {
                Page t = m.pmd_page(old);
                if (t.isTable() && !holdsTrue(thread, t)) m.memory.raise(Rules.TABLE_REMOVED_WITHOUT_PTL);
            }
            return;
        }
        if (mm.mmap_lock.heldBy(thread) && unmapped(mm, pmdp)) return; // free_pgtables()
        m.memory.raise(Rules.PMD_WRITE_WITHOUT_PML);
    }

    private boolean unmapped(Mm mm, Ptr pmdp) {
        long span = m.config.pmdSize();
        long start = pmdp.index() * span;
        for (Vma v : mm.peekVmas()) if (v.start() < start + span && start < v.end()) return false;
        return true;
    }

    /** A hardware page walk through a table. */
    void hardwareWalk(Page t) {
        if (t.isTable() && t.state().freed()) m.memory.raise(Labels.HW_WALK_FREED_TABLE);
    }

    /** LR11: a folio freed while a CPU still caches a translation to it. */
    void folioFreed(Folio f) {
        for (int i = 0; i < m.nrCpus(); i++) {
            Tlb tlb = m.cpu(i).tlb.get();
            for (long va : tlb.addresses()) {
                if (m.arch.pte_pfn(tlb.lookup(va)) == f.pfn()) m.memory.raise(Rules.FREED_WHILE_IN_TLB);
            }
        }
    }

    /** LR15: {@code ptep_set_access_flags()} only adds A, D and W. */
    void accessFlags(long before, long after) {
        var a = m.arch;
        if ((a.pte_young(before) && !a.pte_young(after)) || (a.pte_dirty(before) && !a.pte_dirty(after))
                || (a.pte_write(before) && !a.pte_write(after))) {
            m.memory.raise(Rules.ACCESS_FLAGS_DROPPED);
        }
    }

    /** LR22: {@code virt_to_ptdesc()} of a kmap address. */
    void virtToPtdescOfKmap(Ptr ptep) {
        m.memory.raise(Rules.VIRT_TO_PTDESC_OF_KMAP);
    }

    /** LR18: a page-cache folio's refcount is frozen under the xa_lock with IRQs off. */
    void freeze(Folio f) {
        int thread = m.memory.currentThread();
        if (thread < 0 || f.mapping() == null) return;
        Cpu cpu = thread < m.nrCpus() ? m.cpu(thread) : null;
        if (!f.mapping().xa_lock.heldBy(thread) || (cpu != null && cpu.irqsEnabled())) m.memory.raise(Rules.FREEZE_WITHOUT_XA_LOCK);
    }
}
