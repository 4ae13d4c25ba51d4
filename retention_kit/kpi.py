"""Retention KPIs (KPI_GLOSSARY.md): the per-period KPI table.

:func:`kpi_table` computes the inputs of the formulas (:mod:`retention_kit.formulas`, also
reachable from here) from an order log per period (and segment) in the engine and applies them;
:func:`kpi_table`'s own example shows a table worked by hand.
"""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from .compat import renamed_arguments
from .data import as_loaded, takes_dataset
from .segments import customer_segment
from .engine import WORD_BITS, bit_column, bit_or, bit_range, calendar, execute, period_index, period_number
from .formulas import (churn_rate, clv_simple, csat, loyalty_index, nps, nps_interval,  # noqa: F401 (also here)
                       repeat_customer_ratio, repeat_purchase_rate, retention_cost, retention_rate, share_interval)
from .periods import _periods, _rates_of_surveys, _spend, _survey_counts
from .window import window_days


# ----------------------------------------------------------------------------- scalar formulas


# ----------------------------------------------------------------------------- intervals


# ----------------------------------------------------------------------------- KPI table


@takes_dataset("customers", "surveys", "spend")
@renamed_arguments(segment="by")
def kpi_table(
    orders,
    *, period: str = "M",
    by: str | None = None,
    customers=None,
    surveys=None,
    spend=None,
    active_window_days: int | None = None,
    observation_end=None,
    base_only: bool = False,
) -> pd.DataFrame:
    """One row per period (and segment) with the customer-base movements and every KPI.

    Given a subscriptions table (loaded, or a frame with ``start_date``), the contract KPIs and
    MRR movements of :func:`retention_kit.subscriptions.subscription_kpis` instead.

    A customer belongs to the active base on a day when they ordered in the
    `active_window_days` up to and including that day (non-contractual buying:
    nobody cancels, so inactivity marks the end of a relationship). For each
    period, with S the base on the day before it starts and E the base on its last
    (observed) day:

    * ``customers_new`` (N): in E, first order ever in the period;
    * ``customers_reactivated``: in E, not in S, ordered before the period;
    * ``customers_lost``: in S, not in E; so ``E = S - lost + N + reactivated``;
    * ``retention_rate`` = ((E - N) / S) * 100, the glossary formula: reactivated
      customers count as kept, so retention_rate + churn_rate can exceed 100;
    * ``churn_rate`` = lost / S * 100;
    * ``repeat_purchase_rate``: buyers of the period with 2+ orders in it / buyers * 100;
    * ``repeat_customer_ratio``: those repeat buyers / one-time buyers of the period;
    * ``orders_per_customer`` = orders / buyers, ``average_order_value`` = revenue / orders;
    * with a ``category`` column: ``upsell_ratio`` = repeat orders worth more than the
      mean of the customer's earlier orders / repeat orders * 100, and
      ``cross_sell_ratio`` = buyers who have bought from 2+ categories by the period's
      end / buyers * 100;
    * with `surveys` (by response date): ``nps``, ``csat`` and ``loyalty_index``, each
      with a 95% interval (``_ci_low``, ``_ci_high``) and its number of answers (``_answers``);
    * with `spend` (by period, no segment): ``retention_spend`` and
      ``retention_cost`` = spend / E.

    ``complete`` is False for a period that ends after the observation end: its
    counts cover only part of the period, so do not compare it with full ones.
    ``base_complete`` is False for a period that starts less than `active_window_days`
    after the first order (customers who last bought before the data begin are
    missing from its base), and for every period when the data span less than two
    windows (retention cannot be measured yet): its retention and churn are not
    measured (:func:`kpi_summary` leaves them out).

    Parameters
    ----------
    orders, customers, surveys, spend : sources (DataFrame, path, Ibis table or loaded table); a whole
        :class:`~retention_kit.Dataset` as `orders` gives its tables to the others not given
    period : "W", "M", "Q" or "Y"
    by : a column of `customers` (or of `orders`, taken from each customer's
        first order) to split by
    active_window_days : days without an order after which a customer leaves the base; default
        the window derived from the data (:mod:`retention_kit.window`)
    observation_end : last day used; default the orders' observation end
    base_only : only the customer-base columns (movements, retention and churn rates), without
        the buying, survey and spend KPIs: a third of the work (another window's retention)

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...     "order_date": ["2024-01-10", "2024-01-20", "2024-02-05", "2024-02-07"], "revenue": [10.0, 20, 30, 40]})
    >>> kpi_table(orders, active_window_days=60)[["customers_start", "customers_new", "customers_end", "retention_rate"]]
       customers_start  customers_new  customers_end  retention_rate
    0                0              2              2             NaN
    1                2              1              3           100.0
    """
    from .subscriptions import is_subscriptions, subscription_kpis

    if is_subscriptions(orders):  # contracts: churn is a cancellation, see retention_kit.subscriptions
        return subscription_kpis(orders, period=period, by=by, customers=customers, surveys=surveys, spend=spend,
                                 observation_end=observation_end)
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    window = window_days(o, active_window_days, end)
    return kpi_tables(o, (window,), period=period, by=by, customers=customers, surveys=surveys, spend=spend,
                      observation_end=end, base_only=base_only)[window]


