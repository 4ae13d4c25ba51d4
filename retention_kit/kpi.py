"""Retention KPIs (KPI_GLOSSARY.md): scalar formulas and the per-period KPI table.

The scalar functions implement each formula exactly as the marketing texts give
it; :func:`kpi_table` computes their inputs from an order log per period (and
segment) in the engine and applies the same formulas.

Examples
--------
>>> retention_rate(customers_start=100, customers_new=20, customers_end=120)
100.0
>>> nps([10, 9, 8, 7, 6, 3])
0.0
"""

from __future__ import annotations

import math
from typing import Iterable

import ibis
import numpy as np
import pandas as pd

from .compat import renamed_arguments
from .data import as_loaded, customer_segment
from .engine import WORD_BITS, bit_or, bit_range, calendar, execute, has_bit, period_index, period_number, period_starts
from .intervals import Z95


# ----------------------------------------------------------------------------- scalar formulas


def retention_rate(customers_start: float, customers_new: float, customers_end: float) -> float:
    """Customer retention rate (CRR) in percent: ``((E - N) / S) * 100``.

    E = customers at the end of the period, N = new customers acquired in the
    period, S = customers at the start. NaN when S is 0.

    Examples
    --------
    The worked example of the marketing texts: 100 customers at the start, 20 new,
    120 at the end, so every starting customer was kept.

    >>> retention_rate(100, 20, 120)
    100.0
    >>> retention_rate(200, 30, 190)
    80.0
    """
    return _percent(customers_end - customers_new, customers_start)


def churn_rate(customers_start: float, customers_lost: float) -> float:
    """Churn rate in percent: customers lost during the period / customers at its start * 100.

    Non-contractual: lost = no purchase for the inactivity window; contractual: cancelled.

    Examples
    --------
    >>> churn_rate(200, 30)
    15.0
    """
    return _percent(customers_lost, customers_start)


def repeat_purchase_rate(repeat_customers: float, customers: float) -> float:
    """Repeat purchase rate in percent: customers with more than one purchase / all buying customers * 100.

    Examples
    --------
    >>> repeat_purchase_rate(repeat_customers=30, customers=120)
    25.0
    """
    return _percent(repeat_customers, customers)


def repeat_customer_ratio(repeat_customers: float, one_time_customers: float) -> float:
    """Repeat customer ratio: repeat buyers / one-time buyers (a ratio, not a percentage).

    Examples
    --------
    >>> repeat_customer_ratio(30, 90)
    0.3333333333333333
    """
    return repeat_customers / one_time_customers if one_time_customers else math.nan


def clv_simple(avg_order_value: float, purchase_frequency: float, lifespan: float) -> float:
    """Simple customer lifetime value: average order value x purchase frequency x lifespan.

    Use matching units: frequency per year with lifespan in years.

    Examples
    --------
    >>> clv_simple(avg_order_value=60.0, purchase_frequency=4, lifespan=3)
    720.0
    """
    return float(avg_order_value * purchase_frequency * lifespan)


def nps(scores: Iterable[float]) -> float:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), from -100 to 100.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 2, 10])  # 4 promoters, 2 detractors of 8
    25.0
    """
    s = _scores(scores, 0, 10, "nps")
    return float(((s >= 9).mean() - (s <= 6).mean()) * 100) if s.size else math.nan


def csat(scores: Iterable[float]) -> float:
    """Customer satisfaction in percent: share of satisfied answers (4 or 5 on the 1-5 scale).

    Examples
    --------
    >>> csat([5, 4, 4, 3, 1])
    60.0
    """
    s = _scores(scores, 1, 5, "csat")
    return float((s >= 4).mean() * 100) if s.size else math.nan


def retention_cost(spend: float, active_customers: float) -> float:
    """Customer retention cost: total retention spend / number of active customers.

    Examples
    --------
    >>> retention_cost(spend=12_000.0, active_customers=4_000)
    3.0
    """
    return spend / active_customers if active_customers else math.nan


def loyalty_index(answers) -> float:
    """Customer loyalty index, 0-100: the mean of the 1-6 answers (recommend, buy again,
    buy other products), rescaled as ``(mean - 1) / 5 * 100``.

    `answers` is a sequence of answers or a table with one column per question;
    empty answers are left out.

    Examples
    --------
    >>> loyalty_index([[6, 5, 4], [3, 2, 1]])  # mean 3.5
    50.0
    """
    s = _scores(np.asarray(answers, dtype=float).ravel(), 1, 6, "loyalty index")
    return float((s.mean() - 1) / 5 * 100) if s.size else math.nan


def _percent(part: float, whole: float) -> float:
    return float(part / whole * 100) if whole else math.nan


def _scores(scores, low: float, high: float, name: str) -> np.ndarray:
    s = np.asarray(pd.Series(list(scores) if not hasattr(scores, "__array__") else scores, dtype=float).dropna())
    bad = s[(s < low) | (s > high)]
    if bad.size:
        raise ValueError(f"{name}: {bad.size} answers outside {low:g}-{high:g} (e.g. {bad[:5].tolist()})")
    return s


# ----------------------------------------------------------------------------- intervals


def nps_interval(promoters: float, detractors: float, answers: float, z: float = Z95) -> tuple[float, float]:
    """95% interval of the NPS from counts (normal approximation of a difference of shares).

    Var(NPS / 100) = (p + d - (p - d)^2) / n for promoter share p and detractor share d.

    Examples
    --------
    >>> [round(v, 2) for v in nps_interval(50, 20, 100)]
    [14.69, 45.31]
    """
    if not answers:
        return math.nan, math.nan
    p, d = promoters / answers, detractors / answers
    half = z * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / answers) * 100
    return (p - d) * 100 - half, (p - d) * 100 + half


def share_interval(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson 95% interval of a share, in percent.

    Examples
    --------
    >>> [round(v, 2) for v in share_interval(60, 100)]
    [50.2, 69.06]
    """
    if not n:
        return math.nan, math.nan
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half) * 100, (centre + half) * 100


