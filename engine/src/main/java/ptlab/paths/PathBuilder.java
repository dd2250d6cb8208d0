package ptlab.paths;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import ptlab.arch.Arch;
import ptlab.arch.Arm64;
import ptlab.arch.FlagsArch;
import ptlab.mm.Config;
import ptlab.mm.Folio;
import ptlab.mm.Knob;
import ptlab.mm.Machine;
import ptlab.mm.Mm;
import ptlab.mm.Ptr;
import ptlab.race.Ctx;
import ptlab.race.Guard;
import ptlab.race.Lock;
import ptlab.race.Step;

/**
 * The kernel vocabulary for primitives that wait or take several atomic steps: lock acquisition,
 * IPI-based flushes, the PAE lockless read, the arch bodies of {@code ptep_set_access_flags()}.
 * Primitives that run inside one step are {@link Machine} methods, called from {@link #step}.
 * Thread-local values (the C locals: {@code ptep}, {@code orig_pte}, {@code ptl}) live in the
 * step context under the names given.
 */
public final class PathBuilder {
    private final Config config;
    private final Arch arch;
    private final List<Step<Machine>> steps = new ArrayList<>();

    PathBuilder(Config config) {
        this.config = config;
        this.arch = config.arch();
    }

    List<Step<Machine>> steps() {
        return steps;
    }

    public Config config() {
        return config;
    }

    public Arch arch() {
        return arch;
    }

    private PathBuilder add(String label, Guard<Machine> guard, Step.Body<Machine> body) {
        steps.add(new Step<>(label, guard, body));
        return this;
    }

    /** A step of plain kernel code. */
    public PathBuilder step(String label, Step.Body<Machine> body) {
        return add(label, null, body);
    }

    /** A step that waits until {@code condition} holds, then runs {@code body}. */
    public PathBuilder await(String label, String waitsFor, BiPredicate<Machine, Ctx> condition, Step.Body<Machine> body) {
        return add(label, Guard.when(waitsFor, condition), body);
    }

    // ---- locks ----------------------------------------------------------------------------------

    /** {@code spin_lock(lock)}, then {@code body} with it held; {@code spin_lock(NULL)} oopses. */
    public PathBuilder spin_lock(String label, BiFunction<Machine, Ctx, Lock> lock, Step.Body<Machine> body) {
        return add(label, Guard.lock((m, c) -> m.orNull(lock.apply(m, c))), (m, c) -> {
            if (lock.apply(m, c) == null) {
                m.spin_lock_null_oops(c);
                return;
            }
            if (body != null) body.run(m, c);
        });
    }

    /** {@code spin_lock(ptl)} for the lock in local {@code key}. */
    public PathBuilder spin_lock(String label, String key, Step.Body<Machine> body) {
        return spin_lock(label, (m, c) -> c.get(key), body);
    }

    public PathBuilder spin_unlock(String label, String key, Step.Body<Machine> body) {
        return step(label, (m, c) -> {
            if (body != null) body.run(m, c);
            ((Lock) c.get(key)).unlock();
        });
    }

    /** {@code mmap_read_lock(mm)} (sleeping). */
    public PathBuilder mmap_read_lock(String label, BiFunction<Machine, Ctx, Mm> mm, Step.Body<Machine> body) {
        return add(label, Guard.readLock((m, c) -> mm.apply(m, c).mmap_lock), body);
    }

    public PathBuilder mmap_write_lock(String label, BiFunction<Machine, Ctx, Mm> mm, Step.Body<Machine> body) {
        return add(label, Guard.lock((m, c) -> mm.apply(m, c).mmap_lock), body);
    }

    /** Any sleeping or spinning lock, for write. */
    public PathBuilder lock(String label, BiFunction<Machine, Ctx, Lock> lock, Step.Body<Machine> body) {
        return add(label, Guard.lock(lock), body);
    }

    /** A reader/writer lock for read ({@code i_mmap_lock_read}, {@code down_read}). */
    public PathBuilder readLock(String label, BiFunction<Machine, Ctx, Lock> lock, Step.Body<Machine> body) {
        return add(label, Guard.readLock(lock), body);
    }

    /** {@code folio_lock()}: sleeps while PG_locked is held. */
    public PathBuilder folio_lock(String label, BiFunction<Machine, Ctx, Folio> folio, Step.Body<Machine> body) {
        return add(label, Guard.lock((m, c) -> folio.apply(m, c).lock()), body);
    }

