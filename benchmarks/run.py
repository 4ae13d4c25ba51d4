"""Time retention_kit against baselines on synthetic order logs of every export shape; print a
table, write a CSV.

Shapes (:data:`benchmarks.generate.SHAPES`): ``bench`` (an integer order id on every row, dates,
customers sorted), ``export`` (Parquet, no order id, timestamps, customers unsorted),
``export_csv`` (the same as CSV with text ids), ``lines`` (order lines with returns). Each
measurement runs in a fresh subprocess (so peak memory is that task's own), three times; the table
shows medians and ratios measured in the same run. ``validate`` is compared with DuckDB's own scan
of the file (``scan_floor``), ``*_from_path`` (validation included) and the analyses on a validated
table with the pandas code users write, reading included; fits run on a sample of the fit's size
(50,000 customers); the course shop is five CSV files of 3,000 customers, timed in a warm process.

    python -m benchmarks.run                            # 1M rows, every shape
    python -m benchmarks.run --sizes 1M 10M --shapes export export_csv
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

from .generate import SHAPES, SIZES, course_shop, export_shape, generate

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"


# ----------------------------------------------------------------------------- the timed tasks


def task_scan_floor(path: str) -> None:
    """DuckDB's own single pass over the file, typed by its reader: distinct customers, first and last
    date, revenue; the lower bound of any validation."""
    import duckdb

    reader = f"read_csv('{path}')" if path.endswith(".csv") else f"read_parquet('{path}')"
    duckdb.sql(f"select count(distinct customer_id), min(order_date), max(order_date), sum(revenue) "
               f"from {reader}").fetchall()


def task_validate(path: str) -> None:
    import retention_kit as rk

    rk.load_orders(path)


def task_cohort_from_path(path: str) -> None:
    """A one-off call on the file: validation and the cohort table."""
    import retention_kit as rk

    rk.cohort_table(path, metric="customers")


def task_rfm_from_path(path: str) -> None:
    """A one-off call on the file: validation and the RFM summary."""
    import retention_kit as rk

    rk.rfm_summary(path)


def _read_pandas(path: str):
    """The file read as pandas code reads it (dates parsed)."""
    import pandas as pd

    if path.endswith(".csv"):
        df = pd.read_csv(path, parse_dates=["order_date"])
    else:
        df = pd.read_parquet(path, columns=["customer_id", "order_date", "revenue"])
        df["order_date"] = pd.to_datetime(df["order_date"])
    return df


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

    df = _read_pandas(path)
    df["order_date"] = df["order_date"].dt.normalize()
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

    df = _read_pandas(path)
    summary = summary_data_from_transaction_data(df, "customer_id", "order_date", monetary_value_col="revenue",
                                                 freq="D")
    assert len(summary)


def task_pandas_cohort(path: str) -> None:
    """The widely taught Online-Retail cohort code (apply per row, groupby nunique, pivot)."""
    import datetime as dt

    import pandas as pd

    df = _read_pandas(path)
    df["InvoiceDate"] = df["order_date"]
    df["InvoiceMonth"] = df["InvoiceDate"].apply(lambda x: dt.datetime(x.year, x.month, 1))
    df["CohortMonth"] = df.groupby("customer_id")["InvoiceMonth"].transform("min")
    years = df["InvoiceMonth"].dt.year - df["CohortMonth"].dt.year
    months = df["InvoiceMonth"].dt.month - df["CohortMonth"].dt.month
    df["CohortIndex"] = years * 12 + months + 1
    counts = df.groupby(["CohortMonth", "CohortIndex"])["customer_id"].apply(pd.Series.nunique).reset_index()
    counts.pivot(index="CohortMonth", columns="CohortIndex", values="customer_id")


def task_course_load(folder: str) -> None:
    """A course-sized shop (five CSV files) loaded in a warm process."""
    import retention_kit as rk

    rk.load_dataset(*(f"{folder}/{t}.csv" for t in ("orders", "customers", "surveys", "spend")),
                    campaigns=f"{folder}/campaigns.csv")


def task_course_kpi_table(data) -> None:
    """The KPI table of the loaded course shop."""
    import retention_kit as rk

    rk.kpi_table(data.orders)


def task_fit_bgnbd(rfm) -> None:
    from retention_kit.clv import fit_bgnbd

    fit_bgnbd(rfm)


def task_fit_pareto_nbd(rfm) -> None:
    from retention_kit.clv import fit_pareto_nbd

    fit_pareto_nbd(rfm)


def task_fit_gamma_gamma(rfm) -> None:
    from retention_kit.clv import fit_gamma_gamma

    fit_gamma_gamma(rfm)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


TASKS = {name[5:]: fn for name, fn in globals().items() if name.startswith("task_")}
#: Each task against the task it is compared with: a ratio above 1 means retention_kit is faster.
BASELINES = {"cohort_table": "pandas_cohort", "cohort_from_path": "pandas_cohort", "rfm_summary": "pandas_rfm",
             "rfm_from_path": "pandas_rfm", "pandas_rfm": "lifetimes_rfm", "validate": "scan_floor",
             "kpi_table": "scan_floor", "survival_frame": "scan_floor"}
ON_VALIDATED = {"cohort_table", "kpi_table", "rfm_summary", "survival_frame"}
ON_RFM = {"fit_bgnbd", "fit_pareto_nbd", "fit_gamma_gamma"}
COURSE = {"course_load", "course_kpi_table"}
#: The tasks timed on each shape of each size, and on the course shop.
SHAPE_TASKS = [t for t in TASKS if t not in ON_RFM | COURSE | {"lifetimes_rfm"}] + (
    ["lifetimes_rfm"] if _has("lifetimes") else [])


def _argument(task: str, path: str):
    """What `task` is given, prepared before the clock starts: a validated table, an RFM summary
    (a sample of the fit's size), a loaded course shop (after one load, as in a warm notebook)."""
    import retention_kit

    if task in ON_VALIDATED:
        return retention_kit.load_orders(path)
    if task in ON_RFM:
        from retention_kit.clv import MAX_FIT_CUSTOMERS, sample_customers

        return sample_customers(retention_kit.rfm_summary(path), MAX_FIT_CUSTOMERS)[0]
    if task in COURSE:
        task_course_load(path)  # the first load pays for imports and the engine's start
        return retention_kit.load_dataset(f"{path}/orders.csv") if task == "course_kpi_table" else path
    return path


def measure_once(task: str, path: str) -> dict:
    """Run one task in this process; return seconds and peak resident memory (MB).

    Libraries are imported before the clock starts, for every task alike.
    """
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    from retention_kit.engine import get_backend

    get_backend()  # Ibis loads its DuckDB backend (0.4 s of imports) on first use
    arg = _argument(task, path)
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


def _rows(size: str, shape: str, results: dict) -> list[dict]:
    rows = []
    for task, r in results.items():
        base = BASELINES.get(task)
        ratio = results[base]["seconds"] / r["seconds"] if base in results else None
        rows.append({"size": size, "shape": shape, "task": task, "median_s": round(r["seconds"], 3),
                     "peak_mb": round(r["peak_mb"]), "baseline": base or "",
                     "baseline_s_over_task_s": None if ratio is None else round(ratio, 2)})
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1M"], choices=list(SIZES))
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--tasks", nargs="+", default=SHAPE_TASKS, choices=list(TASKS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", choices=list(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_once(args.one, args.path)))
        return
    rows = []
    course = course_shop(DATA / "course")
    rows += _rows("course", "csv", {t: measure(t, course, args.repeats) for t in sorted(COURSE)})
    for size in args.sizes:
        orders = generate(SIZES[size], DATA / f"orders_{size}.parquet")
        repeats = args.repeats if size != "100M" else 1
        for shape in args.shapes:
            path = export_shape(orders, shape)  # written before the clock starts
            tasks = [t for t in args.tasks if t in SHAPE_TASKS]
            rows += _rows(size, shape, {t: measure(t, path, repeats) for t in tasks})
        fits = export_shape(orders, "export")
        rows += _rows(size, "export", {t: measure(t, fits, repeats) for t in sorted(ON_RFM)})
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
