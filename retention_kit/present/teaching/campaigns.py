"""Exercises of the course notebook on did the retention campaign work, and whom should the next one
target?: their answers, computed from the demo data where they depend on it. The lesson texts
(``campaigns.<section>``) and the exercises' words are in the catalogue,
present/locales/<lang>.toml.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _demo_evaluation():
    """The demo shop's campaigns evaluated against their control groups."""
    from ...campaigns import campaign_outcomes, evaluate_campaigns
    from . import demo_data

    data = demo_data()
    return evaluate_campaigns(campaign_outcomes(data.orders, data.campaigns))


#: Each exercise's answer (and tolerance); its question, hint and explanation are in the catalogue
#: (present/locales, under exercises.<name>).
EXERCISES: dict[str, dict] = {
    "control_worked": dict(answer=lambda: 6.0, tolerance=0.05),
    "demo_campaign_effect": dict(answer=lambda: round(float(_demo_evaluation().loc[("Win-back 2025", "treatment"), "effect"]), 1), tolerance=0.05),
    "two_mails_worked": dict(answer=lambda: 1.1, tolerance=0.05),
    "uplift_worked": dict(answer=lambda: 15.0, tolerance=0.05),
}
