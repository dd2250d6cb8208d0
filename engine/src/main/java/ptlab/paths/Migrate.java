package ptlab.paths;

import ptlab.arch.Entry;
import ptlab.mm.AddressSpace;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;
import ptlab.race.Lock;

/**
 * Page migration of one mapped page-cache folio ({@code mm/migrate.c}, {@code mm/rmap.c}):
 * {@code migrate_pages()} → {@code migrate_pages_batch()} → {@code migrate_folio_unmap()}
 * ({@code try_to_migrate_one()}: steps M1-M7) and {@code migrate_folio_move()}
 * ({@code __migrate_folio}/{@code __folio_migrate_mapping}: M8-M10; {@code remove_migration_ptes}: M11),
 * with the bounded retry of the move pass (RETRIES) and the undo {@code migrate_folio_undo_src} (Mf).
 * Step ids follow mm-model.md section 3, S1.
 *
 * <p>Steps: M1 {@code folio_lock(src)}, lock dst; M2a {@code i_mmap_lock_read} and the lockless
 * part of {@code page_vma_mapped_walk}; M2b its {@code spin_lock(ptl)} with the pmd recheck and
 * {@code check_pte}; with a deferred flush (knob ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH, MIGRATE_ASYNC)
 * M3 {@code ptep_get_and_clear} + {@code set_tlb_ubc_flush_pending}, otherwise
 * {@code ptep_clear_flush} = M3a clear, M3b flush; M4 dirty → folio, build the migration entry;
 * M5 {@code set_pte_at}; M6 rmap and reference dropped, PTL and i_mmap released; M7 (deferred
 * only) {@code try_to_unmap_flush} (a no-op step when no flush is pending); M8 refcount check
 * (expected 2) and copy; M9 xa_lock + freeze; M10 slot := dst, unfreeze, unlock; M11a/M11b
 * {@code remove_migration_ptes(src, dst)} and the unlocks and puts (MIGRATED); Mfa/Mfb
 * {@code remove_migration_ptes(src, src)}, unlock, putback (MIGRATION_FAILED). Sets local
 * {@code result} to "MIGRATED" or "MIGRATION_FAILED".
 */
public final class Migrate {
    private Migrate() {}

    /** The expected refcount of a small page-cache folio in {@code __migrate_folio}: {@code folio_expected_refs()} = 1 + 1. */
    public static final long EXPECTED_REFS = 2;

    /** Whether the config takes the deferred-flush branch of {@code try_to_migrate_one()} (MIGRATE_ASYNC with TTU_BATCH_FLUSH). */
    public static boolean deferred(Config config) {
        return config.on(Knob.ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH);
    }

