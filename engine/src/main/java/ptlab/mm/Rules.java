package ptlab.mm;

/**
 * Labels of the locking rules (mm-model.md section 4) that are findings about the code rather
 * than outcomes of section 0.3; the checker raises them with the step that broke the rule.
 * LR1, LR2, LR8, LR21 raise the section-0.3 labels of {@link Labels} (PTE_WRITE_WITHOUT_PTL,
 * BOGUS_PTL, UAF_TABLE_*, WRITE_DETACHED_TABLE).
 */
public final class Rules {
    private Rules() {}

    /** LR3: PTL taken from a lockless pmd read, entry written without comparing the pmd again. */
    public static final String PMD_NOT_RECHECKED = "PMD_NOT_RECHECKED";
    /** LR4: a pmd written without the PMD lock (outside free_pgtables). */
    public static final String PMD_WRITE_WITHOUT_PML = "PMD_WRITE_WITHOUT_PML";
    /** LR6: a page-table entry written without mmap_lock, a VMA lock or an rmap lock. */
    public static final String PT_WRITE_WITHOUT_MMAP_LOCK = "PT_WRITE_WITHOUT_MMAP_LOCK";
    /** LR7/LR8: a lockless walk with IRQs on and outside RCU. */
    public static final String UNPROTECTED_WALK = "UNPROTECTED_WALK";
    /** LR10: a live PTE table unlinked without holding its PTL (nor mmap_lock for write). */
    public static final String TABLE_REMOVED_WITHOUT_PTL = "TABLE_REMOVED_WITHOUT_PTL";
    /** LR11: a folio freed while a TLB still maps it. */
    public static final String FREED_WHILE_IN_TLB = "FREED_WHILE_IN_TLB";
    /** LR15: ptep_set_access_flags() removed an access, dirty or write bit. */
    public static final String ACCESS_FLAGS_DROPPED = "ACCESS_FLAGS_DROPPED";
    /** LR18: a page-cache folio frozen without the xa_lock held with IRQs off. */
    public static final String FREEZE_WITHOUT_XA_LOCK = "FREEZE_WITHOUT_XA_LOCK";
    /** LR20: a sleeping lock taken under a spinlock or with IRQs off. */
    public static final String SLEEP_IN_ATOMIC = "SLEEP_IN_ATOMIC";
    /** LR20: locks taken against the documented order. */
    public static final String LOCK_ORDER = "LOCK_ORDER";
    /** LR22: virt_to_ptdesc() of a kmap address (HIGHPTE). */
    public static final String VIRT_TO_PTDESC_OF_KMAP = "VIRT_TO_PTDESC_OF_KMAP";
}
