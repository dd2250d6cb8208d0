package ptlab.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ptlab.arch.Arch;
import ptlab.arch.Arm64;
import ptlab.arch.FlagsArch;
import ptlab.race.Lock;
import ptlab.race.Memory;
import ptlab.race.Var;

/**
 * The modelled machine: frames and their descriptors, page tables, processes, CPUs with TLBs,
 * RCU, folios and the page cache, and the kernel primitives a path is written in, under the
 * kernel's names. All shared state lives in the race scheduler's recorded objects, so exploration
 * sees every access; the locking-rule {@link Checker} watches them.
 *
 * <p>Software thread {@code i} of a program runs on CPU {@code i}; threads past the last CPU are
 * agents (RCU grace periods, page reuse) and run on no CPU. Primitives that block or take several
 * atomic steps (lock acquisition, IPI flushes, the PAE lockless read) are step builders in
 * {@code ptlab.paths}; everything here runs inside one step.
 */
public final class Machine {
    /** The pfn of garbage written into a reused page: a "present" entry pointing at no real page. */
    public static final long GARBAGE_PFN = 0xbad;

    public final Config config;
    public final Arch arch;
    public final Memory memory;
    private final Cpu[] cpus;
    private final Map<Long, Page> frames = new HashMap<>();
    private final List<Page> tables = new ArrayList<>();
    private final List<Mm> mms = new ArrayList<>();
    private final List<AddressSpace> files = new ArrayList<>();
    final Page zeroPage;
    final Var<List<RcuCallback>> rcuPending;
    /** What {@code spin_lock(NULL)} resolves to: always free, so the step runs and oopses. */
    final Lock nullLock;
    final Checker checker;
    private final Map<String, Object> symbols = new HashMap<>();
    private long nextPfn = 0x10;
    private final long[] cpuPfn;

    private Machine(Memory memory, Config config, int nrCpus) {
        if (nrCpus < 1 || nrCpus > 16) throw new IllegalArgumentException("a machine has 1..16 CPUs, not " + nrCpus);
        this.memory = memory;
        this.config = config;
        this.arch = config.arch();
        this.checker = config.on(Knob.CHECKER) ? new Checker(this) : null;
        this.zeroPage = register(new Page(this, 0, Page.Use.KERNEL, "page0", false));
        this.cpus = new Cpu[nrCpus];
        this.cpuPfn = new long[nrCpus];
        for (int i = 0; i < nrCpus; i++) {
            cpus[i] = new Cpu(this, i);
            if (checker != null && cpus[i].kmapBogus != null) checker.ptl(cpus[i].kmapBogus.ptlField(), cpus[i].kmapBogus);
        }
        this.rcuPending = memory.var("rcu.pending", List.of());
        this.nullLock = memory.spinlock("NULL");
        if (checker != null) memory.listen(checker);
    }

    /** A machine with one process ({@link #mm()}) and {@code nrCpus} CPUs, in a scheduler memory. */
    public static Machine boot(Memory memory, Config config, int nrCpus) {
        Machine m = new Machine(memory, config, nrCpus);
        m.newMm("mm");
        return m;
    }

    // ---- structure ---------------------------------------------------------------------------

    public Mm mm() {
        return mms.get(0);
    }

    public List<Mm> mms() {
        return List.copyOf(mms);
    }

    public Mm newMm(String name) {
        Mm mm = new Mm(this, name);
        mms.add(mm);
        if (checker != null) {
            checker.rank(mm.mmap_lock, Checker.Rank.MMAP_LOCK);
            checker.rank(mm.page_table_lock, Checker.Rank.PMD_LOCK);
        }
        return mm;
    }

    public int nrCpus() {
        return cpus.length;
    }

    public Cpu cpu(int id) {
        if (id < 0 || id >= cpus.length) throw new IllegalArgumentException("no CPU" + id + " (the machine has " + cpus.length + ")");
        return cpus[id];
    }

    /** The CPU the running step executes on ({@code smp_processor_id()}). */
    public Cpu cpu() {
        int t = memory.currentThread();
        if (t < 0) throw new IllegalStateException("no step is running: there is no current CPU");
        if (t >= cpus.length) throw new IllegalStateException("thread " + t + " is an agent, not on a CPU");
        return cpus[t];
    }

    Cpu currentCpuOrNull() {
        int t = memory.currentThread();
        return t >= 0 && t < cpus.length ? cpus[t] : null;
    }

    public List<Page> tables() {
        return List.copyOf(tables);
    }

    /** A snapshot of {@link #mm()}'s page tables, entries decoded, with each CPU's TLB; see {@link PageTables}. */
    public PageTables pageTables() {
        return PageTables.of(this, mm(), List.of());
    }

    /** The frame with this pfn, or null if none exists (a garbage pfn). */
    public Page pfn_to_page(long pfn) {
        return frames.get(pfn);
    }

    /** The folio of a pfn, or null when the frame holds none. */
    public Folio pfn_folio(long pfn) {
        Page p = frames.get(pfn);
        return p == null ? null : p.folio;
    }

    public AddressSpace newFile(String name, int pages) {
        AddressSpace a = new AddressSpace(this, name, pages);
        files.add(a);
        if (checker != null) {
            checker.rank(a.i_mmap_rwsem, Checker.Rank.I_MMAP);
            checker.rank(a.xa_lock, Checker.Rank.XA_LOCK);
        }
        return a;
    }

    private Page register(Page p) {
        if (frames.putIfAbsent(p.pfn(), p) != null) throw new IllegalArgumentException("pfn 0x" + Long.toHexString(p.pfn()) + " is already in use");
        if (p.isTable()) tables.add(p);
        if (checker != null) checker.ptl(p.ptlField(), p);
        return p;
    }

