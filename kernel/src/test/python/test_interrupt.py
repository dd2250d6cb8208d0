"""Interrupts (message and signal modes) and stdin."""
import json
import os
import shutil
import tempfile
import threading
import time
import unittest

import psutil
from jupyter_client.manager import start_new_kernel

from kernel_client import KERNEL_NAME, KernelTestCase


def cores_used(process, seconds):
    before = sum(process.cpu_times()[:2])
    time.sleep(seconds)
    return (sum(process.cpu_times()[:2]) - before) / seconds


def printed(text):
    """True for the stream message that shows the cell has started running its code."""
    return lambda msg: msg["msg_type"] == "stream" and text in msg["content"]["text"]


class InterruptTests(KernelTestCase):

    def test_busy_loop_really_stops_and_state_survives(self):
        self.execute("int survivor = 41;")
        reply, _, sent = self.execute_interrupting('{ System.out.println("spinning"); while (true) {} }', printed("spinning"))
        self.assertLess(time.time() - sent, 3.0)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "InterruptedException")
        time.sleep(1.0)
        process = psutil.Process(self.km.provisioner.process.pid)
        self.assertLess(cores_used(process, 2.0), 0.2, "the busy loop still burns a core")
        self.assertEqual(self.result_text("survivor + 1"), "42")

    def test_sleep_is_interrupted_quickly(self):
        reply, _, sent = self.execute_interrupting('{ System.out.println("sleeping"); Thread.sleep(60_000); }', printed("sleeping"))
        self.assertLess(time.time() - sent, 1.5)
        self.assertEqual(reply["ename"], "InterruptedException")
        self.assertEqual(reply["evalue"], "sleep interrupted")

    def test_cooperative_exploration_returns_its_partial_result(self):
        code = ("long explored = 0;\n"
                "{\n"
                '    System.out.println("exploring");\n'
                "    while (!Thread.currentThread().isInterrupted()) explored++;\n"
                "}\n"
                "explored > 0")
        reply, outputs, _ = self.execute_interrupting(code, printed("exploring"))
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.outputs_of(outputs, "execute_result")[0]["data"]["text/plain"], "true")

    def test_interrupt_while_a_huge_cell_compiles_skips_the_rest_and_keeps_the_kernel(self):
        # javac cannot be stopped, and a class of 10,000 methods takes seconds to parse and compile
        # here, so the interrupt lands before the snippet runs; it must then not run, nor the rest.
        methods = "".join("    int m%d(int x) { return x * %d + m%d(x - 1); }\n" % (i, i, max(i - 1, 0)) for i in range(10_000))
        code = ('System.out.println("started");\n'
                "int ran = new Object() {\n" + methods + '    int run() { System.out.println("ran"); return 1; }\n}.run();\n'
                'System.out.println("after");')
        answered = {}

        def interrupt_on_control():
            msg = self.kc.session.msg("interrupt_request", {})
            sent = time.time()
            self.kc.control_channel.send(msg)
            reply = self.kc.get_control_msg(timeout=10)
            answered["seconds"] = time.time() - sent
            answered["status"] = reply["content"]["status"]

        reply, outputs = self.execute(code, timeout=120, on_sent=lambda: threading.Timer(1.0, interrupt_on_control).start())
        self.assertEqual(reply["ename"], "InterruptedException", reply)
        self.assertIn(self.stdout(outputs), ("", "started\n"), "the interrupt lands while the cell is split or compiled")
        self.assertEqual(answered["status"], "ok")
        self.assertLess(answered["seconds"], 0.5, "the control channel answers while the shell compiles")
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_stdin_round_trip(self):
        self.drain()
        msg_id = self.kc.execute('System.out.print("name? "); String who = new Scanner(System.in).nextLine(); "hi " + who',
                                 allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=30)
        self.assertEqual(request["msg_type"], "input_request")
        self.assertIs(request["content"]["password"], False)
        self.kc.input("Ada")
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(self.result_text("who"), "Ada")

    def test_stdin_not_allowed_fails_without_hanging(self):
        reply, _ = self.execute("new java.io.BufferedReader(new InputStreamReader(System.in)).readLine()",
                                allow_stdin=False, timeout=10)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "IOException")
        self.assertIn("allow_stdin", reply["evalue"])


class SignalModeInterruptTests(unittest.TestCase):
    """interrupt_mode "signal": Jupyter sends SIGINT, which must interrupt the cell, not end the JVM."""

    def setUp(self):
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        self.home = tempfile.mkdtemp()
        target = os.path.join(self.home, "kernels", "ptlab-signal")
        shutil.copytree(spec.resource_dir, target)
        with open(os.path.join(target, "kernel.json")) as f:
            kernel_json = json.load(f)
        kernel_json["interrupt_mode"] = "signal"
        with open(os.path.join(target, "kernel.json"), "w") as f:
            json.dump(kernel_json, f)
        self.old_path = os.environ.get("JUPYTER_PATH", "")
        os.environ["JUPYTER_PATH"] = self.home + os.pathsep + self.old_path
        self.km, self.kc = start_new_kernel(kernel_name="ptlab-signal", startup_timeout=60)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel()
        os.environ["JUPYTER_PATH"] = self.old_path
        shutil.rmtree(self.home)

    def test_sigint_interrupts_a_sleeping_cell(self):
        self.kc.execute_interactive("int warm = 1;", timeout=60)
        msg_id = self.kc.execute("Thread.sleep(60_000);")
        time.sleep(1.0)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["ename"], "InterruptedException")
        self.assertTrue(self.km.is_alive())


if __name__ == "__main__":
    unittest.main()
