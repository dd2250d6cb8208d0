package ptlab.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ptlab.mm.Config;
import ptlab.mm.Knob;

/** The per-architecture facts of mm-model.md section 2, one test each. */
class ArchFactsTest {
    static final long PFN = 0x42;

    @Test
    void x86SetsAccessedAndDirtyInHardwareAndFlushesByIpi() {
        Arch a = Config.of(Profile.X86_64).arch();
        long clean = a.pfn_pte(PFN, true, false, false);
        long afterStore = a.tlbFill(clean, true);
        assertTrue(a.pte_dirty(afterStore) && a.pte_young(afterStore), "the walker sets A and D on a store");
        long afterLoad = a.tlbFill(clean, false);
        assertTrue(a.pte_young(afterLoad) && !a.pte_dirty(afterLoad), "a load sets only A");
        assertEquals(Arch.FAULT, a.tlbFill(a.pfn_pte(PFN, false, false, true), true), "a store through a read-only entry traps");
        assertEquals(Arch.AccessFlags.WRITE_IF_DIRTY, a.accessFlags());
        assertEquals(Arch.TlbFlush.IPI, a.tlbFlush());
        assertEquals(Arch.LocklessRead.ATOMIC, a.locklessRead());
        assertFalse(a.splitWords());
    }

    @Test
    void paeKeepsThePresentBitInTheLowWordAndReadsLowHighLow() {
        Arch a = Config.of(Profile.X86_PAE).arch();
        assertTrue(a.splitWords());
        assertEquals(Arch.LocklessRead.LOW_HIGH, a.locklessRead());
        long pfnA = 0x11, pfnC = pfnA + (1L << 20);
        long ptA = a.pfn_pte(pfnA, true, true, true), ptC = a.pfn_pte(pfnC, true, true, true);
        assertEquals(FlagsArch.low(ptA), FlagsArch.low(ptC), "pages 4 GiB apart share the low word");
        assertTrue(FlagsArch.high(ptA) != FlagsArch.high(ptC));
        long torn = FlagsArch.words(0, FlagsArch.low(ptC));
        assertTrue(a.pte_present(torn), "a torn value with the low word of a present entry is present");
        assertEquals(pfnA, a.pte_pfn(torn), "and names a page nobody mapped when the high word is stale");
        assertEquals(Arch.TlbFlush.BROADCAST, Config.of(Profile.X86_PAE).with(Knob.X86_BROADCAST_TLBI, true).arch().tlbFlush());
    }

    @Test
    void arm64DirtyIsSoftwareDirtyOrWritableNotReadOnly() {
        Arm64 a = (Arm64) Config.of(Profile.ARM64).arch();
        long clean = a.pfn_pte(PFN, true, false, false);
        assertFalse(a.pte_dirty(clean));
        assertTrue((clean & Arm64.RDONLY) != 0, "a clean writable entry is RDONLY with DBM set");
        assertTrue(a.pte_dirty(clean & ~Arm64.RDONLY), "hardware dirty: DBM and not RDONLY");
        assertTrue(a.pte_dirty(a.pte_wrprotect(a.pte_mkdirty(clean))), "write-protecting keeps dirtiness in PTE_DIRTY");
        assertEquals(Arch.TlbFlush.BROADCAST, a.tlbFlush());
        assertEquals(Arch.AccessFlags.CMPXCHG_MERGE, a.accessFlags());
    }

    @Test
    void arm64HardwareAccessFlagAndDbmAreEachOptional() {
        Arm64 full = (Arm64) Config.of(Profile.ARM64).arch();
        Arm64 none = (Arm64) Config.of(Profile.ARM64).with(Knob.ARM64_HW_AF, false).with(Knob.ARM64_HW_DBM, false).arch();
        long old = full.pfn_pte(PFN, true, false, false);
        assertTrue(full.pte_young(full.tlbFill(old, false)), "HW AF sets the access flag");
        assertEquals(Arch.FAULT, none.tlbFill(old, false), "without HW AF an old entry traps");
        long young = full.pte_mkyoung(old);
        assertTrue(full.pte_dirty(full.tlbFill(young, true)), "DBM clears RDONLY on the first store");
        assertEquals(Arch.FAULT, none.tlbFill(young, true), "without DBM a clean entry traps on a store");
    }

    @Test
    void arm64AccessFlagsMergeNeverRemovesAFlag() {
        Arm64 a = (Arm64) Config.of(Profile.ARM64).arch();
        long[] bits = {Arm64.RDONLY, Arm64.AF, Arm64.WRITE, Arm64.SW_DIRTY};
        for (int o = 0; o < 16; o++) {
            for (int e = 0; e < 16; e++) {
                long old = pte(a, bits, o), entry = pte(a, bits, e);
                long merged = a.accessFlagsMerge(old, entry);
                for (long flag : new long[] {Arm64.AF, Arm64.WRITE, Arm64.SW_DIRTY}) {
                    if ((old & flag) != 0 || (entry & flag) != 0) assertTrue((merged & flag) != 0, "merge keeps every flag either side has");
                }
                assertEquals((old & Arm64.RDONLY) != 0 && (entry & Arm64.RDONLY) != 0, (merged & Arm64.RDONLY) != 0, "RDONLY is the AND");
                if (a.pte_dirty(old)) assertTrue(a.pte_dirty(merged), "a dirty entry stays dirty");
            }
        }
    }

