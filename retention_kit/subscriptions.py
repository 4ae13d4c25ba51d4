"""Contracts: customers who stay until they cancel, their monthly recurring revenue (MRR) and how it moves.

A subscription log (:func:`retention_kit.data.load_subscriptions`) holds one row per contract or
plan of a customer. Rows of one customer are joined into **spells**: a row that starts within
`gap_days` after the previous one stops continues the spell (a plan change: expansion or
contraction of MRR); a row that starts later begins a new spell (a reactivation). A contract
stops at its ``end_date`` (the first day without service, the default ``churn_at="end"``) or,
with ``churn_at="cancel"``, at its ``cancel_date`` when notice was given.

Counting follows the order KPIs (:func:`retention_kit.kpi.kpi_table`) where the meaning is the
same: per period, S is the customers with a running contract on the day before it starts and E
those on its last (observed) day; a customer's MRR is the sum of their running contracts' MRR on
that day. Between two such days every customer's MRR moves once:

* **new**: not active before, first contract ever started in the period;
* **reactivation**: not active on the day before, had a contract earlier;
* **expansion** / **contraction**: active on both days with more / less MRR;
* **churned**: active on the day before, not on the last day.

So ``mrr_end = mrr_start + new + expansion + reactivation - contraction - churned`` and
``E = S - lost + N + reactivated``, exactly.

Examples
--------
>>> import pandas as pd
>>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "start_date": ["2024-01-10", "2024-02-15", "2024-01-20"],
...                     "end_date": ["2024-02-15", None, "2024-02-10"], "mrr": [10.0, 25.0, 30.0]})
>>> k = subscription_kpis(log)
>>> k[["customers_start", "customers_lost", "customers_end", "mrr_start", "mrr_expansion", "mrr_churned", "mrr_end"]].values.tolist()
[[0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 40.0], [2.0, 1.0, 1.0, 40.0, 15.0, 30.0, 25.0]]
"""

from __future__ import annotations

import datetime as _dt

import ibis
import numpy as np
import pandas as pd

from .data import ValidatedTable, as_loaded, takes_dataset
from .segments import customer_segment
from .engine import MONTH_DAYS, execute, materialise, period_first_day, period_index, period_number
from .formulas import churn_rate, retention_rate
from .periods import _periods, _rates_of_surveys, _spend, _survey_counts

#: A row starting within this many days after the previous one of its customer stops continues it
#: (a plan change); later, it is a reactivation. One day covers exports whose end date is the
#: last day of service as well as those whose end date is the first day without.
GAP_DAYS = 1

#: When a cancelled contract counts as lost: at its end (service stops) or when notice is given.
CHURN_AT = ("end", "cancel")

_FAR = _dt.date(9999, 12, 31)


def is_subscriptions(source) -> bool:
    """Whether `source` is a subscription log: a loaded subscriptions table, or a frame with a
    ``start_date`` and no ``order_date``."""
    if isinstance(source, ValidatedTable):
        return source.name == "subscriptions"
    columns = getattr(source, "columns", ())
    return "start_date" in columns and "order_date" not in columns


def spells(subscriptions, *, churn_at: str = "end", gap_days: int = GAP_DAYS, observation_end=None):
    """The contract rows up to the observation end with their ``stop`` (NULL while running at the
    end), joined over gaps of at most `gap_days`; returns (Ibis table, observation end).

    Columns: customer_id, start_date, stop, mrr (0 when the log has none), every other column.
    """
    if churn_at not in CHURN_AT:
        raise ValueError(f"churn_at must be one of {', '.join(map(repr, CHURN_AT))}, not {churn_at!r}")
    s = as_loaded(subscriptions, "subscriptions")
    end = pd.Timestamp(observation_end or s.observation_end).date()
    t = s.table.filter(s.table.start_date <= end)
    stop = t.end_date if "end_date" in t.columns else ibis.null("date")
    if churn_at == "cancel" and "cancel_date" in t.columns:
        stop = ibis.least(t.cancel_date.fill_null(_FAR), stop.fill_null(_FAR)).nullif(_FAR)
    stop = ibis.ifelse(stop > end, ibis.null("date"), stop)  # stops after the end are not known yet
    t = t.mutate(stop=stop, mrr=t.mrr.fill_null(0.0) if "mrr" in t.columns else ibis.literal(0.0))
    w = ibis.window(group_by="customer_id", order_by=["start_date", t.stop.fill_null(_FAR)])
    following = t.start_date.lead().over(w)
    bridged = (t.stop.notnull() & following.notnull() & (following > t.stop)
               & (following.delta(t.stop, unit="day") <= gap_days))
    t = t.mutate(stop=ibis.ifelse(bridged, following, t.stop))
    return t, end