    /**
     * MAINLINE migration of the folio bound as {@code src} (mapped at {@code va} of the machine's
     * mm, in a page-cache mapping) to the folio bound as {@code dst}.
     */
    public static Path migrate_pages(Config config, String src, String dst, long va) {
        int retries = config.intValue(Knob.RETRIES);
        boolean defer = deferred(config);
        return Path.of("migrate_pages", config, b -> {
            // M1: migrate_folio_unmap(): folio_lock(src) (sync mode); the new folio is locked (trylock, never contended).
            b.folio_lock_handoff("M1", (m, c) -> m.<Folio>sym(src), (m, c) -> {
                Folio d = m.sym(dst);
                c.set("F", m.<Folio>sym(src));
                c.set("D", d);
                if (!m.folio_trylock(d)) throw new IllegalStateException("the new folio " + d + " is locked by someone else");
                if (!c.has("movePass")) c.set("movePass", 0);
            });
            // M2: try_to_migrate() -> rmap_walk_file(): i_mmap_lock_read, page_vma_mapped_walk() -> map_pte + spin_lock(ptl).
            b.readLock("M2a", (m, c) -> mapping(c).i_mmap_rwsem, (m, c) -> walk(m, c, va));
            b.spin_lock("M2b", "ptl", (m, c) -> {
                recheckPmd(m, c);
                long pte = m.ptep_get(c.get("ptep"));
                Folio f = c.get("F");
                if (!m.arch.pte_present(pte) || m.arch.pte_pfn(pte) != f.pfn()) {
                    throw new IllegalStateException("check_pte: " + m.arch.describe(pte) + " does not map " + f + " (not modelled)");
                }
            });
            if (defer) {
                // M3: pteval = ptep_get_and_clear(); set_tlb_ubc_flush_pending().
                b.step("M3", (m, c) -> {
                    c.set("pteval", m.ptep_get_and_clear(m.mm(), va, c.get("ptep")));
                    c.set("flushPending", true);
                });
            } else {
                // M3a+M3b: pteval = ptep_clear_flush() = ptep_get_and_clear(), then flush_tlb_page().
                b.step("M3a", (m, c) -> c.set("pteval", m.ptep_get_and_clear(m.mm(), va, c.get("ptep"))));
                flush(b, "M3b", va, false);
            }
            b.step("M4", (m, c) -> buildMigrationEntry(m, c));
            b.step("M5", (m, c) -> m.set_pte_at(m.mm(), va, c.get("ptep"), c.getLong("swp")));
            // M6: folio_remove_rmap_pte(); folio_put(); page_vma_mapped_walk_done(); i_mmap_unlock_read().
            b.step("M6", (m, c) -> {
                Folio f = c.get("F");
                m.folio_remove_rmap_pte(f);
                m.folio_put(f);
                unlockWalk(m, c);
            });
            if (defer) flush(b, "M7", va, true); // try_to_unmap_flush() in migrate_pages_batch(), before the move pass
            // M8: move_to_new_folio() -> __migrate_folio(): refcount check, then folio_mc_copy().
            b.step("M8", (m, c) -> {
                Folio f = c.get("F");
                if (m.folio_ref_count(f) != EXPECTED_REFS) eagain(c, retries);
            });
            // M9: __folio_migrate_mapping(): xas_lock_irq(); folio_ref_freeze(src, expected).
            b.lock("M9", (m, c) -> mapping(c).xa_lock, (m, c) -> {
                m.local_irq_save();
                if (!m.folio_ref_freeze(c.get("F"), EXPECTED_REFS)) {
                    mapping(c).xa_lock.unlock();
                    m.local_irq_restore();
                    eagain(c, retries);
                }
            });
            // M10: xas_store(dst); folio_ref_add(dst, 1) (cache ref); folio_ref_unfreeze(src, expected - 1); xas_unlock_irq(); folio_migrate_flags().
            b.step("M10", (m, c) -> {
                Folio f = c.get("F"), d = c.get("D");
                AddressSpace mapping = mapping(c);
                m.xas_store(mapping, f.index(), d);
                m.folio_ref_add(d, 1);
                m.folio_ref_unfreeze(f, EXPECTED_REFS - 1);
                mapping.xa_lock.unlock();
                m.local_irq_restore();
                m.folio_migrate_flags(d, f);
            });
            // M11: remove_migration_ptes(src, dst); folio_unlock(dst); folio_put(dst); folio_unlock(src); migrate_folio_done(): folio_put(src).
            b.readLock("M11a", (m, c) -> mapping(c).i_mmap_rwsem, (m, c) -> walk(m, c, va));
            b.spin_lock("M11b", "ptl", (m, c) -> {
                Folio f = c.get("F"), d = c.get("D");
                removeMigrationPte(m, c, va, f, d);
                m.folio_unlock(d);
                m.folio_put(d);
                m.folio_unlock(f);
                m.folio_put(f);
                c.set("result", "MIGRATED");
                c.finish();
            });
            // Mf: the move pass gave up: migrate_folio_undo_src(): remove_migration_ptes(src, src), folio_unlock(src),
            // putback (drops the isolation reference); migrate_folio_undo_dst(): unlock and free dst.
            b.readLock("Mfa", (m, c) -> mapping(c).i_mmap_rwsem, (m, c) -> walk(m, c, va));
            b.spin_lock("Mfb", "ptl", (m, c) -> {
                Folio f = c.get("F"), d = c.get("D");
                removeMigrationPte(m, c, va, f, f);
                undo(m, f, d);
                c.set("result", "MIGRATION_FAILED");
                c.finish();
            });
        });
    }

