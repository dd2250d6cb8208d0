package ptlab.mm;

/** The life cycle of a page-table page (mm-model.md section 1.2). */
public enum TableState {
    ALLOCATED, ATTACHED, DETACHED, DEPOSITED, FREE_PENDING_RCU, FREE_PENDING_TLB, FREED, REUSED;

    /** Freed: any access is a use-after-free. */
    public boolean freed() {
        return this == FREED || this == REUSED;
    }

    /** No longer reachable from a live pmd, not yet freed: a write to it is lost. */
    public boolean detached() {
        return this == DETACHED || this == DEPOSITED || this == FREE_PENDING_RCU || this == FREE_PENDING_TLB;
    }
}
