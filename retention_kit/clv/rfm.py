"""RFM summaries per customer (frequency, recency, T, monetary value), computed in the engine.

The conventions of the ``lifetimes`` package and pymc-marketing; the buy-till-you-die models of
:mod:`retention_kit.clv.models` are fitted on them.
"""

from __future__ import annotations


import ibis
import pandas as pd

from ..data import as_loaded
from ..data.lines import order_key
from ..engine import distinct_dates, execute

TIME_UNITS = {"D": 1.0, "W": 7.0}


# ----------------------------------------------------------------------------- RFM


def rfm_summary(orders, *, observation_end=None, time_unit: str = "W", calibration_end=None) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer (one row per customer).

    Orders on the same day are merged into one transaction. Then, with the first
    transaction at day 0:

    * ``frequency`` – repeat transactions (transactions after the first);
    * ``recency`` – time from the first to the last transaction;
    * ``T`` – time from the first transaction to the end of the (calibration) period;
    * ``monetary_value`` – mean revenue of the repeat transactions (0 without repeats).

    Times are in `time_unit` ("D" days, "W" weeks = days / 7, fractional, as in the
    published CDNOW summary). With `calibration_end`, the columns describe the
    calibration period (customers whose first order falls after it are left out) and
    ``frequency_holdout`` / ``monetary_value_holdout`` / ``duration_holdout`` describe
    (calibration_end, observation_end].

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08"], "revenue": [5.0, 5.0, 20.0, 7.0]})
    >>> rfm_summary(orders, observation_end="2024-01-29")
                 frequency  recency    T  monetary_value
    customer_id
    a                    1      2.0  4.0            20.0
    b                    0      0.0  3.0             0.0
    """
    if time_unit not in TIME_UNITS:
        raise ValueError(f"time_unit must be one of {', '.join(TIME_UNITS)}, not {time_unit!r}")
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    cal_end = pd.Timestamp(calibration_end).date() if calibration_end is not None else end
    key = ("rfm", end, time_unit, calibration_end is not None and cal_end)  # once per question, a copy each
    return o.kept(key, lambda: _summary(o, end, cal_end, calibration_end is not None, time_unit)).copy()


def _summary(o, end, cal_end, holdout: bool, time_unit: str) -> pd.DataFrame:
    t = o.table.filter(o.table.order_date <= end)
    # orders that are customer-days already are counted per customer in one pass; lists of orders
    # per customer (order ids) are gathered in passes that fit in memory
    passes = 1 if order_key(t) == "order_date" else max(1, -(-o.rows_used // ORDERS_PER_PASS))
    rfm = lambda part: _rfm_of(t if passes == 1 else t.filter(_customer_share(t.customer_id, passes) == part),
                               cal_end, holdout=holdout, unit=TIME_UNITS[time_unit],
                               duration_holdout=(pd.Timestamp(end) - pd.Timestamp(cal_end)).days)
    # indexed as it is read: at 15M customers every copy of the summary costs seconds
    frame = execute(rfm(0), index="customer_id") if passes == 1 else \
        pd.concat([execute(rfm(part)) for part in range(passes)]).set_index("customer_id").sort_index()
    for count in ["frequency", "frequency_holdout"] if holdout else ["frequency"]:
        if frame[count].dtype != "int64":
            frame[count] = frame[count].astype("int64")
    frame.attrs.update(time_unit=time_unit, observation_end=end, calibration_end=cal_end)
    return frame


#: A customer's orders are gathered into one list per customer, so orders on the same day merge
#: without grouping every customer-day first (2.6x faster at 10M orders). A base of more orders
#: is summarised in passes over this many orders' worth of customers each, so the lists fit a
#: notebook's share of memory (100M orders in one pass need more than 3 GB).
ORDERS_PER_PASS = 25_000_000


def _customer_share(customer_id, parts: int):
    """Which of `parts` passes a customer belongs to (0 .. parts - 1), by a hash of the id."""
    return (customer_id.hash() % parts + parts) % parts


def _rfm_of(t, cal_end, *, holdout: bool, unit: float, duration_holdout: int):
    """The RFM columns of the customers in orders `t` (one row per customer whose first order is
    on or before `cal_end`)."""
    cal = (t.order_date <= cal_end) if holdout else None  # without a holdout every order is in the period
    agg = dict(first=t.order_date.min(), last_cal=t.order_date.max(where=cal), revenue_cal=t.revenue.sum(where=cal))
    if holdout:
        agg.update(revenue_holdout=t.revenue.sum(where=~cal))
    if order_key(t) == "order_date":  # every row is a customer-day already: a transaction of its own
        per = t.group_by("customer_id").aggregate(
            **agg, repeat=t.count(where=cal) - 1, first_revenue=t.revenue.argmin(t.order_date),
            **({"days_holdout": t.count(where=~cal)} if holdout else {}))
        return _rfm_columns(per.filter(per["first"] <= cal_end), cal_end, holdout, unit, duration_holdout)
    agg.update(orders_cal=ibis.struct({"day": t.order_date, "revenue": t.revenue}).collect(where=cal))
    if holdout:
        agg.update(days_holdout=t.order_date.collect(where=~cal))
    per = t.group_by("customer_id").aggregate(**agg)
    per = per.filter(per["first"] <= cal_end)
    per = per.mutate(  # in a step of their own, so the lists are read once (a column is not inlined)
        repeat=distinct_dates(per.orders_cal.map(lambda order: order.day)) - 1,
        first_revenue=per.orders_cal.map(lambda order: ibis.ifelse(order.day == per["first"], order.revenue, 0.0)).sums(),
        **({"days_holdout": distinct_dates(per.days_holdout).fill_null(0)} if holdout else {}),
    ).drop("orders_cal")
    return _rfm_columns(per, cal_end, holdout, unit, duration_holdout)


def _rfm_columns(per, cal_end, holdout: bool, unit: float, duration_holdout: int):
    """The RFM columns from a customer's first and last day, repeat transactions and revenue."""
    columns = dict(
        frequency=per.repeat,
        recency=per.last_cal.delta(per["first"], unit="day") / unit,
        T=ibis.literal(cal_end).delta(per["first"], unit="day") / unit,
        monetary_value=_per_transaction(per.revenue_cal - per.first_revenue, per.repeat),
    )
    if holdout:
        columns.update(frequency_holdout=per.days_holdout,
                       monetary_value_holdout=_per_transaction(per.revenue_holdout, per.days_holdout),
                       duration_holdout=ibis.literal(duration_holdout / unit))
    return per.select("customer_id", **columns)


def _per_transaction(revenue, transactions):
    """Mean revenue per transaction, 0 without transactions."""
    return ibis.ifelse(transactions > 0, revenue / transactions, 0.0)
