package ptlab.arch;

/** The architecture profiles of mm-model.md section 2 ({@code ARCH}). */
public enum Profile {
    X86_64, X86_PAE, ARM64, ARM32, GENERIC_SW_AD, RISCV
}
