"""Interval coverage of the loyalty-effect estimators over several demo shops (seeds).

For each seed: simulate the demo shop, estimate the programme's effect on orders per
member-month with the propensity-weighted DiD and the event study, and record whether
the 95% interval holds the true effect (computed in the simulation against the same
customers without the programme). Not part of the test suite.

    python -m benchmarks.loyalty_coverage --seeds 20 --customers 10000
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

import retention_kit as rk
from retention_kit import loyalty as L

METHODS = ["naive: members vs non-members", "DiD, two-way FE, propensity-weighted",
           "event study, propensity-weighted (Callaway-Sant'Anna)"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--bootstrap", type=int, default=199)
    args = parser.parse_args(argv)
    rows = []
    for seed in range(1, args.seeds + 1):
        t0 = time.perf_counter()
        demo = rk.make_demo_data(seed=seed, n_customers=args.customers)
        data = rk.load_dataset(demo.orders, demo.customers)
        panel = L.loyalty_panel(data.orders, data.customers)
        table, _, _ = L.loyalty_effects(panel, segment="channel", bootstrap=args.bootstrap, seed=seed,
                                      progress=False)
        truth = demo.truth.loyalty_att_orders_per_member_month
        for method in METHODS:
            r = table.loc[method]
            rows.append({"seed": seed, "method": method, "truth": truth, "estimate": r.estimate,
                         "std_error": r.std_error, "covered": r.ci_low < truth < r.ci_high})
        print(f"seed {seed}: truth {truth:.4f}, "
              + ", ".join(f"{m.split(',')[0]} {table.loc[m, 'estimate']:.4f}" for m in METHODS)
              + f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    frame = pd.DataFrame(rows)
    frame["error"] = frame.estimate - frame.truth
    summary = frame.groupby("method").agg(coverage=("covered", "mean"), mean_estimate=("estimate", "mean"),
                                          mean_truth=("truth", "mean"), sd_error=("error", "std"),
                                          mean_std_error=("std_error", "mean"), runs=("seed", "size"))
    summary["bias"] = summary.mean_estimate - summary.mean_truth
    print(summary.round(4).to_string())


if __name__ == "__main__":
    main()
