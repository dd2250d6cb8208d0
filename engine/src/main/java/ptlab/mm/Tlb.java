package ptlab.mm;

import java.util.Arrays;
import java.util.function.LongFunction;

/** One CPU's TLB, an immutable map from virtual page to the cached entry (value-compared). */
public final class Tlb {
    static final Tlb EMPTY = new Tlb(new long[0], new long[0], null);

    private final long[] vpns;
    private final long[] ptes;
    private final LongFunction<String> describe;

    private Tlb(long[] vpns, long[] ptes, LongFunction<String> describe) {
        this.vpns = vpns;
        this.ptes = ptes;
        this.describe = describe;
    }

    /** The cached entry for {@code va}, or 0. */
    public long lookup(long va) {
        int i = Arrays.binarySearch(vpns, va >>> 12);
        return i >= 0 ? ptes[i] : 0;
    }

    Tlb fill(long va, long pte, LongFunction<String> describe) {
        long vpn = va >>> 12;
        int i = Arrays.binarySearch(vpns, vpn);
        if (i >= 0) {
            long[] p = ptes.clone();
            p[i] = pte;
            return new Tlb(vpns, p, describe);
        }
        int at = -i - 1;
        long[] v = new long[vpns.length + 1], p = new long[ptes.length + 1];
        System.arraycopy(vpns, 0, v, 0, at);
        System.arraycopy(ptes, 0, p, 0, at);
        v[at] = vpn;
        p[at] = pte;
        System.arraycopy(vpns, at, v, at + 1, vpns.length - at);
        System.arraycopy(ptes, at, p, at + 1, ptes.length - at);
        return new Tlb(v, p, describe);
    }

    /** Without the entries for [start, end). */
    Tlb flush(long start, long end) {
        int n = 0;
        for (long vpn : vpns) if (vpn < start >>> 12 || vpn >= (end + 4095) >>> 12) n++;
        if (n == vpns.length) return this;
        long[] v = new long[n], p = new long[n];
        int j = 0;
        for (int i = 0; i < vpns.length; i++) {
            if (vpns[i] < start >>> 12 || vpns[i] >= (end + 4095) >>> 12) {
                v[j] = vpns[i];
                p[j++] = ptes[i];
            }
        }
        return new Tlb(v, p, describe);
    }

    public boolean isEmpty() {
        return vpns.length == 0;
    }

    /** The virtual addresses with an entry. */
    public long[] addresses() {
        long[] a = vpns.clone();
        for (int i = 0; i < a.length; i++) a[i] <<= 12;
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlb t && Arrays.equals(vpns, t.vpns) && Arrays.equals(ptes, t.ptes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vpns) * 31 + Arrays.hashCode(ptes);
    }

    @Override
    public String toString() {
        if (vpns.length == 0) return "{}";
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < vpns.length; i++) {
            if (i > 0) b.append(", ");
            b.append("0x").append(Long.toHexString(vpns[i] << 12)).append(" -> ")
                    .append(describe != null ? describe.apply(ptes[i]) : "0x" + Long.toHexString(ptes[i]));
        }
        return b.append('}').toString();
    }
}
