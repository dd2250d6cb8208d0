"""Every notebook in notebooks/ executed headlessly by a real client against the installed kernel:
no errors, the pictures it promises, and the same text it was saved with (timings aside)."""
import copy
import os
import re
import time
import unittest

import nbformat
from nbclient import NotebookClient

from kernel_client import KERNEL_NAME

NOTEBOOKS = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "notebooks"))
TIMINGS = re.compile(r"\b\d+(\.\d+)? (s|ms)\b|, \d[\d,]* sleep-set blocked")


def texts(nb):
    """Each code cell's result text and stream output, with timings blanked. Displays are left out:
    progress bars appear only when an exploration runs long enough, which depends on the machine."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type == "execute_result":
                parts.append(o.data.get("text/plain", ""))
        out.append(TIMINGS.sub("<t>", "".join(parts)))
    return out


class NotebookTests(unittest.TestCase):
    executed_seconds = 0.0

    @classmethod
    def tearDownClass(cls):
        print(f"notebooks executed in {cls.executed_seconds:.1f} s", flush=True)

    def test_every_notebook_runs_clean_and_reproduces_its_saved_outputs(self):
        names = sorted(n for n in os.listdir(NOTEBOOKS) if n.endswith(".ipynb"))
        self.assertTrue(names, "no notebooks in " + NOTEBOOKS)
        for name in names:
            with self.subTest(notebook=name):
                saved = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
                nb = copy.deepcopy(saved)
                start = time.monotonic()
                NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=300,
                               resources={"metadata": {"path": NOTEBOOKS}}).execute()
                NotebookTests.executed_seconds += time.monotonic() - start
                outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
                errors = [o for o in outputs if o.output_type == "error"]
                self.assertEqual(errors, [], name)
                mimes = {m for o in outputs for m in o.get("data", {})}
                self.assertTrue({"text/plain", "text/html", "image/png", "image/svg+xml"} <= mimes, (name, mimes))
                self.assertEqual(texts(saved), texts(nb), name + ": re-running changed its outputs (save them again?)")


if __name__ == "__main__":
    unittest.main()
