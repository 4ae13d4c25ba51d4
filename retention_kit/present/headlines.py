"""Headline KPIs that notebooks hand to the report index (the tiles on its first page).

A report run sets the environment variable ``RETENTION_KIT_HEADLINES`` to a file;
:func:`record` appends one JSON line per headline to it. Outside a report run
(an analyst in JupyterLab) recording does nothing.

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "headlines.jsonl")
>>> os.environ[ENV] = path
>>> record("retention_rate", 96.1, previous=95.0, target=95.0, unit="%", section="01_retention.html#Headline-KPIs")
>>> [h["name"] for h in read(path)]
['retention_rate']
>>> del os.environ[ENV]
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

ENV = "RETENTION_KIT_HEADLINES"

#: KPIs where a lower value is better (the tile colours a fall green).
LOWER_IS_BETTER = {"churn_rate", "retention_cost", "revenue_churn_rate"}


def record(name: str, value: float, *, previous: float | None = None, target: float | None = None,
           unit: str = "", section: str | None = None, low: float | None = None, high: float | None = None,
           reliable: bool = True, period: str | None = None, previous_period: str | None = None,
           reactivated: float | None = None) -> None:
    """Record one headline for the report index (no-op outside a report run).

    `unit` is "%", "money" (shown in the report's currency) or "" (a plain number);
    ``reliable=False`` marks a value from a model the data do not pin down; `period` and
    `previous_period` name the periods compared (``"2025-12"``); `reactivated` is the share of the
    base that came back (what separates retention from 100 - churn).
    """
    path = os.environ.get(ENV)
    if not path:
        return None
    row = {"name": name, "value": _num(value), "previous": _num(previous), "target": _num(target), "unit": unit,
           "section": section, "low": _num(low), "high": _num(high), "lower_is_better": name in LOWER_IS_BETTER,
           "reliable": bool(reliable), "period": period, "previous_period": previous_period,
           "reactivated": _num(reactivated)}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return None


def record_kpi_summary(summary, section: str, names=("retention_rate", "churn_rate", "repeat_purchase_rate", "nps")) -> None:
    """Record the KPIs of a :func:`retention_kit.kpi_summary` table (English labels)."""
    units = {"retention_rate": "%", "churn_rate": "%", "repeat_purchase_rate": "%", "nps": "",
             "revenue_churn_rate": "%", "net_mrr_retention": "%", "gross_mrr_retention": "%", "quick_ratio": "",
             "mrr_end": "money", "arpa": "money"}
    periods = {k: None if summary.attrs.get(k) is None else f"{summary.attrs[k]:%Y-%m}"
               for k in ("period", "previous_period")}
    value = lambda name: summary.loc[name, "value"] if name in summary.index else math.nan
    # retention counts customers who came back as kept, churn does not: retention + churn - 100
    reactivated = value("retention_rate") + value("churn_rate") - 100
    for name in names:
        if name in summary.index and not math.isnan(summary.loc[name, "value"]):
            row = summary.loc[name]
            record(name, row["value"], previous=row["previous"], target=row.get("target"), unit=units.get(name, ""),
                   section=section, **periods,
                   reactivated=reactivated if name == "retention_rate" and not math.isnan(reactivated) else None)


def read(*paths: str | Path) -> list[dict]:
    """The headlines recorded in `paths` (read in that order; a missing file has none), the last
    record of each name winning, in recording order."""
    rows = {}
    for path in map(Path, paths):
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        for line in lines:
            if line.strip():
                row = json.loads(line)
                rows[row["name"]] = row
    return list(rows.values())


def _num(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value
