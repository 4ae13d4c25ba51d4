"""The subscription demo: a Dutch streaming-and-magazine service with three plans and a known truth.

Each subscriber picks a plan (Basis, Plus, Premium), pays monthly or yearly (a year costs ten
months), and has a churn probability theta ~ Beta(alpha, beta) of their plan that also falls with
tenure (beta-discrete-Weibull, c < 1): after t months a subscriber is still there with probability
(1 - theta)^(t^c). While subscribed they may upgrade or downgrade (a new row that starts the day the
old one ends); a cancellation gives a month's notice (``cancel_date``) and a reason, in Dutch or
English; some come back months later (a reactivation: a new row after a gap). The truth (plan
parameters, every subscriber's theta) is kept in ``truth``, so estimates can be checked against it.

Examples
--------
>>> demo = make_subscription_demo(n_customers=500, seed=1)
>>> sorted(demo.subscriptions.plan.unique())
['Basis', 'Plus', 'Premium']
>>> demo.truth.plans.loc["Basis", ["alpha", "beta", "c"]].tolist()
[0.9, 6.0, 0.8]
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from .engine import MONTH_DAYS

PLANS = pd.DataFrame({
    "plan": ["Basis", "Plus", "Premium"],
    "price": [9.99, 19.99, 34.99],       # per month; a year costs ten months
    "share": [0.5, 0.35, 0.15],          # of new subscribers
    "alpha": [0.9, 1.0, 1.2],            # theta ~ Beta(alpha, beta): churn probability per month
    "beta": [6.0, 9.0, 14.0],
    "c": [0.8, 0.8, 0.8],                # < 1: a subscriber's own churn falls with tenure
}).set_index("plan")

REASONS = {
    "price": ["te duur geworden", "Too expensive for what it offers", "prijsverhoging was de druppel",
              "kosten te hoog"],
    "competitor": ["overgestapt naar een andere aanbieder", "Found a better deal elsewhere",
                   "concurrent is goedkoper"],
    "service": ["klantenservice reageerde niet", "Support never answered my emails", "slechte service"],
    "product": ["te weinig nieuwe content", "App kept crashing", "kwaliteit viel tegen"],
    "no_need": ["geen tijd meer om te kijken", "Don't need it anymore", "gebruik het niet meer"],
    "moved": ["verhuisd naar het buitenland", "Moving abroad"],
}
REASON_SHARES = {"price": 0.3, "competitor": 0.2, "service": 0.12, "product": 0.16, "no_need": 0.16, "moved": 0.06}


@dataclass
class SubscriptionTruth:
    """What the simulation used: the plans' churn parameters and every subscriber's own theta."""

    plans: pd.DataFrame        # plan -> price, share, alpha, beta, c
    subscribers: pd.DataFrame  # customer_id, plan (at the start), theta, yearly

    def cohort_survival(self, plan: str, t) -> np.ndarray:
        """The true S(t) of a plan's starting cohort: B(alpha, beta + t^c) / B(alpha, beta)."""
        a, b, c = self.plans.loc[plan, ["alpha", "beta", "c"]]
        t = np.asarray(t, dtype=float)
        return np.exp(special.betaln(a, b + t ** c) - special.betaln(a, b))

    def expected_survivors(self, lifetimes: pd.DataFrame, horizon: int) -> np.ndarray:
        """The true expected number of the first-spell subscribers active in `lifetimes` (those
        with ``event`` False) still there 1..`horizon` whole months later, from their own theta."""
        active = lifetimes.loc[~lifetimes.event, ["customer_id", "duration"]].merge(self.subscribers, on="customer_id")
        n = np.floor(active.duration.to_numpy(float) / MONTH_DAYS + 1e-9)
        c = self.plans.loc[active.plan, "c"].to_numpy()
        log_stay = np.log1p(-active.theta.to_numpy())
        h = np.arange(1, horizon + 1)
        ratio = np.exp(log_stay[:, None] * ((n[:, None] + h[None, :]) ** c[:, None] - (n ** c)[:, None]))
        return ratio.sum(axis=0)

    def summary(self) -> pd.DataFrame:
        return self.plans


