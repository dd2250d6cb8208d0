"""The notebooks as readers see them, in headless Chromium (Debian's, driven by playwright-core):
every notebook's nbconvert HTML draws every picture with no script errors, and the classic notebook
server runs the tour's cells in the browser and shows a rendered chart. Screenshots land in
kernel/target/browser for a person to look at."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import nbformat

from kernel_client import KERNEL_NAME

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = os.path.normpath(os.path.join(HERE, "..", "browser"))
NOTEBOOKS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "notebooks"))
SHOTS = os.path.normpath(os.path.join(HERE, "..", "..", "..", "target", "browser"))
JUPYTER = [sys.executable, "-m", "jupyter"]


def node(script, *args, timeout):
    """Runs a script of ../browser (installing playwright-core from npm the first time) and returns its JSON."""
    if not os.path.isdir(os.path.join(BROWSER, "node_modules", "playwright-core")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER, check=True, capture_output=True, timeout=300)
    run = subprocess.run(["node", script, *args], cwd=BROWSER, capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        raise AssertionError(f"node {script} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(run.stdout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BrowserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)

    def test_every_notebook_exported_to_html_draws_every_picture(self):
        with tempfile.TemporaryDirectory() as out:
            names = sorted(n for n in os.listdir(NOTEBOOKS) if n.endswith(".ipynb"))
            subprocess.run(JUPYTER + ["nbconvert", "--to", "html", "--output-dir", out]
                           + [os.path.join(NOTEBOOKS, n) for n in names], check=True, capture_output=True, timeout=300)
            pages = [os.path.join(out, n[:-len(".ipynb")] + ".html") for n in names]
            report = node("pages.mjs", SHOTS, *pages, timeout=300)
        self.assertEqual([p["page"] for p in report], [os.path.basename(p) for p in pages])
        for page in report:
            with self.subTest(page=page["page"]):
                self.assertEqual(page["errors"], [])
                self.assertGreaterEqual(len(page["pictures"]), 3, "a notebook shows its outcome chart, trace and contention")
                blank = [p for p in page["pictures"] if not p["complete"] or p["width"] == 0 or p["height"] == 0]
                self.assertEqual(blank, [], "pictures that drew nothing")

    def test_classic_notebook_runs_the_tour_and_shows_a_chart(self):
        with tempfile.TemporaryDirectory() as root:
            tour = nbformat.read(os.path.join(NOTEBOOKS, "00-tour.ipynb"), as_version=4)
            tour.metadata.kernelspec.name = KERNEL_NAME  # the kernel this suite installed
            for cell in tour.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            nbformat.write(tour, os.path.join(root, "tour.ipynb"))
            port, token = free_port(), "ptlab-browser-test"
            server = subprocess.Popen(
                JUPYTER + ["notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
                           f"--NotebookApp.token={token}", f"--NotebookApp.notebook_dir={root}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                env={**os.environ, "JUPYTER_CONFIG_DIR": os.path.join(root, ".jupyter")})
            try:
                self.wait_for_server(server, f"http://127.0.0.1:{port}/api/status?token={token}")
                started = time.monotonic()
                report = node("notebook.mjs", f"http://127.0.0.1:{port}/notebooks/tour.ipynb?token={token}", SHOTS, "240",
                              timeout=300)
                print(f"classic notebook ran the tour in {time.monotonic() - started:.1f} s", flush=True)
            finally:
                server.terminate()
                server.wait(timeout=10)
        code_cells = sum(1 for c in tour.cells if c.cell_type == "code" and c.source.strip())
        self.assertEqual(report["kernel"], KERNEL_NAME)
        self.assertEqual(report["cellsRun"], code_cells)
        self.assertEqual(report["errors"], [])
        self.assertEqual(report["consoleErrors"], [])
        self.assertTrue(report["images"], "no images in the outputs")
        self.assertEqual([i for i in report["images"] if i["width"] == 0 or i["height"] == 0], [], "images that did not decode")
        self.assertGreater(os.path.getsize(report["chartScreenshot"]), 5000, "the chart screenshot is empty")

    def wait_for_server(self, server, status_url):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self.fail("the notebook server exited:\n" + server.stderr.read()[-3000:])
            try:
                with urllib.request.urlopen(status_url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.fail("the notebook server did not answer within 60 s")


if __name__ == "__main__":
    unittest.main()
