package ptlab.mm;

import ptlab.race.Lock;
import ptlab.race.Var;

/** A file's {@code struct address_space}: the page cache ({@code i_pages} with its xa_lock) and {@code i_mmap_rwsem}. */
public final class AddressSpace {
    private final String name;
    final Var<Folio>[] i_pages;
    public final Lock xa_lock;
    public final Lock i_mmap_rwsem;

    @SuppressWarnings("unchecked")
    AddressSpace(Machine m, String name, int slots) {
        this.name = name;
        this.i_pages = new Var[slots];
        for (int i = 0; i < slots; i++) i_pages[i] = m.memory.var(name + ".i_pages[" + i + "]", null);
        this.xa_lock = m.memory.spinlock(name + ".xa_lock");
        this.i_mmap_rwsem = m.memory.rwsem(name + ".i_mmap_rwsem");
    }

    public String name() { return name; }

    public Folio peekSlot(long index) {
        return i_pages[(int) index].peek();
    }

    @Override
    public String toString() {
        return name;
    }
}