    /**
     * The first of {@code n} consecutive free pfns. Setup frames count up from 0x10; a CPU
     * allocates from its own range so allocations never race.
     */
    private long reservePfns(int n) {
        Cpu c = currentCpuOrNull();
        if (c == null) {
            long base = nextPfn;
            nextPfn += n;
            return base;
        }
        long base = 0x100L * (c.id() + 1) + cpuPfn[c.id()];
        cpuPfn[c.id()] += n;
        return base;
    }

    Page newTable(Page.Use use, String name) {
        boolean high = use == Page.Use.PTE_TABLE && config.on(Knob.HIGHPTE);
        long pfn = reservePfns(1);
        return register(new Page(this, pfn, use, name != null ? name : "T" + Long.toHexString(pfn), high));
    }

    /** {@code pte_alloc_one()}: a new, empty PTE table (ALLOCATED, not yet linked). */
    public Page pte_alloc_one() {
        return newTable(Page.Use.PTE_TABLE, null);
    }

    public Page pte_alloc_one(String name) {
        return newTable(Page.Use.PTE_TABLE, name);
    }

    /** A new folio of {@code nrPages} pages, refcount 1, at the next free pfn (or {@code pfn} if >= 0). */
    public Folio folio_alloc(String name, int nrPages, long flags, AddressSpace mapping, long index) {
        return folio_alloc_at(-1, name, nrPages, flags, mapping, index);
    }

    public Folio folio_alloc_at(long pfn, String name, int nrPages, long flags, AddressSpace mapping, long index) {
        long base = pfn >= 0 ? pfn : reservePfns(nrPages);
        Page head = register(new Page(this, base, Page.Use.DATA, name != null ? name : "P" + Long.toHexString(base), false));
        for (int i = 1; i < nrPages; i++) register(new Page(this, base + i, Page.Use.DATA, head.name() + "+" + i, false));
        Folio f = new Folio(this, head, nrPages, 1, flags | Folio.PG_uptodate, mapping, index);
        for (int i = 1; i < nrPages; i++) frames.get(base + i).folio = f;
        if (checker != null) checker.rank(f.lock, Checker.Rank.FOLIO_LOCK);
        return f;
    }

    /** Names an object of the initial state ("F", "T", "va") for paths and outcomes to find. */
    public <T> T bind(String name, T object) {
        symbols.put(name, object);
        return object;
    }

    @SuppressWarnings("unchecked")
    public <T> T sym(String name) {
        Object o = symbols.get(name);
        if (o == null) throw new IllegalArgumentException("no object named '" + name + "' in this machine; bound: " + new java.util.TreeSet<>(symbols.keySet()));
        return (T) o;
    }

    // ---- VMAs --------------------------------------------------------------------------------

    /** Adds a VMA to the tree (the caller holds mmap_lock for write, or it is setup). */
    public Vma mmap(Mm mm, long start, long length, int flags, boolean anon, AddressSpace file, long pgoff) {
        long limit = config.ptrsPerPmd() * config.pmdSize();
        if ((start & 0xfff) != 0 || (length & 0xfff) != 0 || length <= 0) {
            throw new IllegalArgumentException(String.format("mmap(%#x, %#x): start and length must be page aligned and positive", start, length));
        }
        if (start < 0 || start + length > limit) {
            throw new IllegalArgumentException(String.format("mmap(%#x, %#x): outside the modelled address space [0, %#x)", start, length, limit));
        }
        List<Vma> old = mm.vmas.get();
        for (Vma v : old) {
            if (start < v.end() && v.start() < start + length) throw new IllegalArgumentException(String.format("mmap(%#x, %#x) overlaps %s", start, length, v));
        }
        Vma vma = new Vma(this, start, start + length, flags, anon, file, pgoff);
        if (checker != null) {
            checker.rank(vma.vm_lock, Checker.Rank.VMA_LOCK);
            checker.rank(vma.anon_vma_rwsem, Checker.Rank.ANON_VMA);
        }
        List<Vma> vmas = new ArrayList<>(old);
        vmas.add(vma);
        vmas.sort((a, b) -> Long.compare(a.start(), b.start()));
        mm.vmas.set(List.copyOf(vmas));
        return vma;
    }

    /** {@code find_vma()} restricted to the VMA containing {@code va}, or null. */
    public Vma find_vma(Mm mm, long va) {
        for (Vma v : mm.vmas.get()) if (v.contains(va)) return v;
        return null;
    }

    /** Detaches a VMA from the tree (munmap's {@code vma_iter_clear}/{@code detach_vmas_to_be_unmapped}). */
    public void vma_detach(Mm mm, Vma vma) {
        List<Vma> vmas = new ArrayList<>(mm.vmas.get());
        if (!vmas.remove(vma)) throw new IllegalArgumentException(vma + " is not in " + mm.name() + "'s VMA tree");
        mm.vmas.set(List.copyOf(vmas));
    }

    // ---- walking -----------------------------------------------------------------------------

    public int pmd_index(long va) {
        return (int) ((va >>> 12) / config.ptrsPerPte()) & (config.ptrsPerPmd() - 1);
    }

    public int pte_index(long va) {
        return (int) (va >>> 12) & (config.ptrsPerPte() - 1);
    }

    /** {@code pmd_offset()}: the pmd slot for {@code va} (upper levels folded). */
    public Ptr pmd_offset(Mm mm, long va) {
        return new Ptr(mm.pmdTable, pmd_index(va), null);
    }

    public long pmdp_get(Ptr pmdp) {
        if (checker != null) checker.readEntry(pmdp.table(), true);
        return pmdp.table().read(pmdp.index());
    }

