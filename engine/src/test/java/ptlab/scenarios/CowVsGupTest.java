package ptlab.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptlab.mm.Folio;
import ptlab.mm.Machine;
import ptlab.race.Program;
import ptlab.race.Result;
import ptlab.race.Trace;

/** R4a/R4b: bad schedules, minimization, no checker findings, determinism (the rows run in ScenarioSetsTest). */
class CowVsGupTest {
    final Scenario a = CowVsGup.r4a(), b = CowVsGup.r4b();

    @Test
    void r4aMinimalBadSchedule() {
        Program<Machine> p = a.program("MAPCOUNT_REUSE", CowVsGup.config());
        Trace t = p.replay(Scenario.replayOf(p, a.badSchedule("MAPCOUNT_REUSE")));
        assertEquals(CowVsGup.DATA_LEAK, t.outcome(), t.toString());
        var o = p.explore().outcomes().forbidden().get(0);
        assertTrue(o.minimized().length() <= a.badSchedule("MAPCOUNT_REUSE").size(), o.minimized().toString());
        // The same schedule is harmless once GUP breaks COW or reuse looks at the refcount.
        for (String v : List.of("FORCE_COW_GUP", "REFCOUNT_REUSE", "ANON_EXCLUSIVE")) {
            Program<Machine> q = a.program(v, CowVsGup.config());
            assertEquals(CowVsGup.NO_LEAK, q.replay(Scenario.replayOf(q, a.badSchedule("MAPCOUNT_REUSE"))).outcome(), v);
        }
    }

    @Test
    void r4bMinimalBadSchedule() {
        Program<Machine> p = b.program("PRE_5_8", CowVsGup.config());
        Trace t = p.replay(Scenario.replayOf(p, b.badSchedule("PRE_5_8")));
        assertEquals(CowVsGup.PIN_INCOHERENT, t.outcome(), t.toString());
        assertEquals(CowVsGup.OK, p.replay(Scenario.replayOf(p, List.of("P1", "C1", "P2"))).outcome(), "the child exited first: mapcount 1, reuse");
        var o = p.explore().outcomes().forbidden().get(0);
        assertTrue(o.minimized().length() <= b.badSchedule("PRE_5_8").size(), o.minimized().toString());
    }

    @Test
    void noCheckerFindingsAndTheRefcountsBalance() {
        for (Scenario s : List.of(a, b)) {
            for (String v : s.variants()) {
                Result r = s.explore(v, CowVsGup.config());
                assertEquals(s.labelsOf(r), Scenario.allLabelsOf(r), s.id() + " " + v + ": only primary labels");
            }
        }
        // R4b EARLY_COW, child exits after the parent's store: X keeps its mapping and its pin, the child's copy is freed.
        Program<Machine> p = b.program("EARLY_COW", CowVsGup.config());
        ptlab.race.Memory mem = ptlab.race.Memory.standalone("P", "C");
        Machine m = CowVsGup.setupB(mem, CowVsGup.config());
        var run = new ptlab.race.Sequential<>(mem, m);
        run.run(0, p.threads().get(0));
        run.run(1, p.threads().get(1));
        Folio x = m.sym("X"), xc = m.sym("Xc");
        assertEquals(1 + Folio.GUP_PIN_COUNTING_BIAS, x.peekRefcount());
        assertEquals(1, x.peekMapcount());
        assertTrue(xc.freed());
    }

    @Test
    void deterministic() {
        for (Scenario s : List.of(a, b)) {
            for (String v : s.variants()) {
                Result r1 = s.explore(v, CowVsGup.config()), r2 = s.explore(v, CowVsGup.config());
                assertEquals(r1.executions(), r2.executions());
                assertEquals(r1.outcomes().toString(), r2.outcomes().toString());
            }
        }
    }
}
