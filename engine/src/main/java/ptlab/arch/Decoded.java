package ptlab.arch;

import java.util.List;

/**
 * An entry value taken apart for pictures: its kind ({@link Entry.Kind} or {@link Pmd.Kind} name),
 * the frame it names (-1 for none), the kernel's view of it ({@code W D A CONT}), the bits set
 * under the arch's own names, and the one-line decode.
 *
 * @param words whether the value is stored as two 32-bit words (x86-PAE PTEs)
 */
public record Decoded(long value, boolean words, String kind, long pfn, List<String> flags, List<String> bits, String text) {
    public Decoded {
        flags = List.copyOf(flags);
        bits = List.copyOf(bits);
    }

    /** The raw value: {@code 0x8000000000101403}, or on PAE the two words the lockless reader loads. */
    public String raw() {
        if (words) return "pte_high=0x" + Long.toHexString(FlagsArch.high(value)) + " pte_low=0x" + Long.toHexString(FlagsArch.low(value));
        return "0x" + Long.toHexString(value);
    }

    /** The decode after the kind: {@code pfn=0x101 W D A}, {@code offset=0x5 EXCL}, {@code (UFFD_WP)}. */
    public String detail() {
        return text.substring(kind.length()).strip();
    }

    /** {@code PRESENT pfn=0x101 W D A  0x101063 _PAGE_PRESENT|_PAGE_RW|_PAGE_ACCESSED|_PAGE_DIRTY} */
    @Override
    public String toString() {
        return text + "  " + raw() + (bits.isEmpty() ? "" : " " + String.join("|", bits));
    }
}
