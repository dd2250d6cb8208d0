"""The engine inside the kernel: default imports, results as values, interrupting an exploration."""
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
        code = "var r = Classic.lostUpdate(9).explore(); r.stopReason() + \" \" + (r.executions() > 0)"
        progress_shown = lambda msg: msg["msg_type"] == "display_data"
        reply, outputs, sent = self.execute_interrupting(code, progress_shown)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertLess(time.time() - sent, 0.5 + 0.5, "stops soon after the interrupt")
        self.assertEqual(self.outputs_of(outputs, "execute_result")[0]["data"]["text/plain"], 'cancelled true')
        self.assertEqual(self.result_text("r.complete()"), "false")


class EngineRenderingTests(KernelTestCase):

    def test_result_renders_as_html_and_text(self):
        data = self.result("ptlab.race.examples.Classic.abba().explore()")["data"]
        html = data["text/html"]
        self.assertIn("of 3 traces", html)
        self.assertIn("DEADLOCK", html)
        self.assertIn("replay: 0.1", html, "the deadlock's minimized trace is shown")
        self.assertIn("blocked (executions)", html, "lock contention is shown")
        self.assertNotIn("<script", html)
        self.assertIn("of 3 traces", data["text/plain"])

    def test_trace_renders_a_column_per_thread(self):
        data = self.result('ptlab.race.examples.Classic.lostUpdate(2).replay("0.1*2.0")')["data"]
        html = data["text/html"]
        self.assertIn(">T0</th>", html)
        self.assertIn(">T1</th>", html)
        self.assertIn("x := 1 (was 0)", html)
        self.assertIn("replay: 0.1*2.0", html)

    def test_outcome_keys_are_escaped(self):
        code = """
record S(LongVar x) {}
Program.<S>builder("esc").setup(m -> new S(m.longVar("x", 0)))
    .thread("A", t -> t.step("A1", (s, c) -> s.x().set(1)))
    .outcome(s -> "<b>x</b>=" + s.x().peek()).build().explore().outcomes()
"""
        html = self.result(code)["data"]["text/html"]
        self.assertIn("&lt;b&gt;x&lt;/b&gt;=1", html)
        self.assertNotIn("<b>x</b>", html)

    def test_long_exploration_shows_a_progress_bar_with_a_summary(self):
        reply, outputs = self.execute("ptlab.race.examples.Classic.lostUpdate(6).explore().executions()")
        self.assertEqual(reply["status"], "ok", reply)
        shown = self.outputs_of(outputs, "display_data")
        self.assertTrue(shown and "<progress" in shown[0]["data"]["text/html"], outputs)
        self.assertIn("lostUpdate(6)", shown[0]["data"]["text/plain"])
        updates = self.outputs_of(outputs, "update_display_data")
        self.assertIn("518,400 traces", updates[-1]["data"]["text/plain"])
        self.assertEqual(self.outputs_of(outputs, "execute_result")[0]["data"]["text/plain"], "518400")
