package ptlab.mm;

import ptlab.arch.FlagsArch;
import ptlab.race.Lock;
import ptlab.race.LongVar;
import ptlab.race.Var;

/**
 * A physical frame and its descriptor ({@code struct page} / {@code ptdesc}). Every frame can be
 * read as an array of entries, because kernel code that derives a "table" from a bogus pmd does
 * exactly that; whether it really is a table is {@link #use()}. Tables carry their life-cycle state
 * and their PTL: embedded, or allocated (then a non-table page's pointer is NULL).
 */
public final class Page {
    /** What the frame holds. */
    public enum Use { PTE_TABLE, PMD_TABLE, DATA, KERNEL, BOGUS }

    private final long pfn;
    private final Use use;
    private final String name;
    private final LongVar[] words;
    private final Var<TableState> state;
    private final Lock ptl;
    private final boolean highmem;
    /** x86-PAE PTE table: entry {@code i} is the words {@code 2i} (pte_low) and {@code 2i+1} (pte_high). */
    private final boolean split;
    Folio folio;

    Page(Machine m, long pfn, Use use, String name, boolean highmem) {
        this.pfn = pfn;
        this.use = use;
        this.name = name;
        this.highmem = highmem;
        boolean table = use == Use.PTE_TABLE || use == Use.PMD_TABLE;
        int n = use == Use.PMD_TABLE ? m.config.ptrsPerPmd() : m.config.ptrsPerPte();
        this.split = m.arch.splitWords() && use != Use.PMD_TABLE;
        this.words = new LongVar[split ? 2 * n : n];
        for (int i = 0; i < words.length; i++) {
            String w = split ? name + "[" + (i / 2) + "]." + (i % 2 == 0 ? "lo" : "hi") : name + "[" + i + "]";
            words[i] = split ? m.memory.longVar(w, 0, v -> "0x" + Long.toHexString(v))
                    : m.memory.longVar(w, 0, use == Use.PMD_TABLE ? m.arch::describePmd : m.arch::describe);
        }
        this.state = table ? m.memory.var(name + ".state", TableState.ALLOCATED) : null;
        if (state != null) state.hideReadsInTraces();
        // ALLOC_SPLIT_PTLOCKS: ptdesc->ptl is a pointer, set by the table constructor; NULL elsewhere.
        boolean alloc = m.config.on(Knob.ALLOC_SPLIT_PTLOCKS);
        this.ptl = table || !alloc ? m.memory.spinlock(table ? "ptl(" + name + ")" : "ptl-field(" + name + ")") : null;
    }

    public long pfn() { return pfn; }
    public Use use() { return use; }
    public String name() { return name; }
    public boolean highmem() { return highmem; }
    public boolean isTable() { return state != null; }
    public Folio folio() { return folio; }

    public int entries() {
        return split ? words.length / 2 : words.length;
    }

    /** The lock in this descriptor's ptl field: the table's split PTL, or whatever a non-table page has there (null if allocated). */
    public Lock ptlField() {
        return ptl;
    }

    /** The life-cycle state, recorded (it races with frees); tables only. */
    public TableState state() {
        return tableState().get();
    }

    public TableState peekState() {
        return tableState().peek();
    }

    Var<TableState> tableState() {
        if (state == null) throw new IllegalStateException(name + " is not a page table (" + use + ")");
        return state;
    }

    void setState(TableState s) {
        tableState().set(s);
    }

    /** The word holding entry {@code i} (on PAE: its low word). */
    LongVar word(int i) {
        return split ? words[2 * i] : words[i];
    }

    /** PAE: the high word of entry {@code i}. */
    LongVar highWord(int i) {
        return words[2 * i + 1];
    }

    long read(int i) {
        if (split) return FlagsArch.words(words[2 * i + 1].get(), words[2 * i].get());
        return words[i].get();
    }

    void write(int i, long v) {
        if (split) {
            words[2 * i + 1].set(FlagsArch.high(v));
            words[2 * i].set(FlagsArch.low(v));
        } else {
            words[i].set(v);
        }
    }

    /** Entry {@code i} without recording: for printing, outcomes and invariants. */
    public long peek(int i) {
        if (split) return FlagsArch.words(words[2 * i + 1].peek(), words[2 * i].peek());
        return words[i].peek();
    }

    @Override
    public String toString() {
        return name + " (pfn 0x" + Long.toHexString(pfn) + ", " + (state != null ? state.peek() : use) + ")";
    }
}
