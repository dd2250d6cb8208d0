"""The engine inside the kernel: default imports, results as values, interrupting an exploration."""
import threading
import time

from kernel_client import KernelTestCase


class EngineTests(KernelTestCase):

    def test_race_scheduler_is_imported_and_explores(self):
        text = self.result_text("Classic.lostUpdate(2).explore().outcomes().keys()"
                                .replace("Classic.", "ptlab.race.examples.Classic."))
        self.assertEqual(text, "[x=1, x=2]")
        self.assertEqual(self.result_text("Strategy.dpor().unit()"), 'traces')

    def test_a_cell_writes_its_own_race(self):
        code = """
record S(LongVar x) {}
var p = Program.<S>builder("mine")
    .setup(m -> new S(m.longVar("x", 0)))
    .thread("A", t -> t.step("A1", (s, c) -> s.x().set(1)))
    .thread("B", t -> t.step("B1", (s, c) -> c.raise(s.x().get() == 1 ? "SAW_ONE" : "SAW_ZERO")))
    .build();
p.explore().outcomes().keys()
"""
        self.assertEqual(self.result_text(code), "[SAW_ONE, SAW_ZERO]")

    def test_interrupt_returns_the_partial_exploration(self):
        self.execute("import ptlab.race.examples.Classic;")
        sent = {}

        def interrupt():
            sent["t"] = time.time()
            self.km.interrupt_kernel()

        code = "var r = Classic.lostUpdate(9).explore(); r.stopReason() + \" \" + (r.executions() > 0)"
        reply, outputs = self.execute(code, on_sent=lambda: threading.Timer(1.0, interrupt).start())
        self.assertEqual(reply["status"], "ok", reply)
        self.assertLess(time.time() - sent["t"], 0.5 + 0.5, "stops soon after the interrupt")
        self.assertEqual(self.outputs_of(outputs, "execute_result")[0]["data"]["text/plain"], 'cancelled true')
        self.assertEqual(self.result_text("r.complete()"), "false")
