"""Cohort tables: the Online-Retail tutorial's matrix cell for cell, on-or-after retention, revenue retention."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from retention_kit import cohorts
from retention_kit.data import load_orders
from retention_kit.cohorts import cohort_table, revenue_retention


def tutorial_cohort_counts(df: pd.DataFrame) -> pd.DataFrame:
    """The widely taught Online-Retail cohort code, verbatim in its logic (CohortIndex starts at 1)."""
    df = df.copy()

    def get_month(x):
        return dt.datetime(x.year, x.month, 1)

    df["InvoiceMonth"] = df["InvoiceDate"].apply(get_month)
    grouping = df.groupby("CustomerID")["InvoiceMonth"]
    df["CohortMonth"] = grouping.transform("min")

    def get_date_int(frame, column):
        return frame[column].dt.year, frame[column].dt.month, frame[column].dt.day

    invoice_year, invoice_month, _ = get_date_int(df, "InvoiceMonth")
    cohort_year, cohort_month, _ = get_date_int(df, "CohortMonth")
    df["CohortIndex"] = (invoice_year - cohort_year) * 12 + (invoice_month - cohort_month) + 1
    grouping = df.groupby(["CohortMonth", "CohortIndex"])
    cohort_data = grouping["CustomerID"].apply(pd.Series.nunique).reset_index()
    return cohort_data.pivot(index="CohortMonth", columns="CohortIndex", values="CustomerID")


def online_retail_like(seed=0, n=4000):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2010-12-01 08:26")
    return pd.DataFrame({
        "InvoiceNo": np.arange(n).astype(str),
        "CustomerID": rng.integers(12346, 12346 + 600, n).astype(float),
        "InvoiceDate": start + pd.to_timedelta(rng.uniform(0, 373, n), unit="D"),
        "Quantity": rng.integers(1, 12, n),
        "UnitPrice": rng.choice([0.85, 1.25, 2.55, 3.39, 4.95], n),
    })


def test_customers_on_matches_the_online_retail_tutorial_cell_for_cell():
    raw = online_retail_like()
    expected = tutorial_cohort_counts(raw).fillna(0)
    orders = raw.assign(revenue=raw.Quantity * raw.UnitPrice)
    got = cohort_table(_load(orders), metric="customers")
    assert got.shape == expected.shape
    assert (got.index == expected.index).all()
    np.testing.assert_array_equal(got.fillna(0).to_numpy(), expected.to_numpy())
    assert got.isna().sum().sum() > 0       # future cells are NaN, not 0


def _load(orders):
    from retention_kit import load_orders

    return load_orders(orders, columns={"CustomerID": "customer_id", "InvoiceDate": "order_date"})


def hand_log():
    rows = [("a", "2024-01-03"), ("b", "2024-01-20"), ("c", "2024-01-25"),
            ("a", "2024-03-11"), ("b", "2024-02-02"), ("d", "2024-02-14"), ("d", "2024-04-01")]
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date"])
    frame["revenue"] = 10.0
    return frame


def test_on_and_on_or_after_by_hand():
    # January cohort a, b, c: a returns in March, b in February, c never. February cohort: d, back in April.
    on = cohort_table(hand_log(), metric="customers")
    assert on.loc["2024-01-01"].tolist() == [3, 1, 1, 0]
    after = cohort_table(hand_log(), metric="customers", mode="on_or_after")
    assert after.loc["2024-01-01"].tolist() == [3, 2, 1, 0]      # period 1: a (later) and b; period 2: a
    assert after.loc["2024-02-01"].iloc[:3].tolist() == [1, 1, 1] and np.isnan(after.loc["2024-02-01", 3])
    retention = cohort_table(hand_log(), metric="retention", mode="on_or_after")
    assert retention.loc["2024-01-01"].tolist() == pytest.approx([100, 200 / 3, 100 / 3, 0])


def test_cells_beyond_observation_end_are_nan():
    table = cohort_table(hand_log(), metric="customers", observation_end="2024-03-31")
    assert list(table.columns) == [0, 1, 2]
    assert np.isnan(table.loc["2024-02-01", 2])
    assert table.loc["2024-01-01", 2] == 1
    assert table.attrs["last_period_complete"] is True
    partial = cohort_table(hand_log(), metric="customers", observation_end="2024-03-15")
    assert partial.attrs["last_period_complete"] is False


def test_revenue_retention_by_hand():
    orders = pd.DataFrame({
        "customer_id": ["a", "b", "a", "b", "a"],
        "order_date": ["2024-01-05", "2024-01-06", "2024-02-05", "2024-02-06", "2024-03-01"],
        "revenue": [100.0, 50.0, 150.0, 20.0, 40.0],
    })
    rr = revenue_retention(orders).set_index("period")
    # base 150; February 170 -> NRR 113.3, GRR (min(150,100) + min(20,50)) / 150 = 80; March 40 -> 26.7 both
    assert rr.nrr.tolist() == pytest.approx([100.0, 170 / 1.5, 40 / 1.5])
    assert rr.grr.tolist() == pytest.approx([100.0, 80.0, 40 / 1.5])
    assert cohort_table(orders, metric="revenue").loc["2024-01-01"].tolist() == [150.0, 170.0, 40.0]
    assert cohort_table(orders, metric="orders").loc["2024-01-01"].tolist() == [2, 2, 1]


def test_weekly_cohorts_start_on_monday():
    table = cohort_table(hand_log(), period="W", metric="customers")
    assert table.index[0] == pd.Timestamp("2024-01-01")      # a Monday
    assert table.index.dayofweek.unique().tolist() == [0]


def test_bad_metric_and_mode():
    with pytest.raises(ValueError, match="metric must be one of"):
        cohort_table(hand_log(), metric="nope")
    with pytest.raises(ValueError, match="on_or_after"):
        cohort_table(hand_log(), metric="revenue", mode="on_or_after")


def test_a_past_period_reproduces_from_later_data(demo):
    """With returns kept gross; netted returns restate the month of the purchase they cancel."""
    end = "2024-06-30"
    later = cohort_table(load_orders(demo.orders, returns="gross"), metric="retention", observation_end=end)
    then = cohort_table(load_orders(demo.orders[pd.to_datetime(demo.orders.order_date) <= end], returns="gross"),
                        metric="retention")
    pd.testing.assert_frame_equal(later, then)


@pytest.mark.parametrize("period, mode", [("W", "on"), ("W", "on_or_after"), ("M", "on_or_after"), ("Q", "on")])
def test_customer_bit_sets_agree_with_the_customer_period_table(demo, monkeypatch, period, mode):
    """Customer counts come from per-customer bit sets (up to 248 periods); the general path must agree."""
    fast = cohorts.cohort_table(demo.orders, period, "customers", mode)
    monkeypatch.setattr(cohorts, "MAX_BIT_PERIODS", 0)
    general = cohorts.cohort_table(demo.orders, period, "customers", mode)
    pd.testing.assert_frame_equal(fast, general)