def customer_periods(subscriptions, *, period: str = "M", churn_at: str = "end", gap_days: int = GAP_DAYS,
                     observation_end=None):
    """Per customer and period number ``k`` with a running contract on the period's last (observed)
    day: the customer's MRR on that day. Returns (Ibis table, the :func:`spells` they come from
    (computed once), periods frame of :func:`kpi_table`'s shape, first period number, observation end)."""
    t, end = spells(subscriptions, churn_at=churn_at, gap_days=gap_days, observation_end=observation_end)
    t = materialise(t)  # read three times: its first start, the periods it runs in, each customer's first row
    rows = t
    first = execute(t.start_date.min())
    periods = _periods(pd.Timestamp(first), pd.Timestamp(end), period)
    k0 = period_index(periods.start.iloc[0], period)
    last_k = len(periods)
    # running on the last day of period k  <=>  period(start) <= k < period(stop)
    t = t.mutate(k_lo=period_number(t.start_date, period) - k0 + 1,
                 k_hi=ibis.ifelse(t.stop.isnull(), last_k, period_number(t.stop, period) - k0))
    t = t.filter(t.k_hi >= t.k_lo)
    ks = ibis.memtable({"k": np.arange(1, last_k + 1, dtype="int64")})
    running = t.join(ks, (ks.k >= t.k_lo) & (ks.k <= t.k_hi))
    per = running.group_by(["customer_id", "k"]).aggregate(mrr=running.mrr.sum())
    return per, rows, periods, k0, end


