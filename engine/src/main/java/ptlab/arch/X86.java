package ptlab.arch;

/**
 * x86-64 and x86-32 PAE: hardware A/D (atomic OR on the walk), {@code ptep_set_access_flags()}
 * writes only when {@code dirty}, TLB shootdown by IPI. On PAE an entry is two 32-bit words and
 * {@code ptep_get_lockless()} is the lo/hi/lo loop, so a lockless read can tear.
 */
public final class X86 extends FlagsArch {
    private final boolean pae;
    private final boolean broadcastTlbi;

    public X86(boolean pae, boolean broadcastTlbi) {
        this.pae = pae;
        this.broadcastTlbi = broadcastTlbi;
    }

    @Override public Profile profile() { return pae ? Profile.X86_PAE : Profile.X86_64; }
    @Override public AccessFlags accessFlags() { return AccessFlags.WRITE_IF_DIRTY; }
    /** {@code X86_BROADCAST_TLBI} (AMD INVLPGB) no longer waits for IRQs-off CPUs. */
    @Override public TlbFlush tlbFlush() { return broadcastTlbi ? TlbFlush.BROADCAST : TlbFlush.IPI; }
    @Override public LocklessRead locklessRead() { return pae ? LocklessRead.LOW_HIGH : LocklessRead.ATOMIC; }
    @Override public boolean splitWords() { return pae; }
    @Override public boolean hwYoung() { return true; }
    @Override public boolean hwDirty() { return true; }
}