    /**
     * {@code folio_lock()} with the kernel's lock handoff, two steps: {@code label} the fast path
     * ({@code folio_trylock}, taken only when no waiter is queued, since the first queued waiter is
     * handed the lock at the next unlock) or else queue as an exclusive waiter
     * ({@link Machine#folio_add_waiter}); {@code label + "w"} sleeps until PG_locked is free and this
     * task is at the head of the queue, and takes it (a no-op step after a fast-path acquisition). {@code body} runs once the lock is held.
     */
    public PathBuilder folio_lock_handoff(String label, BiFunction<Machine, Ctx, Folio> folio, Step.Body<Machine> body) {
        String ticket = label + ".ticket";
        step(label, (m, c) -> {
            Folio f = folio.apply(m, c);
            if (!m.folio_test_waiters(f) && m.folio_trylock(f)) {
                c.set(ticket, -1L);
                if (body != null) body.run(m, c);
            } else {
                c.set(ticket, m.folio_add_waiter(f));
            }
        });
        return add(label + "w", Guard.when("PG_locked to be handed over", (m, c) -> {
            long t = c.getLong(ticket);
            Folio f = folio.apply(m, c);
            return t < 0 || (f.lock().owner() < 0 && f.peekWaitHead() == t);
        }), (m, c) -> {
            if (c.getLong(ticket) < 0) return;
            Folio f = folio.apply(m, c);
            if (!m.folio_trylock(f)) throw new IllegalStateException("folio_lock: PG_locked was handed over, yet the trylock failed");
            m.folio_del_waiter(f);
            if (body != null) body.run(m, c);
        });
    }

    // ---- TLB flushes and IPIs -------------------------------------------------------------------

    /**
     * A TLB flush of [start, end): on IPI architectures the step waits until every other CPU has
     * IRQs on (an IRQs-off CPU cannot acknowledge the IPI); broadcast TLBI never waits.
     */
    public PathBuilder flush_tlb_range(String label, BiFunction<Machine, Ctx, Mm> mm, Range range, Step.Body<Machine> after) {
        return flush_tlb_range(label, null, mm, range, after);
    }

    /**
     * {@code if (flush) flush_tlb_range(...)}: {@link #flush_tlb_range(String, BiFunction, Range, Step.Body)}
     * when {@code flush} holds as the step runs; otherwise the step sends no IPI, waits for no
     * acknowledgement, reads no CPU's IRQ state and touches no TLB (only {@code after} runs).
     * {@code flush} is also evaluated by the guard, so it must only read (thread-local values, or shared
     * state as any guard may, e.g. {@code mm_tlb_flush_nested()}); it never writes.
     */
    public PathBuilder flush_tlb_range(String label, BiPredicate<Machine, Ctx> flush, BiFunction<Machine, Ctx, Mm> mm, Range range, Step.Body<Machine> after) {
        Step.Body<Machine> body = (m, c) -> {
            if (flush == null || flush.test(m, c)) {
                long[] r = range.of(m, c);
                m.flush_tlb_range(mm.apply(m, c), r[0], r[1]);
            }
            if (after != null) after.run(m, c);
        };
        if (arch.tlbFlush() == Arch.TlbFlush.IPI) {
            return add(label, Guard.when("the flush IPI to be acknowledged (every other CPU with IRQs on)",
                    (m, c) -> (flush != null && !flush.test(m, c)) || m.ipi_deliverable()), body);
        }
        return add(label, null, body);
    }

    /** [start, end) computed when the step runs. */
    @FunctionalInterface
    public interface Range {
        long[] of(Machine m, Ctx c);
    }

    public static Range page(long va) {
        return (m, c) -> new long[] {va, va + 4096};
    }

    /**
     * {@code tlb_remove_table_sync_one()}: an IPI to every CPU under MMU_GATHER_RCU_TABLE_FREE (waits
     * for IRQs-off walkers), a no-op step otherwise.
     */
    public PathBuilder tlb_remove_table_sync_one(String label) {
        if (config.on(Knob.MMU_GATHER_RCU_TABLE_FREE)) {
            return add(label, Guard.when("tlb_remove_table_sync_one() IPI to be acknowledged", (m, c) -> m.ipi_deliverable()),
                    (m, c) -> m.tlb_remove_table_sync_one());
        }
        return step(label, (m, c) -> { });
    }

    // ---- lockless reads ---------------------------------------------------------------------------

