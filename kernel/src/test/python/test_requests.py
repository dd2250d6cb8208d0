"""The non-execute shell and control requests."""
import unittest

from kernel_client import KernelTestCase


class RequestTests(KernelTestCase):

    def test_kernel_info_has_status_and_java_language_info(self):
        info = self.reply(self.kc.kernel_info())
        self.assertEqual(info["status"], "ok")
        self.assertEqual(info["language_info"]["name"], "java")
        self.assertEqual(info["language_info"]["mimetype"], "text/x-java")
        self.assertTrue(info["help_links"])

    def test_completion_reports_the_replaced_range(self):
        code = "String s = \"x\";\ns.toUpp"
        self.execute("String s = \"x\";")
        reply = self.reply(self.kc.complete(code, len(code)))
        self.assertEqual(reply["matches"], ["toUpperCase("])
        self.assertEqual(reply["cursor_start"], len(code) - len("toUpp"))
        self.assertEqual(reply["cursor_end"], len(code))

    def test_completion_in_the_middle_of_a_cell(self):
        code = "Math.ran + 1"
        reply = self.reply(self.kc.complete(code, 8))
        self.assertEqual(reply["matches"], ["random()"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (5, 8))

    def test_inspect_with_cursor_after_paren_and_on_names(self):
        for code, cursor, expected in [("Math.max(", 9, "Math.max(int a, int b)"),
                                       ("String", 3, "java.lang.String"),
                                       ("System.out.println", 18, "println")]:
            with self.subTest(code=code):
                reply = self.reply(self.kc.inspect(code, cursor))
                self.assertTrue(reply["found"], reply)
                self.assertIn(expected, reply["data"]["text/plain"])

    def test_inspect_of_nothing_is_not_found(self):
        reply = self.reply(self.kc.inspect("   ", 1))
        self.assertEqual(reply["status"], "ok")
        self.assertFalse(reply["found"])

    def test_is_complete_gives_an_indent_for_open_blocks(self):
        reply = self.reply(self.kc.is_complete("void f() {\n    if (true) {"))
        self.assertEqual(reply, {"status": "incomplete", "indent": "        "})

    def test_history_search_and_range(self):
        self.execute("int h1 = 1;")
        self.execute("int h2 = 2;")
        found = self.reply(self.kc.history(hist_access_type="search", pattern="int h?*", output=False, raw=True))
        self.assertEqual([e[2] for e in found["history"]][-2:], ["int h1 = 1;", "int h2 = 2;"])
        last = found["history"][-1]
        ranged = self.reply(self.kc.history(hist_access_type="range", session=last[0], start=last[1], stop=last[1] + 1,
                                            output=False, raw=True))
        self.assertEqual(ranged["history"], [last])


if __name__ == "__main__":
    unittest.main()