    /** A single atomic read of the pmd (the modelled PMDs are never torn). */
    public long pmdp_get_lockless(Ptr pmdp) {
        return pmdp_get(pmdp);
    }

    /** {@code pmd_page()}: the frame a pmd value points to, whatever it holds (pfn 0 for NONE). */
    public Page pmd_page(long pmd) {
        Page p = frames.get(arch.pmd_pfn(pmd));
        if (p == null) throw new IllegalStateException("pmd " + arch.describePmd(pmd) + " points to no frame");
        return p;
    }

    /** {@code __pte_map()}: a pointer into the page the pmd names, kmapped when that page is in highmem. No checks. */
    public Ptr __pte_map(long pmd, long va) {
        Page t = pmd_page(pmd);
        return new Ptr(t, pte_index(va), t.highmem() ? cpu() : null);
    }

    /**
     * {@code pte_offset_map()} (6.5+): takes the RCU read lock and maps the table, or returns null
     * (with RCU dropped again) when the pmd is none, a leaf or bad.
     */
    public Ptr pte_offset_map(long pmd, long va) {
        if (arch.pmdKind(pmd) != ptlab.arch.Pmd.Kind.TABLE) return null;
        rcu_read_lock();
        return __pte_map(pmd, va);
    }

    /** {@code pte_unmap()}: kunmap and drop the RCU read lock {@code pte_offset_map()} took. */
    public void pte_unmap(Ptr ptep) {
        rcu_read_unlock();
    }

    /** {@code pte_lockptr(mm, pmd)}: the PTL derived from a pmd value. */
    public Lock pte_lockptr(Mm mm, long pmd) {
        if (!config.on(Knob.SPLIT_PTE_PTLOCKS)) return mm.page_table_lock;
        return pmd_page(pmd).ptlField();
    }

    /** {@code virt_to_ptdesc()}: correct for linear-map addresses only; a kmap address yields a bogus descriptor. */
    public Page virt_to_ptdesc(Ptr ptep) {
        return ptep.kmapped() ? ptep.kmap().kmapBogus : ptep.table();
    }

    /** The seed-004 patch's {@code pte_lockptr(mm, pte_t *)} = {@code ptlock_ptr(virt_to_ptdesc(pte))}. */
    public Lock ptep_lockptr(Mm mm, Ptr ptep) {
        if (!config.on(Knob.SPLIT_PTE_PTLOCKS)) return mm.page_table_lock;
        if (checker != null && ptep.kmapped()) checker.virtToPtdescOfKmap(ptep);
        return virt_to_ptdesc(ptep).ptlField();
    }

    /** {@code pmd_lockptr()}: the PMD table's split lock, or {@code mm->page_table_lock}. */
    public Lock pmd_lockptr(Mm mm, Ptr pmdp) {
        return config.on(Knob.SPLIT_PMD_PTLOCKS) ? pmdp.table().ptlField() : mm.page_table_lock;
    }

    /** The true PTL of a table, as the checker sees it. */
    public Lock ptl(Mm mm, Page table) {
        if (table.use() == Page.Use.PMD_TABLE) return config.on(Knob.SPLIT_PMD_PTLOCKS) ? table.ptlField() : mm.page_table_lock;
        return config.on(Knob.SPLIT_PTE_PTLOCKS) ? table.ptlField() : mm.page_table_lock;
    }

    /** The lock a step acquires for a possibly-NULL lock pointer; see {@link #spin_lock_null_oops}. */
    public Lock orNull(Lock lock) {
        return lock != null ? lock : nullLock;
    }

    /** The step acquired {@code orNull(null)}: {@code spin_lock(NULL)} oopses and the thread dies. */
    public void spin_lock_null_oops(ptlab.race.Ctx c) {
        nullLock.unlock();
        memory.raise(Labels.NULL_PTL_DEREF);
        memory.raise(Labels.OOPS);
        c.finish();
    }

    // ---- PTE access ----------------------------------------------------------------------------

    /** {@code ptep_get()}; on arm64 a valid contpte entry gathers A/D from its block (PTL held). */
    public long ptep_get(Ptr ptep) {
        long pte = __ptep_get(ptep);
        if (arch.locklessRead() == Arch.LocklessRead.CONTPTE && ((Arm64) arch).pte_valid_cont(pte)) {
            int base = ptep.index() & ~15;
            for (int i = 0; i < 16; i++) {
                long e = __ptep_get(new Ptr(ptep.table(), base + i, ptep.kmap()));
                if (arch.pte_dirty(e)) pte = arch.pte_mkdirty(pte);
                if (arch.pte_young(e)) pte = arch.pte_mkyoung(pte);
            }
        }
        // A present entry compared under the PTL revalidates the table like pmd_same() (LR3).
        if (checker != null && pte != 0) checker.revalidated(ptep.table());
        return pte;
    }

    /** One read of one entry ({@code __ptep_get}, {@code READ_ONCE}). */
    public long __ptep_get(Ptr ptep) {
        if (checker != null) checker.readEntry(ptep.table(), false);
        return ptep.table().read(ptep.index());
    }

    /**
     * {@code ptep_get_lockless()} where it is one atomic read. On x86-PAE it is the lo/hi/lo loop,
     * several steps: the path builder emits those; calling this there is an error.
     */
    public long ptep_get_lockless(Ptr ptep) {
        if (arch.locklessRead() == Arch.LocklessRead.LOW_HIGH) {
            throw new UnsupportedOperationException("ptep_get_lockless() on " + arch.name() + " is the lo/hi/lo loop over several steps; build it with PathBuilder.ptep_get_lockless");
        }
        return ptep_get(ptep);
    }

