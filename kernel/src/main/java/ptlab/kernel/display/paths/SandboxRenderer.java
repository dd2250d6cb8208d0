package ptlab.kernel.display.paths;

import ptlab.kernel.display.MimeBundle;
import ptlab.kernel.display.Renderer;
import ptlab.kernel.display.mm.PageTablesRenderer;
import ptlab.paths.Sandbox;

/** A sandbox shows its address space and its findings so far. */
public final class SandboxRenderer implements Renderer<Sandbox> {
    @Override
    public Class<Sandbox> type() {
        return Sandbox.class;
    }

    @Override
    public MimeBundle render(Sandbox s) {
        return new PageTablesRenderer().render(s.pageTables());
    }
}