    // ---- patches: the proposed fixes of seed 001, written against the MAINLINE path ------------

    /** The clearing step of {@code try_to_migrate_one()}: M3 with a deferred flush, M3a with {@code ptep_clear_flush()}. */
    public static String clearStep(Config config) {
        return deferred(config) ? "M3" : "M3a";
    }

    /**
     * REORDER (Dec 2024): nuke the PTE, set the migration entry, then flush. With a deferred flush
     * this is MAINLINE (M7 already follows M5); otherwise the M3b flush moves after M5.
     */
    public static Path reorder(Path mainline, long va) {
        if (deferred(mainline.config())) return mainline.named("migrate_pages [REORDER]");
        return mainline.delete("M3b").insertAfter("M5", b -> flush(b, "M3b", va, false)).named("migrate_pages [REORDER]");
    }

    /**
     * HACK (seed 001's diff, arm64, the deferred branch): {@code pteval = pte_mkinvalid(*(pvmw.pte));
     * *(pvmw.pte) = pteval;} — M3a a plain load, M3b a plain store of PRESENT_INVALID.
     */
    public static Path hack(Path mainline, long va) {
        if (!deferred(mainline.config())) throw new IllegalArgumentException("the seed-001 hack patches the deferred-flush branch (ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH on)");
        return mainline.replace("M3", b -> {
            b.step("M3a", (m, c) -> c.set("pteval", m.arch.pte_mkinvalid(m.__ptep_get(c.get("ptep")))));
            b.step("M3b", (m, c) -> {
                m.set_pte_at(m.mm(), va, c.get("ptep"), c.getLong("pteval"));
                c.set("flushPending", true);
            });
        }).named("migrate_pages [HACK]");
    }

    /**
     * FIX1 (option 1): an atomic {@code ptep_invalidate()}: P := PRESENT_INVALID(old P) in one
     * cmpxchg loop, where the arch has {@code pte_mkinvalid()} (arm64); elsewhere the fallback
     * {@code ptep_get_and_clear()} = MAINLINE.
     */
    public static Path fix1(Path mainline, long va) {
        Config config = mainline.config();
        if (config.profile() != ptlab.arch.Profile.ARM64) return mainline.named("migrate_pages [FIX1 fallback]");
        String label = clearStep(config);
        return mainline.replace(label, b -> b.step(label, (m, c) -> {
            Ptr ptep = c.get("ptep");
            long old;
            do {
                old = m.__ptep_get(ptep);
            } while (m.ptep_cmpxchg(ptep, old, m.arch.pte_mkinvalid(old)) != old);
            c.set("pteval", m.arch.pte_mkinvalid(old));
            if (deferred(config)) c.set("flushPending", true);
        })).named("migrate_pages [FIX1]");
    }

    /**
     * FIX2 (option 2): prepare the migration entry and exchange it in atomically: the clear, M4
     * and M5 become one step "M3+M5"; the flush (M3b without deferral) follows it.
     */
    public static Path fix2(Path mainline, long va) {
        Path p = mainline;
        String clear = clearStep(mainline.config());
        if (!deferred(mainline.config())) p = p.delete("M3b");
        p = p.merge("M3+M5", clear, "M4", "M5");
        if (!deferred(mainline.config())) p = p.insertAfter("M3+M5", b -> flush(b, "M3b", va, false));
        return p.named("migrate_pages [FIX2]");
    }

