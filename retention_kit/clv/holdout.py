"""A calibration and a holdout period: where the holdout starts, and a model's forecast of repeat
purchases against what the holdout customers bought."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import as_loaded
from ..data.lines import order_key
from ..engine import execute
from .models.bgnbd import BetaGeoModel
from .rfm import TIME_UNITS
from .sample import _first_orders


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
    days = t.select("customer_id", "order_date")
    if order_key(t) != "order_date":  # orders with ids: a customer's day counts once
        days = days.distinct()
    first = _first_orders(o).rename(first="_first")
    # the repeat days of the customers acquired by the calibration end, per day: every customer-day,
    # less the first days (up to the calibration end) and less every day of the customers acquired
    # later (after it); no join of every order with its customer's first day
    late = days.filter(days.order_date > cal.date()).semi_join(first.filter(first.first > cal.date()), "customer_id")
    per_day = execute(days.group_by("order_date").aggregate(n=days.count()), index="order_date")["n"]
    later = execute(late.group_by("order_date").aggregate(n=late.count()), index="order_date")["n"]
    acquired = first.filter(first.first <= cal.date())
    starts = execute(acquired.group_by("first").aggregate(n=acquired.count()))
    not_repeats = pd.concat([starts.set_index("first")["n"], later]).groupby(level=0).sum()
    repeats = per_day.sub(not_repeats, fill_value=0).rename("n").rename_axis("order_date").reset_index()
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