    /** x86-PAE: one load of {@code ptep->pte_low}. */
    public long pte_low(Ptr ptep) {
        requireSplit("pte_low");
        if (checker != null) checker.readEntry(ptep.table(), false);
        return ptep.table().word(ptep.index()).get();
    }

    /** x86-PAE: one load of {@code ptep->pte_high}. */
    public long pte_high(Ptr ptep) {
        requireSplit("pte_high");
        if (checker != null) checker.readEntry(ptep.table(), false);
        return ptep.table().highWord(ptep.index()).get();
    }

    /** x86-PAE: one store of {@code ptep->pte_low}. */
    public void set_pte_low(Ptr ptep, long low) {
        requireSplit("set_pte_low");
        if (checker != null) checker.writeEntry(ptep.table());
        ptep.table().word(ptep.index()).set(low);
    }

    public void set_pte_high(Ptr ptep, long high) {
        requireSplit("set_pte_high");
        if (checker != null) checker.writeEntry(ptep.table());
        ptep.table().highWord(ptep.index()).set(high);
    }

    /** x86-PAE: {@code xchg(&ptep->pte_low, low)}. */
    public long xchg_pte_low(Ptr ptep, long low) {
        requireSplit("xchg_pte_low");
        if (checker != null) checker.writeEntry(ptep.table());
        return ptep.table().word(ptep.index()).getAndSet(low);
    }

    private void requireSplit(String what) {
        if (!arch.splitWords()) throw new UnsupportedOperationException(what + "() needs PTEs in two words (X86_PAE), not " + arch.name());
    }

    /** {@code set_pte_at()}: one store of the whole entry. */
    public void set_pte_at(Mm mm, long va, Ptr ptep, long pte) {
        if (checker != null) checker.writeEntry(ptep.table());
        ptep.table().write(ptep.index(), pte);
    }

    public void pte_clear(Mm mm, long va, Ptr ptep) {
        set_pte_at(mm, va, ptep, 0);
    }

    /** {@code ptep_get_and_clear()}: atomic exchange with none. */
    public long ptep_get_and_clear(Mm mm, long va, Ptr ptep) {
        if (checker != null) checker.writeEntry(ptep.table());
        Page t = ptep.table();
        if (arch.splitWords()) {
            long old = t.read(ptep.index());
            t.write(ptep.index(), 0);
            return old;
        }
        return t.word(ptep.index()).getAndSet(0);
    }

    /** An atomic compare-and-exchange of an entry ({@code cmpxchg(&pte_val(*ptep), old, new)}); returns the value found. */
    public long ptep_cmpxchg(Ptr ptep, long expected, long pte) {
        if (checker != null) checker.writeEntry(ptep.table());
        Page t = ptep.table();
        if (arch.splitWords()) {
            long old = t.read(ptep.index());
            if (old == expected) t.write(ptep.index(), pte);
            return old;
        }
        return t.word(ptep.index()).cmpxchg(expected, pte);
    }

    /** {@code ptep_set_wrprotect()}: atomically clear write permission (keeping a HW-dirty state). */
    public void ptep_set_wrprotect(Mm mm, long va, Ptr ptep) {
        long old;
        do {
            old = ptep.table().peek(ptep.index());
        } while (ptep_cmpxchg(ptep, old, arch.pte_wrprotect(old)) != old);
    }

    /** Lets the checker compare what {@code ptep_set_access_flags()} found and left (LR15). */
    public void checkAccessFlags(long before, long after) {
        if (checker != null) checker.accessFlags(before, after);
    }

    // ---- PMD writes and table life cycle -------------------------------------------------------

    /** {@code pmd_populate()}: link an allocated table into a pmd slot. */
    public void pmd_populate(Mm mm, Ptr pmdp, Page table) {
        if (checker != null) checker.writePmd(mm, pmdp);
        if (!table.isTable() || table.use() != Page.Use.PTE_TABLE) throw new IllegalArgumentException(table + " is not a PTE table");
        pmdp.table().write(pmdp.index(), arch.pmd_mktable(table.pfn()));
        table.setState(TableState.ATTACHED);
    }

    /** {@code pmd_clear()}: the table it pointed to (if any) becomes DETACHED. */
    public void pmd_clear(Mm mm, Ptr pmdp) {
        pmdp_huge_get_and_clear(mm, pmdp);
    }

    /** Clears a pmd and returns its old value; a table it pointed to becomes DETACHED. */
    public long pmdp_huge_get_and_clear(Mm mm, Ptr pmdp) {
        if (checker != null) checker.writePmd(mm, pmdp);
        long old = pmdp.table().word(pmdp.index()).getAndSet(0);
        if (arch.pmdKind(old) == ptlab.arch.Pmd.Kind.TABLE) {
            Page t = pmd_page(old);
            if (t.isTable()) t.setState(TableState.DETACHED);
        }
        return old;
    }

    /** {@code set_pmd_at()}: install a pmd value (a THP leaf, or a table back after an aborted collapse). */
    public void set_pmd_at(Mm mm, long va, Ptr pmdp, long pmd) {
        if (checker != null) checker.writePmd(mm, pmdp);
        pmdp.table().write(pmdp.index(), pmd);
        if (arch.pmdKind(pmd) == ptlab.arch.Pmd.Kind.TABLE) pmd_page(pmd).setState(TableState.ATTACHED);
    }

    /** {@code pgtable_trans_huge_deposit()}: keep a detached table for a later split. */
    public void pgtable_trans_huge_deposit(Mm mm, Ptr pmdp, Page table) {
        table.setState(TableState.DEPOSITED);
    }

