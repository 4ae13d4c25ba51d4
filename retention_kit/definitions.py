"""How sure is the headline? The retention of the last complete period under several honest
definitions, now and a period earlier, and whether they agree on the direction of the change.

A retention rate depends on choices a reader does not see: how long a customer may stay silent
before counting as lost (the active window), whether a customer who comes back counts as kept,
whether "retained" means buying again at all. :func:`definition_check` computes the last complete
period's value under each definition below and flags a definition whose change points the other
way than the report's own (``crr_window``):

* ``crr_window``, ``crr_window_half``, ``crr_window_double`` – customer retention rate
  ((E - N) / S, the glossary's formula: reactivated customers count as kept) with the active
  window at once, half and twice its value (a window under which the data cannot measure the
  two periods yet is left out);
* ``kept_window`` – the share of the base at the start still in it at the end (100 - churn rate;
  a customer who left and came back within the period is not kept);
* ``bought_again`` – the share of the previous period's buyers who bought in this period (no
  window at all);
* ``p_alive`` – the BG/NBD model's mean chance that a customer is still active, over the customers
  acquired by the period's end (a random sample of 50,000 of a larger base; ``model=False`` leaves
  it out: two model fits).

Examples
--------
>>> check = definition_check(orders)                    # doctest: +SKIP
>>> check[["now", "before", "change", "flips"]]         # doctest: +SKIP
>>> check.attrs["robust"]                               # doctest: +SKIP
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .data import as_loaded
from .engine import execute, period_first_day, period_index, period_number
from .kpi import kpi_tables
from .window import window_days

#: The definitions, in the order the table shows them; ``crr_window`` is the report's own.
DEFINITIONS = ("crr_window", "crr_window_half", "crr_window_double", "kept_window", "bought_again", "p_alive")

#: Changes smaller than this (percentage points) count as no change: they flip nothing.
FLAT = 0.05


def definition_check(orders, *, period: str = "M", active_window_days: int | None = None, observation_end=None,
                     model: bool = True, kpis: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per definition (see the module text): ``now`` and ``before`` (the last complete period
    and the one before, in %), ``change`` (percentage points) and ``flips`` (its direction is the
    opposite of ``crr_window``'s); `kpis`, the :func:`~retention_kit.kpi_table` of `period` at the active
    window when it was computed already, is used instead of computing it again. ``attrs``: ``period``,
    ``previous_period``, ``window_days``,
    ``robust`` (no definition flips) and ``flipped`` (the definitions that do). A log too young to
    compare two complete periods gives an empty table, with ``reason`` in its attrs."""
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    window = window_days(o, active_window_days, end.date())
    rows = {}
    windows = {"crr_window": window, "crr_window_half": max(1, round(window / 2)), "crr_window_double": window * 2}
    tables = kpi_tables(o, [days for name, days in windows.items() if name != "crr_window" or kpis is None],
                        period=period, observation_end=end, base_only=True)  # every window in one pass
    for name, days in windows.items():
        table = kpis if name == "crr_window" and kpis is not None else tables[days]
        full = table[table["complete"] & table["base_complete"]]
        if len(full) < 2 and name == "crr_window":  # the report's own retention cannot be compared yet
            return _too_short(window, days, len(full))
        if len(full) < 2 or name != "crr_window" and full.period.iloc[-1] != current:
            continue  # not measurable under this window on these data: left out
        now, before = full.iloc[-1], full.iloc[-2]
        rows[name] = (now.retention_rate, before.retention_rate)
        if name == "crr_window":
            rows["kept_window"] = (100 - now.churn_rate, 100 - before.churn_rate)
            current, previous = now.period, before.period
    rows["bought_again"] = _bought_again(o, period, current, previous)
    if model:
        rows["p_alive"] = tuple(_mean_p_alive(o, _period_end(p, period)) for p in (current, previous))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["now", "before"]).reindex(
        [d for d in DEFINITIONS if d in rows]).rename_axis("definition")
    table["change"] = table["now"] - table["before"]
    direction = np.sign(table["change"].where(table["change"].abs() >= FLAT, 0.0))
    headline = direction["crr_window"]
    table["flips"] = (direction != 0) & (headline != 0) & (direction != headline)
    flipped = table.index[table["flips"]].tolist()
    table.attrs.update(period=current, previous_period=previous, window_days=window, robust=not flipped,
                       flipped=flipped)
    return table


def _too_short(window: int, days: int, periods: int) -> pd.DataFrame:
    """The empty table of a log too young to compare two periods, saying why in its attrs."""
    table = pd.DataFrame(columns=["now", "before", "change", "flips"], index=pd.Index([], name="definition"))
    table.attrs.update(period=None, previous_period=None, window_days=window, robust=None, flipped=[],
                       reason=f"two complete periods with a complete base are needed under an active window of "
                              f"{days} days; the data hold {periods}")
    return table


def _period_end(start: pd.Timestamp, period: str) -> pd.Timestamp:
    """The last day of the period that starts on `start`."""
    return period_first_day(period_index(start, period) + 1, period) - pd.Timedelta(days=1)


def _bought_again(o, period: str, current: pd.Timestamp, previous: pd.Timestamp) -> tuple[float, float]:
    """% of the buyers of the period before `current` who bought in `current`, and the same one period earlier."""
    k = period_index(current, period)
    t = o.table
    t = t.mutate(_k=period_number(t.order_date, period)).filter(lambda x: x._k.between(k - 2, k))
    per = t.group_by("customer_id").aggregate(**{f"b{i}": (t._k == k - i).any() for i in range(3)})
    row = execute(per.aggregate(
        b1=per.b1.cast("int64").sum(), both_now=(per.b1 & per.b0).cast("int64").sum(),
        b2=per.b2.cast("int64").sum(), both_before=(per.b2 & per.b1).cast("int64").sum())).iloc[0]
    share = lambda kept, base: float(kept) / float(base) * 100 if base else np.nan
    return share(row["both_now"], row["b1"]), share(row["both_before"], row["b2"])


def _mean_p_alive(o, end: pd.Timestamp) -> float:
    """The BG/NBD model's mean P(alive) at `end`, in %, fitted on the orders up to `end` (of a seeded
    random sample of :data:`~retention_kit.clv.MAX_FIT_CUSTOMERS` customers when there are more: the
    mean is then known to within 0.5 percentage point)."""
    from .clv import MAX_FIT_CUSTOMERS, UnidentifiedModelWarning, fit_bgnbd, rfm_summary, sample_orders

    sampled, _ = sample_orders(o, MAX_FIT_CUSTOMERS, acquired_by=end.date())
    rfm = rfm_summary(sampled, observation_end=end.date())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnidentifiedModelWarning)
        model = fit_bgnbd(rfm)
    return float(np.mean(model.probability_alive(rfm["frequency"], rfm["recency"], rfm["T"]))) * 100
