package ptlab.arch;

/**
 * Software-managed accessed/dirty bits with the generic, overwriting {@code ptep_set_access_flags()}:
 * GENERIC_SW_AD, 32-bit ARM (HIGHPTE; treated as generic) and RISC-V, where Svadu makes the
 * hardware set A/D. TLB flushes by IPI (ARMv7 SMP broadcasts its TLB maintenance).
 */
public final class SoftwareAD extends FlagsArch {
    private final Profile profile;
    private final boolean svadu;

    public SoftwareAD(Profile profile, boolean svadu) {
        if (profile != Profile.GENERIC_SW_AD && profile != Profile.ARM32 && profile != Profile.RISCV) {
            throw new IllegalArgumentException(profile + " is not a software-A/D profile");
        }
        if (svadu && profile != Profile.RISCV) throw new IllegalArgumentException("Svadu is a RISC-V extension, not " + profile);
        this.profile = profile;
        this.svadu = svadu;
    }

    @Override public Profile profile() { return profile; }
    @Override public AccessFlags accessFlags() { return AccessFlags.OVERWRITE; }
    @Override public TlbFlush tlbFlush() { return profile == Profile.ARM32 ? TlbFlush.BROADCAST : TlbFlush.IPI; }
    @Override public boolean hwYoung() { return svadu; }
    @Override public boolean hwDirty() { return svadu; }
}
