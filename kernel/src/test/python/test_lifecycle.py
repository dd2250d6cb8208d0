"""Start, restart and shutdown through the client, and the installed kernelspec."""
import json
import os
import time
import unittest

import psutil
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from kernel_client import KERNEL_NAME


class LifecycleTests(unittest.TestCase):

    def test_kernelspec_runs_the_jar_from_its_own_folder(self):
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        self.assertEqual(spec.language, "java")
        self.assertIn("{resource_dir}/ptlab-kernel.jar", spec.argv)
        self.assertIn("-Djava.awt.headless=true", spec.argv)
        self.assertTrue(os.path.isfile(os.path.join(spec.resource_dir, "ptlab-kernel.jar")))

    def test_one_process_and_a_first_cell_without_stray_warnings(self):
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)
        try:
            streams = []
            code = ('System.out.println("only this");\n'
                    "display(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));\n"
                    "ptlab.race.examples.Classic.lostUpdate(2).explore().executions()")
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: streams.append(m["content"])
                                           if m["msg_type"] == "stream" else None)
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertEqual(streams, [{"name": "stdout", "text": "only this\n"}], "no SLF4J, JShell or AWT warnings")
            self.assertEqual(psutil.Process(km.provisioner.process.pid).children(recursive=True), [],
                             "user code runs in the kernel's own JVM, no second process")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)

    def test_restart_forgets_state_and_shutdown_ends_the_process(self):
        km, kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)
        try:
            kc.execute_interactive("int before = 1;", timeout=30)
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=60)
            reply = kc.execute_interactive("before", timeout=30)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertEqual(reply["content"]["ename"], "CompilationError")
            process = km.provisioner.process
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
        self.assertIsNotNone(process.poll(), "the kernel process is still running after shutdown")


if __name__ == "__main__":
    unittest.main()
