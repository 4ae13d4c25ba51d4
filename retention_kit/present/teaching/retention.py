"""Exercises of the course notebook on retention rate, churn rate, NPS and cohorts: their answers,
computed from the demo data where they depend on it. The lesson texts (``retention.<section>``) and
the exercises' words are in the catalogue, present/locales/<lang>.toml.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _demo_kpis():
    from ...kpi import kpi_table
    from . import demo_data

    data = demo_data()
    return kpi_table(data.orders, period="M", surveys=data.surveys, active_window_days=365)  # "a year", as the text says


def _demo_row(month: str, column: str) -> float:
    table = _demo_kpis()
    return float(table.loc[table.period == month, column].iloc[0])


#: Each exercise's answer (and tolerance); its question, hint and explanation are in the catalogue
#: (present/locales, under exercises.<name>).
EXERCISES: dict[str, dict] = {
    "crr_worked": dict(answer=lambda: 80.0),
    "churn_worked": dict(answer=lambda: 4.5),
    "nps_worked": dict(answer=lambda: 10.0),
    "demo_churn_nov_2025": dict(answer=lambda: round(_demo_row("2025-11-01", "churn_rate"), 1)),
}
