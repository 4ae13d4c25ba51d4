"""Coverage of the retention projections' 95% intervals over simulated subscription services.

Each service is the subscription demo with its own seed (three plans, churn falling with tenure,
plan changes and reactivations), so every subscriber's true churn probability is known. Both
models are fitted on the subscribers' first spells up to 12 months before the end; the target is
the true expected number of the subscribers active then who are still there 12 months later
(from their own theta, ``truth.expected_survivors``). An interval is the 2.5-97.5 % range of the
projection over 200 parameter draws (the model's sampling distribution). Not part of the test suite.

    python -m benchmarks.contract_coverage --services 40
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import retention_kit as rk
from retention_kit.contracts import MODELS, fit_retention_model, tenures_from_lifetimes
from retention_kit.demo_subscriptions import make_subscription_demo
from retention_kit.subscriptions import MONTH_DAYS

from .run import RESULTS

HOLDOUT = 12


def one_service(seed: int, customers: int) -> list[dict]:
    demo = make_subscription_demo(seed=seed, n_customers=customers)
    subs = rk.load_subscriptions(demo.subscriptions, observation_end="2025-12-31")
    calibration_end = (pd.Timestamp("2025-12-31") - pd.Timedelta(days=round(HOLDOUT * MONTH_DAYS))).date()
    cal = rk.subscription_lifetimes(subs, observation_end=calibration_end)
    target = demo.truth.expected_survivors(cal, HOLDOUT)[-1]
    alive = cal[~cal.event]
    n = np.floor(alive.duration.to_numpy(float) / MONTH_DAYS + 1e-9)
    rows = []
    for kind in MODELS:
        model = fit_retention_model(tenures_from_lifetimes(cal), kind)
        project = lambda m: float(np.sum(m.survival(n + HOLDOUT) / m.survival(n)))
        draws = [project(m) for m in model.parameter_draws(200, seed)]
        low, high = np.quantile(draws, [0.025, 0.975])
        rows.append({"seed": seed, "model": kind, "target": target, "estimate": project(model), "low": low,
                     "high": high, "covered": low <= target <= high})
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=40)
    parser.add_argument("--customers", type=int, default=5_000)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    frame = pd.DataFrame([row for seed in range(args.services) for row in one_service(seed, args.customers)])
    frame["error_pct"] = (frame.estimate - frame.target) / frame.target * 100
    summary = frame.groupby("model").agg(services=("seed", "size"), coverage=("covered", "mean"),
                                         mean_error_pct=("error_pct", "mean"),
                                         mean_abs_error_pct=("error_pct", lambda e: e.abs().mean()),
                                         mean_width_pct=("high", "mean"))
    summary["mean_width_pct"] = ((frame.high - frame.low) / frame.target * 100).groupby(frame.model).mean()
    print(summary.round(3).to_string())
    print(f"{args.services} services of {args.customers:,} subscribers in {time.perf_counter() - start:.0f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    frame.to_csv(RESULTS / "contract_coverage.csv", index=False)


if __name__ == "__main__":
    main()
