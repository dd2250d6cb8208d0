package ptlab.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import ptlab.arch.Decoded;
import ptlab.mm.PageTables.Slot;
import ptlab.mm.PageTables.Table;

/**
 * What changed between two {@link PageTables} snapshots (before and after a step or a path): VMAs
 * mapped and unmapped, entries added, removed or changed (with the flags and bits set and
 * cleared), tables whose state or lock holder changed, TLB entries filled, flushed or changed,
 * new findings. Tables are matched by pfn and entries by index, so a table that is unlinked and
 * freed is one table whose pmd went away and whose state went to FREED.
 */
public final class PageTableDiff {
    public enum Change { SAME, ADDED, REMOVED, CHANGED }

    /** An entry in either snapshot ({@code before} or {@code after} null where the slot was none). */
    public record Entry(int index, long va, Decoded before, Decoded after) {
        public Change change() {
            if (before == null) return Change.ADDED;
            if (after == null) return Change.REMOVED;
            return before.value() == after.value() ? Change.SAME : Change.CHANGED;
        }

        /** The kernel's flags set and cleared: "+D", "-A". */
        public List<String> flagChanges() {
            return changes(Decoded::flags);
        }

        /** The arch's bits set and cleared: "+PTE_DIRTY", "-PTE_RDONLY". */
        public List<String> bitChanges() {
            return changes(Decoded::bits);
        }

        private List<String> changes(Function<Decoded, List<String>> of) {
            List<String> old = before == null ? List.of() : of.apply(before), now = after == null ? List.of() : of.apply(after);
            List<String> c = new ArrayList<>();
            for (String s : now) if (!old.contains(s)) c.add("+" + s);
            for (String s : old) if (!now.contains(s)) c.add("-" + s);
            return c;
        }

        /** "PRESENT pfn=0x101 A -> PRESENT pfn=0x101 W D A (+W +D; +PTE_DIRTY -PTE_RDONLY)" */
        @Override
        public String toString() {
            return switch (change()) {
                case SAME, ADDED -> after.toString();
                case REMOVED -> before.toString();
                case CHANGED -> {
                    String flags = String.join(" ", flagChanges()), bits = String.join(" ", bitChanges());
                    String why = flags.isEmpty() ? bits : bits.isEmpty() ? flags : flags + "; " + bits;
                    yield before.text() + " -> " + after + (why.isEmpty() ? "" : "  (" + why + ")");
                }
            };
        }
    }

    /** A table in either snapshot, with every entry of either (the unchanged ones too). */
    public record TableDiff(Table before, Table after, List<Entry> entries) {
        public TableDiff {
            entries = List.copyOf(entries);
        }

        /** The table as it is after (as it was, if it is gone). */
        public Table table() {
            return after != null ? after : before;
        }

        public boolean stateChanged() {
            return before != null && after != null && before.state() != after.state();
        }

        public boolean lockChanged() {
            return before != null && after != null && !Objects.equals(before.lock(), after.lock());
        }

        public List<Entry> changedEntries() {
            return entries.stream().filter(e -> e.change() != Change.SAME).toList();
        }

        public boolean changed() {
            return before == null || after == null || stateChanged() || lockChanged() || !changedEntries().isEmpty();
        }
    }

    /** One CPU's TLB entries that were filled, flushed or changed. */
    public record TlbDiff(int cpu, List<Entry> entries) {
        public TlbDiff {
            entries = List.copyOf(entries);
        }
    }

    private final PageTables before, after;
    private final List<String> vmasMapped, vmasUnmapped, newFindings;
    private final List<TableDiff> tables = new ArrayList<>();
    private final List<TlbDiff> tlbs = new ArrayList<>();

    private PageTableDiff(PageTables before, PageTables after) {
        this.before = before;
        this.after = after;
        this.vmasMapped = minus(after.vmas(), before.vmas());
        this.vmasUnmapped = minus(before.vmas(), after.vmas());
        this.newFindings = minus(after.findings(), before.findings());
        Map<Long, Table> old = new TreeMap<>();
        for (Table t : before.tables()) old.put(t.pfn(), t);
        for (Table t : after.tables()) tables.add(table(old.remove(t.pfn()), t));
        for (Table t : old.values()) tables.add(table(t, null));
        for (int c = 0; c < Math.max(before.tlbs().size(), after.tlbs().size()); c++) {
            Map<Long, Entry> byVa = new TreeMap<>();
            for (PageTables.Cached e : cached(before, c)) byVa.put(e.va(), new Entry(-1, e.va(), e.pte(), null));
            for (PageTables.Cached e : cached(after, c)) {
                Entry was = byVa.get(e.va());
                byVa.put(e.va(), new Entry(-1, e.va(), was == null ? null : was.before(), e.pte()));
            }
            List<Entry> diffs = byVa.values().stream().filter(e -> e.change() != Change.SAME).toList();
            if (!diffs.isEmpty()) tlbs.add(new TlbDiff(c, diffs));
        }
    }

