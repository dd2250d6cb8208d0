"""execute_request options beyond the code: user_expressions and stop_on_error, as ipykernel answers them."""
import unittest

from kernel_client import KernelTestCase


class UserExpressionTests(KernelTestCase):

    def test_each_expression_is_evaluated_after_the_cell(self):
        reply, outputs = self.execute("int ux = 20;", user_expressions={
            "sum": "ux + 1", "image": "new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB)",
            "broken": "ux / 0", "undefined": "nosuch + 1", "statement": "int other = 3;"})
        self.assertEqual(reply["status"], "ok")
        found = reply["user_expressions"]
        self.assertEqual(found["sum"], {"status": "ok", "data": {"text/plain": "21"}, "metadata": {}})
        self.assertEqual(found["image"]["status"], "ok")
        self.assertIn("image/png", found["image"]["data"])
        self.assertEqual(found["image"]["data"]["text/plain"], "BufferedImage 2x1")
        self.assertEqual((found["broken"]["status"], found["broken"]["ename"]), ("error", "ArithmeticException"))
        self.assertIsInstance(found["broken"]["traceback"], list)
        self.assertEqual((found["undefined"]["status"], found["undefined"]["ename"]), ("error", "CompilationError"))
        self.assertIn("cannot find symbol", found["undefined"]["evalue"])
        self.assertEqual(found["statement"]["status"], "error", "only expressions are evaluated")
        self.assertEqual(self.outputs_of(outputs, "error"), [], "errors in user expressions are not published")

    def test_a_failed_cell_evaluates_no_expressions(self):
        reply, _ = self.execute('throw new IllegalStateException("no");', user_expressions={"one": "1"})
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["user_expressions"], {})


class StopOnErrorTests(KernelTestCase):

    def send_cells(self, cells, stop_on_error, silent_first=False):
        self.drain()
        ids = [self.kc.execute(code, stop_on_error=stop_on_error, silent=silent_first and i == 0)
               for i, code in enumerate(cells)]
        replies = {}
        while len(replies) < len(ids):
            msg = self.kc.get_shell_msg(timeout=30)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]
        return [replies[i] for i in ids]

    def test_cells_queued_behind_a_failed_cell_are_aborted(self):
        first, second, third = self.send_cells(
            ['Thread.sleep(300);\nthrow new IllegalStateException("stop");', "int afterFailure = 1;", "2"], True)
        self.assertEqual(first["status"], "error")
        self.assertEqual(second, {"status": "aborted"})
        self.assertEqual(third, {"status": "aborted"})
        reply, _ = self.execute("afterFailure")
        self.assertEqual(reply["status"], "error", "the aborted cell did not run")
        self.assertEqual(self.result_text("1 + 1"), "2", "cells sent after the abort run again")

    def test_without_stop_on_error_queued_cells_run(self):
        first, second = self.send_cells(
            ['Thread.sleep(300);\nthrow new IllegalStateException("go on");', "int ranAnyway = 5;"], False)
        self.assertEqual(first["status"], "error")
        self.assertEqual(second["status"], "ok")
        self.assertEqual(self.result_text("ranAnyway"), "5")

    def test_a_failed_silent_cell_aborts_nothing(self):
        first, second = self.send_cells(
            ['Thread.sleep(300);\nthrow new IllegalStateException("quiet");', "int afterSilent = 6;"], True, silent_first=True)
        self.assertEqual(first["status"], "error")
        self.assertEqual(second["status"], "ok")


if __name__ == "__main__":
    unittest.main()