    /** {@code pte_free()}: free a table now. */
    public void pte_free(Mm mm, Page table) {
        freeTable(table);
    }

    void freeTable(Page table) {
        TableState s = table.state();
        if (s.freed()) {
            memory.raise(Labels.DOUBLE_FREE);
            return;
        }
        table.setState(TableState.FREED);
    }

    /** {@code pte_free_defer()}: free a table after an RCU grace period. */
    public void pte_free_defer(Mm mm, Page table) {
        if (!table.isTable()) {
            memory.raise(Labels.FREE_NON_TABLE_PAGE);
            return;
        }
        table.setState(TableState.FREE_PENDING_RCU);
        call_rcu("free " + table.name(), () -> freeTable(table));
    }

    public void mm_inc_nr_ptes(Mm mm) {
        mm.nr_ptes.getAndAdd(1);
    }

    public void mm_dec_nr_ptes(Mm mm) {
        mm.nr_ptes.getAndAdd(-1);
    }

    public void add_mm_counter(Mm mm, int type, long delta) {
        mm.rss[type].getAndAdd(delta);
    }

    /** REUSE: a freed table's frame is reallocated and filled with something that looks present. */
    public void reuse(Page table) {
        reuse(table, table.use() == Page.Use.PMD_TABLE ? arch.pmd_mktable(GARBAGE_PFN) : arch.pfn_pte(GARBAGE_PFN, true, true, true));
    }

    // ---- mmu_gather ---------------------------------------------------------------------------

    /** {@code tlb_gather_mmu()}: starts a gather and raises {@code mm->tlb_flush_pending}. */
    public MmuGather tlb_gather_mmu(Mm mm) {
        mm.tlb_flush_pending.getAndAdd(1);
        return new MmuGather(mm);
    }

    /** {@code tlb_remove_page()}: the page's reference is dropped at {@code tlb_finish_mmu}, after the flush. */
    public void tlb_remove_page(MmuGather tlb, Folio folio) {
        tlb.pages.add(folio);
    }

    /** {@code pte_free_tlb()}: the table is freed at {@code tlb_finish_mmu} (after a grace period with RCU table free). */
    public void pte_free_tlb(MmuGather tlb, Page table, long va) {
        table.setState(config.on(Knob.MMU_GATHER_RCU_TABLE_FREE) ? TableState.FREE_PENDING_RCU : TableState.FREE_PENDING_TLB);
        tlb.tables.add(table);
    }

    /** The part of {@code tlb_finish_mmu()} after its flush: free the pages and the tables. */
    public void tlb_finish_mmu_free(MmuGather tlb) {
        for (Folio f : tlb.pages) folio_put(f);
        for (Page t : tlb.tables) {
            if (config.on(Knob.MMU_GATHER_RCU_TABLE_FREE)) call_rcu("tlb_remove_table " + t.name(), () -> freeTable(t));
            else freeTable(t);
        }
        tlb.pages.clear();
        tlb.tables.clear();
        tlb.mm.tlb_flush_pending.getAndAdd(-1);
    }

    public boolean mm_tlb_flush_pending(Mm mm) {
        return mm.tlb_flush_pending.get() > 0;
    }

    /** {@code mm_tlb_flush_nested()}: another thread's mmu_gather is open on mm too (tlb_flush_pending > 1). */
    public boolean mm_tlb_flush_nested(Mm mm) {
        return mm.tlb_flush_pending.get() > 1;
    }

    /**
     * Whether {@code tlb_finish_mmu()} flushes (mm/mmu_gather.c): a nested gather forces it
     * ({@code freed_tables = 1}); otherwise {@code tlb_flush_mmu_tlbonly()} returns early unless
     * something was cleared or a table freed.
     */
    public boolean tlb_finish_mmu_flushes(MmuGather tlb) {
        return tlb.gathered() || mm_tlb_flush_nested(tlb.mm);
    }

    // ---- CPUs: IRQs, RCU, TLBs, user accesses --------------------------------------------------

    public void local_irq_save() {
        cpu().irqsOff.getAndAdd(1);
    }

    public void local_irq_restore() {
        Cpu c = cpu();
        if (c.irqsOff.get() == 0) throw new IllegalStateException("local_irq_restore() on CPU" + c.id() + " with IRQs already on");
        if (c.irqsOff.addAndGet(-1) == 0 && c.rcuNesting.get() == 0) c.quiescent.getAndAdd(1);
    }

    public void rcu_read_lock() {
        cpu().rcuNesting.getAndAdd(1);
    }

    public void rcu_read_unlock() {
        Cpu c = cpu();
        if (c.rcuNesting.get() == 0) throw new IllegalStateException("rcu_read_unlock() on CPU" + c.id() + " outside a read-side section");
        if (c.rcuNesting.addAndGet(-1) == 0 && c.irqsOff.get() == 0) c.quiescent.getAndAdd(1);
    }

    /** {@code call_rcu()}: run {@code callback} after every CPU now in a read-side section (or IRQs off) has left it. */
    public void call_rcu(String what, Runnable callback) {
        long[] waitFor = new long[cpus.length];
        for (int i = 0; i < cpus.length; i++) {
            // A CPU quiet now imposes nothing; one inside a section must pass a quiescent state.
            waitFor[i] = cpus[i].quiet() ? -1 : cpus[i].quiescent.get() + 1;
        }
        List<RcuCallback> l = new ArrayList<>(rcuPending.get());
        l.add(new RcuCallback(what, callback, waitFor));
        rcuPending.set(List.copyOf(l));
    }

    /** Whether a grace period can end now for some pending callback (the RCU agent's condition). */
    public boolean rcu_gp_ready() {
        for (RcuCallback cb : rcuPending.peek()) if (elapsed(cb)) return true;
        return false;
    }

