package ptlab.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptlab.arch.Profile;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Ptr;
import ptlab.mm.Quiescence;

/** The machine used from a cell: map, touch through the real fault paths, inspect; bad input is a clear error that loses nothing. */
class SandboxTest {
    @Test
    void aStoreFaultsInAnAnonymousPageWithItsTableAndTheTlbCachesIt() {
        Sandbox s = Sandbox.of("ARM64");
        s.mmap(0, 0x4000, "rw");
        long pfn = s.touch(0, 0x2000, true);
        Ptr p = s.entry(0x2000);
        long pte = p.table().peek(p.index());
        assertTrue(s.machine().arch.pte_dirty(pte) && s.machine().arch.pte_write(pte), s.machine().arch.describe(pte));
        assertEquals(pfn, s.machine().arch.pte_pfn(pte));
        assertEquals(1, s.machine().mm().peekRss(ptlab.mm.Mm.MM_ANONPAGES));
        assertTrue(s.walk(0x2000).contains("PRESENT pfn=0x" + Long.toHexString(pfn) + " W D A"), s.walk(0x2000));
        assertEquals(pfn, s.touch(0, 0x2000, false), "a second access hits the TLB");
        assertEquals(List.of(), s.findings());
        assertEquals(List.of(), Quiescence.violations(s.machine()));
        assertTrue(s.toString().contains("ATTACHED"), s.toString());
    }

    @Test
    void onSoftwareAdArchesAReadThenAWriteTakeTwoFaults() {
        Sandbox s = Sandbox.of(Config.of(Profile.GENERIC_SW_AD));
        s.mmap(0, 0x4000, "rw");
        s.touch(1, 0x1000, false);
        Ptr p = s.entry(0x1000);
        assertTrue(!s.machine().arch.pte_dirty(p.table().peek(p.index())), "a read fault maps the page clean");
        s.touch(1, 0x1000, true);
        assertTrue(s.machine().arch.pte_dirty(p.table().peek(p.index())), "the write fault sets D in software");
    }

    @Test
    void munmapTearsDownPtesAndTableAndFreesTheFolio() {
        Sandbox s = Sandbox.of("ARM64");
        s.mmap(0, 0x4000, "rw");
        Folio f = s.machine().pfn_folio(s.touch(0, 0x1000, true));
        var table = s.entry(0x1000).table();
        s.munmap(0, 0x1000);
        assertEquals(List.of(), s.machine().mm().peekVmas());
        assertTrue(f.freed(), f.toString());
        assertEquals(ptlab.mm.TableState.FREED, table.peekState(), "RCU-freed after the grace period");
        assertTrue(s.walk(0x1000).contains("= NONE"), s.walk(0x1000));
        assertEquals(List.of(), Quiescence.violations(s.machine()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.munmap(0, 0x1000)).getMessage().contains("no VMA contains 0x1000"));
    }

    @Test
    void badInputIsAClearErrorAndTheMachineStaysUsable() {
        Sandbox s = Sandbox.of("X86_64");
        s.mmap(0, 0x2000, "r");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.mmap(0x1001, 0x1000, "rw")).getMessage().contains("page aligned"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.mmap(0x1000, 0x1000, "rw")).getMessage().contains("overlaps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.mmap(0, 1L << 30, "rw")).getMessage().contains("outside the modelled address space"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> s.touch(0, 0x8000, false));
        assertTrue(e.getMessage().contains("0x8000 is not in an anonymous VMA"), e.getMessage());
        e = assertThrows(RuntimeException.class, () -> s.touch(0, 0x1000, true));
        assertTrue(e.getMessage().contains("write fault at 0x1000 in a read-only VMA"), e.getMessage());
        s.mmap(0x4000, 0x2000, "rw");
        s.touch(0, 0x4000, true);
        assertTrue(s.machine().mm().mmap_lock.readers() == 0 && s.machine().mm().mmap_lock.owner() < 0, "the failed faults released mmap_lock");
        assertThrows(UnsupportedOperationException.class, () -> s.machine().arch.pte_mkinvalid(1));
    }

    @Test
    void quiescenceCatchesAFreedFolioStillMappedAndCached() {
        Sandbox s = Sandbox.of("X86_64");
        s.mmap(0, 0x4000, "rw");
        Folio f = s.machine().pfn_folio(s.touch(0, 0x1000, true));
        s.run(0, Path.of("bad put", s.config(), b -> b.step("1", (m, c) -> m.folio_put(f))));
        List<String> v = Quiescence.violations(s.machine());
        assertTrue(v.contains(Quiescence.I1) && v.contains(Quiescence.I3), v.toString());
    }
}
