"""The engine's period numbering: the query expression and the plain-Python version agree."""

import ibis
import pandas as pd
import pytest

from retention_kit.engine import execute, period_first_day, period_index, period_number


@pytest.mark.parametrize("period", ["D", "W", "M", "Q", "Y"])
def test_period_index_matches_the_engine_and_inverts_first_day(period):
    days = pd.to_datetime(["1969-12-29", "2023-01-01", "2024-02-29", "2024-12-31", "2025-06-15"])
    table = ibis.memtable(pd.DataFrame({"d": days})).mutate(d=ibis._.d.date())
    engine = execute(table.select(n=period_number(table.d, period)))["n"].tolist()
    assert [period_index(d, period) for d in days] == engine
    for d in days:
        first = period_first_day(period_index(d, period), period)
        assert first <= d and period_index(first, period) == period_index(d, period)
