package ptlab.viz;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import ptlab.race.Lock;
import ptlab.race.LongVar;
import ptlab.race.Program;
import ptlab.race.Trace;
import ptlab.race.examples.Classic;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceSvgTest {
    record S(Lock ptl, Lock sem, LongVar pte) {}

    /** A fault that takes mmap_lock for read and the ptl, and a writer that raises a label. */
    static Program<S> faultAndZap() {
        return Program.<S>builder("fault vs zap")
                .setup(m -> new S(m.spinlock("ptl"), m.rwsem("mmap_lock"), m.longVar("pte", 5)))
                .outcome(s -> "pte=" + s.pte().peek())
                .thread("CPU0 fault", t -> t.readLock("F1", S::sem).lock("F2", S::ptl)
                        .step("F3: set_pte_at", (s, c) -> s.pte().set(7)).unlock("F4", S::ptl).unlock("F5", S::sem))
                .thread("CPU1 zap", t -> t.step("Z1: ptep_get_and_clear", (s, c) -> {
                    if (s.pte().get() == 5) c.raise("PTE_WRITE_WITHOUT_PTL");
                    s.pte().set(0);
                }))
                .build();
    }

    @Test
    void holdSpansFollowTheLockEvents() {
        Trace t = faultAndZap().replay("0*5.1");
        assertEquals(List.of(new HoldSpan(0, "mmap_lock", 1, 5, true, true), new HoldSpan(0, "ptl", 2, 4, false, true)),
                HoldSpan.of(t));
    }

    @Test
    void aLockStillHeldAtTheEndIsAnOpenSpan() {
        Trace t = Classic.abba().explore().counterexample("DEADLOCK").trace();
        assertEquals(List.of(new HoldSpan(0, "A", 1, 2, false, false), new HoldSpan(1, "B", 2, 2, false, false)), HoldSpan.of(t));
    }

    @Test
    void aVariableNamedLikeALockIsNotALockEvent() {
        record V(LongVar lock) {}
        Program<V> p = Program.<V>builder("names").setup(m -> new V(m.longVar("lock x", 0)))
                .thread("T", t -> t.step("W", (s, c) -> s.lock().set(s.lock().get() + 1))).build();
        assertEquals(List.of(), HoldSpan.of(p.replay("0")));
    }

    @Test
    void svgHasALanePerThreadAStepBoxPerStepAndMarksTheRaisedLabel() throws Exception {
        Trace t = faultAndZap().replay("0.1.0*4");
        TraceSvg s = TraceSvg.of(t);
        Document d = Images.svg(s.svg());
        List<Element> lanes = Images.byClass(d, "lane");
        assertEquals(List.of("CPU0 fault", "CPU1 zap"), lanes.stream().map(e -> e.getAttribute("data-thread")).toList());
        assertEquals(t.length(), Images.byClass(d, "step").size());
        List<Element> raised = Images.byClass(d, "raised");
        assertEquals(1, raised.size());
        assertEquals("CPU1 zap", raised.get(0).getAttribute("data-thread"));
        assertTrue(raised.get(0).getTextContent().contains("! PTE_WRITE_WITHOUT_PTL"));
        assertTrue(raised.get(0).getTextContent().contains("pte := 0 (was 5)"), "values written are shown");
        assertEquals(2, Images.byClass(d, "hold").size());
        assertEquals("replay: 0.1.0*4", Images.byClass(d, "replay").get(0).getTextContent());
        assertEquals(String.valueOf(s.width()), d.getDocumentElement().getAttribute("width"));
        assertTrue(s.width() <= 900, "fits a notebook: " + s.width());
    }

    @Test
    void blockedThreadsGetADashedBoxSayingWhatTheyWaitFor() throws Exception {
        Trace t = Classic.abba().explore().counterexample("DEADLOCK").trace();
        Document d = Images.svg(TraceSvg.of(t).svg());
        List<Element> blocked = Images.byClass(d, "blocked");
        assertEquals(1, blocked.size(), "T0 waits at step 2 (T1's own wait is written in its step box)");
        assertEquals("T0", blocked.get(0).getAttribute("data-thread"));
        assertEquals("2", blocked.get(0).getAttribute("data-index"));
        assertTrue(blocked.get(0).getTextContent().contains("waits for B"));
        assertTrue(d.getDocumentElement().getTextContent().contains("then waits for A"));
    }

    @Test
    void markupIsEscapedAndOutputIsDeterministic() throws Exception {
        record X(LongVar x) {}
        Program<X> p = Program.<X>builder("<esc & \"q\">").setup(m -> new X(m.longVar("x<1>", 0)))
                .thread("A&B", t -> t.step("<a>", (s, c) -> s.x().set(1))).build();
        String svg = TraceSvg.of(p.replay("0")).svg();
        Images.svg(svg); // parses
        assertFalse(svg.contains("<a>"));
        assertEquals(svg, TraceSvg.of(p.replay("0")).svg());
        assertEquals(TraceSvg.of(faultAndZap().replay("0.1.0*4")).svg(), TraceSvg.of(faultAndZap().replay("0.1.0*4")).svg());
    }

    @Test
    void textFormIsTheTraceTable() {
        Trace t = faultAndZap().replay("0.1.0*4");
        assertEquals(t.toString(), TraceSvg.of(t).toString());
    }
}
