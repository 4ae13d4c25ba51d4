"""The periods of a KPI table and what is counted per period besides orders: survey answers (NPS,
CSAT, loyalty index, with intervals) and retention spend; shared by the order KPIs
(:func:`retention_kit.kpi_table`) and the contract KPIs of subscriptions."""

from __future__ import annotations

import ibis
import numpy as np
import pandas as pd

from .data import as_loaded
from .engine import execute, period_number, period_starts
from .formulas import nps_interval, retention_cost, share_interval
from .intervals import Z95


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


def _rates_of_surveys(r: pd.DataFrame) -> pd.DataFrame:
    """NPS, CSAT and the loyalty index with their intervals, and the retention cost, from their counts."""
    if "nps_answers" in r:
        r["nps_answers"] = r.nps_answers.fillna(0).astype("int64")
        r["nps"] = (r.promoters - r.detractors) / r.nps_answers.where(r.nps_answers > 0) * 100
        bounds = [nps_interval(p, d, n) for p, d, n in zip(r.promoters.fillna(0), r.detractors.fillna(0), r.nps_answers)]
        r["nps_ci_low"], r["nps_ci_high"] = zip(*bounds) if bounds else ([], [])
        r = r.drop(columns=["promoters", "detractors"])
    if "csat_answers" in r:
        r["csat_answers"] = r.csat_answers.fillna(0).astype("int64")
        r["csat"] = r.satisfied / r.csat_answers.where(r.csat_answers > 0) * 100
        bounds = [share_interval(s, n) for s, n in zip(r.satisfied.fillna(0), r.csat_answers)]
        r["csat_ci_low"], r["csat_ci_high"] = zip(*bounds) if bounds else ([], [])
        r = r.drop(columns=["satisfied"])
    if "loyalty_index" in r:
        r["loyalty_index_answers"] = r.loyalty_index_answers.fillna(0).astype("int64")
        half = Z95 * r.cli_sd / np.sqrt(r.loyalty_index_answers.where(r.loyalty_index_answers > 1))
        r["loyalty_index_ci_low"], r["loyalty_index_ci_high"] = r.loyalty_index - half, r.loyalty_index + half
        r = r.drop(columns=["cli_sd"])
    if "retention_spend" in r:
        r["retention_cost"] = [retention_cost(s, e) for s, e in zip(r.retention_spend, r.customers_end)]
    return r