@takes_dataset("customers", "surveys", "spend")
def subscription_kpis(subscriptions, *, period: str = "M", by: str | None = None, customers=None, surveys=None,
                      spend=None, churn_at: str = "end", gap_days: int = GAP_DAYS,
                      observation_end=None) -> pd.DataFrame:
    """One row per period (and segment) with the base movements, MRR movements and contract KPIs.

    Columns (see the module text for the movements):

    * ``customers_start`` S, ``customers_new`` N, ``customers_reactivated``, ``customers_lost``,
      ``customers_end`` E; ``retention_rate`` = ((E - N) / S) * 100 and ``churn_rate`` (logo churn)
      = lost / S * 100, as on orders;
    * ``mrr_start``, ``mrr_new``, ``mrr_expansion``, ``mrr_reactivation``, ``mrr_contraction``,
      ``mrr_churned``, ``mrr_end``; ``customers_expanded`` and ``customers_contracted``;
    * ``revenue_churn_rate`` = (churned + contraction) / mrr_start * 100;
    * ``net_mrr_retention`` = (mrr_start + expansion - contraction - churned) / mrr_start * 100,
      ``gross_mrr_retention`` the same without expansion (reactivations count in neither);
    * ``quick_ratio`` = (new + expansion + reactivation) / (contraction + churned);
    * ``arpa`` = mrr_end / E;
    * with `surveys` and `spend`, the same columns as :func:`retention_kit.kpi.kpi_table`
      (``retention_cost`` = spend / E).

    ``complete`` is False for the period holding an observation end before its last day;
    ``base_complete`` is False for the first period (nobody can be lost before a contract starts).

    Parameters
    ----------
    subscriptions, customers, surveys, spend : sources (DataFrame, path, Ibis table or loaded table)
    period : "W", "M", "Q" or "Y"
    by : a column of `customers` or of the subscriptions (a customer's first contract counts)
    churn_at : "end" (a cancelled contract is lost when its service ends) or "cancel" (when notice is given)
    gap_days : a contract starting within this many days after the previous one continues it
    observation_end : last day used; default the log's observation end

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "b", "c"], "start_date": ["2024-01-05", "2024-01-20", "2024-02-03"],
    ...                     "end_date": [None, "2024-02-10", None], "mrr": [10.0, 20.0, 30.0]})
    >>> subscription_kpis(log)[["customers_start", "customers_new", "customers_end", "retention_rate", "churn_rate"]]
       customers_start  customers_new  customers_end  retention_rate  churn_rate
    0                0              2              2             NaN         NaN
    1                2              1              2            50.0        50.0
    """
    s = as_loaded(subscriptions, "subscriptions")
    per, t, periods, k0, end = customer_periods(s, period=period, churn_at=churn_at, gap_days=gap_days,
                                                observation_end=observation_end)
    firsts = t.group_by("customer_id").aggregate(first_k=period_number(t.start_date.min(), period) - k0 + 1)
    per = per.join(firsts, "customer_id")
    seg = customer_segment(s, by, customers)
    if seg is not None:
        per = per.left_join(seg, "customer_id").select(
            per, segment=ibis.coalesce(seg.segment.cast("string"), "(unknown)"))
    movements = _movements(materialise(per), len(periods), seg is not None)
    keys = ["k", "segment"] if seg is not None else ["k"]
    result = periods.assign(base_complete=periods.k > 1).merge(movements, on="k", how="left")
    if surveys is not None:
        result = result.merge(_survey_counts(surveys, seg, period, k0, pd.Timestamp(end), keys), on=keys, how="left")
    if spend is not None and seg is None:
        result = result.merge(_spend(spend, period, k0, pd.Timestamp(end)), on="k", how="left")
    result = _contract_rates(result.sort_values(keys))
    result = result.rename(columns={"start": "period"})
    result = result[[c for c in CONTRACT_KPI_COLUMNS if c in result.columns]]
    if seg is not None:
        result = result.rename(columns={"segment": by})
    return result.reset_index(drop=True)


def _movements(per, last_k: int, segmented: bool) -> pd.DataFrame:
    """Counts and MRR of every movement per period (and segment), from each customer's MRR on the
    last day of consecutive periods (`per`: customer_id, k, mrr, first_k and segment)."""
    keys = ["k", "segment"] if segmented else ["k"]
    carried = ["first_k", *keys[1:]]
    prev = per.select("customer_id", *carried, k=per.k + 1, mrr_prev=per.mrr)
    prev = prev.filter(prev.k <= last_k)
    j = per.outer_join(prev, ["customer_id", "k"])
    j = j.select(k=ibis.coalesce(j.k, j.k_right), mrr=j.mrr, mrr_prev=j.mrr_prev,
                 **{c: ibis.coalesce(j[c], j[f"{c}_right"]) for c in carried})
    now, before = j.mrr.notnull(), j.mrr_prev.notnull()
    started = now & ~before
    new = started & (j.first_k == j.k)
    back = started & (j.first_k < j.k)
    up = now & before & (j.mrr > j.mrr_prev)
    down = now & before & (j.mrr < j.mrr_prev)
    lost = before & ~now
    n = lambda cond: cond.cast("int64").sum()
    total = lambda cond, value: value.sum(where=cond).fill_null(0.0)
    aggs = j.group_by(keys).aggregate(
        customers_start=n(before), customers_new=n(new), customers_reactivated=n(back), customers_lost=n(lost),
        customers_end=n(now), customers_expanded=n(up), customers_contracted=n(down),
        mrr_start=total(before, j.mrr_prev), mrr_new=total(new, j.mrr), mrr_reactivation=total(back, j.mrr),
        mrr_expansion=total(up, j.mrr - j.mrr_prev), mrr_contraction=total(down, j.mrr_prev - j.mrr),
        mrr_churned=total(lost, j.mrr_prev), mrr_end=total(now, j.mrr))
    return execute(aggs)