    /**
     * FIX3 (option 3): freeze the refcount before nuking the PTE (new step M2.5, expected 3 =
     * cache + PTE + isolation; failure undoes the walk and fails the unmap pass); M6 keeps the
     * mapping's reference (the put is deferred); M8/M9 find the folio already frozen; M10
     * unfreezes to 1 (the PTE's and the cache's references are gone).
     */
    public static Path fix3(Path mainline, long va) {
        int retries = mainline.config().intValue(Knob.RETRIES);
        return mainline
                .insertAfter("M2b", b -> b.step("M2.5", (m, c) -> {
                    if (!m.folio_ref_freeze(c.get("F"), EXPECTED_REFS + 1)) {
                        unlockWalk(m, c);
                        eagainUnmap(m, c, retries);
                    }
                }))
                .replace("M6", b -> b.step("M6", (m, c) -> {
                    m.folio_remove_rmap_pte(c.get("F"));
                    unlockWalk(m, c); // folio_put() deferred: the refcount is frozen
                }))
                .replace("M8", b -> b.step("M8", (m, c) -> {
                    if (m.folio_ref_count(c.get("F")) != 0) throw new IllegalStateException("FIX3: the folio should still be frozen");
                }))
                .replace("M9", b -> b.lock("M9", (m, c) -> mapping(c).xa_lock, (m, c) -> m.local_irq_save()))
                .named("migrate_pages [FIX3]");
    }

    /**
     * RETRY_EARLY (Dev Jain, "mm: Retry migration earlier upon refcount mismatch"): after the unmap
     * (M6) compare the refcount with the expected value; on a mismatch restore the PTE
     * ({@code remove_migration_ptes(src, src)}), unlock src (and dst) and retry the whole unmap +
     * move, up to RETRIES more passes. Steps Me (check), Mea/Meb (undo, retry at M1).
     */
    public static Path retryEarly(Path mainline, long va) {
        int retries = mainline.config().intValue(Knob.RETRIES);
        return mainline.insertAfter("M6", b -> {
            b.step("Me", (m, c) -> {
                if (m.folio_ref_count(c.get("F")) == EXPECTED_REFS) c.jump(deferred(mainline.config()) ? "M7" : "M8");
            });
            b.readLock("Mea", (m, c) -> mapping(c).i_mmap_rwsem, (m, c) -> walk(m, c, va));
            b.spin_lock("Meb", "ptl", (m, c) -> {
                Folio f = c.get("F");
                removeMigrationPte(m, c, va, f, f);
                eagainUnmap(m, c, retries);
            });
        }).named("migrate_pages [RETRY_EARLY]");
    }

    // ---- pieces ------------------------------------------------------------------------------

    static AddressSpace mapping(Ctx c) {
        return c.<Folio>get("F").mapping();
    }

    /** The lockless part of {@code page_vma_mapped_walk()}: pmd read, PTE table mapped (RCU), PTL derived. */
    static void walk(Machine m, Ctx c, long va) {
        if (Fault.pte_offset_map_nolock(m, c, va) == null) {
            throw new IllegalStateException("page_vma_mapped_walk: no PTE table at " + Long.toHexString(va) + " (not modelled)");
        }
    }

    /** {@code pte_offset_map_lock()}'s recheck: the pmd still points to the table whose lock we hold. */
    static void recheckPmd(Machine m, Ctx c) {
        if (!m.arch.pmd_same(m.pmdp_get(c.get("pmdp")), c.getLong("pmdval"))) {
            throw new IllegalStateException("the pmd changed under page_vma_mapped_walk (not modelled)");
        }
    }

    /** {@code page_vma_mapped_walk_done()} + {@code i_mmap_unlock_read()}. */
    static void unlockWalk(Machine m, Ctx c) {
        ((Lock) c.get("ptl")).unlock();
        m.pte_unmap(c.get("ptep"));
        mapping(c).i_mmap_rwsem.unlock();
    }

