"""Time retention_kit against baselines on synthetic Parquet order logs; print a table, write a CSV.

Each measurement runs in a fresh subprocess (so peak memory is that function's
own), three times; the table shows medians and ratios measured in the same run.
The analyses are timed on a validated table (loaded before the clock starts, as a
notebook loads its data once); ``with_validation_s`` adds the validation pass, the
cost of a one-off call on the file. Peak memory includes the validation.

    python -m benchmarks.run                 # 1M rows
    python -m benchmarks.run --sizes 1M 10M  # 100M only when asked: --sizes 100M
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from .generate import SIZES, generate, order_lines

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"


# ----------------------------------------------------------------------------- the timed tasks


def task_scan_floor(path: str) -> None:
    """Single-pass DuckDB count(distinct customer_id) over the file: the lower bound of any scan."""
    import duckdb

    duckdb.sql(f"select count(distinct customer_id) from read_parquet('{path}')").fetchall()


def task_validate(path: str) -> None:
    import retention_kit as rk

    rk.load_orders(path)


def task_validate_lines(path: str) -> None:
    """The same orders as order lines (a third split in three, some returned): grouped and netted at load."""
    import retention_kit as rk

    from .generate import order_lines

    rk.load_orders(order_lines(path))


# The analyses get the validated table, as in a notebook (validation is timed on its own above).


def task_cohort_table(orders) -> None:
    import retention_kit as rk

    rk.cohort_table(orders, metric="customers")


def task_kpi_table(orders) -> None:
    import retention_kit as rk

    rk.kpi_table(orders)


def task_rfm_summary(orders) -> None:
    import retention_kit as rk

    rk.rfm_summary(orders)


def task_survival_frame(orders) -> None:
    import retention_kit as rk

    rk.survival_frame(orders)


def task_pandas_rfm(path: str) -> None:
    """A pandas groupby RFM summary with the same conventions (same-day orders merged, weeks = days / 7)."""
    import pandas as pd

    df = pd.read_parquet(path, columns=["customer_id", "order_date", "revenue"])
    df["order_date"] = pd.to_datetime(df["order_date"])
    end = df["order_date"].max()
    days = df.groupby(["customer_id", "order_date"], as_index=False)["revenue"].sum()
    first = days.groupby("customer_id")["order_date"].transform("min")
    repeat = days[days["order_date"] > first]
    per = days.groupby("customer_id").agg(first=("order_date", "min"), last=("order_date", "max"),
                                          n=("order_date", "size"))
    summary = pd.DataFrame({
        "frequency": per["n"] - 1,
        "recency": (per["last"] - per["first"]).dt.days / 7,
        "T": (end - per["first"]).dt.days / 7,
        "monetary_value": repeat.groupby("customer_id")["revenue"].mean().reindex(per.index).fillna(0.0),
    })
    assert len(summary)


def task_lifetimes_rfm(path: str) -> None:
    """The BTYD peers' own summary: lifetimes' summary_data_from_transaction_data (daily periods,
    same-day orders merged), read from the same file (``pip install lifetimes``; skipped without it)."""
    import pandas as pd
    from lifetimes.utils import summary_data_from_transaction_data

    df = pd.read_parquet(path, columns=["customer_id", "order_date", "revenue"])
    summary = summary_data_from_transaction_data(df, "customer_id", "order_date", monetary_value_col="revenue",
                                                 freq="D")
    assert len(summary)


def task_pandas_cohort(path: str) -> None:
    """The widely taught Online-Retail cohort code (apply per row, groupby nunique, pivot)."""
    import datetime as dt

    import pandas as pd

    df = pd.read_parquet(path)
    df["InvoiceDate"] = pd.to_datetime(df["order_date"])
    df["InvoiceMonth"] = df["InvoiceDate"].apply(lambda x: dt.datetime(x.year, x.month, 1))
    df["CohortMonth"] = df.groupby("customer_id")["InvoiceMonth"].transform("min")
    years = df["InvoiceMonth"].dt.year - df["CohortMonth"].dt.year
    months = df["InvoiceMonth"].dt.month - df["CohortMonth"].dt.month
    df["CohortIndex"] = years * 12 + months + 1
    counts = df.groupby(["CohortMonth", "CohortIndex"])["customer_id"].apply(pd.Series.nunique).reset_index()
    counts.pivot(index="CohortMonth", columns="CohortIndex", values="customer_id")


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


TASKS = {name[5:]: fn for name, fn in globals().items() if name.startswith("task_")}
BASELINES = {"cohort_table": "pandas_cohort", "rfm_summary": "lifetimes_rfm", "pandas_rfm": "lifetimes_rfm",
             "validate": "scan_floor",
             "validate_lines": "validate",
             "kpi_table": "scan_floor", "survival_frame": "scan_floor"}
ON_VALIDATED = {"cohort_table", "kpi_table", "rfm_summary", "survival_frame"}


def measure_once(task: str, path: str) -> dict:
    """Run one task in this process; return seconds and peak resident memory (MB).

    Libraries are imported before the clock starts, for every task alike.
    """
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    import retention_kit
    from retention_kit.engine import get_backend

    get_backend()  # Ibis loads its DuckDB backend (0.4 s of imports) on first use

    arg = retention_kit.load_orders(path) if task in ON_VALIDATED else path
    t0 = time.perf_counter()
    TASKS[task](arg)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(task: str, path: Path, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-m", "benchmarks.run", "--one", task, "--path", str(path)],
                             capture_output=True, text=True, cwd=HERE.parent, env=os.environ.copy())
        if out.returncode:
            raise RuntimeError(f"{task} failed:\n{out.stderr[-2000:]}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1M"], choices=list(SIZES))
    parser.add_argument("--tasks", nargs="+", default=[t for t in TASKS if t != "lifetimes_rfm" or _has("lifetimes")],
                        choices=list(TASKS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", choices=list(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_once(args.one, args.path)))
        return
    rows = []
    for size in args.sizes:
        path = generate(SIZES[size], DATA / f"orders_{size}.parquet")
        if "validate_lines" in args.tasks:
            order_lines(path)  # written before the clock starts
        results = {task: measure(task, path, args.repeats if size != "100M" else 1) for task in args.tasks}
        for task, r in results.items():
            base = BASELINES.get(task)
            ratio = results[base]["seconds"] / r["seconds"] if base in results else None
            # what a one-off call on the file costs: validation plus the analysis
            whole = r["seconds"] + results["validate"]["seconds"] if task in ON_VALIDATED and "validate" in results else None
            rows.append({"size": size, "task": task, "median_s": round(r["seconds"], 3), "peak_mb": round(r["peak_mb"]),
                         "baseline": base or "", "baseline_s_over_task_s": None if ratio is None else round(ratio, 2),
                         "with_validation_s": None if whole is None else round(whole, 3),
                         "baseline_s_over_with_validation": None if whole is None or base not in results
                         else round(results[base]["seconds"] / whole, 2)})
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.csv"
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in rows[0]}
    print("  ".join(k.ljust(w) for k, w in widths.items()))
    for r in rows:
        print("  ".join(str(r[k]).ljust(w) for k, w in widths.items()))
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