#: The columns of :func:`subscription_kpis`, in order (those without their input are left out).
CONTRACT_KPI_COLUMNS = [
    "period", "segment", "complete", "base_complete",
    "customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
    "retention_rate", "churn_rate", "customers_expanded", "customers_contracted",
    "mrr_start", "mrr_new", "mrr_expansion", "mrr_reactivation", "mrr_contraction", "mrr_churned", "mrr_end",
    "revenue_churn_rate", "net_mrr_retention", "gross_mrr_retention", "quick_ratio", "arpa",
    "nps", "nps_ci_low", "nps_ci_high", "nps_answers",
    "csat", "csat_ci_low", "csat_ci_high", "csat_answers",
    "loyalty_index", "loyalty_index_ci_low", "loyalty_index_ci_high", "loyalty_index_answers",
    "retention_spend", "retention_cost",
]

#: The contract KPIs of a period's headline summary (:func:`retention_kit.kpi.kpi_summary`).
CONTRACT_HEADLINES = ("retention_rate", "churn_rate", "revenue_churn_rate", "net_mrr_retention", "gross_mrr_retention",
                      "quick_ratio", "mrr_end", "arpa", "nps", "csat", "retention_cost")

#: The MRR movements of a period, in the order a waterfall draws them.
MRR_MOVEMENTS = ("mrr_start", "mrr_new", "mrr_expansion", "mrr_reactivation", "mrr_contraction", "mrr_churned",
                 "mrr_end")

_COUNTS = ("customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end",
           "customers_expanded", "customers_contracted")


def _contract_rates(r: pd.DataFrame) -> pd.DataFrame:
    """The contract formulas on the counts (one row per period and segment)."""
    r = r.fillna({c: 0 for c in (*_COUNTS, *MRR_MOVEMENTS)}).copy()
    for c in _COUNTS:
        r[c] = r[c].astype("int64")
    r["retention_rate"] = [retention_rate(s, n, e) for s, n, e in zip(r.customers_start, r.customers_new, r.customers_end)]
    r["churn_rate"] = [churn_rate(s, lost) for s, lost in zip(r.customers_start, r.customers_lost)]
    start = r.mrr_start.where(r.mrr_start > 0)
    r["revenue_churn_rate"] = (r.mrr_churned + r.mrr_contraction) / start * 100
    r["net_mrr_retention"] = (r.mrr_start + r.mrr_expansion - r.mrr_contraction - r.mrr_churned) / start * 100
    r["gross_mrr_retention"] = (r.mrr_start - r.mrr_contraction - r.mrr_churned) / start * 100
    lost = r.mrr_contraction + r.mrr_churned
    r["quick_ratio"] = (r.mrr_new + r.mrr_expansion + r.mrr_reactivation) / lost.where(lost > 0)
    r["arpa"] = r.mrr_end / r.customers_end.where(r.customers_end > 0)
    return _rates_of_surveys(r)


def mrr_movements(subscriptions, *, period: str = "M", churn_at: str = "end", gap_days: int = GAP_DAYS,
                  observation_end=None) -> pd.DataFrame:
    """The MRR waterfall per period: ``mrr_start + new + expansion + reactivation - contraction -
    churned = mrr_end`` (see :func:`subscription_kpis`), with ``complete``.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a"], "start_date": ["2024-01-01", "2024-02-01"],
    ...                     "end_date": ["2024-02-01", None], "mrr": [10.0, 8.0]})
    >>> mrr_movements(log).iloc[-1][["mrr_start", "mrr_contraction", "mrr_end"]].astype(float).tolist()
    [10.0, 2.0, 8.0]
    """
    kpis = subscription_kpis(subscriptions, period=period, churn_at=churn_at, gap_days=gap_days,
                             observation_end=observation_end)
    return kpis[["period", "complete", *MRR_MOVEMENTS]]


# ----------------------------------------------------------------------------- cohorts

COHORT_METRICS = ("customers", "retention", "mrr", "mrr_retention")


