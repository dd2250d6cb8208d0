"""A started ptlab kernel and a helper that runs one cell and collects everything it published."""
import os
import time
import unittest

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("KERNEL_NAME", "ptlab")
TIMEOUT = 30


class KernelTestCase(unittest.TestCase):
    """One kernel per test class, shut down at the end."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)

    def drain(self):
        for get in (self.kc.get_iopub_msg, self.kc.get_shell_msg):
            while True:
                try:
                    get(timeout=0.05)
                except Exception:
                    break

    def reply(self, msg_id):
        """The shell reply to msg_id, skipping replies to earlier requests."""
        while True:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            if msg["parent_header"]["msg_id"] == msg_id:
                return msg["content"]

    def execute(self, code, timeout=TIMEOUT, on_sent=None, **kwargs):
        """Runs code; returns (reply content, [iopub messages of this request up to idle])."""
        self.drain()
        msg_id = self.kc.execute(code, **kwargs)
        if on_sent:
            on_sent()
        reply = self.kc.get_shell_msg(timeout=timeout)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return reply["content"], self.iopub_until_idle(msg_id, code, timeout)

    def execute_interrupting(self, code, started, timeout=TIMEOUT):
        """Runs code and interrupts it once an iopub message satisfies started(msg), i.e. once the
        code really runs (on a loaded machine, compiling a cell can take longer than any fixed delay).
        Returns (reply content, [iopub messages up to idle], time the interrupt was sent)."""
        self.drain()
        msg_id = self.kc.execute(code)
        interrupted_at = None

        def interrupt_once_started(msg):
            nonlocal interrupted_at
            if interrupted_at is None and started(msg):
                interrupted_at = time.time()
                self.km.interrupt_kernel()

        outputs = self.iopub_until_idle(msg_id, code, timeout, interrupt_once_started)
        reply = self.kc.get_shell_msg(timeout=timeout)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        return reply["content"], outputs, interrupted_at

    def iopub_until_idle(self, msg_id, code, timeout, on_output=None):
        """The iopub messages of request msg_id (which ran code) up to its idle status; on_output
        sees each one as it arrives."""
        outputs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return outputs
            outputs.append(msg)
            if on_output:
                on_output(msg)
        self.fail("no idle status after " + code)

    def outputs_of(self, outputs, msg_type):
        return [m["content"] for m in outputs if m["msg_type"] == msg_type]

    def stdout(self, outputs):
        return "".join(c["text"] for c in self.outputs_of(outputs, "stream") if c["name"] == "stdout")

    def result(self, code):
        """Runs code that must succeed and show one value; returns that execute_result's content."""
        reply, outputs = self.execute(code)
        self.assertEqual(reply["status"], "ok", reply)
        results = self.outputs_of(outputs, "execute_result")
        self.assertEqual(len(results), 1, outputs)
        return results[0]

    def result_text(self, code):
        return self.result(code)["data"]["text/plain"]
