"""Cohort tables: customers grouped by the period of their first order, followed over time.

Index = acquisition cohort (first day of the first-order period), columns =
periods since acquisition 0, 1, ..., k. Cells that lie beyond the observation
end are NaN (not yet observable), not 0. The period holding the observation end
may be incomplete; ``table.attrs["last_period_complete"]`` says whether it is.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c", "b"],
...     "order_date": ["2024-01-03", "2024-01-20", "2024-02-11", "2024-02-15", "2024-03-30"],
...     "revenue": [10.0, 20.0, 15.0, 30.0, 25.0]})
>>> cohort_table(orders, metric="customers")
period       0    1    2
cohort
2024-01-01  2.0  1.0  1.0
2024-02-01  1.0  0.0  NaN
>>> cohort_table(orders, metric="customers", mode="on_or_after").loc["2024-01-01"].tolist()
[2.0, 2.0, 1.0]
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from .data import as_loaded
from .engine import MAX_BIT_PERIODS, WORD_BITS, bit, bit_or, execute, has_bit, materialise, period_first_day, period_index, period_number

METRICS = ("customers", "retention", "orders", "revenue", "revenue_retention", "gross_revenue_retention")
MODES = ("on", "on_or_after")


def cohort_table(orders, period: str = "M", metric: str = "customers", mode: str = "on",
                 observation_end=None) -> pd.DataFrame:
    """A cohort matrix of `metric` by acquisition cohort and periods since acquisition.

    Parameters
    ----------
    orders : any orders source
    period : "D", "W", "M", "Q" or "Y"
    metric :
        * ``customers``: distinct customers of the cohort who ordered in that period
          (cohort = first-order period, column = periods since; the classic Online-Retail
          cohort matrix, with columns starting at 0 instead of 1);
        * ``retention``: those customers as a percentage of the cohort's size;
        * ``orders`` / ``revenue``: orders and revenue of the cohort in that period;
        * ``revenue_retention``: net revenue retention (NRR), the cohort's revenue in
          that period / its revenue in period 0, in percent (expansion counts);
        * ``gross_revenue_retention``: GRR, the same with each customer's revenue capped
          at their own period-0 revenue, so it never exceeds 100.
    mode : ``on`` (active in exactly that period) or ``on_or_after`` (active in that
        period or any later one, Amplitude's "return on or after" retention); only for
        ``customers`` and ``retention``
    observation_end : last day used; default the orders' observation end
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be 'on' or 'on_or_after', not {mode!r}")
    if mode == "on_or_after" and metric not in ("customers", "retention"):
        raise ValueError("mode='on_or_after' applies to metric='customers' or 'retention' only")
    t, first, end = _numbered(orders, period, observation_end)
    end_number = period_index(end, period)
    if metric in ("customers", "retention") and end_number - first < MAX_BIT_PERIODS:
        value = _customer_cells(t, first, end_number, mode)
    elif mode == "on_or_after":
        value = _on_or_after(_cohort_cells(t, last_active=True))
    else:
        value = _cell_matrix(_cohort_cells(t), metric)
    return _cohort_matrix(value, metric, mode, period, end)


def _numbered(orders, period: str, observation_end):
    """The orders up to the observation end with their period number ``pn``, the first period's
    number and the end date."""
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    t = o.table.filter(o.table.order_date <= end)
    return t.mutate(pn=period_number(t.order_date, period)), period_index(o.first_date, period), end


def _cell_matrix(cells: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Cohorts (rows) x periods since (columns) of the cells' column that `metric` counts."""
    column = {"customers": "customers", "retention": "customers", "orders": "orders", "revenue": "revenue",
              "revenue_retention": "revenue", "gross_revenue_retention": "capped_revenue"}[metric]
    return cells.pivot_table(index="cohort", columns="k", values=column, aggfunc="sum", fill_value=0)


def _cohort_matrix(value: pd.DataFrame, metric: str, mode: str, period: str, end) -> pd.DataFrame:
    """`value` by cohort start date and period, in percent of period 0 for the retention metrics,
    NaN beyond the observation end."""
    table = _observable(value.astype("float64"), period_index(end, period))
    if metric in ("retention", "revenue_retention", "gross_revenue_retention"):
        table = table.div(table[0], axis=0) * 100
    table.index = pd.DatetimeIndex([period_first_day(int(c), period) for c in table.index], name="cohort")
    table.columns.name = "period"
    table.attrs = dict(metric=metric, mode=mode, period=period, **_completeness(pd.Timestamp(end), period))
    return table


def revenue_retention(orders, *, period: str = "M", observation_end=None) -> pd.DataFrame:
    """Net and gross revenue retention per cohort and period since acquisition, as a tidy table.

    Columns: cohort, period, base_revenue (the cohort's period-0 revenue), revenue,
    nrr = revenue / base_revenue * 100, grr = capped revenue / base_revenue * 100,
    where each customer's revenue is capped at their own period-0 revenue.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "b"],
    ...     "order_date": ["2024-01-05", "2024-01-06", "2024-02-05", "2024-02-06"], "revenue": [100.0, 50, 150, 20]})
    >>> revenue_retention(orders)[["period", "nrr", "grr"]].round(1)
       period    nrr    grr
    0       0  100.0  100.0
    1       1  113.3   80.0
    """
    t, _, end = _numbered(orders, period, observation_end)
    cells = _cohort_cells(t)  # once for both: the customer x period table is the costly part
    nrr = _cohort_matrix(_cell_matrix(cells, "revenue"), "revenue", "on", period, end)
    capped = _cohort_matrix(_cell_matrix(cells, "gross_revenue_retention"), "gross_revenue_retention", "on", period, end)
    tidy = nrr.stack().rename("revenue").reset_index()
    tidy["base_revenue"] = tidy.cohort.map(nrr[0])
    tidy["nrr"] = tidy.revenue / tidy.base_revenue * 100
    tidy["grr"] = capped.stack().values
    tidy["period"] = tidy.period.astype("int64")
    return tidy[["cohort", "period", "base_revenue", "revenue", "nrr", "grr"]]



def _customer_cells(t, first: int, last: int, mode: str) -> pd.DataFrame:
    """Customers per cohort (rows) and periods since (columns), from one pass over the orders.

    Each customer's active periods are OR-ed into a bit set (bit p = period first + p);
    then, per cohort, the customers with bit p (``on``) or any bit from p on
    (``on_or_after``) are summed in the engine; period p is column p - cohort.
    """
    width = last - first + 1
    words = range((width - 1) // WORD_BITS + 1)
    p = t.pn - first
    per = t.group_by("customer_id").aggregate(cohort=p.min(), **{f"w{w}": bit_or(bit(p, w)) for w in words})
    bits = [per[f"w{w}"] for w in words]
    if mode == "on":
        counted = [has_bit(bits, j) for j in range(width)]
    else:  # bits j and above: the rest of j's word, or any later word
        counted = [ibis.or_((bits[j // WORD_BITS] >> (j % WORD_BITS)) != 0, *[bits[w] != 0 for w in words[j // WORD_BITS + 1:]])
                   for j in range(width)]
    sums = execute(per.group_by("cohort").aggregate(**{f"c{j}": c.cast("int64").sum() for j, c in enumerate(counted)}))
    absolute = sums[[f"c{j}" for j in range(width)]].to_numpy()
    cohort = sums["cohort"].to_numpy()
    since = np.arange(width)[None, :] + cohort[:, None]  # period since acquisition -> absolute period
    cells = np.where(since < width, np.take_along_axis(absolute, np.minimum(since, width - 1), axis=1), 0)
    return pd.DataFrame(cells, index=cohort + first, columns=range(width)).sort_index()


def _cohort_cells(t, *, last_active: bool = False) -> pd.DataFrame:
    """Per (cohort, k): customers, orders, revenue, capped revenue; computed in the engine.

    The customer x period aggregate is read once for the cells; with `last_active` it is kept in
    the backend, and the customers per cohort and last active period (``attrs["last_k"]``) are
    read from it too.
    """
    per = t.group_by(["customer_id", "pn"]).aggregate(orders=t.count(), revenue=t.revenue.sum())
    # a customer's cohort and the revenue of that first period, in one aggregate (one row per period)
    firsts = per.group_by("customer_id").aggregate(cohort=per.pn.min(), base_revenue=per.revenue.argmin(per.pn))
    cp = per.join(firsts, "customer_id")
    cp = cp.select("customer_id", "cohort", "orders", "revenue", k=cp.pn - cp.cohort,
                   capped=ibis.least(cp.revenue, cp.base_revenue))
    if last_active:  # read twice
        cp = materialise(cp)
    cells = execute(cp.group_by(["cohort", "k"]).aggregate(
        customers=cp.count(), orders=cp.orders.sum(), revenue=cp.revenue.sum(), capped_revenue=cp.capped.sum()))
    if last_active:
        last_k = cp.group_by(["customer_id", "cohort"]).aggregate(max_k=cp.k.max())
        cells.attrs["last_k"] = execute(last_k.group_by(["cohort", "max_k"]).aggregate(n=last_k.count()))
    return cells


def _on_or_after(cells: pd.DataFrame) -> pd.DataFrame:
    """Customers active in period k or any later one = customers whose last active period >= k."""
    last = cells.attrs["last_k"].pivot_table(index="cohort", columns="max_k", values="n", aggfunc="sum", fill_value=0)
    width = int(cells.k.max()) + 1
    last = last.reindex(columns=range(width), fill_value=0)
    return last.iloc[:, ::-1].cumsum(axis=1).iloc[:, ::-1]


def _observable(value: pd.DataFrame, end_number: int) -> pd.DataFrame:
    """All cohorts x all periods since; 0 where nobody was active, NaN beyond the observation end."""
    cohorts = value.index.astype(int)
    width = end_number - int(cohorts.min()) + 1
    value = value.reindex(columns=range(width), fill_value=0)
    beyond = (cohorts.to_numpy()[:, None] + np.arange(width)[None, :]) > end_number
    return value.mask(beyond)


def _completeness(end: pd.Timestamp, period: str) -> dict:
    next_day = end + pd.Timedelta(days=1)
    same = {"D": False, "W": next_day.weekday() != 0, "M": next_day.day != 1,
            "Q": not (next_day.day == 1 and next_day.month in (1, 4, 7, 10)),
            "Y": not (next_day.day == 1 and next_day.month == 1)}[period]
    return {"observation_end": end.date(), "last_period_complete": not same}