def kpi_tables(orders, windows, *, period: str = "M", by: str | None = None, customers=None, surveys=None, spend=None,
               observation_end=None, base_only: bool = False) -> dict[int, pd.DataFrame]:
    """:func:`kpi_table` for each of several active `windows` (days), ``{window: table}``, from one pass
    over the orders: the customer-base movements of every window are counted together.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "c"],
    ...     "order_date": ["2024-01-10", "2024-01-20", "2024-02-05", "2024-02-07"], "revenue": [10.0, 20, 30, 40]})
    >>> tables = kpi_tables(orders, (20, 60), observation_end="2024-02-29", base_only=True)
    >>> tables[20].customers_lost.tolist(), tables[60].customers_lost.tolist()  # 20 days: b lapses by Feb 29
    ([0, 1], [0, 0])
    """
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    t = o.table.filter(o.table.order_date <= end.date())
    periods = _periods(pd.Timestamp(o.first_date), end, period)
    seg = customer_segment(t, by, customers)
    k0 = period_index(periods.start.iloc[0], period)
    t = t.mutate(k=period_number(t.order_date, period) - k0 + 1)
    if seg is not None:
        t = t.left_join(seg, "customer_id").select(t, segment=ibis.coalesce(seg.segment.cast("string"), "(unknown)"))
    keys = ["k", "segment"] if seg is not None else ["k"]

    rest = None  # what does not depend on the window, computed once
    if not base_only:
        lines = o.lines.filter(o.lines.order_date <= end.date()) if "category" in o.lines.columns else None
        rest = _buying(t, keys, lines, period, k0)
        if surveys is not None:
            rest = rest.merge(_survey_counts(surveys, seg, period, k0, end, keys), on=keys, how="left")
        if spend is not None and seg is None:
            rest = rest.merge(_spend(spend, period, k0, end), on="k", how="left")
    first = pd.Timestamp(o.first_date)
    tables = {}
    for window, moves in zip(windows, _base_movements(t, periods, period, windows, keys)):
        long_enough = (end - first).days + 1 >= 2 * window  # ActiveWindow.measurable
        frame = periods.assign(base_complete=((periods.start - first).dt.days >= window) & long_enough)
        result = moves if rest is None else moves.merge(rest, on=keys, how="outer")
        result = frame.merge(result, on="k", how="left").sort_values(keys)
        result = _rates(result.fillna({c: 0 for c in _COUNT_COLUMNS if c in result}))
        result = result.rename(columns={"start": "period"})
        result = result[[c for c in KPI_COLUMNS if c in result.columns]]
        if seg is not None:
            result = result.rename(columns={"segment": by})
        tables[window] = result.reset_index(drop=True)
    return tables


#: The columns of :func:`kpi_table`, in order (those without their input are left out).
KPI_COLUMNS = [
    "period", "segment", "complete", "base_complete",
    "customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
    "retention_rate", "churn_rate",
    "buyers", "orders", "revenue", "orders_per_customer", "average_order_value",
    "repeat_buyers", "one_time_buyers", "repeat_purchase_rate", "repeat_customer_ratio",
    "upsell_ratio", "cross_sell_ratio",
    "nps", "nps_ci_low", "nps_ci_high", "nps_answers",
    "csat", "csat_ci_low", "csat_ci_high", "csat_answers",
    "loyalty_index", "loyalty_index_ci_low", "loyalty_index_ci_high", "loyalty_index_answers",
    "retention_spend", "retention_cost",
]


