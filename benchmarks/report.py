"""Time the whole report, as a report owner schedules it, on synthetic order logs.

Each size runs ``run_report(orders=<file>, lang="en,nl")`` (both languages; PDFs with ``--pdf``)
on an export shape (:data:`benchmarks.generate.SHAPES`; default ``export``: Parquet without an
order id, timestamps, customers unsorted) in a fresh process and prints the wall time, the time of validation, of the notebooks (which
run two at a time) and of each notebook's cells (with its slowest cells), of each
language's pages, the peak memory (the runner and all its notebook processes together, and the
largest single process, sampled every 0.2 s), and how the cost grows from one size to the next (ratio of wall times).

    python -m benchmarks.report                   # 1M and 10M orders, export shape, no PDFs
    python -m benchmarks.report --sizes 100M      # only when asked
    python -m benchmarks.report --shape bench --pdf
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .generate import SHAPES, SIZES, export_shape, generate

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"

_CHILD = r"""
import json, sys, threading, time
from pathlib import Path

import nbformat
import psutil

from retention_kit.present import report

out, orders, pdf = sys.argv[1], sys.argv[2], sys.argv[3] == "pdf"
timings = {"notebooks": {}, "cells": {}, "pages": {}}


def timed(key, function):
    # `function`, adding its seconds to `key`: a name, or a function of the call's arguments that
    # gives a (group, name) pair, e.g. ("pages", "nl")
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        where, name = key(*args, **kwargs) if callable(key) else (timings, key)
        where = timings[where] if isinstance(where, str) else where
        where[name] = where.get(name, 0.0) + time.perf_counter() - start
        return result
    return wrapper


#: How many of a notebook's slowest cells are printed.
SLOWEST = 6


def _first_call(source: str) -> str:
    # what a cell computes, to name it: its rk.<name>(...) calls but the theme and the display ones, else its first line
    import re

    calls = [c for c in dict.fromkeys(re.findall(r"rk\.([\w.]+)\(", source))
             if not c.startswith(("plots.set_theme", "table", "notes.", "headlines."))]
    return "+".join(calls[:3]) if calls else source.strip().splitlines()[0][:30] if source.strip() else ""


def cell_times(*args, **kwargs):
    executed = execute(*args, **kwargs)
    for nb, path in executed.items():
        cells = nbformat.read(path, as_version=4).cells
        durations = [(c.metadata.get("papermill", {}).get("duration") or 0.0, i, _first_call(c.source))
                     for i, c in enumerate(cells) if c.cell_type == "code"]
        timings["notebooks"][nb.stem] = sum(d for d, *_ in durations)
        timings["cells"][nb.stem] = sorted(durations, reverse=True)[:SLOWEST]
    return executed


peak = [0, 0]  # all processes together, the largest single process


def sample_memory():
    # the resident memory of the runner and every process below it (kernels run two at a time)
    me = psutil.Process()
    while True:
        total = largest = 0
        for process in [me, *me.children(recursive=True)]:
            try:
                rss = process.memory_info().rss
            except psutil.Error:
                continue
            total, largest = total + rss, max(largest, rss)
        peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
        time.sleep(0.2)


threading.Thread(target=sample_memory, daemon=True).start()
execute = report.execute_notebooks
report.execute_notebooks = timed("notebooks_wall", cell_times)
report._export_html = timed(lambda *_, lang, **__: ("pages", lang), report._export_html)
report.save_snapshot = timed("snapshot", report.save_snapshot)
report.ReportOptions.load = timed("validate", report.ReportOptions.load)
report.export_pdfs = timed("pdf", report.export_pdfs)
start = time.perf_counter()
report.run_report(out, orders=orders, lang="en,nl", progress=False, pdf=pdf)
timings["wall"] = time.perf_counter() - start
timings["peak_mb"], timings["peak_process_mb"] = peak[0] / 2**20, peak[1] / 2**20
print(json.dumps(timings))
"""


def run(size: str, shape: str = "export", pdf: bool = False) -> dict:
    """The report on `size` orders of `shape` in a fresh process; its timings."""
    orders = export_shape(generate(SIZES[size], DATA / f"orders_{size}.parquet"), shape)
    with tempfile.TemporaryDirectory(prefix="rk-report-bench-") as out:
        done = subprocess.run([sys.executable, "-c", _CHILD, out, str(orders), "pdf" if pdf else "no"],
                              capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the report on {size} orders failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1M", "10M"], choices=list(SIZES))
    parser.add_argument("--shape", default="export", choices=list(SHAPES))
    parser.add_argument("--pdf", action="store_true", help="also print the PDF copies")
    args = parser.parse_args(argv)
    results = {}
    for size in args.sizes:
        results[size] = t = run(size, args.shape, args.pdf)
        print(f"\n{size} orders ({args.shape}): {t['wall']:.1f} s end to end, peak {t['peak_mb']:,.0f} MB "
              f"(largest process {t['peak_process_mb']:,.0f} MB)")
        print(f"  validate {t['validate']:.1f} s, snapshot {t['snapshot']:.1f} s, PDFs {t.get('pdf', 0):.1f} s, "
              f"notebooks {t['notebooks_wall']:.1f} s (two at a time)")
        for name, seconds in t["notebooks"].items():
            slow = ", ".join(f"cell {i} ({what}) {d:.1f} s" for d, i, what in t["cells"][name])
            print(f"  {name}: cells {seconds:.1f} s (slowest: {slow})")
        print("  pages: " + ", ".join(f"{lang} {s:.1f} s" for lang, s in t["pages"].items()))
    sizes = list(results)
    for small, large in zip(sizes, sizes[1:]):
        print(f"\n{large}/{small} cost ratio: {results[large]['wall'] / results[small]['wall']:.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
