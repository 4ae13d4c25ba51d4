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

import pandas as pd

from .data import as_loaded
from .engine import execute, period_start


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
    t = as_loaded(orders).table
    firsts = t.group_by("customer_id").aggregate(first_date=t.order_date.min())
    firsts = firsts.mutate(period=period_start(firsts.first_date, period))
    new = firsts.group_by("period").aggregate(new_customers=firsts.count())
    t = t.mutate(period=period_start(t.order_date, period))
    active = t.group_by("period").aggregate(orders=t.count(), customers=t.customer_id.nunique(), revenue=t.revenue.sum())
    joined = active.left_join(new, "period").select(
        "period", "orders", "customers", new_customers=new.new_customers.fill_null(0), revenue=active.revenue
    )
    frame = execute(joined.order_by("period"))
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.astype({"orders": "int64", "customers": "int64", "new_customers": "int64"}).reset_index(drop=True)


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
