package ptlab.mm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import ptlab.arch.Decoded;
import ptlab.arch.Pmd;
import ptlab.race.Lock;

/**
 * An address space's page tables at one moment, as an immutable value to look at and to
 * {@link #diff} with a later one: the VMAs; the PMD table (the upper levels are folded into it) and
 * every non-none pmd, a table pmd with the PTE table it points to; each table with its frame,
 * life-cycle state and PTL, and who holds it; every non-none entry decoded in the arch's terms;
 * the page-table pages no pmd points to (allocated, detached, queued for freeing, freed); each
 * CPU's TLB; and the findings raised so far.
 */
public record PageTables(String machine, String mm, List<String> vmas, Table pmd, List<Table> unlinked, List<CpuTlb> tlbs, List<String> findings) {
    public PageTables {
        vmas = List.copyOf(vmas);
        unlinked = List.copyOf(unlinked);
        tlbs = List.copyOf(tlbs);
        findings = List.copyOf(findings);
    }

    /** A page-table page: its descriptor, state, PTL ({@code holder} null when free) and its non-none entries. */
    public record Table(String name, Page.Use use, long pfn, boolean highmem, TableState state, String ptl, String holder, List<Slot> slots) {
        public Table {
            slots = List.copyOf(slots);
        }

        /** "PMD table" or "PTE table". */
        public String level() {
            return use == Page.Use.PMD_TABLE ? "PMD table" : "PTE table";
        }

        /** "PTE table T100 (pfn 0x100)" */
        public String title() {
            return level() + " " + name + " (pfn 0x" + Long.toHexString(pfn) + (highmem ? ", highmem" : "") + ")";
        }

        /** "ptl(T100) held by CPU0" or just "ptl(T100)". */
        public String lock() {
            return holder == null ? ptl : ptl + " held by " + holder;
        }

        @Override
        public String toString() {
            return title() + " " + state + ", " + lock();
        }
    }

    /**
     * A non-none entry at {@code index}, mapping from {@code va} (-1 in a table no pmd points to);
     * for a table pmd, {@code table} is the PTE table (null for every other entry).
     */
    public record Slot(int index, long va, Decoded entry, Table table) {
        public String where(Page.Use in) {
            return PageTables.where(in, index, va);
        }
    }

    /** "[1] 0x1000" for a PTE, "pmd[0] 0x0" for a pmd, without the address where it is unknown. */
    public static String where(Page.Use in, int index, long va) {
        return (in == Page.Use.PMD_TABLE ? "pmd" : "") + "[" + index + "]" + (va < 0 ? "" : " 0x" + Long.toHexString(va));
    }

    /** One translation a CPU's TLB holds: the PTE value it cached for {@code va}. */
    public record Cached(long va, Decoded pte) {}

    public record CpuTlb(int cpu, List<Cached> entries) {
        public CpuTlb {
            entries = List.copyOf(entries);
        }
    }

    /** The page tables of {@code mm} on {@code m} now; {@code findings} are the labels raised so far. */
    public static PageTables of(Machine m, Mm mm, List<String> findings) {
        Set<Page> linked = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Mm other : m.mms()) {
            linked.add(other.pmdTable());
            Page top = other.pmdTable();
            for (int i = 0; i < top.entries(); i++) {
                Page t = pteTable(m, top.peek(i));
                if (t != null) linked.add(t);
            }
        }
        List<Table> unlinked = new ArrayList<>();
        for (Page t : m.tables()) if (!linked.contains(t)) unlinked.add(table(m, mm, t, -1));
        List<CpuTlb> tlbs = new ArrayList<>();
        for (int c = 0; c < m.nrCpus(); c++) {
            Tlb tlb = m.cpu(c).peekTlb();
            List<Cached> cached = new ArrayList<>();
            for (long va : tlb.addresses()) cached.add(new Cached(va, m.arch.decode(tlb.lookup(va))));
            tlbs.add(new CpuTlb(c, cached));
        }
        List<String> vmas = mm.peekVmas().stream().map(Vma::toString).toList();
        return new PageTables(m.toString(), mm.name(), vmas, table(m, mm, mm.pmdTable(), 0), unlinked, tlbs, findings);
    }

    /** The PTE table a pmd points to, or null when it is not a table pmd or names no table page. */
    private static Page pteTable(Machine m, long pmd) {
        if (m.arch.pmdKind(pmd) != Pmd.Kind.TABLE) return null;
        Page p = m.pfn_to_page(m.arch.pmd_pfn(pmd));
        return p != null && p.isTable() ? p : null;
    }

    /** A table whose first entry maps {@code base} (-1: unknown). */
    private static Table table(Machine m, Mm mm, Page t, long base) {
        boolean pmdLevel = t.use() == Page.Use.PMD_TABLE;
        long span = pmdLevel ? m.config.pmdSize() : 1L << 12;
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < t.entries(); i++) {
            long v = t.peek(i);
            if (v == 0) continue;
            long va = base < 0 ? -1 : base + i * span;
            Page child = pmdLevel ? pteTable(m, v) : null;
            slots.add(new Slot(i, va, pmdLevel ? m.arch.decodePmd(v) : m.arch.decode(v), child == null ? null : table(m, mm, child, va)));
        }
        Lock ptl = m.ptl(mm, t);
        String holder = ptl.owner() >= 0 ? m.memory.threadName(ptl.owner()) : null;
        return new Table(t.name(), t.use(), t.pfn(), t.highmem(), t.peekState(), ptl.name(), holder, slots);
    }

    /** What changed from this snapshot to {@code after}. */
    public PageTableDiff diff(PageTables after) {
        return PageTableDiff.of(this, after);
    }

    /** Every table, in tree order: the PMD table, the PTE tables by pmd index, then the unlinked ones. */
    public List<Table> tables() {
        List<Table> all = new ArrayList<>(List.of(pmd));
        for (Slot s : pmd.slots()) if (s.table() != null) all.add(s.table());
        all.addAll(unlinked);
        return all;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(machine).append(", ").append(mm).append(" (pgd/p4d/pud folded)\n");
        for (String v : vmas) b.append("  vma ").append(v).append('\n');
        append(b, pmd, "  ");
        if (!unlinked.isEmpty()) b.append("  not linked from any pmd:\n");
        for (Table t : unlinked) append(b, t, "    ");
        for (CpuTlb t : tlbs) {
            b.append("  CPU").append(t.cpu()).append(" TLB:").append(t.entries().isEmpty() ? " empty" : "").append('\n');
            for (Cached c : t.entries()) b.append("    0x").append(Long.toHexString(c.va())).append(" -> ").append(c.pte().text()).append('\n');
        }
        if (!findings.isEmpty()) b.append("  findings: ").append(String.join(", ", findings)).append('\n');
        return b.toString();
    }

    private static void append(StringBuilder b, Table t, String indent) {
        b.append(indent).append(t).append('\n');
        for (Slot s : t.slots()) {
            b.append(indent).append("  ").append(s.where(t.use())).append(": ").append(s.entry()).append('\n');
            if (s.table() != null) append(b, s.table(), indent + "    ");
        }
    }
}
