"""Exercises of the course notebook on logo versus revenue churn, MRR movements by hand, and why a
constant churn rate understates how long a base stays (heterogeneity, the sBG): their answers,
computed from the demo data where they depend on it. The lesson texts (``subscriptions.<section>``)
and the exercises' words are in the catalogue, present/locales/<lang>.toml.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd


#: The small log of the lesson's MRR movements (the same as the unit test's hand-worked log).
EXAMPLE_LOG = pd.DataFrame([
    ("A", "2024-01-05", "2024-02-15", 10.0, "month"), ("A", "2024-02-15", None, 25.0, "month"),
    ("B", "2024-01-10", None, 240.0, "year"),
    ("C", "2024-01-20", "2024-03-01", 30.0, "month"), ("C", "2024-03-02", None, 12.0, "month"),
    ("D", "2024-01-02", "2024-03-10", 15.0, "month"),
    ("E", "2024-01-03", "2024-02-05", 40.0, "month"), ("E", "2024-03-20", None, 35.0, "month"),
    ("F", "2024-03-05", None, 50.0, "month"),
], columns=["customer_id", "start_date", "end_date", "amount", "billing_period"])


def example_log() -> pd.DataFrame:
    """The lesson's small subscription log (observation end 2024-03-31)."""
    return EXAMPLE_LOG.copy()


@lru_cache(maxsize=1)
def demo_data():
    """The subscription demo the lesson's data exercise is computed from (loaded once per process)."""
    from ...data import load_dataset

    return load_dataset(subscriptions="demo", observation_end="2025-12-31")


@lru_cache(maxsize=1)
def _demo_kpis():
    from ...subscriptions import subscription_kpis

    return subscription_kpis(demo_data().subscriptions)


#: Each exercise's answer (and tolerance); its question, hint and explanation are in the catalogue
#: (present/locales, under exercises.<name>).
EXERCISES: dict[str, dict] = {
    "revenue_churn_worked": dict(answer=lambda: 15.0),
    "nrr_worked": dict(answer=lambda: 98.0),
    "quick_ratio_worked": dict(answer=lambda: round((50 + 0 + 35) / (18 + 15), 2), tolerance=0.01),
    "heterogeneity_worked": dict(answer=lambda: round((81 * 0.9 + 25 * 0.5) / (81 + 25) * 100, 1), tolerance=0.1),
    "demo_revenue_churn_nov_2025": dict(answer=lambda: round(float(_demo_kpis().set_index("period").loc["2025-11-01", "revenue_churn_rate"]), 1)),
}
