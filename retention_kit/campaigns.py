"""Retention campaigns: did a campaign keep customers (against its random control group), for
whom, and whom should the next one target?

A campaign's outcome for a customer is whether they **bought again** within `horizon_days`
after its sending (or did any event of an event log), with their orders and net revenue in that
window; the effect of each arm is the difference between its group and the control group, with a
95 % interval. Whom the next campaign should target, and with which arm, is
:mod:`retention_kit.targeting`.

Examples
--------
>>> import retention_kit as rk
>>> demo = rk.make_demo_data(n_customers=3000, seed=5, campaigns=True)
>>> data = rk.load_dataset(demo.orders, demo.customers, campaigns=demo.campaigns)
>>> outcomes = campaign_outcomes(data.orders, data.campaigns)
>>> evaluate_campaigns(outcomes).index.tolist()                    # doctest: +NORMALIZE_WHITESPACE
[('Win-back 2024', 'treatment'), ('Win-back 2025', 'treatment'),
 ('Win-back autumn 2025', 'discount'), ('Win-back autumn 2025', 'reminder')]
"""

from __future__ import annotations

import math

import ibis
import numpy as np
import pandas as pd
from scipy import stats

from . import errors as E
from .compat import renamed_arguments
from .data import CONTROL, as_loaded
from .engine import execute
from .intervals import Z95
from .targeting import (FEATURES, Targeting, UpliftScores, auuc, compare_targeting, qini_curve,  # noqa: F401
                        target_next, targeting_value, uplift_scores)

#: A standardised mean difference beyond this marks groups that were not comparable.
IMBALANCE = 0.1


@renamed_arguments(segment="by")
def campaign_outcomes(orders, campaigns, *, horizon_days: int = 90, customers=None, by: str | None = None,
                      events=None, event: str | None = None) -> pd.DataFrame:
    """One row per customer and campaign: campaign, group, cost, the outcome within
    `horizon_days` after the day of ``sent_date`` (``bought`` 0/1, ``orders``, ``revenue``) and the
    behaviour before it (orders and revenue in the 365 days before, days since the last order, days
    since the first), plus the column `by` of `customers` when given. Customer ids stay in this
    table; report pages show :func:`evaluate_campaigns` only.

    The outcome is buying again, unless `events` is given: an event log (see
    :func:`retention_kit.load_events`), of which the kind `event` is counted when the log has an
    ``event`` column. ``bought`` then marks customers with at least one such event in the window,
    ``orders`` counts them and ``revenue`` sums their ``value`` (0 without one); the behaviour
    before the sending still comes from the orders. ``attrs["outcome"]`` names the outcome
    ("purchase" or the event).

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": [1, 2], "order_date": "2024-01-05", "revenue": 20.0})
    >>> campaigns = pd.DataFrame({"customer_id": [1, 2], "campaign": "spring", "sent_date": "2024-03-01",
    ...                           "group": ["treatment", "control"]})
    >>> visits = pd.DataFrame({"customer_id": [1, 1, 2, 2], "event": ["visit", "visit", "visit", "open"],
    ...                        "event_date": ["2024-03-02", "2024-03-09", "2024-02-20", "2024-03-03"]})
    >>> out = campaign_outcomes(orders, campaigns, horizon_days=14, events=visits, event="visit")
    >>> out[["group", "bought", "orders"]].values.tolist(), out.attrs["outcome"]
    ([['treatment', 1, 2], ['control', 0, 0]], 'visit')
    """
    o = as_loaded(orders, "orders").table
    c = as_loaded(campaigns, "campaigns").table
    c = c.mutate(cost=c.cost.fill_null(0.0) if "cost" in c.columns else ibis.literal(0.0))
    c = c.select("customer_id", "campaign", "sent_date", "group", "cost")
    j = c.left_join(o.select("customer_id", "order_date", "revenue"), "customer_id")
    days = j.order_date.delta(j.sent_date, unit="day")
    after = (days > 0) & (days <= horizon_days)
    before = days <= 0
    year = before & (days > -365)
    keys = ["customer_id", "campaign", "group", "cost"]
    per = j.group_by(keys).aggregate(
        orders=after.cast("int64").sum().fill_null(0), revenue=j.revenue.sum(where=after).fill_null(0.0),
        orders_before=year.cast("int64").sum().fill_null(0), revenue_before=j.revenue.sum(where=year).fill_null(0.0),
        last=j.order_date.max(where=before), first=j.order_date.min(), sent=j.sent_date.max())
    if events is not None:
        per = per.drop("orders", "revenue").inner_join(_event_outcomes(c, events, event, horizon_days), keys[:2])
    frame = execute(per)
    frame["bought"] = (frame["orders"] > 0).astype(int)
    sent = pd.to_datetime(frame.pop("sent"))
    frame["sent_date"] = sent.dt.date
    frame["recency_days"] = (sent - pd.to_datetime(frame.pop("last"))).dt.days.astype(float)
    frame["tenure_days"] = (sent - pd.to_datetime(frame.pop("first"))).dt.days.clip(lower=0).astype(float)
    frame["recency_days"] = frame["recency_days"].fillna(frame["tenure_days"])
    if by is not None and customers is not None:
        groups = execute(as_loaded(customers, "customers").table.select("customer_id", by))
        frame = frame.merge(groups, on="customer_id", how="left").fillna({by: "(unknown)"})
    frame.attrs["horizon_days"] = horizon_days
    frame.attrs["outcome"] = "purchase" if events is None else (event or "event")
    frame.attrs["overlapping_customers"] = overlapping_customers(frame, horizon_days)
    return frame.sort_values(["campaign", "customer_id"]).reset_index(drop=True)


