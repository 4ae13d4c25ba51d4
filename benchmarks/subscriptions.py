"""Time the contract analyses and the subscription report on large subscription logs.

The log is the subscription demo's (plans, monthly and yearly billing, plan changes, reactivations,
notices) scaled to the number of rows asked, written to Parquet once. Each step runs in this process
in order, on the validated table (validation is timed on its own), once: these are seconds, not
micro-benchmarks. ``--report`` also runs the whole report on the file (both languages, no PDF) in a
fresh process.

    python -m benchmarks.subscriptions                    # 1M rows
    python -m benchmarks.subscriptions --sizes 1M --report
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import SIZES

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"


def generate(rows: int) -> Path:
    """A subscription log of about `rows` rows (1.27 rows per subscriber in the demo)."""
    from retention_kit.demo_subscriptions import make_subscription_demo

    path = DATA / f"subscriptions_{rows}.parquet"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        demo = make_subscription_demo(seed=1, n_customers=int(rows / 1.27))
        demo.subscriptions.to_parquet(path, index=False)
    return path


def timed(results: dict, key: str, function):
    start = time.perf_counter()
    value = function()
    results[key] = round(time.perf_counter() - start, 2)
    print(f"  {key:28s} {results[key]:8.2f} s", flush=True)
    return value


def run(size: str, report: bool) -> dict:
    import duckdb

    import retention_kit as rk

    path = generate(SIZES[size])
    results = {"size": size, "rows": duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchone()[0]}
    print(f"{size}: {results['rows']:,} subscription rows", flush=True)
    timed(results, "scan_floor", lambda: duckdb.sql(
        f"select count(distinct customer_id), min(start_date), max(end_date), sum(amount) "
        f"from read_parquet('{path}')").fetchall())
    subs = timed(results, "validate", lambda: rk.load_subscriptions(str(path)))
    timed(results, "kpi_table", lambda: rk.kpi_table(subs))
    timed(results, "mrr_movements", lambda: rk.mrr_movements(subs))
    timed(results, "cohorts_retention", lambda: rk.subscription_cohorts(subs, metric="retention"))
    life = timed(results, "lifetimes", lambda: rk.survival_frame(subs))
    tenures = timed(results, "tenures", lambda: rk.tenures_from_lifetimes(life))
    timed(results, "fit_sbg", lambda: rk.fit_retention_model(tenures, "sbg"))
    model = timed(results, "fit_bdw", lambda: rk.fit_retention_model(tenures, "bdw"))
    timed(results, "retention_forecast", lambda: rk.retention_forecast(subs))
    timed(results, "contract_clv_by_plan", lambda: rk.contract_clv("bdw", life, by="plan"))
    timed(results, "contract_clv_all", lambda: rk.contract_clv(model, life))
    if report:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "retention_kit.cli", "report", "--subscriptions", str(path),
                            "--out", out, "--lang", "en,nl", "--quiet", "--no-pdf"], check=True)
            results["report_en_nl"] = round(time.perf_counter() - start, 1)
            print(f"  {'report (en + nl, no PDF)':28s} {results['report_en_nl']:8.1f} s", flush=True)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1M"], choices=list(SIZES))
    parser.add_argument("--report", action="store_true", help="also time the whole report on the file")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = [run(size, args.report) for size in args.sizes]
    target = RESULTS / "subscriptions.json"
    target.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"written: {target}")


if __name__ == "__main__":
    main()