# ----------------------------------------------------------------------------- KPI table


@renamed_arguments(segment="by")
def kpi_table(
    orders,
    *, period: str = "M",
    by: str | None = None,
    customers=None,
    surveys=None,
    spend=None,
    active_window_days: int = 365,
    observation_end=None,
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
      with a 95% interval (``_low``, ``_high``) and its number of answers (``_answers``);
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
    orders, customers, surveys, spend : sources (DataFrame, path, Ibis table or loaded table)
    period : "W", "M", "Q" or "Y"
    by : a column of `customers` (or of `orders`, taken from each customer's
        first order) to split by
    active_window_days : days without an order after which a customer leaves the base
    observation_end : last day used; default the orders' observation end

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
    t = o.table.filter(o.table.order_date <= end.date())
    periods = _periods(pd.Timestamp(o.first_date), end, period)
    seg = customer_segment(t, by, customers)
    k0 = period_index(periods.start.iloc[0], period)
    t = t.mutate(k=period_number(t.order_date, period) - k0 + 1)
    if seg is not None:
        t = t.left_join(seg, "customer_id").select(t, segment=ibis.coalesce(seg.segment.cast("string"), "(unknown)"))
    keys = ["k", "segment"] if seg is not None else ["k"]

    first = pd.Timestamp(o.first_date)
    long_enough = (end - first).days + 1 >= 2 * active_window_days  # ActiveWindow.measurable
    frame = periods.assign(base_complete=((periods.start - first).dt.days >= active_window_days) & long_enough)
    base = _base_movements(t, periods, period, active_window_days, keys)
    buying = _buying(t, keys)
    result = base.merge(buying, on=keys, how="outer")
    if "category" in o.lines.columns:
        lines = o.lines.filter(o.lines.order_date <= end.date())
        result = result.merge(_upsell_cross_sell(t, lines, periods, keys), on=keys, how="left")
    if surveys is not None:
        result = result.merge(_survey_counts(surveys, seg, period, k0, end, keys), on=keys, how="left")
    if spend is not None and seg is None:
        result = result.merge(_spend(spend, period, k0, end), on="k", how="left")
    result = frame.merge(result, on="k", how="left").sort_values(keys)
    result = _rates(result.fillna({c: 0 for c in _COUNT_COLUMNS if c in result}))
    result = result.rename(columns={"start": "period"})
    order = [c for c in KPI_COLUMNS if c in result.columns]
    result = result[order]
    if seg is not None:
        result = result.rename(columns={"segment": by})
    return result.reset_index(drop=True)


#: The columns of :func:`kpi_table`, in order (those without their input are left out).
KPI_COLUMNS = [
    "period", "segment", "complete", "base_complete",
    "customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
    "retention_rate", "churn_rate",
    "buyers", "orders", "revenue", "orders_per_customer", "average_order_value",
    "repeat_buyers", "one_time_buyers", "repeat_purchase_rate", "repeat_customer_ratio",
    "upsell_ratio", "cross_sell_ratio",
    "nps", "nps_low", "nps_high", "nps_answers",
    "csat", "csat_low", "csat_high", "csat_answers",
    "loyalty_index", "loyalty_index_low", "loyalty_index_high", "loyalty_index_answers",
    "retention_spend", "retention_cost",
]


_COUNT_COLUMNS = [
    "customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
    "buyers", "orders", "revenue", "repeat_buyers", "one_time_buyers",
]


def _periods(first: pd.Timestamp, end: pd.Timestamp, period: str) -> pd.DataFrame:
    starts = period_starts(first, end, period)
    following = list(starts[1:]) + [period_starts(starts[-1], starts[-1], period)[-1] + _offset(period)]
    stops = pd.DatetimeIndex(following) - pd.Timedelta(days=1)
    return pd.DataFrame({
        "k": range(1, len(starts) + 1), "start": starts, "stop": stops.where(stops <= end, end),
        "complete": stops <= end,
    })


def _offset(period: str):
    return {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1), "M": pd.DateOffset(months=1),
            "Q": pd.DateOffset(months=3), "Y": pd.DateOffset(years=1)}[period]