    private boolean elapsed(RcuCallback cb) {
        for (int i = 0; i < cpus.length; i++) {
            if (cb.waitFor()[i] >= 0 && cpus[i].quiescent.peek() < cb.waitFor()[i]) return false;
        }
        return true;
    }

    /** GP: runs every callback whose grace period has elapsed. */
    public void rcu_gp() {
        List<RcuCallback> keep = new ArrayList<>();
        List<RcuCallback> run = new ArrayList<>();
        List<RcuCallback> pending = rcuPending.get();
        if (!pending.isEmpty()) for (Cpu c : cpus) c.quiescent.get(); // what elapsed() reads, recorded
        for (RcuCallback cb : pending) (elapsed(cb) ? run : keep).add(cb);
        rcuPending.set(List.copyOf(keep));
        for (RcuCallback cb : run) cb.callback().run();
    }

    /**
     * The body of a step that waited for {@link #ipi_deliverable()}: records the other CPUs' IRQ
     * states its guard read (guards are not recorded), so exploration orders it against
     * {@code local_irq_save}/{@code restore}.
     */
    private void recordIpiAcknowledged() {
        Cpu me = currentCpuOrNull();
        for (Cpu c : cpus) if (c != me) c.irqsOff.get();
    }

    /** Whether an IPI from the current CPU is acknowledged by every other CPU now (all have IRQs on). */
    public boolean ipi_deliverable() {
        int me = memory.currentThread();
        for (Cpu c : cpus) if (c.id() != me && c.irqsOff.peek() > 0) return false;
        return true;
    }

    /**
     * The effect of a TLB flush of [start, end) in {@code mm}: every CPU drops its entries. An IPI
     * flush is only enabled when {@link #ipi_deliverable()}; this records the IRQ states it relied on.
     */
    public void flush_tlb_range(Mm mm, long start, long end) {
        if (arch.tlbFlush() == Arch.TlbFlush.IPI) recordIpiAcknowledged();
        for (Cpu c : cpus) {
            Tlb t = c.tlb.peek();
            Tlb f = t.flush(start, end);
            if (f != t) c.tlb.set(f);
        }
    }

    public void flush_tlb_page(Mm mm, long va) {
        flush_tlb_range(mm, va, va + 4096);
    }

    public void flush_tlb_mm(Mm mm) {
        flush_tlb_range(mm, 0, Long.MAX_VALUE / 2);
    }

    /** TLB_EVICT: the hardware drops a cached translation. */
    public void tlb_evict(Cpu cpu, long va) {
        Tlb t = cpu.tlb.get();
        Tlb f = t.flush(va, va + 4096);
        if (f != t) cpu.tlb.set(f);
    }

    /** A user load on the current CPU; returns the pfn it read from, or {@link Arch#FAULT} when it must fault. */
    public long load(Mm mm, long va) {
        return access(mm, va, false);
    }

    /** A user store on the current CPU: on success bumps the folio's data version and returns the pfn. */
    public long store(Mm mm, long va) {
        return access(mm, va, true);
    }

    private long access(Mm mm, long va, boolean write) {
        Cpu c = cpu();
        long cached = c.tlb.get().lookup(va);
        if (cached != 0 && arch.tlbHit(cached, write)) return retire(mm, va, arch.pte_pfn(cached), write, true);
        // TLB_FILL: a lockless hardware walk.
        long pmd = mm.pmdTable.word(pmd_index(va)).get();
        if (arch.pmdKind(pmd) == ptlab.arch.Pmd.Kind.LEAF) {
            long pfn = arch.pmd_pfn(pmd) + pte_index(va);
            return retire(mm, va, pfn, write, false);
        }
        long filled = fill(c, pmd, va, write);
        return filled == Arch.FAULT ? Arch.FAULT : retire(mm, va, arch.pte_pfn(filled), write, false);
    }

    /**
     * TLB_FILL below a pmd already read: the walker reads the PTE, sets A (and D on a write) where
     * the hardware does, and caches the result; {@link Arch#FAULT} when the access must trap.
     */
    private long fill(Cpu c, long pmd, long va, boolean write) {
        if (arch.pmdKind(pmd) != ptlab.arch.Pmd.Kind.TABLE) return Arch.FAULT;
        Page t = pmd_page(pmd);
        if (checker != null) checker.hardwareWalk(t);
        int i = pte_index(va);
        long pte = t.read(i);
        long filled = arch.tlbFill(pte, write);
        if (filled == Arch.FAULT) return Arch.FAULT;
        if (filled != pte) {
            // The walker's A/D update is an atomic RMW on the entry.
            if (arch.splitWords()) t.word(i).set(FlagsArch.low(filled));
            else t.word(i).set(filled);
        }
        c.tlb.set(c.tlb.get().fill(va, filled, arch::describe));
        return filled;
    }

    private long retire(Mm mm, long va, long pfn, boolean write, boolean fromTlb) {
        Folio f = pfn_folio(pfn);
        if (f == null) {
            memory.raise(Labels.DATA_CORRUPTION);
            return pfn;
        }
        if (fromTlb && (f.flags.get() & Folio.FREED) != 0) memory.raise(Labels.STALE_TLB_ACCESS);
        if (write) f.data.getAndAdd(1);
        else f.data.get();
        return pfn;
    }

    // ---- folios and the page cache --------------------------------------------------------------

    /** {@code folio_try_get()}: fails on a zero (frozen or freed) refcount. */
    public boolean folio_try_get(Folio f) {
        return folio_ref_try_add(f, 1);
    }

