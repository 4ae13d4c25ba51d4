import pandas as pd
import pytest

import retention_kit as rk


def test_activity_by_period_counts_by_hand():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "a"],
        "order_date": ["2024-01-05", "2024-01-20", "2024-01-31", "2024-02-01", "2024-03-15"],
        "revenue": [10.0, 5.0, 20.0, 7.5, 1.0],
    })
    got = rk.activity_by_period(orders, period="M")
    assert got.period.dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    assert got.orders.tolist() == [3, 1, 1]
    assert got.customers.tolist() == [2, 1, 1]
    assert got.new_customers.tolist() == [2, 1, 0]
    assert got.revenue.tolist() == [35.0, 7.5, 1.0]


def test_activity_plot_uses_the_given_axes_and_dutch_labels():
    import matplotlib.pyplot as plt

    orders = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2024-01-05", "2024-02-05"], "revenue": [1.0, 2.0]})
    fig, ax = plt.subplots()
    out = rk.plots.activity_plot(rk.activity_by_period(orders), lang="nl", ax=ax)
    assert out is ax
    assert ax.get_ylabel() == "bestellingen" and ax.get_xlabel() == "periode"


@pytest.mark.parametrize("period", ["M", "W"])
def test_activity_from_bit_sets_equals_the_distinct_counts(demo, period, monkeypatch):
    """Customers per period from one bit set per customer (weekly: three words) equal the distinct
    counts per period."""
    from retention_kit import overview

    bits = rk.activity_by_period(demo.orders, period=period)
    monkeypatch.setattr(overview, "MAX_BIT_PERIODS", 0)
    pd.testing.assert_frame_equal(bits, rk.activity_by_period(demo.orders, period=period))
