"""Interval coverage of the loyalty-effect estimators over several demo shops (seeds).

For each seed: simulate the demo shop, estimate the programme's effect on orders per
member-month with the shipped settings (``loyalty_effects``), and record whether the 95%
interval holds the true effect, computed in the simulation against the same customers
without the programme: over all members for the naive comparison, over the members with
comparable non-members (``matching.compared_members``) for the weighted estimates. Not
part of the test suite. Each run writes its seeds to ``results/loyalty_coverage_<first>_<last>.csv``;
runs over different seeds (e.g. one per core) are summarised together with --combine.

    python -m benchmarks.loyalty_coverage --seeds 20 --first-seed 1 &
    python -m benchmarks.loyalty_coverage --seeds 20 --first-seed 21; wait
    python -m benchmarks.loyalty_coverage --combine
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from .run import RESULTS

import retention_kit as rk
from retention_kit import loyalty as L

METHODS = ["naive: members vs non-members", "DiD, two-way FE, propensity-weighted",
           "event study, propensity-weighted (Callaway-Sant'Anna)"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--bootstrap", type=int, default=299)
    parser.add_argument("--combine", action="store_true", help="summarise every saved run instead of running")
    args = parser.parse_args(argv)
    if args.combine:
        print(summarise(pd.concat(pd.read_csv(f) for f in sorted(RESULTS.glob("loyalty_coverage_*.csv")))))
        return
    rows = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        t0 = time.perf_counter()
        demo = rk.make_demo_data(seed=seed, n_customers=args.customers)
        data = rk.load_dataset(demo.orders, demo.customers)
        panel = L.loyalty_panel(data.orders, data.customers)
        table, matching, _ = L.loyalty_effects(panel, by="channel", bootstrap=args.bootstrap, seed=seed,
                                               progress=False)
        truths = {"all": demo.truth.loyalty_att(), "compared": demo.truth.loyalty_att(matching.compared_members)}
        for method in METHODS:
            r, truth = table.loc[method], truths["all" if method.startswith("naive") else "compared"]
            rows.append({"seed": seed, "method": method, "truth": truth, "estimate": r.estimate,
                         "std_error": r.std_error, "covered": r.ci_low < truth < r.ci_high})
        print(f"seed {seed}: truth {truths['all']:.4f} (compared members {truths['compared']:.4f}), "
              + ", ".join(f"{m.split(',')[0]} {table.loc[m, 'estimate']:.4f}" for m in METHODS)
              + f" ({time.perf_counter() - t0:.0f} s)", flush=True)
    frame = pd.DataFrame(rows)
    RESULTS.mkdir(exist_ok=True)
    frame.to_csv(RESULTS / f"loyalty_coverage_{args.first_seed}_{args.first_seed + args.seeds - 1}.csv", index=False)
    print(summarise(frame))


def summarise(frame: pd.DataFrame) -> str:
    """Coverage, bias, spread of the errors and mean standard error per method."""
    frame = frame.assign(error=frame.estimate - frame.truth)
    summary = frame.groupby("method").agg(coverage=("covered", "mean"), mean_estimate=("estimate", "mean"),
                                          mean_truth=("truth", "mean"), sd_error=("error", "std"),
                                          mean_std_error=("std_error", "mean"), runs=("seed", "size"))
    summary["bias"] = summary.mean_estimate - summary.mean_truth
    return summary.round(4).to_string()


if __name__ == "__main__":
    main()
