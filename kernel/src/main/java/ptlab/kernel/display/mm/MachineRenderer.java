package ptlab.kernel.display.mm;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.mm.Machine;

/** A machine shows its (first) address space. */
public final class MachineRenderer implements Renderer<Machine> {
    @Override
    public Class<Machine> type() {
        return Machine.class;
    }

    @Override
    public MimeBundle render(Machine m) {
        return new PageTablesRenderer().render(m.pageTables());
    }
}
