package ptlab.mm;

import ptlab.race.LongVar;
import ptlab.race.Var;

/**
 * A CPU: IRQ-disable depth, RCU read-side nesting, a count of quiescent states (for grace
 * periods), its TLB, and the descriptor {@code virt_to_ptdesc()} invents for its kmap slot.
 */
public final class Cpu {
    private final int id;
    final LongVar irqsOff;
    final LongVar rcuNesting;
    /** Bumped whenever the CPU passes a quiescent state (no RCU reader, IRQs on). */
    final LongVar quiescent;
    final Var<Tlb> tlb;
    /** What {@code virt_to_ptdesc()} of this CPU's kmap address yields: not the table's descriptor. */
    final Page kmapBogus;

    Cpu(Machine m, int id) {
        this.id = id;
        String n = "CPU" + id;
        this.irqsOff = m.memory.longVar(n + ".irqs_off", 0);
        this.rcuNesting = m.memory.longVar(n + ".rcu_nesting", 0);
        this.quiescent = m.memory.longVar(n + ".qs", 0);
        this.tlb = m.memory.var(n + ".tlb", Tlb.EMPTY);
        irqsOff.hideReadsInTraces();
        rcuNesting.hideReadsInTraces();
        quiescent.hideReadsInTraces();
        this.kmapBogus = m.config.on(Knob.HIGHPTE) ? new Page(m, -1 - id, Page.Use.BOGUS, "ptdesc(kmap CPU" + id + ")", false) : null;
    }

    public int id() { return id; }
    public boolean irqsEnabled() { return irqsOff.peek() == 0; }
    public long rcuNesting() { return rcuNesting.peek(); }
    public Tlb peekTlb() { return tlb.peek(); }

    /** Outside any RCU read-side section and IRQ-off region (recorded). */
    boolean quiet() {
        return irqsOff.get() == 0 && rcuNesting.get() == 0;
    }

    @Override
    public String toString() {
        return "CPU" + id + (irqsOff.peek() > 0 ? " irqs-off" : "") + (rcuNesting.peek() > 0 ? " rcu" : "") + " tlb=" + tlb.peek();
    }
}
