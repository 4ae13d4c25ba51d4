"""The KPI formulas of KPI_GLOSSARY.md, each exactly as the marketing texts give it, on numbers:
what :func:`retention_kit.kpi_table` and the contract KPIs apply per period, and the 95 % intervals
of shares and NPS.

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

import numpy as np
import pandas as pd

from .intervals import Z95


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
