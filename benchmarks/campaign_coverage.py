"""Campaign evaluation and targeting over many demo shops with known truth.

For each seed: simulate the demo shop with its two retention campaigns, estimate each
campaign's effect on buying again within 90 days with its 95 % interval
(``evaluate_campaigns``), and record whether the interval holds the true effect
(``DemoTruth.campaign_effect``). Then rank the customers of the later campaign for the next one
(``target_next``: held-out uplift, expected profit) and compute, from the truth, the incremental
profit of targeting the top 30 % by expected profit, by churn risk (the longest silent first)
and at random. Not part of the test suite.

    python -m benchmarks.campaign_coverage --shops 40
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from .run import RESULTS

import retention_kit as rk
from retention_kit import campaigns as C


def one_shop(seed: int, customers: int, budget_share: float) -> tuple[list[dict], dict]:
    demo = rk.make_demo_data(seed=seed, n_customers=customers, campaigns=True)
    data = rk.load_dataset(demo.orders, demo.customers, campaigns=demo.campaigns)
    outcomes = C.campaign_outcomes(data.orders, data.campaigns)
    rows = [{"seed": seed, "campaign": name, "truth": demo.truth.campaign_effect(name), "estimate": row.effect,
             "ci_low": row.ci_low, "ci_high": row.ci_high,
             "covered": row.ci_low <= demo.truth.campaign_effect(name) <= row.ci_high}
            for name, row in C.evaluate_campaigns(outcomes).iterrows()]
    targeting = C.target_next(outcomes, "Win-back 2025", budget_share=budget_share, seed=seed)
    frame = targeting.frame.merge(demo.truth.campaigns[["customer_id", "campaign", "effect"]],
                                  on=["customer_id", "campaign"])
    k = int(round(len(frame) * budget_share / 100))
    cost = float(frame.loc[frame.group == "treatment", "cost"].mean())
    scores = {"expected_profit": frame.expected_profit, "churn_risk": frame.recency_days,
              "random": np.random.default_rng(seed).random(len(frame))}
    profit = {"seed": seed}
    for name, score in scores.items():
        top = frame.iloc[np.argsort(-np.asarray(score), kind="stable")[:k]]
        profit[name] = float((top.effect * top.value).sum() - cost * k)
    return rows, profit


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=40)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--budget-share", type=float, default=30.0)
    args = parser.parse_args(argv)
    rows, profits, t0 = [], [], time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.shops):
        shop_rows, profit = one_shop(seed, args.customers, args.budget_share)
        rows += shop_rows
        profits.append(profit)
    effects, profit = pd.DataFrame(rows), pd.DataFrame(profits)
    RESULTS.mkdir(exist_ok=True)
    effects.to_csv(RESULTS / "campaign_coverage.csv", index=False)
    profit.to_csv(RESULTS / "campaign_targeting.csv", index=False)
    print(f"{args.shops} shops of {args.customers:,} customers ({time.perf_counter() - t0:.0f} s)")
    print(f"coverage of the 95% effect intervals: {effects.covered.mean():.1%} ({effects.covered.sum()} of "
          f"{len(effects)}); mean error {(effects.estimate - effects.truth).mean():+.2f} points, mean true effect "
          f"{effects.truth.mean():.2f} points")
    means = profit[["expected_profit", "churn_risk", "random"]].mean()
    wins = (profit.expected_profit > profit.churn_risk).mean()
    print(f"true incremental profit of the top {args.budget_share:.0f}% (mean per shop, EUR): "
          + ", ".join(f"{k} {v:,.0f}" for k, v in means.items())
          + f"; expected profit beats churn risk by {means.expected_profit - means.churn_risk:,.0f} EUR per shop and "
          f"in {wins:.0%} of the shops")


if __name__ == "__main__":
    main()