def _base_movements(t, periods: pd.DataFrame, period: str, window: int, keys: list[str]) -> pd.DataFrame:
    """S, N, reactivated, lost and E per period, from each customer's set of active boundaries.

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
    days = calendar(periods.start.iloc[0], end)
    stop = days.order_date + ibis.interval(days=window - 1)
    lo = period_number(days.order_date, period) - k0 + 1
    hi = ibis.ifelse(stop >= end, n, period_number(stop + ibis.interval(days=1), period) - k0)
    days = days.select("order_date", **{f"d{w}": bit_range(lo, hi, w) for w in words})
    t = t.join(days, "order_date")
    per = t.group_by(["customer_id", *seg_cols]).aggregate(
        first_k=t.k.min(), **{f"w{w}": bit_or(t[f"d{w}"]) for w in words})
    bits = [per[f"w{w}"] for w in words]
    active = [has_bit(bits, j).cast("int64") for j in range(n + 1)]
    aggs = {f"e{j}": active[j].sum() for j in range(n + 1)}
    for k in range(1, n + 1):
        aggs[f"kept{k}"] = (active[k - 1] * active[k]).sum()
        aggs[f"new{k}"] = (active[k] * (per.first_k == k).cast("int64")).sum()
    totals = execute(per.group_by(seg_cols).aggregate(**aggs) if seg_cols else per.aggregate(**aggs))

    def per_period(prefix, first=1):  # segments x periods -> one long column
        return totals[[f"{prefix}{j}" for j in range(first, first + n)]].to_numpy("int64").ravel()

    moves = pd.DataFrame({c: totals[c].repeat(n).to_numpy() for c in seg_cols})
    moves["k"] = np.tile(np.arange(1, n + 1), len(totals))
    moves["customers_start"], moves["customers_end"] = per_period("e", 0), per_period("e")
    moves["customers_new"], kept = per_period("new"), per_period("kept")
    moves["customers_lost"] = moves.customers_start - kept
    moves["customers_reactivated"] = moves.customers_end - kept - moves.customers_new
    return moves


def _buying(t, keys: list[str]) -> pd.DataFrame:
    per = t.group_by(["customer_id", *keys]).aggregate(n=t.count(), rev=t.revenue.sum())
    agg = per.group_by(keys).aggregate(
        buyers=per.count(), orders=per.n.sum(), revenue=per.rev.sum(),
        repeat_buyers=(per.n > 1).cast("int64").sum(), one_time_buyers=(per.n == 1).cast("int64").sum(),
    )
    return execute(agg)


def _upsell_cross_sell(t, lines, periods: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Upsell from the orders `t`; cross-sell from the categories of the order `lines`."""
    order_keys = ["order_date"] + (["order_id"] if "order_id" in t.columns else ["revenue"])
    w = ibis.cumulative_window(group_by="customer_id", order_by=order_keys)
    runs = t.mutate(n_before=t.count().over(w) - 1, sum_before=t.revenue.sum().over(w) - t.revenue)
    repeat = runs.filter(runs.n_before > 0)
    upsell = repeat.group_by(keys).aggregate(
        repeat_orders=repeat.count(),
        upsell_orders=(repeat.revenue > repeat.sum_before / repeat.n_before).cast("int64").sum())
    firsts = lines.group_by(["customer_id", "category"]).aggregate(first=lines.order_date.min())
    ranked = firsts.mutate(rn=ibis.row_number().over(ibis.window(group_by="customer_id", order_by=["first", "category"])))
    second = ranked.filter(ranked.rn == 1).select("customer_id", cross_date=ranked.first)
    stops = ibis.memtable(periods[["k", "stop"]].assign(stop=periods.stop.dt.date)).mutate(stop=ibis._.stop.cast("date"))
    buyers = t.select("customer_id", *keys).distinct()
    b = buyers.join(stops, "k").left_join(second, "customer_id")
    cross = b.group_by(keys).aggregate(
        cross_buyers=(b.cross_date.notnull() & (b.cross_date <= b.stop)).cast("int64").sum())
    return execute(upsell).merge(execute(cross), on=keys, how="outer")