    /** {@code folio_ref_try_add()}: {@code count} more references unless the refcount is zero (frozen or freed). */
    private boolean folio_ref_try_add(Folio f, long count) {
        long r = f.refcount.get();
        if (r == 0) return false;
        f.refcount.set(r + count);
        return true;
    }

    public void folio_get(Folio f) {
        f.refcount.getAndAdd(1);
    }

    /** {@code folio_put()}: the last reference frees the folio. */
    public void folio_put(Folio f) {
        folio_put_refs(f, 1);
    }

    /** {@code folio_put_refs()}: drop {@code refs} references; the last one frees the folio. */
    public void folio_put_refs(Folio f, long refs) {
        long r = f.refcount.addAndGet(-refs);
        if (r < 0) throw new IllegalStateException(f + ": folio_put_refs() below zero");
        if (r == 0) {
            f.flags.set(f.flags.get() | Folio.FREED);
            if (checker != null) checker.folioFreed(f);
        }
    }

    public long folio_ref_count(Folio f) {
        return f.refcount.get();
    }

    /** {@code folio_ref_freeze()}: refcount {@code expected} → 0, atomically; false if it differs. */
    public boolean folio_ref_freeze(Folio f, long expected) {
        if (checker != null) checker.freeze(f);
        return f.refcount.compareAndSet(expected, 0);
    }

    public void folio_ref_unfreeze(Folio f, long count) {
        if (f.refcount.get() != 0) throw new IllegalStateException(f + ": folio_ref_unfreeze() of a folio that is not frozen");
        f.refcount.set(count);
    }

    /** FOLL_PIN on a small folio: refcount += {@link Folio#GUP_PIN_COUNTING_BIAS}. */
    public boolean try_grab_folio_fast(Folio f, boolean pin) {
        return folio_ref_try_add(f, pin ? Folio.GUP_PIN_COUNTING_BIAS : 1);
    }

    public void gup_put_folio(Folio f, boolean pin) {
        folio_put_refs(f, pin ? Folio.GUP_PIN_COUNTING_BIAS : 1);
    }

    public boolean folio_maybe_dma_pinned(Folio f) {
        return f.refcount.get() >= Folio.GUP_PIN_COUNTING_BIAS;
    }

    public boolean folio_trylock(Folio f) {
        return f.lock.tryLock();
    }

    public void folio_unlock(Folio f) {
        f.lock.unlock();
    }

    public boolean folio_test_locked(Folio f) {
        return f.lock.isLocked();
    }

    public void folio_mark_dirty(Folio f) {
        f.flags.set(f.flags.get() | Folio.PG_dirty);
    }

    public boolean folio_test_dirty(Folio f) {
        return (f.flags.get() & Folio.PG_dirty) != 0;
    }

    public boolean folio_test_anon(Folio f) {
        return (f.flags.get() & Folio.PG_anon) != 0;
    }

    public void folio_add_rmap_pte(Folio f) {
        f.mapcount.getAndAdd(1);
    }

    public void folio_remove_rmap_pte(Folio f) {
        f.mapcount.getAndAdd(-1);
    }

    public long folio_mapcount(Folio f) {
        return f.mapcount.get();
    }

    /** Bumps a folio's data version (a copy, a DMA write, a kernel write through a pin). */
    public void folio_write_data(Folio f) {
        f.data.getAndAdd(1);
    }

    public long folio_data(Folio f) {
        return f.data.get();
    }

    /** {@code xas_load()}: the folio in a page-cache slot, or null. */
    public Folio xas_load(AddressSpace mapping, long index) {
        return slot(mapping, index).get();
    }

    /** {@code xas_store()}: put a folio (or null) into a page-cache slot. */
    public void xas_store(AddressSpace mapping, long index, Folio f) {
        slot(mapping, index).set(f);
    }

    private Var<Folio> slot(AddressSpace mapping, long index) {
        if (index < 0 || index >= mapping.i_pages.length) throw new IllegalArgumentException("index " + index + " is beyond " + mapping.name());
        return mapping.i_pages[(int) index];
    }

    // ---- try-locks, pmd_install, anon-exclusive -------------------------------------------------

    /**
     * {@code spin_trylock(lock)} inside a step: takes the lock if it is free. A try-lock cannot
     * deadlock, so the checker does not hold it to the lock order (zap_pte_range() trylocks the PMD
     * lock under the PTE lock, PT-RECLAIM).
     */
    public boolean spin_trylock(Lock lock) {
        if (checker != null) checker.trylocking = true;
        try {
            return lock.tryLock();
        } finally {
            if (checker != null) checker.trylocking = false;
        }
    }

    /** {@code pmd_pgtable()}: the page a pmd value names as its PTE table (pfn 0 for NONE), whatever it is. */
    public Page pmd_pgtable(long pmd) {
        return pmd_page(pmd);
    }

    /** {@code mm_inc_nr_ptes} + {@code pmd_populate}: the body of {@code pmd_install()} once it found the pmd none under the PMD lock. */
    public void pmd_install(Mm mm, Ptr pmdp, Page table) {
        mm_inc_nr_ptes(mm);
        pmd_populate(mm, pmdp, table);
    }

    /** {@code folio_copy(dst, src)} ({@code copy_user_highpage}): the destination gets the source's data version. */
    public void folio_copy(Folio dst, Folio src) {
        dst.data.set(src.data.get());
    }

    public void folio_set_anon_exclusive(Folio f) {
        f.flags.set(f.flags.get() | Folio.PG_anon_exclusive);
    }

    public void folio_clear_anon_exclusive(Folio f) {
        f.flags.set(f.flags.get() & ~Folio.PG_anon_exclusive);
    }

