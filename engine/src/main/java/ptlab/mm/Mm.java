package ptlab.mm;

import java.util.List;
import ptlab.race.Lock;
import ptlab.race.LongVar;
import ptlab.race.Var;

/**
 * A process's {@code mm_struct}. The upper levels (PGD, P4D, PUD) are folded: {@link #pmdTable}
 * is the top table, as on a 2-level build; the PMD and PTE levels, where every race here lives,
 * are real.
 */
public final class Mm {
    public static final int MM_ANONPAGES = 0, MM_FILEPAGES = 1, MM_SHMEMPAGES = 2;

    private final String name;
    final Page pmdTable;
    public final Lock page_table_lock;
    public final Lock mmap_lock;
    final Var<List<Vma>> vmas;
    final LongVar write_protect_seq;
    final LongVar tlb_flush_pending;
    final LongVar nr_ptes;
    final LongVar[] rss;

    Mm(Machine m, String name) {
        this.name = name;
        this.page_table_lock = m.memory.spinlock(name + ".page_table_lock");
        this.mmap_lock = m.memory.rwsem(name + ".mmap_lock");
        this.pmdTable = m.newTable(Page.Use.PMD_TABLE, name + ".pmd");
        pmdTable.tableState().set(TableState.ATTACHED);
        this.vmas = m.memory.var(name + ".vmas", List.of());
        this.write_protect_seq = m.memory.longVar(name + ".write_protect_seq", 0);
        this.tlb_flush_pending = m.memory.longVar(name + ".tlb_flush_pending", 0);
        this.nr_ptes = m.memory.longVar(name + ".nr_ptes", 0);
        this.rss = m.memory.longVars(name + ".rss", 3, 0);
    }

    public String name() { return name; }
    public Page pmdTable() { return pmdTable; }
    public List<Vma> peekVmas() { return vmas.peek(); }
    public long peekRss(int type) { return rss[type].peek(); }
    public long peekNrPtes() { return nr_ptes.peek(); }
    public long peekWriteProtectSeq() { return write_protect_seq.peek(); }

    @Override
    public String toString() {
        return name;
    }
}