def subscription_cohorts(subscriptions, *, period: str = "M", metric: str = "retention", churn_at: str = "end",
                         gap_days: int = GAP_DAYS, observation_end=None) -> pd.DataFrame:
    """A cohort matrix by start period (a customer's first contract) and periods since.

    * ``customers``: customers of the cohort with a running contract on the last day of that period;
    * ``retention``: those as a percentage of the customers who started in the cohort's period;
    * ``mrr``: their MRR on that day;
    * ``mrr_retention``: that MRR as a percentage of the MRR the cohort started with (each customer's
      first contract): net MRR retention by age, above 100 when upgrades outweigh losses.

    Cells beyond the observation end are NaN, as in :func:`retention_kit.cohorts.cohort_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "b", "c"], "start_date": ["2024-01-05", "2024-01-20", "2024-02-03"],
    ...                     "end_date": [None, "2024-02-10", None], "mrr": [10.0, 20.0, 30.0]})
    >>> subscription_cohorts(log, metric="retention").values.tolist()
    [[100.0, 50.0], [100.0, nan]]
    """
    from .cohorts import _completeness, _observable

    if metric not in COHORT_METRICS:
        raise ValueError(f"metric must be one of {', '.join(COHORT_METRICS)}, not {metric!r}")
    s = as_loaded(subscriptions, "subscriptions")
    per, t, periods, k0, end = customer_periods(s, period=period, churn_at=churn_at, gap_days=gap_days,
                                                observation_end=observation_end)
    w = ibis.window(group_by="customer_id", order_by=["start_date", t.stop.fill_null(_FAR)])
    first = t.mutate(_rn=ibis.row_number().over(w)).filter(lambda x: x._rn == 0)
    first = first.select("customer_id", cohort=period_number(first.start_date, period) - k0 + 1, mrr0=first.mrr)
    sizes = execute(first.group_by("cohort").aggregate(size=first.count(), mrr0=first.mrr0.sum())).set_index("cohort")
    cells = per.join(first, "customer_id")
    cells = cells.mutate(age=cells.k - cells.cohort)
    cells = cells.group_by(["cohort", "age"]).aggregate(customers=cells.count(), mrr=cells.mrr.sum())
    cells = execute(cells)
    column = "mrr" if metric.startswith("mrr") else "customers"
    value = cells.pivot_table(index="cohort", columns="age", values=column, aggfunc="sum", fill_value=0)
    value = value.reindex(sizes.index, fill_value=0).astype("float64")
    value.index = value.index + k0 - 1  # absolute period numbers, as _observable expects
    table = _observable(value, period_index(end, period))
    if metric == "retention":
        table = table.div(sizes["size"].to_numpy(), axis=0) * 100
    elif metric == "mrr_retention":
        table = table.div(sizes["mrr0"].where(sizes["mrr0"] > 0).to_numpy(), axis=0) * 100
    table.index = pd.DatetimeIndex([period_first_day(int(c), period) for c in table.index], name="cohort")
    table.columns.name = "period"
    table.attrs = dict(metric=metric, mode="on", period=period, basis="subscriptions",
                       **_completeness(pd.Timestamp(end), period))
    return table


# ----------------------------------------------------------------------------- survival


