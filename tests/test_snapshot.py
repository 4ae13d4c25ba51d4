"""A report validates once: a snapshot of the validated tables reads back as the same dataset."""

import pandas as pd
import pytest

import retention_kit as rk
from retention_kit.demo_lines import LINE_COLUMNS
from retention_kit.data.snapshot import save_snapshot


@pytest.fixture(scope="module")
def line_export(tmp_path_factory):
    """The demo's line-level export (returns, guest checkouts) with customers and campaigns."""
    demo = rk.make_demo_data(seed=5, n_customers=1_500, lines=True, campaigns=True)
    data = rk.load_dataset(demo.lines, demo.customers, demo.surveys, demo.spend, campaigns=demo.campaigns,
                           columns=LINE_COLUMNS)
    folder = save_snapshot(data, tmp_path_factory.mktemp("snapshot"))
    return demo, data, rk.load_dataset(str(folder)), folder


def test_a_snapshot_gives_the_same_numbers_as_its_sources(line_export):
    _, data, again, _ = line_export
    assert data.orders.line_table is not None and again.orders.line_table is not None  # lines kept beside orders
    for name in ("orders", "customers", "surveys", "spend", "campaigns"):
        before, after = getattr(data, name), getattr(again, name)
        assert (after.rows_in, after.rows_used, after.observation_end) == (before.rows_in, before.rows_used,
                                                                            before.observation_end), name
    pd.testing.assert_frame_equal(again.ledger.to_frame(), data.ledger.to_frame())
    pd.testing.assert_frame_equal(again.summary(), data.summary())
    assert again.guest_share() == data.guest_share() > 0
    pd.testing.assert_frame_equal(rk.kpi_table(again.orders, customers=again.customers),
                                  rk.kpi_table(data.orders, customers=data.customers))
    pd.testing.assert_frame_equal(rk.cohort_table(again.orders, metric="revenue"),
                                  rk.cohort_table(data.orders, metric="revenue"))
    pd.testing.assert_frame_equal(rk.rfm_summary(again.orders), rk.rfm_summary(data.orders))


def test_a_snapshot_refuses_other_tables_and_another_period(line_export):
    demo, _, _, folder = line_export
    with pytest.raises(ValueError, match="holds its own customers"):
        rk.load_dataset(str(folder), demo.customers)
    with pytest.raises(ValueError, match="ends on 2025-12-31, not 2024-06-30"):
        rk.load_dataset(str(folder), observation_end="2024-06-30")


def test_a_segment_taken_from_the_orders_keeps_the_campaigns():
    demo = rk.make_demo_data(seed=5, n_customers=400, campaigns=True)
    orders = demo.orders.merge(demo.customers[["customer_id", "channel"]], on="customer_id")
    data = rk.load_dataset(orders, campaigns=demo.campaigns).with_segment("channel")
    assert data.campaigns is not None and data.customers is not None