    /** M4: {@code if (pte_dirty(pteval)) folio_mark_dirty()}; a writable/readable migration entry carrying young and dirty. */
    static void buildMigrationEntry(Machine m, Ctx c) {
        long pteval = c.getLong("pteval");
        Folio f = c.get("F");
        if (m.arch.pte_dirty(pteval)) m.folio_mark_dirty(f);
        Entry.Migration kind = m.arch.pte_write(pteval) ? Entry.Migration.WRITE : Entry.Migration.READ;
        c.set("swp", m.arch.make_migration_entry(f.pfn(), kind, m.arch.pte_young(pteval), m.arch.pte_dirty(pteval)));
    }

    /**
     * {@code remove_migration_pte()} under the PTL (the caller's step holds it): the migration entry
     * for {@code src} becomes a present PTE of {@code dst} with its young/dirty/write bits; dst
     * gains the mapping's reference and rmap; then the walk's locks are dropped.
     */
    static void removeMigrationPte(Machine m, Ctx c, long va, Folio src, Folio dst) {
        recheckPmd(m, c);
        Ptr ptep = c.get("ptep");
        long pte = m.ptep_get(ptep);
        if (!m.arch.is_migration_entry(pte) || m.arch.swp_offset(pte) != src.pfn()) {
            throw new IllegalStateException("remove_migration_pte: " + m.arch.describe(pte) + " is not a migration entry for " + src);
        }
        boolean write = Entry.migrationKind(pte) == Entry.Migration.WRITE;
        long entry = m.arch.pfn_pte(dst.pfn(), write, Entry.is_migration_entry_dirty(pte), Entry.is_migration_entry_young(pte));
        m.folio_get(dst);
        m.folio_add_rmap_pte(dst);
        m.set_pte_at(m.mm(), va, ptep, entry);
        unlockWalk(m, c);
    }

    /** {@code migrate_folio_undo_src()} + {@code migrate_folio_undo_dst()}: unlock both, putback src (isolation ref), free dst. */
    static void undo(Machine m, Folio src, Folio dst) {
        m.folio_unlock(src);
        m.folio_unlock(dst);
        m.folio_put(dst);
        m.folio_put(src);
    }

    /** -EAGAIN from the move pass: retry M8 (src stays locked and unmapped) or, after RETRIES retries, undo (Mf). */
    static void eagain(Ctx c, int retries) {
        int pass = c.getInt("movePass") + 1;
        c.set("movePass", pass);
        c.jump(pass <= retries ? "M8" : "Mfa");
    }

    /** The unmap pass failed (FIX3's freeze, RETRY_EARLY's check) with F mapped again: unlock, and retry from M1 or give up. */
    static void eagainUnmap(Machine m, Ctx c, int retries) {
        Folio f = c.get("F"), d = c.get("D");
        int pass = c.has("unmapPass") ? c.getInt("unmapPass") + 1 : 1;
        c.set("unmapPass", pass);
        m.folio_unlock(d);
        m.folio_unlock(f);
        if (pass <= retries) {
            c.jump("M1");
        } else {
            m.folio_put(d);
            m.folio_put(f);
            c.set("result", "MIGRATION_FAILED");
            c.finish();
        }
    }

    /**
     * A TLB flush of va's page: {@code flush_tlb_page}, or, when {@code onlyIfPending},
     * {@code try_to_unmap_flush()} (mm/rmap.c), which returns at once unless
     * {@code tlb_ubc->flush_required} (set by {@code set_tlb_ubc_flush_pending()}, local
     * {@code flushPending} here): with nothing pending the step sends no IPI, waits for no CPU and
     * reads no CPU's IRQ state.
     */
    static void flush(PathBuilder b, String label, long va, boolean onlyIfPending) {
        b.flush_tlb_range(label, onlyIfPending ? (m, c) -> c.has("flushPending") && c.getBoolean("flushPending") : null,
                (m, c) -> m.mm(), PathBuilder.page(va), (m, c) -> c.set("flushPending", false));
    }
}
