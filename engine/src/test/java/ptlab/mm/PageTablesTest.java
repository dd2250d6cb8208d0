package ptlab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptlab.arch.Decoded;
import ptlab.arch.Entry;
import ptlab.mm.PageTableDiff.Change;
import ptlab.mm.PageTables.Slot;
import ptlab.mm.PageTables.Table;
import ptlab.paths.Path;
import ptlab.paths.Sandbox;
import ptlab.race.Memory;

/** Snapshots list exactly the non-none entries, decoded in the arch's terms; diffs mark exactly what a step changed. */
class PageTablesTest {
    static Sandbox mapped(String arch) {
        Sandbox s = Sandbox.of(arch);
        s.mmap(0, 0x4000, "rw");
        return s;
    }

    /** A one-CPU machine whose first PTE table is linked at pmd[0], for writing entries directly. */
    static Machine machine(Config config) {
        Machine m = Machine.boot(Memory.standalone("CPU0"), config, 1);
        m.mmap(m.mm(), 0, 16 * 4096L, Vma.VM_READ | Vma.VM_WRITE, true, null, 0);
        m.pmd_populate(m.mm(), m.pmd_offset(m.mm(), 0), m.pte_alloc_one("T"));
        return m;
    }

    static Ptr pte(Machine m, int index) {
        return new Ptr(m.pfn_to_page(m.arch.pmd_pfn(m.mm().pmdTable().peek(0))), index, null);
    }

    @Test
    void theTreeListsEveryNonNoneEntryUnderItsPmdWithTheTablesStateAndLock() {
        Sandbox s = mapped("X86_64");
        s.touch(0, 0x1000, true);
        s.touch(1, 0x3000, false);
        PageTables p = s.pageTables();
        assertEquals(List.of("[0x0-0x4000) rwp anon"), p.vmas());
        assertEquals(1, p.pmd().slots().size());
        Slot pmd = p.pmd().slots().get(0);
        assertEquals("TABLE", pmd.entry().kind());
        Table t = pmd.table();
        assertEquals(s.entry(0x1000).table().pfn(), t.pfn());
        assertEquals(TableState.ATTACHED, t.state());
        assertEquals("ptl(" + t.name() + ")", t.lock(), "split PTE locks: the table's own");
        assertEquals(List.of(1, 3), t.slots().stream().map(Slot::index).toList());
        assertEquals(List.of(0x1000L, 0x3000L), t.slots().stream().map(Slot::va).toList());
        Decoded written = t.slots().get(0).entry(), read = t.slots().get(1).entry();
        assertEquals(List.of("W", "D", "A"), written.flags());
        assertEquals(List.of("_PAGE_PRESENT", "_PAGE_RW", "_PAGE_ACCESSED", "_PAGE_DIRTY"), written.bits());
        assertEquals(List.of("A"), read.flags());
        assertEquals(List.of(), p.unlinked());
        assertEquals(List.of(0x1000L), p.tlbs().get(0).entries().stream().map(PageTables.Cached::va).toList());
        assertEquals(List.of(0x3000L), p.tlbs().get(1).entries().stream().map(PageTables.Cached::va).toList());
        assertTrue(p.toString().contains("[1] 0x1000: PRESENT pfn=0x" + Long.toHexString(written.pfn()) + " W D A  0x"), p.toString());
    }

    @Test
    void aWriteFaultSetsDAndTheDiffMarksExactlyThatEntry() {
        Sandbox s = mapped("X86_64");
        s.touch(0, 0x1000, true);
        s.touch(1, 0x2000, false);
        PageTables before = s.pageTables();
        s.touch(1, 0x2000, true);
        PageTableDiff d = before.diff(s.pageTables());
        List<PageTableDiff.Entry> changed = d.changedEntries();
        assertEquals(1, changed.size(), d.toString());
        PageTableDiff.Entry e = changed.get(0);
        assertEquals(Change.CHANGED, e.change());
        assertEquals(2, e.index());
        assertEquals(0x2000, e.va());
        assertTrue(e.after().flags().contains("D") && !e.before().flags().contains("D"), e.toString());
        assertEquals(List.of("+W", "+D"), e.flagChanges());
        assertEquals(List.of("+_PAGE_RW", "+_PAGE_DIRTY"), e.bitChanges());
        assertTrue(d.tables().stream().noneMatch(t -> t.stateChanged() || t.lockChanged()), d.toString());
        assertTrue(d.toString().contains("~ [2] 0x2000: PRESENT"), d.toString());
        assertTrue(d.toString().contains("(1 unchanged)"), d.toString());
        assertEquals(d.toString(), before.diff(s.pageTables()).toString(), "deterministic");
    }

    @Test
    void arm64ShowsItsOwnBitsAndAWriteClearsRdonly() {
        Sandbox s = mapped("ARM64");
        s.touch(0, 0x1000, false);
        PageTables before = s.pageTables();
        Decoded clean = before.pmd().slots().get(0).table().slots().get(0).entry();
        assertEquals(List.of("PTE_VALID", "PTE_RDONLY", "PTE_AF"), clean.bits());
        s.touch(0, 0x1000, true);
        PageTableDiff.Entry e = before.diff(s.pageTables()).changedEntries().get(0);
        assertEquals(List.of("+W", "+D"), e.flagChanges());
        assertTrue(e.bitChanges().contains("-PTE_RDONLY") && e.bitChanges().contains("+PTE_WRITE/DBM"), e.bitChanges().toString());
    }

