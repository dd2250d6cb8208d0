package ptlab.paths;

import java.util.List;
import ptlab.mm.Machine;
import ptlab.mm.Page;
import ptlab.mm.TableState;
import ptlab.race.Guard;
import ptlab.race.Step;
import ptlab.race.ThreadSpec;

/**
 * Agent threads (daemons, on no CPU): the RCU grace-period machinery and the reallocation of a
 * freed frame. They may wait forever; the scheduler may run them between any two steps once they
 * are enabled.
 */
public final class Agents {
    private Agents() {}

    /** GP: whenever a grace period can end for a pending {@code call_rcu()} callback, run the elapsed callbacks (repeats). */
    public static ThreadSpec<Machine> rcuGracePeriods(String name) {
        return new ThreadSpec<>(name, List.of(new Step<Machine>("GP",
                Guard.when("a grace period to elapse (every CPU past a quiescent state)", (m, c) -> m.rcu_gp_ready()),
                (m, c) -> {
                    m.rcu_gp();
                    c.jump("GP");
                })), true);
    }

    /**
     * REUSE: once the table bound as {@code table} is FREED, its frame is reallocated and every entry
     * holds {@code fill} (e.g. {@code pfn_pte(G)}: the frame became another process's PTE table).
     */
    public static ThreadSpec<Machine> reuse(String name, String table, Fill fill) {
        return new ThreadSpec<>(name, List.of(new Step<Machine>("REUSE",
                Guard.when(table + " to be freed", (m, c) -> m.<Page>sym(table).peekState() == TableState.FREED),
                (m, c) -> {
                    Page t = m.sym(table);
                    if (fill == null) m.reuse(t);
                    else m.reuse(t, fill.of(m));
                })), true);
    }

    /** The word a reused frame is filled with, computed from the machine. */
    @FunctionalInterface
    public interface Fill {
        long of(Machine m);
    }
}
