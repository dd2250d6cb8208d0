package ptlab.paths;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import ptlab.mm.Config;
import ptlab.mm.Machine;
import ptlab.race.Lock;
import ptlab.race.Outcome;
import ptlab.race.Program;
import ptlab.race.Result;

/**
 * The CPU the flush tests race against: {@code local_irq_save()}, then {@code local_irq_restore()};
 * with a lock, {@code spin_lock_irqsave()}, so it spins with IRQs off and cannot acknowledge an IPI.
 */
final class IrqsOff {
    private IrqsOff() {}

    /** The path; {@code lock} names the machine symbol of the lock it spins on, or is null. */
    static Path cpu(Config config, String lock) {
        return Path.of(lock == null ? "local_irq_save()" : "spin_lock_irqsave(" + lock + ")", config, b -> {
            b.step("I0", (m, c) -> m.local_irq_save());
            if (lock == null) {
                b.step("I1", (m, c) -> m.local_irq_restore());
            } else {
                b.spin_lock("I1", (m, c) -> m.<Lock>sym(lock), (m, c) -> {
                    m.<Lock>sym(lock).unlock();
                    m.local_irq_restore();
                });
            }
        });
    }

    /** Explores p to the end. */
    static Result explore(Program<Machine> p) {
        Result r = p.explore();
        assertTrue(r.complete(), r.toString());
        return r;
    }

    /** The outcomes p reached. */
    static Set<String> seen(Result r) {
        return r.outcomes().rows().stream().filter(Outcome::seen).map(Outcome::key).collect(Collectors.toSet());
    }
}
