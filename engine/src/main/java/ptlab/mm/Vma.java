package ptlab.mm;

import ptlab.race.Lock;

/** A VMA: [start, end), flags, anon_vma, file and pgoff, and its per-VMA lock. Immutable; the tree is the mm's. */
public final class Vma {
    public static final int VM_READ = 1, VM_WRITE = 2, VM_SHARED = 4, VM_UFFD_WP = 8, VM_HUGEPAGE = 16;

    private final long start, end;
    private final int flags;
    private final boolean anon;
    private final AddressSpace file;
    private final long pgoff;
    /** CONFIG_PER_VMA_LOCK's {@code vm_lock}. */
    public final Lock vm_lock;
    /** The anon_vma's rwsem (null for file VMAs without one). */
    public final Lock anon_vma_rwsem;

    Vma(Machine m, long start, long end, int flags, boolean anon, AddressSpace file, long pgoff) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.anon = anon;
        this.file = file;
        this.pgoff = pgoff;
        String n = String.format("vma[%#x-%#x)", start, end);
        this.vm_lock = m.memory.rwsem(n + ".vm_lock");
        this.anon_vma_rwsem = anon ? m.memory.rwsem(n + ".anon_vma") : null;
    }

    public long start() { return start; }
    public long end() { return end; }
    public int flags() { return flags; }
    public boolean anon() { return anon; }
    public AddressSpace file() { return file; }
    public long pgoff() { return pgoff; }
    public boolean writable() { return (flags & VM_WRITE) != 0; }
    public boolean shared() { return (flags & VM_SHARED) != 0; }

    public boolean contains(long va) {
        return va >= start && va < end;
    }

    /** The page-cache index of {@code va} ({@code linear_page_index}). */
    public long index(long va) {
        return pgoff + ((va - start) >>> 12);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format("[%#x-%#x) ", start, end));
        b.append((flags & VM_READ) != 0 ? 'r' : '-').append(writable() ? 'w' : '-').append(shared() ? 's' : 'p');
        if (anon) b.append(" anon");
        if (file != null) b.append(' ').append(file.name()).append('+').append(pgoff);
        return b.toString();
    }
}
