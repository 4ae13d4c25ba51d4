"""Exercises of the course notebook on why customers leave: their answers, computed from the demo data
where they depend on it. The lesson texts (``reasons.<section>``) and the exercises' words are in
the catalogue, present/locales/<lang>.toml.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _demo():
    """The demo shop's churned customers (with reasons and lost revenue) and the NPS link."""
    from ...reasons import churned_customers, pareto_table, satisfaction_link
    from . import demo_data

    data = demo_data()
    churned = churned_customers(data.customers, data.orders, observation_end=data.observation_end)
    return pareto_table(churned), satisfaction_link(data.customers, data.surveys)


#: Each exercise's answer (and tolerance); its question, hint and explanation are in the catalogue
#: (present/locales, under exercises.<name>).
EXERCISES: dict[str, dict] = {
    "reasons_share_worked": dict(answer=lambda: 44.0),
    "pareto_worked": dict(answer=lambda: 65.0),
    "demo_top_reason_share": dict(answer=lambda: round(float(_demo()[0]["share"].iloc[0]), 1)),
    "survival_worked": dict(answer=lambda: 1800.0, tolerance=0.5),
    "demo_detractor_churn": dict(answer=lambda: round(float(_demo()[1].loc["detractor", "churn_share"]), 1)),
}
