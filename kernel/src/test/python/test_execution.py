"""Execution semantics beyond the stock suite: counts, silence, streams, errors, display, rendering."""
import base64
import unittest

from kernel_client import KernelTestCase


class ExecutionTests(KernelTestCase):

    def test_execution_count_advances_and_silent_does_not_count(self):
        first, _ = self.execute("1")
        silent, outputs = self.execute('System.out.println("hidden"); 5', silent=True)
        second, _ = self.execute("2")
        self.assertEqual(second["execution_count"], first["execution_count"] + 1)
        self.assertEqual(silent["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["status"], "a silent cell publishes only its busy status")

    def test_ten_thousand_lines_arrive_whole_in_few_messages(self):
        reply, outputs = self.execute('for (int i = 0; i < 10_000; i++) System.out.println("line " + i);')
        self.assertEqual(reply["status"], "ok")
        lines = self.stdout(outputs).splitlines()
        self.assertEqual(lines, ["line %d" % i for i in range(10_000)])
        self.assertLess(len(self.outputs_of(outputs, "stream")), 50)

    def test_stdout_and_stderr_keep_their_names(self):
        _, outputs = self.execute('System.out.println("to out"); System.err.println("to err");')
        streams = {c["name"]: c["text"] for c in self.outputs_of(outputs, "stream")}
        self.assertEqual(streams, {"stdout": "to out\n", "stderr": "to err\n"})

    def test_runtime_error_names_the_user_exception_and_user_frames(self):
        self.execute('void explode() {\n    throw new IllegalStateException("boom");\n}')
        reply, outputs = self.execute("int unused = 0;\nexplode();")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "IllegalStateException")
        self.assertEqual(reply["evalue"], "boom")
        trace = "\n".join(reply["traceback"])
        self.assertRegex(trace, r"explode \(Cell In\[\d+\], line 2\)")
        self.assertRegex(trace, r"Cell In\[\d+\], line 2")
        self.assertNotIn("jdk.jshell", trace)
        self.assertNotIn("ptlab.kernel", trace)
        self.assertEqual(len(self.outputs_of(outputs, "error")), 1)

    def test_compile_error_gives_cell_line_and_column(self):
        reply, _ = self.execute("int ok = 1;\nint bad = missingName + 1;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "CompilationError")
        self.assertIn("line 2, column 11", reply["evalue"])
        self.assertIn("cannot find symbol", reply["evalue"])

    def test_error_stops_the_cell_and_keeps_earlier_definitions(self):
        reply, _ = self.execute('int before = 7;\nInteger.parseInt("x");\nint after = 8;')
        self.assertEqual(reply["ename"], "NumberFormatException")
        self.assertEqual(self.result_text("before"), "7")
        reply, _ = self.execute("after")
        self.assertEqual(reply["status"], "error")

    def test_trailing_semicolon_suppresses_the_value(self):
        _, outputs = self.execute("Math.max(1, 2);")
        self.assertEqual(self.outputs_of(outputs, "execute_result"), [])
        self.assertEqual(self.result_text("Math.max(1, 2)"), "2")

    def test_display_statement_shows_once_and_echoes_nothing(self):
        reply, outputs = self.execute('display("once");')
        self.assertEqual(reply["status"], "ok")
        shown = self.outputs_of(outputs, "display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown[0]["data"]["text/plain"], "once")
        self.assertEqual(self.outputs_of(outputs, "execute_result"), [])

    def test_update_display_reuses_the_display_id(self):
        _, outputs = self.execute('String id = display("v1");\nupdateDisplay(id, "v2");')
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updated = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updated), 1)
        self.assertEqual(shown[0]["content"]["transient"]["display_id"], updated[0]["content"]["transient"]["display_id"])
        self.assertEqual(updated[0]["content"]["data"]["text/plain"], "v2")

    def test_buffered_image_renders_as_png_with_stable_text(self):
        _, outputs = self.execute("new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB)")
        data = self.outputs_of(outputs, "execute_result")[0]["data"]
        self.assertEqual(base64.b64decode(data["image/png"])[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(data["text/plain"], "BufferedImage 3x2")

    def test_cell_registers_a_renderer_for_its_own_type(self):
        self.execute("record Point(int x, int y) {}")
        self.execute('registerRenderer(Point.class, p -> MimeBundle.html("<i>" + p.x() + "," + p.y() + "</i>", "Point " + p.x()));')
        _, outputs = self.execute("new Point(3, 4)")
        data = self.outputs_of(outputs, "execute_result")[0]["data"]
        self.assertEqual(data, {"text/html": "<i>3,4</i>", "text/plain": "Point 3"})

    def test_no_javascript_in_any_output(self):
        _, outputs = self.execute('display("<b>x</b>", "text/html"); new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)')
        for m in outputs:
            for mime in m["content"].get("data", {}):
                self.assertNotIn("javascript", mime)

    def test_progress_bar_updates_one_display_and_ends_with_summary(self):
        code = ('var p = progress("exploring", 4);\n'
                'java.util.function.LongConsumer callback = p;\n'
                'for (int i = 1; i <= 4; i++) callback.accept(i);\n'
                'p.done("4 interleavings");')
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok")
        shown = [m for m in outputs if m["msg_type"] == "display_data"]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertGreaterEqual(len(updates), 1)
        ids = {m["content"]["transient"]["display_id"] for m in shown + updates}
        self.assertEqual(len(ids), 1)
        last = updates[-1]["content"]["data"]
        self.assertIn("4 interleavings", last["text/plain"])
        self.assertIn('<progress value="4" max="4">', last["text/html"])
        self.assertNotIn("<script", last["text/html"])

    def test_redefining_a_variable_with_another_type(self):
        self.execute('var v = "text";')
        self.execute("var v = 12;")
        self.assertEqual(self.result_text("v + 1"), "13")

    def test_bare_variable_shows_its_object_not_a_string(self):
        self.execute("var img2 = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);")
        _, outputs = self.execute("img2")
        self.assertIn("image/png", self.outputs_of(outputs, "execute_result")[0]["data"])

    def test_output_of_a_background_thread_reaches_the_notebook(self):
        reply, outputs = self.execute('var t = new Thread(() -> System.out.println("from thread")); t.start(); t.join();')
        self.assertEqual(reply["status"], "ok")
        self.assertIn("from thread", self.stdout(outputs))

    def test_help_syntax_pages_documentation(self):
        reply, _ = self.execute("String?")
        self.assertEqual(reply["payload"][0]["source"], "page")
        self.assertIn("java.lang.String", reply["payload"][0]["data"]["text/plain"])

    def test_engine_package_is_imported_only_when_present(self):
        reply, _ = self.execute("1")
        self.assertEqual(reply["status"], "ok", "default imports must not break cells")


if __name__ == "__main__":
    unittest.main()