def _event_outcomes(campaigns, events, event: str | None, horizon_days: int):
    """Per customer and campaign: the events of kind `event` (all events without one) in the
    `horizon_days` after the day of sending (``orders``) and the sum of their value (``revenue``)."""
    e = as_loaded(events, "events").table
    if event is not None:
        if "event" not in e.columns:
            raise E.MissingColumnError(
                f"events: event={event!r} was asked for, but the table has no column 'event' (columns: "
                f"{', '.join(e.columns)}); map the column that holds the kind of event with "
                "columns={'YourName': 'event'}, or leave out event= to count every row")
        kinds = execute(e.select("event").distinct())["event"].dropna().tolist()
        if event not in kinds:
            raise E.DataError(f"events: no event is of kind {event!r}; the kinds in the table are "
                              f"{', '.join(map(repr, sorted(kinds)[:10]))}{' ...' if len(kinds) > 10 else ''}; "
                              "pass one of them as event=")
        e = e.filter(e.event == event)
    value = e.value if "value" in e.columns else ibis.literal(0.0)
    j = campaigns.select("customer_id", "campaign", "sent_date").left_join(
        e.select("customer_id", "event_date", _value=value.cast("float64")), "customer_id")
    days = j.event_date.delta(j.sent_date, unit="day")
    within = (days > 0) & (days <= horizon_days)
    return j.group_by(["customer_id", "campaign"]).aggregate(
        orders=within.cast("int64").sum().fill_null(0), revenue=j._value.sum(where=within).fill_null(0.0))


def overlapping_customers(outcomes: pd.DataFrame, horizon_days: int) -> int:
    """Customers in two campaigns whose outcome windows (the `horizon_days` after each sending)
    overlap: their purchases count for both, so neither effect is clean.

    >>> o = pd.DataFrame({"customer_id": ["a", "a", "b", "b"], "campaign": ["x", "y", "x", "y"],
    ...                   "sent_date": pd.to_datetime(["2024-01-01", "2024-02-15", "2024-01-01", "2024-06-01"])})
    >>> overlapping_customers(o, 90)
    1
    """
    sent = pd.to_datetime(outcomes["sent_date"])
    order = outcomes.assign(_sent=sent).sort_values(["customer_id", "_sent"])
    following = order.groupby("customer_id")["_sent"].shift(-1)
    close = (following - order["_sent"]).dt.days < horizon_days
    return int(order.loc[close.fillna(False), "customer_id"].nunique())


