package ptlab.mm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import ptlab.arch.Profile;
import ptlab.paths.Path;
import ptlab.paths.PathBuilder;
import ptlab.paths.Sandbox;
import ptlab.race.Lock;

/** Each locking rule of mm-model.md section 4: a run that breaks it raises its label, a correct one does not. */
class CheckerTest {
    static final long VA = 0x1000;

    /** A sandbox with one anonymous page mapped at VA (so a PTE table exists). */
    static Sandbox mapped(Config c) {
        Sandbox s = Sandbox.of(c);
        s.mmap(0, 0x4000, "rw");
        s.touch(0, VA, true);
        return s;
    }

    static List<String> run(Sandbox s, Consumer<PathBuilder> body) {
        return s.run(0, Path.of("probe", s.config(), body));
    }

    static Ptr pmdp(Machine m) {
        return m.pmd_offset(m.mm(), VA);
    }

    static Ptr ptep(Machine m) {
        return m.__pte_map(m.pmdp_get(pmdp(m)), VA);
    }

    static Lock ptl(Machine m) {
        return m.pte_lockptr(m.mm(), pmdp(m).table().peek(pmdp(m).index()));
    }

    @Test
    void lr1PteWriteNeedsThePtl() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        assertTrue(run(s, b -> b.mmap_read_lock("1", (m, c) -> m.mm(), (m, c) -> {
            m.pte_clear(m.mm(), VA, ptep(m));
            m.mm().mmap_lock.unlock();
        })).contains(Labels.PTE_WRITE_WITHOUT_PTL));
        List<String> ok = run(s, b -> b.mmap_read_lock("1", (m, c) -> m.mm(), null).lock("2", (m, c) -> ptl(m), (m, c) -> {
            m.pte_clear(m.mm(), VA, ptep(m));
            ptl(m).unlock();
            m.mm().mmap_lock.unlock();
        }));
        assertFalse(ok.contains(Labels.PTE_WRITE_WITHOUT_PTL), ok.toString());
        assertFalse(ok.contains(Labels.BOGUS_PTL), ok.toString());
    }

    @Test
    void lr2APtlDerivedFromANonePmdIsBogus() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        // pmd[1] is none: pmd_page(NONE) is pfn 0, and its "ptl" is whatever that page holds there.
        List<String> l = run(s, b -> b.lock("1", (m, c) -> m.pte_lockptr(m.mm(), 0), (m, c) -> m.pte_lockptr(m.mm(), 0).unlock()));
        assertTrue(l.contains(Labels.BOGUS_PTL), l.toString());
        assertFalse(run(s, b -> b.lock("1", (m, c) -> ptl(m), (m, c) -> ptl(m).unlock())).contains(Labels.BOGUS_PTL));
    }

    @Test
    void lr2WithAllocatedPtlocksANonTablePageHasANullPtl() {
        Sandbox s = mapped(Config.of(Profile.X86_64).with(Knob.ALLOC_SPLIT_PTLOCKS, true));
        List<String> l = run(s, b -> b.spin_lock("1", (m, c) -> m.pte_lockptr(m.mm(), 0), null));
        assertTrue(l.contains(Labels.NULL_PTL_DEREF) && l.contains(Labels.OOPS), l.toString());
    }

    @Test
    void lr3APtlFromALocklessPmdReadNeedsARecheckBeforeWriting() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Consumer<PathBuilder> writeNone = b -> b.mmap_read_lock("0", (m, c) -> m.mm(), null)
                .step("1", (m, c) -> c.set("ptl", ptl(m)))
                .spin_lock("2", "ptl", null);
        List<String> bad = run(s, b -> {
            writeNone.accept(b);
            b.step("3", (m, c) -> {
                Ptr p = m.__pte_map(pmdp(m).table().peek(pmdp(m).index()), VA + 0x1000); // a none slot: no pte_same can revalidate
                m.set_pte_at(m.mm(), VA + 0x1000, p, 0);
                ((Lock) c.get("ptl")).unlock();
                m.mm().mmap_lock.unlock();
            });
        });
        assertTrue(bad.contains(Rules.PMD_NOT_RECHECKED), bad.toString());
        List<String> ok = run(s, b -> {
            writeNone.accept(b);
            b.step("3", (m, c) -> {
                m.pmdp_get(pmdp(m)); // pmd_same(pmdval, *pmd)
                Ptr p = m.__pte_map(pmdp(m).table().peek(pmdp(m).index()), VA + 0x1000);
                m.set_pte_at(m.mm(), VA + 0x1000, p, 0);
                ((Lock) c.get("ptl")).unlock();
                m.mm().mmap_lock.unlock();
            });
        });
        assertFalse(ok.contains(Rules.PMD_NOT_RECHECKED), ok.toString());
    }

    @Test
    void lr4APmdWriteNeedsThePmdLock() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Ptr other = new Ptr(s.machine().mm().pmdTable(), 1, null);
        assertTrue(run(s, b -> b.step("1", (m, c) -> m.pmd_populate(m.mm(), other, m.pte_alloc_one()))).contains(Rules.PMD_WRITE_WITHOUT_PML));
        Ptr third = new Ptr(s.machine().mm().pmdTable(), 2, null);
        assertFalse(run(s, b -> b.lock("1", (m, c) -> m.pmd_lockptr(m.mm(), third), (m, c) -> {
            m.pmd_populate(m.mm(), third, m.pte_alloc_one());
            m.pmd_lockptr(m.mm(), third).unlock();
        })).contains(Rules.PMD_WRITE_WITHOUT_PML));
    }

    @Test
    void lr6AnEntryWriteNeedsMmapLockOrAVmaOrRmapLock() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        assertTrue(run(s, b -> b.lock("1", (m, c) -> ptl(m), (m, c) -> {
            m.pte_clear(m.mm(), VA, ptep(m));
            ptl(m).unlock();
        })).contains(Rules.PT_WRITE_WITHOUT_MMAP_LOCK));
    }

    @Test
    void lr7ALocklessWalkNeedsIrqsOffOrRcu() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        assertTrue(run(s, b -> b.step("1", (m, c) -> m.__ptep_get(ptep(m)))).contains(Rules.UNPROTECTED_WALK));
        assertFalse(run(s, b -> b.step("1", (m, c) -> {
            m.local_irq_save();
            m.__ptep_get(ptep(m));
            m.local_irq_restore();
        })).contains(Rules.UNPROTECTED_WALK));
    }

    @Test
    void lr8AccessesToFreedAndDetachedTablesAreCaught() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Page t = s.machine().pmd_page(pmdp(s.machine()).table().peek(pmdp(s.machine()).index()));
        Ptr p = new Ptr(t, 1, null);
        run(s, b -> b.mmap_write_lock("1", (m, c) -> m.mm(), null).lock("2", (m, c) -> m.pmd_lockptr(m.mm(), pmdp(m)), (m, c) -> {
            m.pmd_clear(m.mm(), pmdp(m));
            m.pmd_lockptr(m.mm(), pmdp(m)).unlock();
            m.mm().mmap_lock.unlock();
        }));
        List<String> detached = new java.util.ArrayList<>(run(s, b -> b.mmap_read_lock("1", (m, c) -> m.mm(), null).lock("2", (m, c) -> t.ptlField(), (m, c) -> {
            m.set_pte_at(m.mm(), VA, p, 0);
            t.ptlField().unlock();
            m.mm().mmap_lock.unlock();
        })));
        detached.addAll(run(s, b -> b.step("3", (m, c) -> {
            m.pte_free(m.mm(), t);
            m.local_irq_save();
            m.__ptep_get(p);
            m.local_irq_restore();
        })));
        assertTrue(detached.contains(Labels.WRITE_DETACHED_TABLE), detached.toString());
        assertTrue(detached.contains(Labels.UAF_TABLE_READ), detached.toString());
        assertFalse(detached.contains(Labels.UAF_TABLE_WRITE), detached.toString());
    }

    @Test
    void lr10UnlinkingALiveTableNeedsItsPtl() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        List<String> bad = run(s, b -> b.mmap_read_lock("0", (m, c) -> m.mm(), null).lock("1", (m, c) -> m.pmd_lockptr(m.mm(), pmdp(m)), (m, c) -> {
            m.pmdp_huge_get_and_clear(m.mm(), pmdp(m));
            m.pmd_lockptr(m.mm(), pmdp(m)).unlock();
            m.mm().mmap_lock.unlock();
        }));
        assertTrue(bad.contains(Rules.TABLE_REMOVED_WITHOUT_PTL), bad.toString());
    }

    @Test
    void lr11AFolioIsFreedOnlyAfterTheTlbFlush() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Folio f = s.machine().pfn_folio(s.touch(1, VA, false)); // CPU1 caches the translation
        List<String> bad = run(s, b -> b.step("1", (m, c) -> m.folio_put(f)));
        assertTrue(bad.contains(Rules.FREED_WHILE_IN_TLB), bad.toString());
        Sandbox s2 = mapped(Config.of(Profile.X86_64));
        Folio g = s2.machine().pfn_folio(s2.touch(1, VA, false));
        assertFalse(run(s2, b -> b.step("1", (m, c) -> {
            m.flush_tlb_page(m.mm(), VA);
            m.folio_put(g);
        })).contains(Rules.FREED_WHILE_IN_TLB));
    }

    @Test
    void lr15SetAccessFlagsMayOnlyAdd() {
        Sandbox s = mapped(Config.of(Profile.GENERIC_SW_AD));
        var a = s.machine().arch;
        assertTrue(run(s, b -> b.step("1", (m, c) -> m.checkAccessFlags(a.pfn_pte(1, true, true, true), a.pfn_pte(1, true, false, true)))).contains(Rules.ACCESS_FLAGS_DROPPED));
        assertFalse(run(s, b -> b.step("1", (m, c) -> m.checkAccessFlags(a.pfn_pte(1, true, false, true), a.pfn_pte(1, true, true, true)))).contains(Rules.ACCESS_FLAGS_DROPPED));
    }

    @Test
    void lr18APageCacheFolioIsFrozenUnderTheXaLockWithIrqsOff() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Machine mm = s.machine();
        AddressSpace file = mm.newFile("file", 1);
        Folio f = mm.folio_alloc("F", 1, 0, file, 0);
        assertTrue(run(s, b -> b.step("1", (m, c) -> {
            m.folio_ref_freeze(f, 1);
            m.folio_ref_unfreeze(f, 1);
        })).contains(Rules.FREEZE_WITHOUT_XA_LOCK));
        assertFalse(run(s, b -> b.lock("1", (m, c) -> file.xa_lock, (m, c) -> {
            m.local_irq_save();
            m.folio_ref_freeze(f, 1);
            m.folio_ref_unfreeze(f, 1);
            m.local_irq_restore();
            file.xa_lock.unlock();
        })).contains(Rules.FREEZE_WITHOUT_XA_LOCK));
    }

    @Test
    void lr20NoSleepingLockUnderASpinlockAndLocksInOrder() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        List<String> l = run(s, b -> b.lock("1", (m, c) -> ptl(m), null).mmap_read_lock("2", (m, c) -> m.mm(), (m, c) -> {
            m.mm().mmap_lock.unlock();
            ptl(m).unlock();
        }));
        assertTrue(l.contains(Rules.SLEEP_IN_ATOMIC) && l.contains(Rules.LOCK_ORDER), l.toString());
        List<String> ok = run(s, b -> b.mmap_read_lock("1", (m, c) -> m.mm(), null).lock("2", (m, c) -> ptl(m), (m, c) -> {
            ptl(m).unlock();
            m.mm().mmap_lock.unlock();
        }));
        assertFalse(ok.contains(Rules.SLEEP_IN_ATOMIC) || ok.contains(Rules.LOCK_ORDER), ok.toString());
    }

    @Test
    void lr21ThePtlOfAFreedTableIsFreedMemory() {
        Sandbox s = mapped(Config.of(Profile.X86_64));
        Page t = s.machine().pmd_page(pmdp(s.machine()).table().peek(pmdp(s.machine()).index()));
        run(s, b -> b.mmap_write_lock("1", (m, c) -> m.mm(), (m, c) -> {
            m.pmd_clear(m.mm(), pmdp(m));
            m.pte_free(m.mm(), t);
            m.mm().mmap_lock.unlock();
        }));
        assertTrue(run(s, b -> b.lock("1", (m, c) -> t.ptlField(), (m, c) -> t.ptlField().unlock())).contains(Labels.UAF_TABLE_READ));
    }

    @Test
    void lr22AKmapAddressIsNotALinearMapAddress() {
        Sandbox s = mapped(Config.of(Profile.ARM32));
        List<String> l = run(s, b -> b.step("1", (m, c) -> c.set("ptl", m.ptep_lockptr(m.mm(), ptep(m)))).lock("2", (m, c) -> c.get("ptl"), (m, c) -> ((Lock) c.get("ptl")).unlock()));
        assertTrue(l.contains(Rules.VIRT_TO_PTDESC_OF_KMAP) && l.contains(Labels.BOGUS_PTL), l.toString());
        assertFalse(run(s, b -> b.step("1", (m, c) -> c.set("ptl", m.pte_lockptr(m.mm(), m.pmdp_get(pmdp(m)))))).contains(Rules.VIRT_TO_PTDESC_OF_KMAP));
    }
}
