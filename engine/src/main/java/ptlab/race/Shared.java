package ptlab.race;

/**
 * A shared object whose every access is recorded, so that exploration learns which steps commute.
 * Objects are created through {@link Memory}; their ids depend only on who created them and in
 * which order, never on the interleaving, so footprints compare across executions.
 */
public abstract class Shared {
    final Memory memory;
    final int id;
    private final String name;
    boolean quietReads;

    Shared(Memory memory, String name) {
        this.memory = memory;
        this.id = memory.newId();
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /**
     * Traces leave out reads of this object (bookkeeping a model consults on every access, such as
     * a page table's life-cycle state); writes still show, and exploration still sees every read.
     */
    public final void hideReadsInTraces() {
        quietReads = true;
    }

    @Override
    public String toString() {
        return name;
    }
}