    public boolean folio_test_anon_exclusive(Folio f) {
        return (f.flags.get() & Folio.PG_anon_exclusive) != 0;
    }

    // ---- seqcounts: mm->write_protect_seq (fork vs GUP-fast FOLL_PIN, 57efa1fe5957) -----------------

    /** {@code raw_write_seqcount_begin(&mm->write_protect_seq)}: the count becomes odd (a writer is inside). */
    public void raw_write_seqcount_begin(Mm mm) {
        mm.write_protect_seq.getAndAdd(1);
    }

    /** {@code raw_write_seqcount_end(&mm->write_protect_seq)}: the count becomes even again. */
    public void raw_write_seqcount_end(Mm mm) {
        mm.write_protect_seq.getAndAdd(1);
    }

    /** {@code raw_seqcount_try_begin(&mm->write_protect_seq, start)}: the (even) count read, or -1 when it is odd. */
    public long raw_seqcount_try_begin(Mm mm) {
        long s = mm.write_protect_seq.get();
        return (s & 1) != 0 ? -1 : s;
    }

    /** {@code read_seqcount_retry(&mm->write_protect_seq, start)}: whether a writer ran since {@code start}. */
    public boolean read_seqcount_retry(Mm mm, long start) {
        return mm.write_protect_seq.get() != start;
    }

    // ---- table reuse, frame contents, LRU -------------------------------------------------------

    /**
     * REUSE with the new owner's contents: a freed table's frame is reallocated (e.g. as another
     * process's PTE table) and every entry now holds {@code fill}.
     */
    public void reuse(Page table, long fill) {
        table.setState(TableState.REUSED);
        for (int i = 0; i < table.entries(); i++) table.write(i, fill);
    }

    /** {@code memcpy_to_page()}: data (user data, a kernel buffer) stored into word {@code index} of a frame; no page-table rules apply. */
    public void memcpy_to_page(Page page, int index, long value) {
        page.write(index, value);
    }

    /** {@code copy_highpage(to, from)}: a frame's contents copied word for word (khugepaged's copy into the THP). */
    public void copy_highpage(Page to, Page from) {
        int n = Math.min(to.entries(), from.entries());
        for (int i = 0; i < n; i++) to.write(i, from.read(i));
    }

    /**
     * {@code tlb_remove_table_sync_one()}: under MMU_GATHER_RCU_TABLE_FREE an IPI to every CPU that
     * returns once all acknowledged it; the step that runs it is enabled only when
     * {@link #ipi_deliverable()}. This records the IRQ states it relied on. A no-op otherwise.
     */
    public void tlb_remove_table_sync_one() {
        if (config.on(Knob.MMU_GATHER_RCU_TABLE_FREE)) recordIpiAcknowledged();
    }

    /** {@code folio_test_lru()}. */
    public boolean folio_test_lru(Folio f) {
        return (f.flags.get() & Folio.PG_lru) != 0;
    }

    // ---- TLB fill from a setup or agent, migration helpers, the folio wait queue ----------------

    /**
     * TLB_FILL(cpu, va) for a read: the hardware walker of {@code cpu} caches the translation of
     * {@code va} if the PTE lets it (setting A where the hardware does); returns whether it did.
     * Usable in a setup (a CPU that touched the page earlier: a warm TLB) and by agent threads.
     */
    public boolean tlb_fill(Cpu cpu, Mm mm, long va) {
        return fill(cpu, mm.pmdTable.word(pmd_index(va)).get(), va, false) != Arch.FAULT;
    }

    /** {@code folio_ref_add()}: {@code n} more references (the page cache's, moved to a new folio by migration). */
    public void folio_ref_add(Folio f, long n) {
        f.refcount.getAndAdd(n);
    }

    /** {@code folio_migrate_flags(newfolio, folio)}: the new folio takes over PG_dirty (the old one is cleared) and PG_uptodate. */
    public void folio_migrate_flags(Folio dst, Folio src) {
        long s = src.flags.get();
        long keep = Folio.PG_dirty | Folio.PG_uptodate;
        dst.flags.set(dst.flags.get() | (s & keep));
        if ((s & Folio.PG_dirty) != 0) src.flags.set(s & ~Folio.PG_dirty);
    }

    /** {@code folio->mapping == mapping}: false once the folio left the mapping (truncated, or migrated away and freed: mapping NULL). */
    public boolean folio_mapping_is(Folio f, AddressSpace mapping) {
        f.flags.get();
        return f.mapping() == mapping && !f.freed();
    }

    /**
     * The slow path of {@code folio_lock()} ({@code __folio_lock} → {@code folio_wait_bit_common},
     * EXCLUSIVE): the task queues at the tail of the folio's wait queue and PG_waiters is set; returns
     * its ticket. Since 5.9 {@code folio_unlock()} hands PG_locked directly to the first queued
     * exclusive waiter ({@code wake_page_function}), so a free lock goes to the head of the queue,
     * not to a newcomer.
     */
    public long folio_add_waiter(Folio f) {
        return f.waitTail.getAndAdd(1);
    }

    /** The waiter at the head of the queue got the lock and left the wait queue. */
    public void folio_del_waiter(Folio f) {
        if (f.waitHead.get() >= f.waitTail.get()) throw new IllegalStateException(f + ": no waiter to remove");
        f.waitHead.getAndAdd(1);
    }

    /** {@code folio_test_waiters()}: some task is queued for PG_locked. */
    public boolean folio_test_waiters(Folio f) {
        return f.waitHead.get() < f.waitTail.get();
    }

    @Override
    public String toString() {
        return "machine " + config + " with " + cpus.length + " CPUs";
    }
}