@takes_dataset("customers")
def subscription_lifetimes(subscriptions, *, customers=None, churn_at: str = "end", gap_days: int = GAP_DAYS,
                           observation_end=None) -> pd.DataFrame:
    """One row per customer, their first spell: ``duration`` in days from the first start to its stop
    (churned, ``event`` True) or to the observation end (still running, censored), ``tenure_months``
    (duration / 30.4375), the first contract's ``plan``, ``first_mrr`` and every other column of the
    first contract and of `customers`, and ``mrr``: the MRR running at the observation end (0 when
    none is).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "start_date": ["2024-01-01", "2024-03-01", "2024-02-01"],
    ...                     "end_date": ["2024-03-01", "2024-05-01", None], "plan": ["basic", "plus", "basic"]})
    >>> subscription_lifetimes(log, observation_end="2024-06-30")[["customer_id", "duration", "event", "plan"]].values.tolist()
    [['a', 121, True, 'basic'], ['b', 150, False, 'basic']]
    """
    s = as_loaded(subscriptions, "subscriptions")
    t, end = spells(s, churn_at=churn_at, gap_days=gap_days, observation_end=observation_end)
    # a spell ends where every row so far has stopped before the next row starts (or none follows)
    w = ibis.window(group_by="customer_id", order_by=["start_date", t.stop.fill_null(_FAR)])
    upto = ibis.window(group_by="customer_id", order_by=["start_date", t.stop.fill_null(_FAR)], preceding=None,
                       following=0)
    reach = t.stop.fill_null(_FAR).max().over(upto)
    following = t.start_date.lead().over(w)
    t = t.mutate(_rn=ibis.row_number().over(w), _reach=reach,
                 _ends=(reach < _FAR) & (following.isnull() | (following > reach)))
    stops = t.filter(t._ends).group_by("customer_id").aggregate(stop=t._reach.min())
    firsts = t.filter(t._rn == 0)
    skip = {"_rn", "_ends", "_reach", "stop", "start_date", "end_date", "cancel_date", "customer_id", "amount", "mrr",
            "subscription_id"}
    extra = [c for c in firsts.columns if c not in skip]
    f = firsts.left_join(stops, "customer_id").select(firsts.customer_id, firsts.start_date, stops.stop,
                                                      *[firsts[c] for c in extra])
    if "mrr" in s.table.columns:  # the first contract's MRR, and the MRR running at the observation end
        running = t.filter(t.stop.isnull()).group_by("customer_id").aggregate(mrr=t.mrr.sum())
        f = f.left_join(firsts.select("customer_id", first_mrr="mrr"), "customer_id").drop("customer_id_right")
        f = f.left_join(running, "customer_id").drop("customer_id_right")
        f = f.mutate(mrr=f.mrr.fill_null(0.0))
        extra += ["first_mrr", "mrr"]
    event = f.stop.notnull()
    end_lit = ibis.literal(end)
    frame = f.select("customer_id", *extra, event=event,
                     duration=ibis.ifelse(event, f.stop, end_lit).delta(f.start_date, unit="day"))
    from .lifetimes import lifetimes_frame

    c = as_loaded(customers, "customers", observation_end=end).table if customers is not None else None
    result = lifetimes_frame(frame, c)
    result["tenure_months"] = result["duration"] / MONTH_DAYS
    result = result[["customer_id", "duration", "event", "tenure_months",
                     *[c for c in result.columns if c not in ("customer_id", "duration", "event", "tenure_months")]]]
    result.attrs.update(basis="subscriptions", observation_end=end, churn_at=churn_at)
    return result



# ----------------------------------------------------------------------------- snapshot exports


def looks_like_snapshot(subscriptions) -> bool:
    """Whether every ended contract ended on one day, the last of the data: a snapshot export
    (:func:`subscriptions_from_snapshot`), whose customers who left earlier are not in it, so only
    the last period's churn is known.

    >>> import pandas as pd
    >>> looks_like_snapshot(pd.DataFrame({"customer_id": ["a", "b"], "start_date": ["2024-01-01", "2024-03-01"],
    ...                                   "end_date": ["2024-12-31", None]}))
    True
    """
    s = as_loaded(subscriptions, "subscriptions")
    if "end_date" not in s.columns:
        return False
    t = s.table
    row = execute(t.aggregate(days=t.end_date.nunique(), last=t.end_date.max()))
    return int(row["days"].iloc[0]) == 1 and pd.Timestamp(row["last"].iloc[0]).date() == s.observation_end

_YES = {"yes", "y", "ja", "j", "true", "1", "1.0", "churned", "churn", "opgezegd", "left", "vertrokken"}
_NO = {"no", "n", "nee", "false", "0", "0.0", "active", "actief", "stayed", "retained", "gebleven"}