_COUNT_COLUMNS = [
    "customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
    "buyers", "orders", "revenue", "repeat_buyers", "one_time_buyers",
]


def _base_movements(t, periods: pd.DataFrame, period: str, windows, keys: list[str]) -> list[pd.DataFrame]:
    """S, N, reactivated, lost and E per period, from each customer's set of active boundaries, for each
    of the active `windows` (one table each, from one pass over the orders).

    Boundary j is the last (observed) day of period j; boundary 0 the day before the
    first period. An order on day d keeps its customer active on d .. d + window - 1,
    so it covers the boundaries from its own period up to the last one on or before
    that day. OR-ing these ranges as bit sets per customer (one pass over the orders)
    gives every customer's active boundaries; then per period k, in the engine:
    E_k = customers with bit k, S_k = E_(k-1), kept = bits k-1 and k, lost = S - kept,
    new = bit k and first order in k, reactivated = E - kept - new.
    """
    seg_cols = ["segment"] if "segment" in keys else []
    n, end = len(periods), periods.stop.iloc[-1].date()
    k0 = period_index(periods.start.iloc[0], period)
    words = range(n // WORD_BITS + 1)  # boundaries 0..n
    # each calendar day's boundary bits, computed once per day rather than per order
    days = calendar(periods.start.iloc[0], end, like=t)
    lo = period_number(days.order_date, period) - k0 + 1
    bits = {}
    for i, window in enumerate(windows):
        stop = days.order_date + ibis.interval(days=window - 1)
        hi = ibis.ifelse(stop >= end, n, period_number(stop + ibis.interval(days=1), period) - k0)
        bits.update({f"d{i}_{w}": bit_range(lo, hi, w) for w in words})
    days = days.select("order_date", **bits)
    t = t.join(days, "order_date")
    per = t.group_by(["customer_id", *seg_cols]).aggregate(
        first_k=t.k.min(), **{f"w{name[1:]}": bit_or(t[name]) for name in bits})
    # customers with the same active boundaries and first period count alike: the engine counts each
    # pattern's customers, the bits are read here (a query of a few columns, whatever the periods)
    patterns = execute(per.group_by([*seg_cols, "first_k", *[f"w{name[1:]}" for name in bits]]).aggregate(
        customers=per.count()))
    return [_movements(_movements_of_patterns(patterns.rename(columns={f"w{i}_{w}": f"w{w}" for w in words}), n,
                                              seg_cols), n, seg_cols) for i in range(len(windows))]


def _movements(totals: pd.DataFrame, n: int, seg_cols: list[str]) -> pd.DataFrame:
    """One row per period (and segment) of the movements, from :func:`_movements_of_patterns`' totals."""
    def per_period(prefix, first=1):  # segments x periods -> one long column
        return totals[[f"{prefix}{j}" for j in range(first, first + n)]].to_numpy("int64").ravel()

    moves = pd.DataFrame({c: totals[c].repeat(n).to_numpy() for c in seg_cols})
    moves["k"] = np.tile(np.arange(1, n + 1), len(totals))
    moves["customers_start"], moves["customers_end"] = per_period("e", 0), per_period("e")
    moves["customers_new"], kept = per_period("new"), per_period("kept")
    moves["customers_lost"] = moves.customers_start - kept
    moves["customers_reactivated"] = moves.customers_end - kept - moves.customers_new
    return moves


def _movements_of_patterns(patterns: pd.DataFrame, n: int, seg_cols: list[str]) -> pd.DataFrame:
    """Per segment: E_j (``e0`` .. ``e<n>``, customers active at boundary j), ``kept<k>`` (active at
    k - 1 and k) and ``new<k>`` (active at k, first order in period k), from patterns of active
    boundaries (bit words ``w0``, ``w1``, ...), each with its first period and its ``customers``.

    >>> p = pd.DataFrame({"first_k": [1, 2], "w0": [0b011, 0b110], "customers": [3, 2]})
    >>> _movements_of_patterns(p, 2, []).iloc[0].tolist()  # e0 e1 e2 kept1 kept2 new1 new2
    [3, 5, 2, 3, 2, 3, 2]
    """
    words = patterns[[f"w{w}" for w in range(n // WORD_BITS + 1)]].to_numpy("int64")
    weight, first_k = patterns.customers.to_numpy("int64"), patterns.first_k.to_numpy("int64")
    codes, segments = pd.factorize(patterns[seg_cols[0]], sort=True) if seg_cols else (np.zeros(len(weight), int), [0])
    total = lambda v: np.bincount(codes, weights=v * weight, minlength=len(segments)).astype("int64")
    ends, kept, new, before = {}, {}, {}, None
    for j in range(n + 1):  # a bit at a time: one vector per bit, however many patterns
        active = bit_column(words, j)
        ends[f"e{j}"] = total(active)
        if j:
            kept[f"kept{j}"], new[f"new{j}"] = total(before * active), total(active * (first_k == j))
        before = active
    frame = pd.DataFrame({**ends, **kept, **new})
    if seg_cols:
        frame.insert(0, seg_cols[0], np.asarray(segments))
    return frame


def _buying(t, keys: list[str], lines=None, period: str = "M", k0: int = 0) -> pd.DataFrame:
    """Buyers, orders, revenue, repeat and one-time buyers per period (and segment), in one query;
    given order `lines` with a category, also the counts of upsell (from the orders `t`) and
    cross-sell (from the lines): ``repeat_orders``, ``upsell_orders`` and ``cross_buyers``."""
    extra = {}
    if lines is not None:
        order_keys = ["order_date"] + (["order_id"] if "order_id" in t.columns else ["revenue"])
        w = ibis.cumulative_window(group_by="customer_id", order_by=order_keys)
        t = t.mutate(n_before=t.count().over(w) - 1, sum_before=t.revenue.sum().over(w) - t.revenue)
        repeat = t.n_before > 0
        extra = dict(repeat_orders=repeat.cast("int64").sum(),
                     upsell_orders=(repeat & (t.revenue > t.sum_before / t.n_before)).cast("int64").sum())
    per = t.group_by(["customer_id", *keys]).aggregate(n=t.count(), rev=t.revenue.sum(), **extra)
    if lines is not None:  # a buyer of period k has cross-bought by its end when their second category came by k
        firsts = lines.group_by(["customer_id", "category"]).aggregate(first=lines.order_date.min())
        ranked = firsts.mutate(rn=ibis.row_number().over(group_by="customer_id", order_by=["first", "category"]))
        second = ranked.filter(ranked.rn == 1)
        second = second.select("customer_id", cross_k=period_number(second.first, period) - k0 + 1)
        per = per.left_join(second, "customer_id").select(per, cross=ibis.coalesce(second.cross_k <= per.k, False))
        extra = dict(repeat_orders=per.repeat_orders.sum(), upsell_orders=per.upsell_orders.sum(),
                     cross_buyers=per.cross.cast("int64").sum())
    agg = per.group_by(keys).aggregate(
        buyers=per.count(), orders=per.n.sum(), revenue=per.rev.sum(),
        repeat_buyers=(per.n > 1).cast("int64").sum(), one_time_buyers=(per.n == 1).cast("int64").sum(), **extra)
    return execute(agg)


def _rates(r: pd.DataFrame) -> pd.DataFrame:
    """Apply the scalar formulas to the counts (a small table: one row per period and segment)."""
    r = r.copy()
    r["retention_rate"] = [retention_rate(s, n, e) for s, n, e in zip(r.customers_start, r.customers_new, r.customers_end)]
    r["churn_rate"] = [churn_rate(s, lost) for s, lost in zip(r.customers_start, r.customers_lost)]
    if "buyers" in r:  # not the customer base only
        r["repeat_purchase_rate"] = [repeat_purchase_rate(rep, b) for rep, b in zip(r.repeat_buyers, r.buyers)]
        r["repeat_customer_ratio"] = [repeat_customer_ratio(rep, one) for rep, one in zip(r.repeat_buyers, r.one_time_buyers)]
        r["orders_per_customer"] = r.orders / r.buyers.where(r.buyers > 0)
        r["average_order_value"] = r.revenue / r.orders.where(r.orders > 0)
        if "repeat_orders" in r:
            r["upsell_ratio"] = r.upsell_orders / r.repeat_orders.where(r.repeat_orders > 0) * 100
            r["cross_sell_ratio"] = r.cross_buyers / r.buyers.where(r.buyers > 0) * 100
            r = r.drop(columns=["repeat_orders", "upsell_orders", "cross_buyers"])
        r = _rates_of_surveys(r)
    return r.astype({c: "int64" for c in _COUNT_COLUMNS if c in r and c != "revenue"})


#: KPIs that compare the customer base at the start and the end of a period.
BASE_KPIS = ("retention_rate", "churn_rate", "retention_cost")

#: KPIs shown in the headline summary of a period.
HEADLINE_KPIS = ("retention_rate", "churn_rate", "repeat_purchase_rate", "repeat_customer_ratio",
                 "orders_per_customer", "average_order_value", "revenue", "nps", "csat", "loyalty_index",
                 "retention_cost")


def kpi_summary(kpis: pd.DataFrame, *, targets: dict | None = None, kpis_shown=HEADLINE_KPIS) -> pd.DataFrame:
    """The last complete period of a :func:`kpi_table` (English columns, no segment) against
    the previous period and against targets.

    Returns one row per KPI: ``value``, ``previous``, ``change`` (value - previous, in the
    KPI's own unit: percentage points for rates) and, when `targets` are given, ``target``
    and ``vs_target`` (value - target), with ``period`` and ``previous_period`` in the
    frame's attrs. Retention, churn and retention cost of a period whose base is not
    complete (``base_complete`` False) are left out (NaN).

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"period": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]),
    ...                   "complete": [True, True, False], "retention_rate": [90.0, 94.0, 99.0]})
    >>> kpi_summary(k, targets={"retention_rate": 95.0}, kpis_shown=["retention_rate"])
                    value  previous  change  target  vs_target
    retention_rate   94.0      90.0     4.0    95.0       -1.0
    """
    full = kpis[kpis["complete"]]
    if len(full) < 1:
        raise ValueError("kpi_summary needs at least one complete period")
    current = full.iloc[-1]
    previous = full.iloc[-2] if len(full) > 1 else pd.Series(dtype=float)
    targets = targets or {}
    rows = {}
    for name in kpis_shown:
        if name not in kpis.columns:
            continue
        value, before = current[name], previous.get(name, np.nan)
        if name in BASE_KPIS and "base_complete" in kpis.columns:  # not measured before the base is complete
            value = value if current["base_complete"] else np.nan
            before = before if previous.get("base_complete", False) else np.nan
        target = targets.get(name, np.nan)
        rows[name] = {"value": value, "previous": before, "change": value - before,
                      "target": target, "vs_target": value - target}
    summary = pd.DataFrame.from_dict(rows, orient="index").astype("float64")
    if not targets:  # no target was given: no columns of empty targets
        summary = summary.drop(columns=["target", "vs_target"])
    summary.attrs.update(period=current["period"], previous_period=previous.get("period"))
    return summary


@renamed_arguments(segment="by")
def segment_summary(kpis: pd.DataFrame, by: str | None,
                    *, kpis_shown=("customers_end", "retention_rate", "churn_rate", "repeat_purchase_rate",
                                "orders_per_customer", "average_order_value", "revenue")) -> pd.DataFrame:
    """The last complete period of a segmented :func:`kpi_table`: one row per segment
    (with ``by=None``, one row for all customers).

    Examples
    --------
    >>> import pandas as pd
    >>> k = pd.DataFrame({"period": pd.to_datetime(["2024-01-01"] * 2 + ["2024-02-01"] * 2),
    ...     "channel": ["email", "social"] * 2, "complete": [True, True, False, False],
    ...     "churn_rate": [3.0, 6.0, 1.0, 2.0]})
    >>> segment_summary(k, "channel", kpis_shown=["churn_rate"])
             churn_rate
    channel
    email           3.0
    social          6.0
    """
    full = kpis[kpis["complete"]]
    last = full[full["period"] == full["period"].max()]
    if by is None:
        last = last.assign(segment="all_customers")
        by = "segment"
    shown = last.set_index(by)[[c for c in kpis_shown if c in last.columns]]
    shown.attrs["period"] = full["period"].max()
    return shown