def evaluate_campaigns(outcomes: pd.DataFrame, *, by: str | None = None, margin: float = 0.3) -> pd.DataFrame:
    """Per campaign (and group of `by`): customers in each group, the share who bought again
    (%), its difference (``effect``, percentage points) with a 95 % interval, net revenue per
    customer in each group and its difference with a 95 % interval (Welch), and what it means
    for the treated: incremental customers and revenue, the campaign's cost, the cost per
    incrementally retained customer and the return on that cost of the incremental margin
    (``roi``, %: (incremental revenue x `margin` - cost) / cost x 100). A campaign without a control
    group gets no effect (``has_control`` False): it can be described, not measured.

    >>> import pandas as pd
    >>> outcomes = pd.DataFrame({"campaign": "x", "group": ["treatment"] * 4 + ["control"] * 4,
    ...     "bought": [1, 1, 1, 0, 1, 0, 0, 0], "revenue": [50.0, 30, 40, 0, 20, 0, 0, 0], "cost": [5.0] * 4 + [0] * 4})
    >>> row = evaluate_campaigns(outcomes).loc["x"]
    >>> [float(row[c]) for c in ("retained_treatment", "retained_control", "effect", "incremental_customers")]
    [75.0, 25.0, 50.0, 2.0]
    """
    arms = sorted(set(outcomes["group"]) - {CONTROL})
    several = len(arms) > 1 or arms not in ([], ["treatment"])  # arms named: one row per campaign and arm
    keys = ["campaign"] + (["arm"] if several else []) + ([by] if by else [])
    rows = {}
    for key, rows_ in outcomes.groupby(["campaign"] + ([by] if by else []), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        k = rows_[rows_["group"] == CONTROL]
        compared = sorted(set(rows_["group"]) - {CONTROL}) or ["treatment"]
        for arm in compared:
            row = _effects(rows_[rows_["group"] == arm], k, margin, comparisons=len(compared))
            rows[(key[0], arm, *key[1:]) if several else key] = row
        if len(compared) > 1:  # several arms against one control: Holm's step-down p-values
            _holm({name: rows[name] for name in rows if name[0] == key[0] and name[2:] == key[1:]})
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=keys) if len(keys) > 1 else pd.Index(
        [k[0] for k in table.index], name="campaign")
    table.attrs["horizon_days"] = outcomes.attrs.get("horizon_days")
    table.attrs["outcome"] = outcomes.attrs.get("outcome", "purchase")
    table.attrs["arms"] = arms
    table.attrs["campaign_arms"] = {name: sorted(set(rows_["group"]) - {CONTROL})
                                    for name, rows_ in outcomes.groupby("campaign", sort=True)}
    table.attrs["overlapping_customers"] = outcomes.attrs.get("overlapping_customers", 0)
    return table


def _holm(rows: dict) -> None:
    """``p_holm`` of each arm's row: Holm's step-down adjustment of the arms' p-values."""
    ordered = sorted(rows, key=lambda name: rows[name]["p_value"])
    m, running = len(ordered), 0.0
    for i, name in enumerate(ordered):
        running = max(running, min(1.0, (m - i) * rows[name]["p_value"]))
        rows[name]["p_holm"] = running