def subscriptions_from_snapshot(frame: pd.DataFrame, *, tenure: str, churned: str, snapshot_date,
                                unit: str = "month", customer_id: str = "customer_id",
                                mrr: str | None = None) -> pd.DataFrame:
    """A subscription log from a snapshot export: one row per customer with a tenure and a churned flag.

    Assumed (and stated in ``result.attrs["assumptions"]``): a customer started `tenure` units
    (months, weeks, days or years) before `snapshot_date`; a churned customer's contract ended on the
    snapshot date (snapshot exports mark customers who left in the last period), the others run on.
    The flag may be a boolean, 1/0, yes/no or ja/nee. Every other column (contract type, payment
    method, a monthly charge given as `mrr`, a churn reason) is kept for segments and drivers.

    Examples
    --------
    >>> import pandas as pd
    >>> snap = pd.DataFrame({"customerID": ["7590-V", "5575-G"], "tenure": [1, 34], "Churn": ["No", "Yes"],
    ...                      "MonthlyCharges": [29.85, 56.95], "Contract": ["Month-to-month", "One year"]})
    >>> subs = subscriptions_from_snapshot(snap, tenure="tenure", churned="Churn", snapshot_date="2024-12-31",
    ...                                    customer_id="customerID", mrr="MonthlyCharges")
    >>> subs[["customer_id", "start_date", "end_date", "mrr"]].astype(str).values.tolist()
    [['7590-V', '2024-11-30', 'NaT', '29.85'], ['5575-G', '2022-02-28', '2024-12-31', '56.95']]
    """
    units = {"month": 1, "months": 1, "year": 12, "years": 12, "week": None, "weeks": None, "day": None, "days": None}
    if unit not in units:
        raise ValueError(f"unit must be month, year, week or day, not {unit!r}")
    for column in (tenure, churned, customer_id, *([mrr] if mrr else [])):
        if column not in frame.columns:
            raise KeyError(f"snapshot: no column '{column}'; its columns are {', '.join(map(repr, frame.columns))}")
    snap = pd.Timestamp(snapshot_date).normalize()
    length = pd.to_numeric(frame[tenure], errors="coerce")
    bad = length.isna() | (length < 0)
    if bad.any():
        examples = frame.loc[bad, tenure].head(5).tolist()
        raise ValueError(f"snapshot: column '{tenure}' has {int(bad.sum())} values that are not a tenure of 0 or "
                         f"more (e.g. {examples}); fix or remove these rows")
    flag = frame[churned].astype(str).str.strip().str.lower()
    unknown = ~flag.isin(_YES | _NO)
    if unknown.any():
        raise ValueError(f"snapshot: column '{churned}' has {int(unknown.sum())} values that are not a churned flag "
                         f"(e.g. {frame.loc[unknown, churned].head(5).tolist()}); use yes/no, true/false or 1/0")
    if units[unit] is not None:
        months = (length * units[unit]).round().astype("int64")
        total = snap.year * 12 + snap.month - 1 - months
        year, month = total // 12, total % 12 + 1
        first = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
        start = first + pd.to_timedelta(np.minimum(snap.day, first.dt.days_in_month) - 1, unit="D")
    else:
        start = snap - pd.to_timedelta(length * (7 if unit.startswith("week") else 1), unit="D")
    out = pd.DataFrame({"customer_id": frame[customer_id].to_numpy(), "start_date": start.dt.normalize().to_numpy(),
                        "end_date": pd.Series(snap, index=frame.index).where(flag.isin(_YES)).to_numpy()})
    if mrr:
        out["mrr"] = pd.to_numeric(frame[mrr], errors="coerce").to_numpy()
    rest = [c for c in frame.columns if c not in (tenure, churned, customer_id, mrr) and c not in out.columns]
    out = pd.concat([out, frame[rest].reset_index(drop=True)], axis=1)
    out.attrs["assumptions"] = {"start_date": f"snapshot_date - {tenure} {unit}s",
                                "end_date": "snapshot_date for churned customers, empty for the others",
                                "observation_end": str(snap.date())}
    return out
