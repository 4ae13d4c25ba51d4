"""Coverage of the CLV intervals (``clv_intervals`` + ``clv_by_group(draws=...)``) over simulated shops.

Each shop is simulated from the models themselves, so the truth is known: customers arrive over
a year and are watched for 78 weeks; while alive each buys as a Poisson process (rate ~ Gamma(r,
alpha)) and leaves after a repeat purchase with probability p ~ Beta(a, b) (BG/NBD); each spends
Gamma(p_gg, nu) per purchase with nu ~ Gamma(q, v) (Gamma-Gamma). Customers fall at random into
three groups. The target of a group's interval is the group's mean 12-month CLV computed with
the true parameters on each customer's observed history: what a model without estimation error
would predict for these customers. Not part of the test suite.

    python -m benchmarks.clv_coverage --shops 40
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from .run import RESULTS

import retention_kit as rk
from retention_kit.clv import BetaGeoModel, GammaGammaModel

TRUE_BGNBD = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
TRUE_SPEND = {"p": 6.0, "q": 4.0, "v": 15.0}
GROUPS = np.array(["email", "search", "social"])


def simulate_rfm(customers: int, seed: int, weeks: float = 78.0) -> pd.DataFrame:
    """Frequency, recency, T (weeks) and mean repeat spend of `customers` simulated customers."""
    rng = np.random.default_rng(seed)
    r, alpha, a, b = TRUE_BGNBD.values()
    T = rng.uniform(weeks - 52, weeks, customers)
    rate = rng.gamma(r, 1 / alpha, customers)
    drop = rng.beta(a, b, customers)
    clock, x, last = np.zeros(customers), np.zeros(customers, dtype=int), np.zeros(customers)
    alive = np.ones(customers, dtype=bool)
    while alive.any():
        clock[alive] += rng.exponential(1 / np.maximum(rate[alive], 1e-12))
        buys = alive & (clock <= T)
        x[buys] += 1
        last[buys] = clock[buys]
        alive = buys & (rng.random(customers) >= drop)
    p, q, v = TRUE_SPEND.values()
    nu = rng.gamma(q, 1 / v, customers)
    spend = np.where(x > 0, rng.gamma(p * np.maximum(x, 1), 1 / nu) / np.maximum(x, 1), 0.0)  # mean of x spends
    index = pd.Index([f"c{i}" for i in range(customers)], name="customer_id")
    rfm = pd.DataFrame({"frequency": x, "recency": last, "T": T, "monetary_value": spend}, index=index)
    rfm.attrs["time_unit"] = "W"
    return rfm


def one_shop(seed: int, customers: int, draws: int) -> list[dict]:
    rfm = simulate_rfm(customers, seed)
    groups = pd.DataFrame({"customer_id": rfm.index, "channel": GROUPS[np.arange(customers) % 3]})
    fitted = rk.clv_intervals(rk.fit_bgnbd(rfm), rk.fit_gamma_gamma(rfm[rfm.frequency > 0]), rfm, draws=draws, seed=seed)
    truth = rk.predict_clv(BetaGeoModel(TRUE_BGNBD, {}, 0.0, customers, True),
                           GammaGammaModel(TRUE_SPEND, {}, 0.0, customers, True), rfm)
    table = rk.clv_by_group(fitted.clv, groups, "channel", draws=fitted.draws)
    true_means = truth.groupby(groups.set_index("customer_id").channel).mean()
    return [{"seed": seed, "group": g, "truth": true_means[g], "estimate": row.mean_clv, "ci_low": row.ci_low,
             "ci_high": row.ci_high, "covered": row.ci_low <= true_means[g] <= row.ci_high}
            for g, row in table.iterrows()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=40)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--customers", type=int, default=4_000)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args(argv)
    rows, t0 = [], time.perf_counter()
    for seed in range(args.first_seed, args.first_seed + args.shops):
        rows += one_shop(seed, args.customers, args.draws)
    frame = pd.DataFrame(rows)
    RESULTS.mkdir(exist_ok=True)
    frame.to_csv(RESULTS / "clv_coverage.csv", index=False)
    print(f"{args.shops} shops x 3 groups, {args.customers:,} customers each, {args.draws} parameter draws "
          f"({time.perf_counter() - t0:.0f} s)")
    print(f"coverage of the 95% group intervals: {frame.covered.mean():.1%} "
          f"({frame.covered.sum()} of {len(frame)}); per group: "
          + ", ".join(f"{g} {c:.0%}" for g, c in frame.groupby("group").covered.mean().items()))
    print(f"mean relative error of the group means: {((frame.estimate - frame.truth) / frame.truth).mean():+.2%}, "
          f"mean relative interval width: {((frame.ci_high - frame.ci_low) / frame.truth).mean():.1%}")


if __name__ == "__main__":
    main()
