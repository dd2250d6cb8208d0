#!/usr/bin/python3
"""Kernel benchmark with a real client (jupyter_client), as described in design/JAVA-KERNELS.md section 2.

Usage: /usr/bin/python3 kernel/bench/bench.py [--kernel NAME] [--runs 5] [--samples 50] [--json OUT]
Reports medians over fresh kernels: start to first kernel_info_reply, kernel_info round trip,
1+1 round trip (median of per-run medians), a class + 10^7 loop cell (cold and warm), a 5-cell
notebook through nbconvert --execute, shutdown time and resident memory after start.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat
import psutil
from jupyter_client.manager import KernelManager

LOOP_CELL = """class Acc { long sum; void add(long v) { sum += v; } }
Acc acc = new Acc();
for (int i = 0; i < 10_000_000; i++) acc.add(i % 7);
acc.sum"""
LOOP_RESULT = "29999994"
NOTEBOOK_CELLS = [
    "import java.util.stream.*;\nint n = 1000;",
    "record Pair(int a, int b) { int sum() { return a + b; } }",
    "List<Integer> squares = IntStream.range(0, n).map(i -> i * i).boxed().collect(Collectors.toList());",
    'System.out.println("squares: " + squares.size());',
    "new Pair(squares.get(3), squares.get(4)).sum()",
]


def run_cell(kc, code, timeout=60):
    """Time from sending execute_request to its execute_reply; returns (seconds, text result)."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    elapsed = time.perf_counter() - t0
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok", reply["content"]
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return elapsed, result


def one_kernel(name, samples):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    kc.get_shell_msg(timeout=60)
    start = time.perf_counter() - t0
    rss = sum(p.memory_info().rss for p in [psutil.Process(km.provisioner.process.pid)]
              + psutil.Process(km.provisioner.process.pid).children(recursive=True)) / 2**20

    info = []
    for _ in range(samples):
        t = time.perf_counter()
        kc.kernel_info()
        kc.get_shell_msg(timeout=10)
        info.append(time.perf_counter() - t)

    for _ in range(10):
        run_cell(kc, "1+1")
    one_plus_one = [run_cell(kc, "1+1")[0] for _ in range(samples)]

    loops = []
    for _ in range(3):
        elapsed, result = run_cell(kc, LOOP_CELL)
        assert result == LOOP_RESULT, result
        loops.append(elapsed)
    rss_after = psutil.Process(km.provisioner.process.pid).memory_info().rss / 2**20

    kc.stop_channels()
    t = time.perf_counter()
    km.shutdown_kernel(now=False)
    shutdown = time.perf_counter() - t
    return {"start_s": start, "kernel_info_ms": 1000 * statistics.median(info),
            "one_plus_one_ms": 1000 * statistics.median(one_plus_one),
            "one_plus_one_p90_ms": 1000 * statistics.quantiles(one_plus_one, n=10)[-1],
            "loop_cold_ms": 1000 * loops[0], "loop_warm_ms": 1000 * statistics.median(loops[1:]),
            "shutdown_s": shutdown, "rss_after_start_mib": rss, "rss_after_cells_mib": rss_after}


def notebook_seconds(name):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "bench.ipynb")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in NOTEBOOK_CELLS]
        nbformat.write(nb, path)
        t = time.perf_counter()
        subprocess.run(["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute",
                        "--ExecutePreprocessor.kernel_name=" + name, "--output", os.path.join(d, "out.ipynb"), path],
                       check=True, capture_output=True)
        elapsed = time.perf_counter() - t
        out = nbformat.read(os.path.join(d, "out.ipynb"), 4)
        assert out.cells[4].outputs[0]["data"]["text/plain"] == "25", out.cells[4].outputs
        return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="ptlab")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--json")
    args = ap.parse_args()
    runs = [one_kernel(args.kernel, args.samples) for _ in range(args.runs)]
    notebooks = [notebook_seconds(args.kernel) for _ in range(args.runs)]
    summary = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    summary["nbconvert_5_cells_s"] = statistics.median(notebooks)
    summary["load_average"] = os.getloadavg()
    for k, v in summary.items():
        print("%-24s %s" % (k, ["%.3f" % x for x in v] if isinstance(v, tuple) else "%.3f" % v))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"summary": summary, "runs": runs, "notebooks_s": notebooks}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
