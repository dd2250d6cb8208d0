"""name? pages javadoc on every JDK installed here (e.g. Debian's 17 and Temurin 25), not only the build's.

Before paging, the kernel checks a class declaration for completeness and evaluates a user expression:
on JDK 25, JShell's sourceToSnippets of a class breaks every later javadoc lookup.
"""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from kernel_client import KERNEL_NAME


def installed_jdks():
    """Distinct java executables under /usr/lib/jvm that can run the kernel (feature release 17+)."""
    found = {}
    for java in sorted(glob.glob("/usr/lib/jvm/*/bin/java")):
        real = os.path.realpath(java)
        version = subprocess.run([real, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
        feature = next((line.split("=")[1].strip() for line in version.splitlines()
                        if line.strip().startswith("java.specification.version")), "0")
        if int(feature) >= 17 and os.path.isfile(os.path.join(os.path.dirname(real), "jshell")):
            found[real] = os.path.dirname(os.path.dirname(real))
    return found


class JavadocOnEveryJdkTests(unittest.TestCase):

    def test_math_max_pages_its_javadoc(self):
        jdks = installed_jdks()
        self.assertTrue(jdks, "no JDK found under /usr/lib/jvm")
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        for java, home in jdks.items():
            with self.subTest(java=java):
                page, double = self.pages_on(java, spec, ["Math.max?", "Math.max??"])
                self.assertEqual(double, page, "name?? pages the same documentation")
                self.assertIn("int Math.max(int a, int b)", page)
                if os.path.exists(os.path.join(home, "lib", "src.zip")):
                    self.assertIn("Returns the greater of two int values", page, "javadoc from the JDK's src.zip")

    def pages_on(self, java, spec, cells):
        home = tempfile.mkdtemp()
        old_path = os.environ.get("JUPYTER_PATH", "")
        try:
            target = os.path.join(home, "kernels", "ptlab-jdk")
            shutil.copytree(spec.resource_dir, target)
            with open(os.path.join(target, "kernel.json")) as f:
                kernel_json = json.load(f)
            kernel_json["argv"][0] = java
            with open(os.path.join(target, "kernel.json"), "w") as f:
                json.dump(kernel_json, f)
            os.environ["JUPYTER_PATH"] = home + os.pathsep + old_path
            km, kc = start_new_kernel(kernel_name="ptlab-jdk", startup_timeout=60)
            try:
                kc.is_complete("class A { }")
                kc.get_shell_msg(timeout=30)
                kc.execute_interactive("1", user_expressions={"c": "class B { }"}, timeout=60, output_hook=lambda m: None)
                replies = [kc.execute_interactive(c, timeout=60, output_hook=lambda m: None)["content"] for c in cells]
            finally:
                kc.stop_channels()
                km.shutdown_kernel()
            for reply in replies:
                self.assertEqual(reply["payload"][0]["source"], "page")
            return [reply["payload"][0]["data"]["text/plain"] for reply in replies]
        finally:
            os.environ["JUPYTER_PATH"] = old_path
            shutil.rmtree(home)


if __name__ == "__main__":
    unittest.main()
