"""Ids that differ only in letter case or inner spaces are named, counted and merged on request."""

import pandas as pd
import pytest
from click.testing import CliRunner

import retention_kit as rk
from retention_kit.cli import main
from retention_kit.data import NearDuplicateIdWarning

ORDERS = pd.DataFrame({"customer_id": ["C1", "c1", "C 1", "C2", "D3", "d3"],
                       "order_date": [f"2024-01-0{i}" for i in range(1, 7)], "revenue": 10.0})


def test_case_and_space_variants_are_warned_once_and_counted_in_the_ledger():
    with pytest.warns(NearDuplicateIdWarning, match=r"5 customer ids differ .* \(2 groups.*ids='casefold'"):
        orders = rk.load_orders(ORDERS)
    ledger = orders.ledger.to_frame().set_index("reason")
    assert ledger.loc["near_duplicate_ids", "rows"] == 5
    assert orders.rows_used == 6                                   # kept apart, nothing dropped


def test_casefold_merges_case_and_inner_spaces():
    orders = rk.load_orders(ORDERS, ids="casefold")
    assert sorted(orders.to_pandas().customer_id.unique()) == ["c1", "c2", "d3"]


def test_integer_ids_and_distinct_text_ids_give_no_warning(recwarn):
    rk.load_orders(pd.DataFrame({"customer_id": [1, 2], "order_date": ["2024-01-01"] * 2, "revenue": 1.0}))
    rk.load_orders(ORDERS.iloc[[0, 3, 4]])
    assert not [w for w in recwarn if issubclass(w.category, NearDuplicateIdWarning)]


def test_validate_prints_the_warning(tmp_path):
    path = tmp_path / "orders.csv"
    ORDERS.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["validate", "--orders", str(path)])
    assert result.exit_code == 0, result.output
    assert "warning: orders: 5 customer ids differ from another only in letter case or spaces" in result.output
