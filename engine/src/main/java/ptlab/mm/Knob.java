package ptlab.mm;

import java.util.EnumSet;
import java.util.Set;
import ptlab.arch.Profile;

/** The configuration knobs of mm-model.md section 1.6, with their kernel defaults per profile. */
public enum Knob {
    SPLIT_PTE_PTLOCKS("a PTL per PTE table (else mm->page_table_lock for all)"),
    SPLIT_PMD_PTLOCKS("a lock per PMD table (else mm->page_table_lock)"),
    ALLOC_SPLIT_PTLOCKS("ptdesc->ptl is a pointer to an allocated lock (lockdep builds); NULL in a non-table page"),
    HIGHPTE("PTE tables live in highmem, reached through per-CPU kmap addresses", Profile.ARM32, Profile.X86_PAE),
    MMU_GATHER_RCU_TABLE_FREE("page tables are freed after an RCU-sched grace period; tlb_remove_table_sync_one() is an IPI"),
    PT_RECLAIM("empty PTE tables are reclaimed on MADV_DONTNEED"),
    ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH("try_to_unmap/migrate may defer the TLB flush"),
    ARM64_HW_AF("FEAT_HAFDBS: hardware sets the access flag", Profile.ARM64),
    ARM64_HW_DBM("FEAT_HAFDBS: hardware dirty-bit management (clears PTE_RDONLY)", Profile.ARM64),
    ARM64_CONTPTE("contiguous-PTE blocks of 16 entries", Profile.ARM64),
    RISCV_SVADU("Svadu: hardware updates A/D", Profile.RISCV),
    X86_BROADCAST_TLBI("INVLPGB broadcast flushes instead of IPIs", Profile.X86_64, Profile.X86_PAE),
    CHECKER("evaluate the locking rules of mm-model.md section 4 at every access"),
    PTRS_PER_PTE("entries per PTE table (a power of two; 16 for contpte)", 4),
    PTRS_PER_PMD("entries per PMD table (a power of two)", 4),
    RETRIES("bound on retry loops (fault retry, migration retries, GUP-fast fallback)", 2);

    private final String description;
    private final Set<Profile> profiles;
    private final Integer intDefault;

    Knob(String description, Profile... profiles) {
        this.description = description;
        this.profiles = profiles.length == 0 ? EnumSet.allOf(Profile.class) : EnumSet.of(profiles[0], profiles);
        this.intDefault = null;
    }

    Knob(String description, int intDefault) {
        this.description = description;
        this.profiles = EnumSet.allOf(Profile.class);
        this.intDefault = intDefault;
    }

    public String description() {
        return description;
    }

    public boolean isInt() {
        return intDefault != null;
    }

    public boolean appliesTo(Profile p) {
        return profiles.contains(p);
    }

    /** The kernel's default on a profile (section 2). */
    Object defaultFor(Profile p) {
        if (intDefault != null) return intDefault;
        if (!appliesTo(p)) return false;
        return switch (this) {
            case SPLIT_PTE_PTLOCKS, SPLIT_PMD_PTLOCKS, CHECKER -> true;
            case HIGHPTE -> p == Profile.ARM32;
            case MMU_GATHER_RCU_TABLE_FREE -> p != Profile.X86_64 && p != Profile.X86_PAE;
            case ARCH_WANT_BATCHED_UNMAP_TLB_FLUSH -> p == Profile.ARM64 || p == Profile.X86_64;
            case ARM64_HW_AF, ARM64_HW_DBM -> true;
            default -> false;
        };
    }
}
