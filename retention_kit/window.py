"""The active window: how many days after an order a customer still counts as a customer.

Non-contractual buyers never cancel, so retention and churn depend on a window:
a customer is active while their last order is less than `window` days old.
A window the data cannot support gives nonsense: a 365-day window on 373 days of
data makes every month's retention 100 %. When no window is given,
:func:`active_window` derives one from the data with a stated rule:

    the 90th percentile of the days between a customer's consecutive orders,
    rounded up to whole months of 30 days (at least one month)

so that 9 in 10 repeat orders come within the window of the order before. This is the one
default of every analysis that takes ``active_window_days`` (:func:`window_days`). Retention
can be measured once the data span at least two windows (one to build the base, one
to see customers leave): :meth:`ActiveWindow.measurable`.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
...     "order_date": ["2024-01-01", "2024-01-21", "2024-03-01", "2024-01-05", "2024-02-04"],
...     "revenue": 10.0})
>>> w = active_window(orders)        # gaps 20, 40 and 30 days: 90th percentile 38 days
>>> w.days, w.gap_days, w.gaps
(60, 38.0, 3)
>>> w.measurable("2024-01-01", "2024-03-01")
False
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from .data import as_loaded
from .engine import execute

__all__ = ["ActiveWindow", "active_window", "window_days", "DEFAULT_QUANTILE"]

#: Share of repeat orders that fall within the window of the order before them.
DEFAULT_QUANTILE = 0.9
MONTH_DAYS = 30


@dataclass(frozen=True)
class ActiveWindow:
    """An active window in days, and where it came from (``rule``: "given" or "derived")."""

    days: int
    rule: str = "given"
    quantile: float | None = None
    gap_days: float | None = None
    gaps: int = 0

    def measurable(self, first, end) -> bool:
        """Whether data from `first` to `end` span at least two windows (retention can be measured)."""
        span = (pd.Timestamp(end) - pd.Timestamp(first)).days + 1
        return span >= 2 * self.days

    def summary(self) -> pd.DataFrame:
        """The window and its rule, one row, as every result's summary is a frame.

        >>> ActiveWindow(180, "derived", 0.9, 168.0, 63212).summary().to_dict("records")
        [{'days': 180, 'rule': 'derived', 'quantile': 0.9, 'gap_days': 168.0, 'gaps': 63212}]
        """
        return pd.DataFrame([{"days": self.days, "rule": self.rule, "quantile": self.quantile,
                              "gap_days": self.gap_days, "gaps": self.gaps}])


def active_window(orders, *, days: int | None = None, quantile: float = DEFAULT_QUANTILE,
                  observation_end: str | _dt.date | None = None) -> ActiveWindow:
    """The active window: `days` when given, otherwise derived from the orders (module text).

    Without any repeat order (every customer bought once) the rule has nothing to go on
    and the window is one year.
    """
    if days is not None:
        if int(days) < 1:
            raise ValueError(f"the active window must be at least 1 day, not {days!r}")
        return ActiveWindow(int(days))
    if not 0 < quantile < 1:
        raise ValueError(f"quantile must be between 0 and 1, not {quantile!r}")
    o = as_loaded(orders, "orders")
    t = o.table
    end = observation_end or o.observation_end
    if end is not None:
        t = t.filter(t.order_date <= pd.Timestamp(end).date())
    w = ibis.window(group_by="customer_id", order_by=["order_date"])
    gaps = t.mutate(gap=t.order_date.epoch_days() - t.order_date.epoch_days().lag().over(w))
    gaps = gaps.filter(gaps.gap.notnull())
    # gaps are whole days, a few thousand distinct values: counted per value, not sorted one by one
    counts = execute(gaps.group_by("gap").aggregate(n=gaps.count()), index="gap").n
    n = int(counts.sum())
    if not n:
        return ActiveWindow(365, "derived", quantile, None, 0)
    gap = _quantile_of_counts(counts.index.to_numpy(), counts.to_numpy(), quantile)
    months = max(1, math.ceil(gap / MONTH_DAYS))
    return ActiveWindow(months * MONTH_DAYS, "derived", quantile, gap, n)


def _quantile_of_counts(values: np.ndarray, counts: np.ndarray, q: float) -> float:
    """The `q` quantile of the sorted `values` each repeated `counts` times, interpolated linearly
    between the two values around rank (n - 1) q, as numpy's default and DuckDB's ``quantile_cont``.

    >>> _quantile_of_counts(np.array([20, 30, 40]), np.array([1, 1, 1]), 0.9)  # ranks 0..2: 1.8
    38.0
    >>> _quantile_of_counts(np.array([4, 8]), np.array([2, 2]), 0.5)  # 4 4 8 8: rank 1.5
    6.0
    """
    ends = np.cumsum(counts)  # the value at rank r is the first whose cumulative count exceeds r
    rank = (ends[-1] - 1) * q
    below, above = (values[np.searchsorted(ends, r, side="right")] for r in (math.floor(rank), math.ceil(rank)))
    return float(below + (rank - math.floor(rank)) * (above - below))


def window_days(orders, days: int | None = None, observation_end=None) -> int:
    """`days` when given, else the window :func:`active_window` derives from the orders: the default
    of every analysis that takes ``active_window_days``. A loaded table derives it once per end.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "b"], "revenue": 1.0,
    ...                        "order_date": ["2024-01-01", "2024-03-01", "2024-01-05", "2024-02-04"]})
    >>> window_days(orders), window_days(orders, 45)   # gaps of 60 and 30 days: 90th percentile 57
    (60, 45)
    """
    if days is not None:
        return active_window(orders, days=days).days
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    return o.kept(("active window", end), lambda: active_window(o, observation_end=end).days)
