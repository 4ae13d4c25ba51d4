"""A calibration and a holdout period: where the holdout starts, and a model's forecast of repeat
purchases against what the holdout customers bought."""

from __future__ import annotations


import numpy as np
import pandas as pd

from ..data import as_loaded
from ..engine import execute
from .models.bgnbd import BetaGeoModel
from .rfm import TIME_UNITS


def holdout_start(observation_end, holdout_weeks: int = 26) -> pd.Timestamp:
    """The calibration end that leaves `holdout_weeks` weeks of holdout before `observation_end`.

    Examples
    --------
    >>> holdout_start("2025-12-31", 26)
    Timestamp('2025-07-02 00:00:00')
    """
    return pd.Timestamp(observation_end) - pd.Timedelta(weeks=holdout_weeks)


def repeat_purchase_tracking(orders, model: BetaGeoModel, *, calibration_end, observation_end=None) -> pd.DataFrame:
    """Weekly cumulative repeat purchases: actual, and predicted by BG/NBD for the customers
    acquired by `calibration_end` (each from their own first purchase, eq. 9 of the paper).

    Columns: week (start), actual, predicted; ``attrs["calibration_end"]`` marks the split.
    """
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    cal = pd.Timestamp(calibration_end)
    t = o.table.filter(o.table.order_date <= end.date())
    days = t.select("customer_id", "order_date").distinct()
    first = days.group_by("customer_id").aggregate(first=days.order_date.min())
    d = days.join(first, "customer_id")
    d = d.filter(d.first <= cal.date())
    rep = d.filter(d.order_date > d.first)
    repeats = execute(rep.group_by("order_date").aggregate(n=rep.count()))
    acquired = first.filter(first.first <= cal.date())
    starts = execute(acquired.group_by("first").aggregate(n=acquired.count()))
    weeks = pd.date_range(pd.Timestamp(starts["first"].min()), end, freq="7D")
    actual = (repeats.assign(order_date=pd.to_datetime(repeats.order_date)).set_index("order_date")["n"]
              .sort_index().cumsum().reindex(weeks, method="ffill").fillna(0))
    unit = TIME_UNITS[model.time_unit]
    born = pd.to_datetime(starts["first"]).to_numpy()
    age = (weeks.to_numpy()[:, None] - born[None, :]) / np.timedelta64(1, "D") / unit
    expected = np.where(age > 0, model.expected_purchases(np.clip(age, 0, None)), 0.0)
    predicted = (expected * starts["n"].to_numpy()[None, :]).sum(axis=1)
    table = pd.DataFrame({"week": weeks, "actual": actual.to_numpy(), "predicted": predicted})
    table.attrs["calibration_end"] = cal
    return table