    private static long pte(Arm64 a, long[] bits, int mask) {
        long v = Arm64.VALID | (PFN << 12);
        for (int i = 0; i < bits.length; i++) if ((mask & (1 << i)) != 0) v |= bits[i];
        return v;
    }

    @Test
    void arm64InvalidEntriesStayPresentForSoftwareOnly() {
        Arm64 a = (Arm64) Config.of(Profile.ARM64).arch();
        long inv = a.pte_mkinvalid(a.pfn_pte(PFN, true, true, true));
        assertTrue(a.pte_present(inv));
        assertFalse(a.pte_valid(inv));
        assertEquals(Arch.FAULT, a.tlbFill(inv, false), "the hardware cannot fill from it");
        assertThrows(UnsupportedOperationException.class, () -> Config.of(Profile.X86_64).arch().pte_mkinvalid(0x1001));
    }

    @Test
    void contpteIsArm64WithSixteenEntryTables() {
        assertEquals(Arch.LocklessRead.CONTPTE, Config.of(Profile.ARM64).with(Knob.PTRS_PER_PTE, 16).with(Knob.ARM64_CONTPTE, true).arch().locklessRead());
        assertThrows(IllegalArgumentException.class, () -> Config.of(Profile.ARM64).with(Knob.ARM64_CONTPTE, true), "CONT_PTES = 16 needs 16-entry tables");
    }

    @Test
    void genericSoftwareAdTrapsOnOldAndCleanAndOverwrites() {
        Arch a = Config.of(Profile.GENERIC_SW_AD).arch();
        assertFalse(a.hwYoung() || a.hwDirty());
        assertEquals(Arch.FAULT, a.tlbFill(a.pfn_pte(PFN, true, false, false), false), "old: inaccessible");
        assertEquals(Arch.FAULT, a.tlbFill(a.pfn_pte(PFN, true, false, true), true), "clean: read-only for the hardware");
        long ok = a.pfn_pte(PFN, true, true, true);
        assertEquals(ok, a.tlbFill(ok, true), "young and dirty: no hardware update");
        assertEquals(Arch.AccessFlags.OVERWRITE, a.accessFlags());
        assertEquals(Arch.TlbFlush.IPI, a.tlbFlush());
    }

    @Test
    void riscvManagesAccessedAndDirtyInHardwareOnlyWithSvadu() {
        Arch plain = Config.of(Profile.RISCV).arch();
        Arch svadu = Config.of(Profile.RISCV).with(Knob.RISCV_SVADU, true).arch();
        long clean = plain.pfn_pte(PFN, true, false, true);
        assertEquals(Arch.FAULT, plain.tlbFill(clean, true));
        assertTrue(svadu.pte_dirty(svadu.tlbFill(clean, true)));
        assertEquals(Arch.AccessFlags.OVERWRITE, svadu.accessFlags());
    }

    @Test
    void arm32HasHighPteTablesByDefault() {
        Config c = Config.of(Profile.ARM32);
        assertTrue(c.on(Knob.HIGHPTE));
        assertFalse(Config.of(Profile.X86_64).on(Knob.HIGHPTE));
        assertTrue(c.on(Knob.MMU_GATHER_RCU_TABLE_FREE));
        assertFalse(Config.of(Profile.X86_64).on(Knob.MMU_GATHER_RCU_TABLE_FREE), "bare-metal x86 before 6.15 syncs table freeing by the flush IPI");
    }

    @Test
    void entriesDecodeInTheArchsTerms() {
        Arm64 a = (Arm64) Config.of(Profile.ARM64).arch();
        assertEquals("PRESENT pfn=0x42 W A PTE_RDONLY", a.describe(a.pfn_pte(PFN, true, false, true)));
        assertEquals("MIGRATION(WRITE) pfn=0x42 A D", a.describe(a.make_migration_entry(PFN, Entry.Migration.WRITE, true, true)));
        assertTrue(a.is_migration_entry(a.make_migration_entry(PFN, Entry.Migration.READ, false, false)));
        assertEquals(PFN, a.swp_offset(a.make_migration_entry(PFN, Entry.Migration.READ, false, false)));
        assertEquals("NONE", a.describe(0));
        assertEquals("TABLE pfn=0x42", a.describePmd(a.pmd_mktable(PFN)));
        assertTrue(a.pmd_leaf(a.pmd_mkhuge(PFN, true, false, true)));
    }

    @Test
    void badKnobsAreErrorsThatNameTheProblem() {
        Config c = Config.of(Profile.X86_64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("NO_SUCH_KNOB", true)).getMessage().contains("unknown knob 'NO_SUCH_KNOB'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("ARM64_HW_DBM", false)).getMessage().contains("does not apply to X86_64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("PTRS_PER_PTE", true)).getMessage().contains("takes an int"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Config.of("sparc")).getMessage().contains("unknown architecture 'sparc'"));
    }
}