def _survey_counts(surveys, seg, period, k0, end, keys) -> pd.DataFrame:
    s = as_loaded(surveys, "surveys", observation_end=end.date()).table
    s = s.filter(s.response_date <= end.date())
    s = s.mutate(k=period_number(s.response_date, period) - k0 + 1)
    if seg is not None:
        s = s.left_join(seg, "customer_id").select(s, segment=ibis.coalesce(seg.segment.cast("string"), "(unknown)"))
    aggs = {}
    if "nps" in s.columns:
        aggs.update(nps_answers=s.nps.count(), promoters=(s.nps >= 9).cast("int64").sum(),
                    detractors=(s.nps <= 6).cast("int64").sum())
    if "csat" in s.columns:
        aggs.update(csat_answers=s.csat.count(), satisfied=(s.csat >= 4).cast("int64").sum())
    items = [c for c in s.columns if c.startswith("cli_")]
    if items:
        answered = sum((s[c].notnull().cast("int64") for c in items), ibis.literal(0))
        total = sum((s[c].fill_null(0) for c in items), ibis.literal(0.0))
        s = s.mutate(cli=ibis.ifelse(answered > 0, (total / answered - 1) / 5 * 100, ibis.null("float64")))
        aggs.update(loyalty_index_answers=s.cli.count(), loyalty_index=s.cli.mean(), cli_sd=s.cli.std())
    if not aggs:
        return pd.DataFrame(columns=keys)
    return execute(s.group_by(keys).aggregate(**aggs))


def _spend(spend, period, k0, end) -> pd.DataFrame:
    s = as_loaded(spend, "spend", observation_end=end.date()).table
    s = s.mutate(k=period_number(s.period, period) - k0 + 1)
    return execute(s.group_by("k").aggregate(retention_spend=s.retention_spend.sum()))


def _rates(r: pd.DataFrame) -> pd.DataFrame:
    """Apply the scalar formulas to the counts (a small table: one row per period and segment)."""
    r = r.copy()
    r["retention_rate"] = [retention_rate(s, n, e) for s, n, e in zip(r.customers_start, r.customers_new, r.customers_end)]
    r["churn_rate"] = [churn_rate(s, lost) for s, lost in zip(r.customers_start, r.customers_lost)]
    r["repeat_purchase_rate"] = [repeat_purchase_rate(rep, b) for rep, b in zip(r.repeat_buyers, r.buyers)]
    r["repeat_customer_ratio"] = [repeat_customer_ratio(rep, one) for rep, one in zip(r.repeat_buyers, r.one_time_buyers)]
    r["orders_per_customer"] = r.orders / r.buyers.where(r.buyers > 0)
    r["average_order_value"] = r.revenue / r.orders.where(r.orders > 0)
    if "repeat_orders" in r:
        r["upsell_ratio"] = r.upsell_orders / r.repeat_orders.where(r.repeat_orders > 0) * 100
        r["cross_sell_ratio"] = r.cross_buyers / r.buyers.where(r.buyers > 0) * 100
        r = r.drop(columns=["repeat_orders", "upsell_orders", "cross_buyers"])
    r = _rates_of_surveys(r)
    for column in _COUNT_COLUMNS:
        if column in r and column != "revenue":
            r[column] = r[column].astype("int64")
    return r


def _rates_of_surveys(r: pd.DataFrame) -> pd.DataFrame:
    """NPS, CSAT and the loyalty index with their intervals, and the retention cost, from their counts."""
    if "nps_answers" in r:
        r["nps_answers"] = r.nps_answers.fillna(0).astype("int64")
        r["nps"] = (r.promoters - r.detractors) / r.nps_answers.where(r.nps_answers > 0) * 100
        bounds = [nps_interval(p, d, n) for p, d, n in zip(r.promoters.fillna(0), r.detractors.fillna(0), r.nps_answers)]
        r["nps_low"], r["nps_high"] = zip(*bounds) if bounds else ([], [])
        r = r.drop(columns=["promoters", "detractors"])
    if "csat_answers" in r:
        r["csat_answers"] = r.csat_answers.fillna(0).astype("int64")
        r["csat"] = r.satisfied / r.csat_answers.where(r.csat_answers > 0) * 100
        bounds = [share_interval(s, n) for s, n in zip(r.satisfied.fillna(0), r.csat_answers)]
        r["csat_low"], r["csat_high"] = zip(*bounds) if bounds else ([], [])
        r = r.drop(columns=["satisfied"])
    if "loyalty_index" in r:
        r["loyalty_index_answers"] = r.loyalty_index_answers.fillna(0).astype("int64")
        half = Z95 * r.cli_sd / np.sqrt(r.loyalty_index_answers.where(r.loyalty_index_answers > 1))
        r["loyalty_index_low"], r["loyalty_index_high"] = r.loyalty_index - half, r.loyalty_index + half
        r = r.drop(columns=["cli_sd"])
    if "retention_spend" in r:
        r["retention_cost"] = [retention_cost(s, e) for s, e in zip(r.retention_spend, r.customers_end)]
    return r


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