    public static PageTableDiff of(PageTables before, PageTables after) {
        return new PageTableDiff(before, after);
    }

    public PageTables before() { return before; }
    public PageTables after() { return after; }
    public List<String> vmasMapped() { return vmasMapped; }
    public List<String> vmasUnmapped() { return vmasUnmapped; }
    public List<String> newFindings() { return newFindings; }
    /** Every table of either snapshot in the after tree's order, then those only before had. */
    public List<TableDiff> tables() { return List.copyOf(tables); }
    public List<TlbDiff> tlbs() { return List.copyOf(tlbs); }

    /** Every changed entry, table by table. */
    public List<Entry> changedEntries() {
        return tables.stream().flatMap(t -> t.changedEntries().stream()).toList();
    }

    public boolean isEmpty() {
        return vmasMapped.isEmpty() && vmasUnmapped.isEmpty() && newFindings.isEmpty() && tlbs.isEmpty() && tables.stream().noneMatch(TableDiff::changed);
    }

    /** "2 entries, 1 table, 1 TLB entry changed" or "no change". */
    public String summary() {
        if (isEmpty()) return "no change";
        List<String> parts = new ArrayList<>();
        count(parts, changedEntries().size(), "entry", "entries");
        count(parts, (int) tables.stream().filter(t -> t.before() == null || t.after() == null || t.stateChanged() || t.lockChanged()).count(), "table", "tables");
        count(parts, tlbs.stream().mapToInt(t -> t.entries().size()).sum(), "TLB entry", "TLB entries");
        count(parts, vmasMapped.size() + vmasUnmapped.size(), "VMA", "VMAs");
        count(parts, newFindings.size(), "new finding", "new findings");
        return String.join(", ", parts) + " changed";
    }

    private static void count(List<String> parts, int n, String one, String many) {
        if (n > 0) parts.add(n + " " + (n == 1 ? one : many));
    }

    private static TableDiff table(Table before, Table after) {
        Map<Integer, Entry> byIndex = new TreeMap<>();
        if (before != null) for (Slot s : before.slots()) byIndex.put(s.index(), new Entry(s.index(), s.va(), s.entry(), null));
        if (after != null) {
            for (Slot s : after.slots()) {
                Entry was = byIndex.get(s.index());
                byIndex.put(s.index(), new Entry(s.index(), s.va() >= 0 || was == null ? s.va() : was.va(), was == null ? null : was.before(), s.entry()));
            }
        }
        return new TableDiff(before, after, new ArrayList<>(byIndex.values()));
    }

    private static List<PageTables.Cached> cached(PageTables p, int cpu) {
        return cpu < p.tlbs().size() ? p.tlbs().get(cpu).entries() : List.of();
    }

    private static List<String> minus(List<String> a, List<String> b) {
        return a.stream().filter(s -> !b.contains(s)).toList();
    }

    /** Only what changed: unchanged entries are counted, unchanged tables named on one line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(summary()).append('\n');
        for (String v : vmasUnmapped) b.append("  - vma ").append(v).append('\n');
        for (String v : vmasMapped) b.append("  + vma ").append(v).append('\n');
        List<String> unchanged = new ArrayList<>();
        for (TableDiff t : tables) {
            if (!t.changed()) {
                unchanged.add(t.table().name());
                continue;
            }
            b.append("  ").append(mark(t)).append(header(t)).append('\n');
            int same = 0;
            for (Entry e : t.entries()) {
                if (e.change() == Change.SAME) same++;
                else b.append("    ").append(mark(e.change())).append(PageTables.where(t.table().use(), e.index(), e.va())).append(": ").append(e).append('\n');
            }
            if (same > 0) b.append("    (").append(same).append(" unchanged)\n");
        }
        if (!unchanged.isEmpty()) b.append("  unchanged: ").append(String.join(", ", unchanged)).append('\n');
        for (TlbDiff t : tlbs) {
            for (Entry e : t.entries()) {
                b.append("  CPU").append(t.cpu()).append(" TLB ").append(mark(e.change())).append("0x").append(Long.toHexString(e.va())).append(": ").append(e).append('\n');
            }
        }
        for (String f : newFindings) b.append("  + finding ").append(f).append('\n');
        return b.toString();
    }

    /** "PTE table T100 (pfn 0x100) ATTACHED -> FREED, ptl(T100)" */
    public static String header(TableDiff t) {
        Table now = t.table();
        String state = t.stateChanged() ? t.before().state() + " -> " + now.state() : now.state().toString();
        String lock = t.lockChanged() ? t.before().lock() + " -> " + (now.holder() == null ? "free" : "held by " + now.holder()) : now.lock();
        return now.title() + " " + state + ", " + lock;
    }

    private static String mark(TableDiff t) {
        return t.before() == null ? "+ " : t.after() == null ? "- " : "";
    }

    private static String mark(Change c) {
        return switch (c) {
            case SAME -> "  ";
            case ADDED -> "+ ";
            case REMOVED -> "- ";
            case CHANGED -> "~ ";
        };
    }
}
