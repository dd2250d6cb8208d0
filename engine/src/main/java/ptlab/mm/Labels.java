package ptlab.mm;

/** The outcome labels of mm-model.md section 0.3 that the machine itself raises. */
public final class Labels {
    private Labels() {}

    public static final String UAF_TABLE_READ = "UAF_TABLE_READ";
    public static final String UAF_TABLE_WRITE = "UAF_TABLE_WRITE";
    public static final String WRITE_DETACHED_TABLE = "WRITE_DETACHED_TABLE";
    public static final String PTE_WRITE_WITHOUT_PTL = "PTE_WRITE_WITHOUT_PTL";
    public static final String BOGUS_PTL = "BOGUS_PTL";
    public static final String NULL_PTL_DEREF = "NULL_PTL_DEREF";
    public static final String STALE_TLB_ACCESS = "STALE_TLB_ACCESS";
    public static final String HW_WALK_FREED_TABLE = "HW_WALK_FREED_TABLE";
    public static final String DATA_CORRUPTION = "DATA_CORRUPTION";
    public static final String FREE_NON_TABLE_PAGE = "FREE_NON_TABLE_PAGE";
    public static final String DOUBLE_FREE = "DOUBLE_FREE";
    public static final String OOPS = "OOPS";
}
