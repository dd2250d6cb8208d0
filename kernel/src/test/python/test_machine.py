"""The machine and the scenarios from cells: default imports, a sandbox session, a scenario comparison."""
from kernel_client import KernelTestCase


class MachineTests(KernelTestCase):

    def ok(self, code):
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok", (reply, outputs))
        return outputs

    def result_text(self, code):
        results = self.outputs_of(self.ok(code), "execute_result")
        self.assertTrue(results)
        return results[0]["data"]

    def test_sandbox_state_survives_across_cells(self):
        self.ok('var s = Sandbox.of("ARM64");')
        self.ok('s.mmap(0, 0x4000, "rw");')
        self.ok("long pfn = s.touch(0, 0x2000, true);")
        walk = self.result_text("s.walk(0x2000)")["text/plain"]
        self.assertIn("PRESENT pfn=0x", walk)
        self.assertIn(" W D A", walk)

    def test_page_tables_and_their_diff_render_as_html_and_text(self):
        self.ok('var p = Sandbox.of("X86_64"); p.mmap(0, 0x4000, "rw"); p.touch(0, 0x1000, false);')
        tree = self.result_text("var before = p.pageTables(); before")
        self.assertIn('class="ptlab-pagetables"', tree["text/html"])
        self.assertNotIn("<script", tree["text/html"])
        self.assertIn("[1] 0x1000: PRESENT", tree["text/plain"])
        diff = self.result_text("p.touch(0, 0x1000, true); before.diff(p.pageTables())")
        self.assertIn('class="ptlab-pagetable-diff"', diff["text/html"])
        self.assertIn(">+D</span>", diff["text/html"])
        self.assertIn("~ [1] 0x1000: PRESENT", diff["text/plain"])
        sandbox = self.result_text("p")
        self.assertIn('class="ptlab-pagetables"', sandbox["text/html"])
        self.assertTrue(sandbox["text/plain"].startswith("machine X86_64 with 2 CPUs"), sandbox["text/plain"])

    def test_bad_input_names_the_problem_and_the_sandbox_survives(self):
        self.ok('var t = Sandbox.of("X86_64"); t.mmap(0, 0x2000, "rw");')
        reply, outputs = self.execute("t.touch(0, 0x9000, false)")
        self.assertEqual(reply["status"], "error")
        self.assertIn("0x9000 is not in an anonymous VMA", reply["evalue"])
        self.assertIn("TABLE", self.result_text("t.touch(0, 0x1000, true); t.walk(0x1000)")["text/plain"])
        reply, _ = self.execute('Config.of("X86_64").with("NO_SUCH", true)')
        self.assertIn("unknown knob 'NO_SUCH'", reply["evalue"])

    def test_scenario_comparison_shows_the_lost_dirty_bit_where_it_happens(self):
        code = ('var s0 = Scenarios.get("S0");'
                ' s0.compare(List.of("MAINLINE", "RFC"), List.of(Config.of("GENERIC_SW_AD"), Config.of("ARM64")))')
        data = self.result_text(code)
        self.assertIn("<table", data["text/html"])
        text = data["text/plain"]
        mainline, rfc = text[text.index("\nMAINLINE"):text.index("\nRFC")], text[text.index("\nRFC"):]
        self.assertIn("!! DIRTY_LOST (1)", rfc, text)
        self.assertNotIn("DIRTY_LOST", mainline, text)

    def test_scenario_result_renders_with_its_chart(self):
        data = self.result_text('Scenarios.get("S0").explore("RFC", Config.of("GENERIC_SW_AD"))')
        self.assertIn("image/png", data)
        self.assertIn("DIRTY_LOST", data["text/plain"])