    /**
     * {@code orig = ptep_get_lockless(ptep)} into local {@code out}. On x86-PAE the lo/hi/lo loop:
     * steps {@code label}a (load pte_low), b (load pte_high), c (load pte_low again; retry on
     * mismatch), so a torn value can come out. Elsewhere one atomic step.
     */
    public PathBuilder ptep_get_lockless(String label, String ptep, String out) {
        boolean lowHigh = arch.locklessRead() == Arch.LocklessRead.LOW_HIGH;
        return ptep_get_lockless(lowHigh ? label + "a" : label, label + "b", label + "c", ptep, out);
    }

    /**
     * {@link #ptep_get_lockless(String, String, String)} with the steps labelled as the path's own
     * numbering has them: on x86-PAE {@code loadLow}, {@code loadHigh}, {@code recheck} (GUP-fast's
     * G2, G3, G4); elsewhere the one atomic read, labelled {@code loadLow}.
     */
    public PathBuilder ptep_get_lockless(String loadLow, String loadHigh, String recheck, String ptep, String out) {
        if (arch.locklessRead() != Arch.LocklessRead.LOW_HIGH) return step(loadLow, (m, c) -> c.set(out, m.ptep_get_lockless(c.get(ptep))));
        step(loadLow, (m, c) -> c.set(out + ".lo", m.pte_low(c.get(ptep))));
        step(loadHigh, (m, c) -> c.set(out + ".hi", m.pte_high(c.get(ptep))));
        return step(recheck, (m, c) -> {
            long lo = c.getLong(out + ".lo");
            if (m.pte_low(c.get(ptep)) != lo) {
                c.jump(loadLow);
                return;
            }
            c.set(out, FlagsArch.words(c.getLong(out + ".hi"), lo));
        });
    }

    // ---- ptep_set_access_flags ------------------------------------------------------------------

    /**
     * {@code ptep_set_access_flags(vma, va, ptep, entry, dirty)} as the arch implements it, one step
     * per atomic part: GENERIC/RISC-V {@code a} compare, {@code b} overwrite if changed, ({@code c}
     * generic: flush_tlb_fix_spurious_fault if changed, else a no-op step); x86 {@code a} compare, {@code b} write only if dirty;
     * arm64 {@code a} read and compare, {@code b} one cmpxchg iteration of the OR-merge (repeats on
     * failure), {@code z} flush if dirty. Sets local {@code changed}.
     */
    public PathBuilder ptep_set_access_flags(String label, String ptep, String entry, boolean dirty, BiFunction<Machine, Ctx, Mm> mm, long va) {
        switch (arch.accessFlags()) {
            case OVERWRITE, WRITE_IF_DIRTY -> {
                // x86 writes only when dirty; the generic and RISC-V versions whenever the entry differs.
                boolean write = dirty || arch.accessFlags() == Arch.AccessFlags.OVERWRITE;
                step(label + "a", (m, c) -> c.set("changed", !m.arch.pte_same(m.ptep_get(c.get(ptep)), c.getLong(entry))));
                step(label + "b", (m, c) -> {
                    if (!c.getBoolean("changed") || !write) return;
                    Ptr p = c.get(ptep);
                    long before = p.table().peek(p.index());
                    m.set_pte_at(mm.apply(m, c), va, p, c.getLong(entry));
                    m.checkAccessFlags(before, c.getLong(entry));
                });
                if (config.profile() == ptlab.arch.Profile.GENERIC_SW_AD) {
                    // mm/pgtable-generic.c: if (changed) { set_pte_at(); flush_tlb_fix_spurious_fault(); }, the
                    // latter flush_tlb_page() by default: an unchanged entry costs no flush and no IPI wait.
                    flush_tlb_range(label + "c", (m, c) -> c.getBoolean("changed"), mm, page(va), null);
                }
            }
            case CMPXCHG_MERGE -> {
                step(label + "a", (m, c) -> {
                    long pte = m.__ptep_get(c.get(ptep));
                    c.set("changed", !m.arch.pte_same(pte, c.getLong(entry)));
                    c.set("old", pte);
                    if (!c.getBoolean("changed")) c.jump(label + "z");
                });
                step(label + "b", (m, c) -> {
                    long old = c.getLong("old");
                    long v = ((Arm64) m.arch).accessFlagsMerge(old, c.getLong(entry));
                    long found = m.ptep_cmpxchg(c.get(ptep), old, v);
                    if (found != old) {
                        c.set("old", found);
                        c.jump(label + "b");
                    } else {
                        m.checkAccessFlags(old, v);
                    }
                });
                step(label + "z", (m, c) -> {
                    if (dirty && c.getBoolean("changed")) m.flush_tlb_page(mm.apply(m, c), va);
                });
            }
        }
        return this;
    }
}