    @Test
    void munmapRemovesThePmdAndItsEntriesAndTheTableGoesToFreed() {
        Sandbox s = mapped("ARM64");
        s.touch(0, 0x1000, true);
        s.touch(0, 0x2000, true);
        PageTables before = s.pageTables();
        long table = before.pmd().slots().get(0).table().pfn();
        s.munmap(0, 0x1000);
        PageTables after = s.pageTables();
        assertEquals(List.of(), after.pmd().slots());
        assertEquals(List.of(table), after.unlinked().stream().map(Table::pfn).toList());
        PageTableDiff d = before.diff(after);
        assertEquals(before.vmas(), d.vmasUnmapped());
        PageTableDiff.TableDiff pmd = d.tables().get(0), pte = d.tables().get(1);
        assertEquals(List.of(Change.REMOVED), pmd.changedEntries().stream().map(PageTableDiff.Entry::change).toList());
        assertEquals(table, pte.table().pfn());
        assertTrue(pte.stateChanged() && pte.table().state() == TableState.FREED, PageTableDiff.header(pte));
        assertEquals(List.of(Change.REMOVED, Change.REMOVED), pte.entries().stream().map(PageTableDiff.Entry::change).toList());
        assertEquals(List.of(0x1000L, 0x2000L), d.tlbs().get(0).entries().stream().map(PageTableDiff.Entry::va).toList(), "the flush dropped CPU0's entries");
        assertEquals("3 entries, 1 table, 2 TLB entries, 1 VMA changed", d.summary());
        assertTrue(d.toString().contains("ATTACHED -> FREED"), d.toString());
    }

    @Test
    void aHeldPtlNamesItsHolderAndTheDiffShowsTheLockChange() {
        Sandbox s = mapped("X86_64");
        s.touch(0, 0x1000, true);
        Page t = s.entry(0x1000).table();
        PageTables before = s.pageTables();
        assertNull(before.pmd().slots().get(0).table().holder());
        s.run(1, Path.of("hold the PTL", s.config(), b -> b.lock("lock", (m, c) -> m.ptl(m.mm(), t), null)));
        PageTables after = s.pageTables();
        assertEquals("CPU1", after.pmd().slots().get(0).table().holder());
        PageTableDiff d = before.diff(after);
        assertEquals(List.of(false, true), d.tables().stream().map(PageTableDiff.TableDiff::lockChanged).toList());
        assertTrue(d.toString().contains("ptl(" + t.name() + ") -> held by CPU1"), d.toString());
    }

    @Test
    void arm64ContpteEntriesShowCont() {
        Machine m = machine(Config.of("ARM64").with(Knob.PTRS_PER_PTE, 16).with(Knob.ARM64_CONTPTE, true));
        for (int k = 0; k < 16; k++) m.set_pte_at(m.mm(), k * 4096L, pte(m, k), m.arch.pte_mkcont(m.arch.pfn_pte(0x400 + k, true, false, false)));
        List<Slot> slots = m.pageTables().pmd().slots().get(0).table().slots();
        assertEquals(16, slots.size());
        for (Slot s : slots) {
            assertTrue(s.entry().flags().contains("CONT") && s.entry().bits().contains("PTE_CONT"), s.toString());
            assertTrue(s.entry().text().endsWith(" CONT"), s.entry().text());
        }
    }

    @Test
    void paeShowsTheTwoWords() {
        Machine m = machine(Config.of("X86_PAE"));
        m.set_pte_at(m.mm(), 0, pte(m, 0), m.arch.pfn_pte(0x123456, true, false, true));
        Decoded d = m.pageTables().pmd().slots().get(0).table().slots().get(0).entry();
        assertEquals("pte_high=0x1 pte_low=0x23456023", d.raw());
        assertTrue(m.pageTables().toString().contains("pte_high=0x1 pte_low=0x23456023 _PAGE_PRESENT|_PAGE_RW|_PAGE_ACCESSED"), m.pageTables().toString());
        assertEquals("0x123456023", machine(Config.of("X86_64")).arch.decode(0x123456023L).raw(), "one word elsewhere");
    }

    @Test
    void nonPresentEntriesShowTheirKind() {
        Machine m = machine(Config.of("X86_64"));
        m.set_pte_at(m.mm(), 0, pte(m, 0), Entry.swap(5, true));
        m.set_pte_at(m.mm(), 0x1000, pte(m, 1), m.arch.make_migration_entry(0x77, Entry.Migration.WRITE, true, true));
        m.set_pte_at(m.mm(), 0x2000, pte(m, 2), m.arch.pte_marker(Entry.Marker.UFFD_WP));
        List<Decoded> e = m.pageTables().pmd().slots().get(0).table().slots().stream().map(Slot::entry).toList();
        assertEquals(List.of("SWAP", "MIGRATION", "MARKER"), e.stream().map(Decoded::kind).toList());
        assertEquals(List.of("offset=0x5 EXCL", "(WRITE) pfn=0x77 A D", "(UFFD_WP)"), e.stream().map(Decoded::detail).toList());
        assertTrue(e.stream().allMatch(d -> d.flags().isEmpty() && d.bits().isEmpty()));
    }

    @Test
    void theSameStateGivesTheSameSnapshotAndNoDiff() {
        Sandbox a = mapped("RISCV"), b = mapped("RISCV");
        for (Sandbox s : List.of(a, b)) s.touch(0, 0x1000, true);
        assertEquals(a.pageTables(), b.pageTables());
        PageTableDiff d = a.pageTables().diff(b.pageTables());
        assertTrue(d.isEmpty());
        assertEquals("no change", d.summary());
        assertFalse(d.tables().get(1).changed());
    }
}
