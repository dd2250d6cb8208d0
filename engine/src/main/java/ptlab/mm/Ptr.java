package ptlab.mm;

/**
 * A kernel pointer to an entry: {@code pmd_t *} or {@code pte_t *}. A PTE pointer made by
 * {@code kmap_local_page()} under HIGHPTE remembers the CPU whose kmap slot it goes through,
 * because {@code virt_to_ptdesc()} of such an address is not the table's descriptor.
 */
public record Ptr(Page table, int index, Cpu kmap) {
    public Ptr {
        if (index < 0 || index >= table.entries()) {
            throw new IllegalArgumentException("index " + index + " is outside " + table + " (" + table.entries() + " entries)");
        }
    }

    /** Whether it is a transient kmap address rather than a linear-map one. */
    public boolean kmapped() {
        return kmap != null;
    }

    /** The pointer {@code n} entries on ({@code ptep + n}). */
    public Ptr plus(int n) {
        return new Ptr(table, index + n, kmap);
    }

    @Override
    public String toString() {
        return table.name() + "[" + index + "]" + (kmap != null ? " via kmap(CPU" + kmap.id() + ")" : "");
    }
}