def _effects(t: pd.DataFrame, k: pd.DataFrame, margin: float, comparisons: int = 1) -> dict:
    """One arm `t` against the control group `k`. With several arms compared against one control,
    the intervals are Bonferroni-widened (each at 1 - 0.05 / `comparisons`), so together they hold
    with 95 %; ``p_value`` is the two-sided test of no effect."""
    z = Z95 if comparisons == 1 else float(stats.norm.ppf(1 - 0.025 / comparisons))
    nt, nk = len(t), len(k)
    pt = t.bought.mean() if nt else math.nan
    pk = k.bought.mean() if nk else math.nan
    row = {"treated": nt, "controls": nk, "has_control": nk > 0, "retained_treatment": pt * 100,
           "retained_control": pk * 100, "revenue_treatment": t.revenue.mean() if nt else math.nan,
           "revenue_control": k.revenue.mean() if nk else math.nan, "cost": float(t.cost.sum())}
    se = math.sqrt(pt * (1 - pt) / nt + pk * (1 - pk) / nk) if nt and nk else math.nan
    row["effect"] = (pt - pk) * 100
    row["ci_low"], row["ci_high"] = (pt - pk - z * se) * 100, (pt - pk + z * se) * 100
    row["p_value"] = float(2 * stats.norm.sf(abs(pt - pk) / se)) if se and se == se else math.nan
    rse = math.sqrt(t.revenue.var() / nt + k.revenue.var() / nk) if nt > 1 and nk > 1 else math.nan
    row["revenue_effect"] = row["revenue_treatment"] - row["revenue_control"]
    row["revenue_ci_low"] = row["revenue_effect"] - z * rse
    row["revenue_ci_high"] = row["revenue_effect"] + z * rse
    row["incremental_customers"] = row["effect"] / 100 * nt
    row["incremental_revenue"] = row["revenue_effect"] * nt
    row["cost_per_retained"] = (row["cost"] / row["incremental_customers"]
                                if row["incremental_customers"] > 0 else math.nan)
    row["roi"] = ((row["incremental_revenue"] * margin - row["cost"]) / row["cost"] * 100) if row["cost"] > 0 else math.nan
    if not nk:
        for name in ("effect", "ci_low", "ci_high", "p_value", "revenue_effect", "revenue_ci_low", "revenue_ci_high",
                     "incremental_customers", "incremental_revenue", "cost_per_retained", "roi"):
            row[name] = math.nan
    return row


def campaign_balance(outcomes: pd.DataFrame, *, features=FEATURES) -> pd.DataFrame:
    """Pre-campaign behaviour of the two groups per campaign: means and the standardised mean
    difference (``smd``); ``imbalanced`` marks |smd| > :data:`IMBALANCE`, the sign of a
    randomisation that went wrong."""
    rows = []
    for campaign, rows_ in outcomes.groupby("campaign"):
        t, k = rows_[rows_["group"] != CONTROL], rows_[rows_["group"] == CONTROL]  # every arm against the control
        for feature in features:
            spread = math.sqrt((t[feature].var() + k[feature].var()) / 2) if len(t) > 1 and len(k) > 1 else math.nan
            smd = (t[feature].mean() - k[feature].mean()) / spread if spread else math.nan
            rows.append({"campaign": campaign, "feature": feature, "treatment_mean": t[feature].mean(),
                         "control_mean": k[feature].mean(), "smd": smd, "imbalanced": abs(smd) > IMBALANCE})
    return pd.DataFrame(rows).set_index(["campaign", "feature"])


def campaign_curve(orders, campaigns, campaign: str, days: int = 180) -> pd.DataFrame:
    """Share of each group that bought again by each day since the sending of `campaign` (%),
    and their difference: the effect building up over time, for `days` days or up to the orders'
    observation end, whichever comes first (later days are not observed yet)."""
    loaded = as_loaded(orders, "orders")
    o = loaded.table
    c = as_loaded(campaigns, "campaigns").table
    c = c.filter(c.campaign == campaign)
    j = c.select("customer_id", "sent_date", "group").left_join(o.select("customer_id", "order_date"), "customer_id")
    gap = j.order_date.delta(j.sent_date, unit="day")
    first = execute(j.group_by(["customer_id", "group"]).aggregate(day=gap.min(where=gap > 0), sent=j.sent_date.max()))
    first["group"] = np.where(first["group"] == CONTROL, "control", "treatment")  # every arm is treated
    if loaded.observation_end is not None and len(first):
        days = max(0, min(days, (pd.Timestamp(loaded.observation_end) - pd.Timestamp(first["sent"].max())).days))
    out = pd.DataFrame(index=pd.RangeIndex(0, days + 1, name="day"))
    for group in ("treatment", "control"):
        rows = first[first["group"] == group]
        counts = rows["day"].dropna().astype(int).value_counts().reindex(out.index, fill_value=0).cumsum()
        out[group] = counts / max(len(rows), 1) * 100
    out["difference"] = out["treatment"] - out["control"]
    return out