@dataclass
class SubscriptionDemo:
    """The subscription demo's tables (subscriptions, customers, surveys) and its truth."""

    subscriptions: pd.DataFrame
    customers: pd.DataFrame
    surveys: pd.DataFrame
    truth: SubscriptionTruth
    start: _dt.date
    end: _dt.date

    TABLES = ("subscriptions", "customers", "surveys")

    def write(self, out: str | Path, formats: tuple[str, ...] = ("csv", "parquet")) -> dict[str, Path]:
        """Write every table as ``<name>.csv`` and ``<name>.parquet`` into `out`; returns the paths."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        for name in self.TABLES:
            frame = getattr(self, name)
            if "csv" in formats:
                paths[f"{name}.csv"] = out / f"{name}.csv"
                frame.to_csv(paths[f"{name}.csv"], index=False, float_format="%.2f", date_format="%Y-%m-%d")
            if "parquet" in formats:
                paths[f"{name}.parquet"] = out / f"{name}.parquet"
                frame.to_parquet(paths[f"{name}.parquet"], index=False)
        return paths


def make_subscription_demo(seed: int = 42, n_customers: int = 20_000, start: str | _dt.date = "2023-01-01",
                           end: str | _dt.date = "2025-12-31") -> SubscriptionDemo:
    """Simulate the subscription demo; the same arguments give the same tables."""
    rng = np.random.default_rng(seed)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    days = (end - start).days + 1
    n = n_customers
    ids = np.array([f"S{i:06d}" for i in range(1, n + 1)])
    plan_idx = rng.choice(len(PLANS), size=n, p=PLANS.share.to_numpy())
    params = PLANS.iloc[plan_idx]
    theta = rng.beta(params.alpha.to_numpy(), params.beta.to_numpy())
    c = params.c.to_numpy()
    yearly = rng.random(n) < 0.3
    first_day = np.sort(rng.integers(0, days, n))

    def spell_months(size_mask):
        u = rng.random(size_mask.sum())
        months = np.ceil((np.log(u) / np.log1p(-theta[size_mask])) ** (1 / c[size_mask]))
        return np.clip(months, 1, 600).astype(int)  # beyond 50 years: past the end of any demo

    everyone = np.ones(n, bool)
    months1 = spell_months(everyone)
    back = rng.random(n) < 0.15
    gap = 1 + rng.geometric(0.25, n)
    months2 = np.zeros(n, int)
    months2[back] = spell_months(back)
    rows = []
    for spell, (offset, months, who) in enumerate([(np.zeros(n), months1, everyone),
                                                  (months1 + gap, months2, back)]):
        rows.append(_spell_rows(rng, ids[who], first_day[who] + offset[who] * MONTH_DAYS, months[who],
                                plan_idx[who], yearly[who]))
    log = pd.concat(rows, ignore_index=True)
    log = log[log.start_day < days].copy()
    log["start_date"] = start + pd.to_timedelta(np.floor(log.pop("start_day")), unit="D")
    log["end_date"] = start + pd.to_timedelta(np.floor(np.minimum(log.pop("end_day"), days + 400)), unit="D")
    ended = log.end_date <= end
    notice = pd.to_timedelta(rng.integers(10, 31, len(log)), unit="D")
    log["cancel_date"] = (log.end_date - notice).where(ended & log.pop("final"))
    log["churn_reason"] = np.where(log.cancel_date.notna(), _reasons(rng, len(log)), None)
    log.loc[log.cancel_date > end, ["cancel_date"]] = pd.NaT
    log["end_date"] = log.end_date.where(ended)
    log = log.sort_values(["start_date", "customer_id"], ignore_index=True)
    log.insert(0, "subscription_id", [f"AB{i:07d}" for i in range(1, len(log) + 1)])
    subscriptions = log[["subscription_id", "customer_id", "plan", "billing_period", "amount", "start_date",
                         "end_date", "cancel_date", "churn_reason"]]
    customers = pd.DataFrame({"customer_id": ids, "signup_date": start + pd.to_timedelta(first_day, unit="D"),
                              "channel": rng.choice(["online", "winkel", "partner"], size=n, p=[0.6, 0.25, 0.15]),
                              "region": rng.choice(["Noord", "Midden", "Zuid", "Randstad"], size=n)})
    surveys = _surveys(rng, ids, first_day, theta, start, days)
    truth = SubscriptionTruth(plans=PLANS.copy(), subscribers=pd.DataFrame(
        {"customer_id": ids, "plan": PLANS.index[plan_idx], "theta": theta, "yearly": yearly}))
    return SubscriptionDemo(subscriptions, customers, surveys, truth, start.date(), end.date())


def _spell_rows(rng, ids, start_day, months, plan_idx, yearly) -> pd.DataFrame:
    """The rows of one spell per subscriber: up to two plan changes (each month 3 % change plan,
    upward when possible with 60 % chance), each change a new row that starts as the old one ends."""
    rows = []
    change1 = rng.geometric(0.03, len(ids))
    change2 = change1 + rng.geometric(0.03, len(ids))
    up1 = rng.random(len(ids)) < 0.6
    up2 = rng.random(len(ids)) < 0.6
    plan2 = np.clip(plan_idx + np.where(up1, 1, -1), 0, len(PLANS) - 1)
    plan3 = np.clip(plan2 + np.where(up2, 1, -1), 0, len(PLANS) - 1)
    bounds = [np.zeros(len(ids), int), np.minimum(change1, months), np.minimum(change2, months), months]
    plans = [plan_idx, plan2, plan3]
    for part in range(3):
        lo, hi = bounds[part], bounds[part + 1]
        keep = hi > lo
        if part:
            keep &= plans[part] != plans[part - 1]  # a change to the same plan (at the edge) is none
            if part == 2:
                keep &= bounds[2] > bounds[1]
        price = PLANS.price.to_numpy()[plans[part]]
        rows.append(pd.DataFrame({
            "customer_id": ids[keep], "plan": PLANS.index[plans[part][keep]],
            "billing_period": np.where(yearly[keep], "jaar", "maand"),
            "amount": np.round(np.where(yearly[keep], price[keep] * 10, price[keep]), 2),
            "start_day": start_day[keep] + lo[keep] * MONTH_DAYS,
            "spell_end": start_day[keep] + months[keep] * MONTH_DAYS}))
    frame = pd.concat(rows, ignore_index=True)
    # a row dropped as no change: the row before it runs on to the next kept row's start
    frame = frame.sort_values(["customer_id", "start_day"], ignore_index=True)
    following = frame.groupby("customer_id").start_day.shift(-1)
    frame["end_day"] = following.fillna(frame.pop("spell_end"))
    frame["final"] = following.isna()
    return frame


def _reasons(rng, n: int) -> np.ndarray:
    keys = list(REASON_SHARES)
    texts = np.array([text for key in keys for text in REASONS[key]], dtype=object)
    sizes = np.array([len(REASONS[key]) for key in keys])
    offsets = np.r_[0, np.cumsum(sizes)[:-1]]
    category = rng.choice(len(keys), size=n, p=list(REASON_SHARES.values()))
    return texts[offsets[category] + (rng.random(n) * sizes[category]).astype(int)]


def _surveys(rng, ids, first_day, theta, start, days) -> pd.DataFrame:
    """NPS from a third of the subscribers, higher for those less likely to leave."""
    asked = rng.random(len(ids)) < 0.33
    day = np.minimum(days - 1, first_day + rng.integers(20, 200, len(ids)))[asked]
    score = np.clip(np.round(10.5 - 25 * theta[asked] + rng.normal(0, 1.5, asked.sum())), 0, 10).astype(int)
    return pd.DataFrame({"customer_id": ids[asked], "response_date": start + pd.to_timedelta(day, unit="D"),
                         "nps": score})
