"""Campaign evaluation and targeting over many demo shops with known truth.

For each seed: simulate the demo shop with its three retention campaigns (the last with two
arms), estimate each campaign's (and arm's) effect on buying again within 90 days with its 95 %
interval (``evaluate_campaigns``), and record whether the interval holds the true effect
(``DemoTruth.campaign_effect``). Then rank the customers of the 2025 campaign for the next one
(``target_next``: held-out uplift, expected profit) and compute, from the truth, the incremental
profit of targeting the top 30 % by expected profit, by churn risk (the longest silent first)
and at random. Finally choose a mail per customer for the two-arm campaign and compare, from the
truth, the best-arm policy with each mail alone for the same budget, and whether the policy's
estimated value (inverse-probability weighted) has an interval that holds its true value. Not part
of the test suite.

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


def one_shop(seed: int, customers: int, budget_share: float) -> tuple[list[dict], dict, dict]:
    demo = rk.make_demo_data(seed=seed, n_customers=customers, campaigns=True)
    data = rk.load_dataset(demo.orders, demo.customers, campaigns=demo.campaigns)
    outcomes = C.campaign_outcomes(data.orders, data.campaigns)
    rows = []
    for (name, arm), row in C.evaluate_campaigns(outcomes).iterrows():
        truth = demo.truth.campaign_effect(name, arm)
        rows.append({"seed": seed, "campaign": name, "arm": arm, "truth": truth, "estimate": row.effect,
                     "ci_low": row.ci_low, "ci_high": row.ci_high, "covered": row.ci_low <= truth <= row.ci_high})
    targeting = C.target_next(outcomes, "Win-back 2025", budget_share=budget_share, seed=seed)
    truth = demo.truth.campaigns[demo.truth.campaigns.campaign == "Win-back 2025"]
    frame = targeting.frame.merge(truth[["customer_id", "campaign", "effect"]], on=["customer_id", "campaign"])
    k = int(round(len(frame) * budget_share / 100))
    cost = float(frame.loc[frame.group == "treatment", "cost"].mean())
    scores = {"expected_profit": frame.expected_profit, "churn_risk": frame.recency_days,
              "random": np.random.default_rng(seed).random(len(frame))}
    profit = {"seed": seed}
    for name, score in scores.items():
        top = frame.iloc[np.argsort(-np.asarray(score), kind="stable")[:k]]
        profit[name] = float((top.effect * top.value).sum() - cost * k)
    return rows, profit, _arms(demo, outcomes, data.orders, seed, budget_share)


def _arms(demo, outcomes, orders, seed: int, budget_share: float) -> dict:
    """The two-arm campaign: the best-arm policy against each arm alone, true and estimated."""
    from retention_kit.demo_campaigns import CAMPAIGNS
    from retention_kit.targeting import best_arms

    name, _, costs, _ = CAMPAIGNS[-1]
    targeting = C.target_next(outcomes, name, orders=orders, budget_share=budget_share, seed=seed)
    effect = demo.truth.campaigns[demo.truth.campaigns.campaign == name].pivot(
        index="customer_id", columns="arm", values="effect").reindex(targeting.frame.customer_id)
    value = targeting.frame["value"].to_numpy()
    budget = int(round(len(targeting.frame) * budget_share / 100))

    def true_profit(sent):
        return float(sum((value * effect[arm].to_numpy() - costs[arm])[sent == arm].sum() for arm in costs))

    truth = {"best_arm": true_profit(best_arms(targeting.arm_profit, budget)),
             **{f"only:{arm}": true_profit(best_arms(targeting.arm_profit[[arm]], budget)) for arm in costs}}
    table = targeting.comparison
    row = {"seed": seed, **{f"true_{k}": v for k, v in truth.items()},
           **{f"estimate_{k}": table.loc[k, "incremental_profit"] for k in truth},
           "ci_low": table.loc["best_arm", "ci_low"], "ci_high": table.loc["best_arm", "ci_high"]}
    row["covered"] = row["ci_low"] <= truth["best_arm"] <= row["ci_high"]
    return row


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=40)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--budget-share", type=float, default=30.0)
    args = parser.parse_args(argv)
    rows, profits, policies, t0 = [], [], [], time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.shops):
        shop_rows, profit, policy = one_shop(seed, args.customers, args.budget_share)
        rows += shop_rows
        profits.append(profit)
        policies.append(policy)
    effects, profit, policy = pd.DataFrame(rows), pd.DataFrame(profits), pd.DataFrame(policies)
    RESULTS.mkdir(exist_ok=True)
    effects.to_csv(RESULTS / "campaign_coverage.csv", index=False)
    profit.to_csv(RESULTS / "campaign_targeting.csv", index=False)
    policy.to_csv(RESULTS / "campaign_arms.csv", index=False)
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
    singles = [c for c in policy.columns if c.startswith("true_only:")]
    should = policy[[*singles]].max(axis=1) < policy["true_best_arm"]          # the truth says the policy wins
    estimated = policy[[c.replace("true_", "estimate_") for c in singles]].max(axis=1) < policy["estimate_best_arm"]
    print(f"two-arm campaign, best arm per customer (mean per shop, EUR): true {policy.true_best_arm.mean():,.0f}, "
          + ", ".join(f"{c[5:]} {policy[c].mean():,.0f}" for c in singles)
          + f"; the truth favours the best-arm policy in {should.mean():.0%} of the shops, the estimate agrees in "
          f"{(estimated & should).sum()} of those {should.sum()}; its 95% interval holds the true value in "
          f"{policy.covered.mean():.1%} ({policy.covered.sum()} of {len(policy)}), mean width "
          f"{(policy.ci_high - policy.ci_low).mean():,.0f}")


if __name__ == "__main__":
    main()
