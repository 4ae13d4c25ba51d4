"""What was loaded: activity per period, the first look at any order log.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2024-01-05", "2024-02-10", "2024-02-11"],
...                        "revenue": [10.0, 20.0, 5.0]})
>>> activity_by_period(orders)[["period", "orders", "customers", "new_customers", "revenue"]].values.tolist()
[[Timestamp('2024-01-01 00:00:00'), 1, 1, 1, 10.0], [Timestamp('2024-02-01 00:00:00'), 2, 2, 1, 25.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data import as_loaded
from .engine import (MAX_BIT_PERIODS, WORD_BITS, bit, bit_column, bit_or, execute, period_index, period_number,
                     period_start, period_starts)


def activity_by_period(orders, *, period: str = "M") -> pd.DataFrame:
    """Orders, active customers, new customers (first order in the period) and revenue per period.

    Parameters
    ----------
    orders : any orders source (DataFrame, path, Ibis table or loaded table)
    period : "D", "W", "M", "Q" or "Y"

    Returns
    -------
    DataFrame with columns period (first day), orders, customers, new_customers, revenue.
    Given subscriptions: period, contracts (started in the period), new_customers (first contract),
    customers and mrr (running on the period's last observed day).
    """
    from .subscriptions import is_subscriptions

    if is_subscriptions(orders):
        return _contract_activity(orders, period)
    o = as_loaded(orders)
    starts = period_starts(pd.Timestamp(o.first_date), pd.Timestamp(o.observation_end), period)
    if len(starts) <= MAX_BIT_PERIODS:
        return _activity_from_bits(o.table.filter(o.table.order_date <= o.observation_end), starts, period)
    t = o.table
    firsts = t.group_by("customer_id").aggregate(first_date=t.order_date.min())
    firsts = firsts.mutate(period=period_start(firsts.first_date, period))
    new = firsts.group_by("period").aggregate(new_customers=firsts.count())
    t = t.mutate(period=period_start(t.order_date, period))
    active = t.group_by("period").aggregate(orders=t.count(), customers=t.customer_id.nunique(), revenue=t.revenue.sum())
    joined = active.left_join(new, "period").select(
        "period", "orders", "customers", new_customers=new.new_customers.fill_null(0), revenue=active.revenue
    )
    frame = execute(joined.order_by("period"))
    frame["period"] = pd.to_datetime(frame["period"]).astype("datetime64[ns]")
    return frame.astype({"orders": "int64", "customers": "int64", "new_customers": "int64"}).reset_index(drop=True)


def _activity_from_bits(t, starts: pd.DatetimeIndex, period: str) -> pd.DataFrame:
    """:func:`activity_by_period` from one pass per customer: the first period and the bit set of the
    periods with an order (distinct customers per period without a distinct count per period)."""
    n = len(starts)
    t = t.mutate(k=period_number(t.order_date, period) - period_index(starts[0], period))
    words = [f"w{w}" for w in range((n - 1) // WORD_BITS + 1)]
    per = t.group_by("customer_id").aggregate(first_k=t.k.min(), **{w: bit_or(bit(t.k, i)) for i, w in enumerate(words)})
    patterns = execute(per.group_by(["first_k", *words]).aggregate(customers=per.count()))
    weight = patterns.customers.to_numpy("int64")
    frame = execute(t.group_by("k").aggregate(orders=t.count(), revenue=t.revenue.sum())).sort_values("k")
    k = frame.k.to_numpy("int64")
    bits = patterns[words].to_numpy("int64")
    customers = np.array([bit_column(bits, j) @ weight for j in range(n)])
    new = np.bincount(patterns.first_k.to_numpy("int64"), weights=weight, minlength=n)
    return pd.DataFrame({"period": starts[k], "orders": frame.orders.to_numpy("int64"),
                         "customers": customers[k].astype("int64"), "new_customers": new[k].astype("int64"),
                         "revenue": frame.revenue.to_numpy("float64")})


def _contract_activity(subscriptions, period: str) -> pd.DataFrame:
    """Contracts started, first contracts, and the base and its MRR at each period's end."""
    from .subscriptions import subscription_kpis

    s = as_loaded(subscriptions, "subscriptions")
    t = s.table.filter(s.table.start_date <= s.observation_end)
    started = t.group_by(period=period_start(t.start_date, period)).aggregate(contracts=t.count())
    firsts = t.group_by("customer_id").aggregate(first=t.start_date.min())
    new = firsts.group_by(period=period_start(firsts.first, period)).aggregate(new_customers=firsts.count())
    counts = execute(started.left_join(new, "period").select(started.period, started.contracts,
                                                              new_customers=new.new_customers.fill_null(0)))
    counts["period"] = pd.to_datetime(counts["period"])
    base = subscription_kpis(s, period=period)[["period", "customers_end", "mrr_end"]]
    frame = base.merge(counts, on="period", how="left").fillna({"contracts": 0, "new_customers": 0})
    frame = frame.rename(columns={"customers_end": "customers", "mrr_end": "mrr"})
    frame = frame[["period", "contracts", "new_customers", "customers", "mrr"]]
    return frame.astype({"contracts": "int64", "new_customers": "int64", "customers": "int64"})
