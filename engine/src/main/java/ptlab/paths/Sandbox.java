package ptlab.paths;

import java.util.ArrayList;
import java.util.List;
import ptlab.arch.Arch;
import ptlab.arch.Pmd;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.mm.PageTables;
import ptlab.mm.Ptr;
import ptlab.mm.Vma;
import ptlab.race.Memory;
import ptlab.race.Sequential;

/**
 * A machine to poke at from a notebook cell, without the explorer: map VMAs, touch addresses
 * (faulting through the real paths, one step after another), run any path on a CPU, and print
 * the address space with every entry decoded. A path that would block, or bad input, is an
 * exception naming the problem; the locks the failed run took are released and the machine stays usable.
 */
public final class Sandbox {
    private final Config config;
    private final Memory memory;
    private final Machine machine;
    private final Sequential<Machine> seq;
    private final List<String> findings = new ArrayList<>();

    private Sandbox(Config config, int cpus) {
        this.config = config;
        String[] names = new String[cpus];
        for (int i = 0; i < cpus; i++) names[i] = "CPU" + i;
        this.memory = Memory.standalone(names);
        this.machine = Machine.boot(memory, config, cpus);
        this.seq = new Sequential<>(memory, machine);
    }

    public static Sandbox of(Config config) {
        return new Sandbox(config, 2);
    }

    /** A two-CPU machine of this profile with default knobs, e.g. {@code Sandbox.of("ARM64")}. */
    public static Sandbox of(String profile) {
        return of(Config.of(profile));
    }

    public Machine machine() { return machine; }
    public Config config() { return config; }

    /** Labels raised by everything run so far (locking-rule findings, UAF, ...). */
    public List<String> findings() { return List.copyOf(findings); }

    /** {@code mmap(start, length)}: an anonymous private VMA, {@code prot} "r" or "rw". */
    public Vma mmap(long start, long length, String prot) {
        int flags = Vma.VM_READ | (prot.contains("w") ? Vma.VM_WRITE : 0);
        return machine.mmap(machine.mm(), start, length, flags, true, null, 0);
    }

    /**
     * A user load or store on {@code cpu}: through the TLB, else a walk, else the fault path
     * ({@code do_anonymous_page} on a none entry, the access-flag fault on a present one), then
     * again. Returns the pfn accessed.
     */
    public long touch(int cpu, long va, boolean write) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long[] pfn = new long[1];
            run(cpu, Path.of("user access", config, b -> b.step("access", (m, c) -> pfn[0] = write ? m.store(m.mm(), va) : m.load(m.mm(), va))));
            if (pfn[0] != Arch.FAULT) return pfn[0];
            Ptr ptep = entry(va);
            if (ptep == null || machine.arch.pte_none(ptep.table().peek(ptep.index()))) {
                run(cpu, Fault.anonymousFault(config, "f", write, va));
            } else {
                run(cpu, Fault.accessWithFault(config, "f", write, Fault.OrigPte.MAINLINE, va));
            }
        }
        throw new IllegalStateException(String.format("%s at %#x still faults after the fault path ran", write ? "store" : "load", va));
    }

    /**
     * {@code munmap()} of the VMA containing {@code va} on {@code cpu}: the real path (zap under
     * the PTL, free_pgtables, tlb_finish_mmu), then any RCU grace period it queued. Returns the
     * labels it raised.
     */
    public List<String> munmap(int cpu, long va) {
        if (machine.mm().peekVmas().stream().noneMatch(v -> v.contains(va))) {
            throw new IllegalArgumentException(String.format("munmap: no VMA contains %#x", va));
        }
        List<String> raised = new ArrayList<>(run(cpu, Munmap.munmap(config, va)));
        if (machine.rcu_gp_ready()) raised.addAll(run(cpu, Path.of("rcu", config, b -> b.step("GP", (m, c) -> m.rcu_gp()))));
        return raised;
    }

    /** Runs a path to its end on a CPU; returns the labels it raised. */
    public List<String> run(int cpu, Path path) {
        if (cpu < 0 || cpu >= machine.nrCpus()) throw new IllegalArgumentException("no CPU" + cpu + "; this sandbox has " + machine.nrCpus());
        List<String> raised = seq.run(cpu, path.thread("CPU" + cpu));
        for (String l : raised) if (!findings.contains(l)) findings.add(l);
        return raised;
    }

    /** The PTE slot of {@code va}, or null when its pmd is not a table. */
    public Ptr entry(long va) {
        Ptr pmdp = machine.pmd_offset(machine.mm(), va);
        long pmd = pmdp.table().peek(pmdp.index());
        if (machine.arch.pmdKind(pmd) != Pmd.Kind.TABLE) return null;
        return new Ptr(machine.pmd_page(pmd), machine.pte_index(va), null);
    }

    /** The walk for one address: pmd and PTE, decoded in the arch's terms. */
    public String walk(long va) {
        Ptr pmdp = machine.pmd_offset(machine.mm(), va);
        long pmd = pmdp.table().peek(pmdp.index());
        StringBuilder b = new StringBuilder(String.format("%#x: pmd[%d] = %s", va, pmdp.index(), machine.arch.describePmd(pmd)));
        Ptr ptep = entry(va);
        if (ptep != null) {
            b.append(String.format("%n        %s [%d] = %s", ptep.table(), ptep.index(), machine.arch.describe(ptep.table().peek(ptep.index()))));
        }
        return b.toString();
    }

    /** The address space now, with the findings so far: take one before and one after a step and {@code diff} them. */
    public PageTables pageTables() {
        return PageTables.of(machine, machine.mm(), findings);
    }

    /** The address space: VMAs, every table with its entries decoded, the TLBs, the findings. */
    @Override
    public String toString() {
        return pageTables().toString();
    }
}
