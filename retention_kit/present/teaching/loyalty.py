"""Exercises of the course notebook on did the loyalty programme work?: their answers, computed from
the demo data where they depend on it. The lesson texts (``loyalty.<section>``) and the exercises'
words are in the catalogue, present/locales/<lang>.toml.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _demo_naive():
    """The naive comparison of the demo shop's members and non-members."""
    from ...loyalty import loyalty_panel, naive_before_after
    from . import demo_data

    data = demo_data()
    return naive_before_after(loyalty_panel(data.orders, data.customers, observation_end=data.observation_end))


#: Each exercise's answer (and tolerance); its question, hint and explanation are in the catalogue
#: (present/locales, under exercises.<name>).
EXERCISES: dict[str, dict] = {
    "did_worked": dict(answer=lambda: 0.2, tolerance=0.005),
    "demo_naive_gap": dict(answer=lambda: round(float(_demo_naive().loc["orders", "members_vs_non_members"]), 2), tolerance=0.005),
    "immortal_worked": dict(answer=lambda: 4.0),
}
