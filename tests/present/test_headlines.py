"""The index tiles name the periods they compare and what separates retention from churn."""

import pandas as pd
import pytest

from retention_kit.present import headlines
from retention_kit.present.report import _tile


def test_a_retention_tile_names_its_periods_and_the_share_that_came_back(tmp_path, monkeypatch):
    path = tmp_path / "headlines.jsonl"
    monkeypatch.setenv(headlines.ENV, str(path))
    summary = pd.DataFrame({"value": [96.6, 8.1], "previous": [94.3, 9.7]}, index=["retention_rate", "churn_rate"])
    summary.attrs.update(period=pd.Timestamp("2025-12-01"), previous_period=pd.Timestamp("2025-11-01"))
    headlines.record_kpi_summary(summary, section="01_retention.html#Headline-KPIs")
    retention, churn = headlines.read(path)
    assert retention["reactivated"] == pytest.approx(96.6 + 8.1 - 100)       # 4.7 % came back: by hand
    assert churn["reactivated"] is None
    tile = _tile(retention, "en", "")
    assert tile["period"] == "2025-12" and tile["previous"]["text"] == "+2.3 pp vs 2025-11"
    assert tile["reactivated"].startswith("4.7% of the base came back")
    dutch = _tile(churn, "nl", ".nl")
    assert dutch["previous"]["text"] == "-1,6 pp t.o.v. 2025-11" and dutch["previous"]["class"] == "good"
