"""KPI formulas against hand-computed values, and kpi_table on a hand-built order log."""

import math

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import kpi


def test_retention_rate_matches_worked_example():
    assert kpi.retention_rate(customers_start=100, customers_new=20, customers_end=120) == 100.0
    assert kpi.retention_rate(200, 30, 190) == 80.0
    assert math.isnan(kpi.retention_rate(0, 5, 5))


def test_scalar_formulas_by_hand():
    assert kpi.churn_rate(200, 30) == 15.0
    assert kpi.repeat_purchase_rate(30, 120) == 25.0
    assert kpi.repeat_customer_ratio(30, 90) == pytest.approx(1 / 3)
    assert kpi.clv_simple(60.0, 4, 3) == 720.0
    assert kpi.retention_cost(12_000.0, 4_000) == 3.0


def test_nps_csat_and_loyalty_index_by_hand():
    assert kpi.nps([10, 9, 9, 8, 7, 6, 2, 10]) == 25.0          # 4/8 promoters - 2/8 detractors
    assert kpi.nps([0, 1, 2]) == -100.0
    assert kpi.csat([5, 4, 4, 3, 1]) == 60.0
    assert kpi.loyalty_index([[6, 5, 4], [3, 2, 1]]) == 50.0    # mean 3.5 -> (3.5 - 1) / 5
    assert kpi.loyalty_index([6, 6, np.nan]) == 100.0
    with pytest.raises(ValueError, match="nps: 1 answers outside 0-10"):
        kpi.nps([11, 5])


def test_intervals_by_hand():
    low, high = kpi.nps_interval(50, 20, 100)                   # 30 +- 1.96 * sqrt(0.61 / 100) * 100
    assert (low, high) == pytest.approx((30 - 15.308, 30 + 15.308), abs=1e-3)
    assert kpi.share_interval(60, 100) == pytest.approx((50.20, 69.06), abs=0.01)  # Wilson


@pytest.fixture()
def log():
    """Five customers over three months; every cell of the KPI table below is worked out by hand."""
    rows = [  # customer, date, revenue, category
        ("a", "2024-01-10", 10.0, "shoes"), ("a", "2024-01-25", 20.0, "shoes"), ("a", "2024-03-20", 30.0, "books"),
        ("b", "2024-01-20", 40.0, "shoes"),
        ("c", "2024-02-05", 50.0, "toys"), ("c", "2024-02-06", 5.0, "toys"),
        ("d", "2024-03-01", 60.0, "books"),
        ("e", "2024-01-01", 15.0, "toys"), ("e", "2024-03-10", 25.0, "books"),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "order_date", "revenue", "category"])


def test_kpi_table_by_hand(log):
    # 30-day window: active spells a [01-10, 02-23] [03-20, ...], b [01-20, 02-18], c [02-05, 03-06],
    # d [03-01, ...], e [01-01, 01-30] [03-10, ...]. Base on 01-31 {a, b}, 02-29 {c}, 03-20 {a, d, e}.
    surveys = pd.DataFrame({
        "customer_id": ["a", "b", "c"], "response_date": ["2024-01-15", "2024-01-28", "2024-02-10"],
        "nps": [10, 5, 8], "csat": [5, 2, 4],
        "cli_recommend": [6, 1, None], "cli_buy_again": [6, 2, None], "cli_buy_other": [6, 3, None],
    })
    spend = pd.DataFrame({"period": ["2024-01-01", "2024-02-01", "2024-02-15", "2024-03-01"],
                          "retention_spend": [100.0, 100.0, 200.0, 90.0]})
    t = kpi.kpi_table(log, active_window_days=30, surveys=surveys, spend=spend).set_index(
        pd.Index(["jan", "feb", "mar"]))
    assert t.complete.tolist() == [True, True, False]           # data end on 03-20
    assert t.customers_start.tolist() == [0, 2, 1]
    assert t.customers_new.tolist() == [2, 1, 1]                 # e joined in January but lapsed by 01-31
    assert t.customers_reactivated.tolist() == [0, 0, 2]         # a and e came back in March
    assert t.customers_lost.tolist() == [0, 2, 1]
    assert t.customers_end.tolist() == [2, 1, 3]
    assert math.isnan(t.retention_rate.jan)
    assert t.retention_rate.feb == 0.0                           # (1 - 1) / 2
    assert t.retention_rate.mar == 200.0                         # (3 - 1) / 1: reactivations count as kept
    assert t.churn_rate.tolist()[1:] == [100.0, 100.0]
    assert t.buyers.tolist() == [3, 1, 3]
    assert t.orders.tolist() == [4, 2, 3]
    assert t.revenue.tolist() == [85.0, 55.0, 115.0]
    assert t.repeat_purchase_rate.tolist() == pytest.approx([100 / 3, 100.0, 0.0])
    assert t.repeat_customer_ratio.jan == 0.5 and math.isnan(t.repeat_customer_ratio.feb)
    assert t.orders_per_customer.tolist() == pytest.approx([4 / 3, 2.0, 1.0])
    assert t.average_order_value.tolist() == pytest.approx([21.25, 27.5, 115 / 3])
    assert t.upsell_ratio.tolist() == [100.0, 0.0, 100.0]        # 20 > 10; 5 < 50; 30 > 15 and 25 > 15
    assert t.cross_sell_ratio.tolist() == pytest.approx([0.0, 0.0, 200 / 3])
    assert t.nps.tolist()[:2] == [0.0, 0.0] and t.nps_answers.tolist() == [2, 1, 0]
    assert t.nps_ci_high.jan == pytest.approx(1.959964 * math.sqrt(0.5) * 100)
    assert t.csat.tolist()[:2] == [50.0, 100.0]
    assert t.loyalty_index.jan == 60.0                           # respondents at 100 and 20
    assert t.loyalty_index_answers.tolist() == [2, 0, 0]
    assert t.retention_spend.tolist() == [100.0, 300.0, 90.0]
    assert t.retention_cost.tolist() == [50.0, 300.0, 30.0]


def test_base_movements_when_a_customer_lapses_and_returns_between_boundaries():
    """Window 15 days, monthly periods; worked out by hand per month-end.

    a: Jan 25 (active to Feb 8), Feb 20 (a new spell, active to Mar 6): active on
       Jan 31 and Feb 29 through two different spells, so kept in Feb, not lost and
       reactivated; lost in Mar.
    b: Feb 10 only (active to Feb 24): active on no month-end, so never in the base.
    c: Jan 5 (active to Jan 19), Mar 20 (active to Apr 3): in the base only on Mar 31,
       so reactivated in Mar (first ordered in Jan).
    """
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "c"],
        "order_date": ["2024-01-25", "2024-02-20", "2024-02-10", "2024-01-05", "2024-03-20"],
        "revenue": 10.0})
    got = kpi.kpi_table(orders, active_window_days=15, observation_end="2024-04-30")
    cols = ["customers_start", "customers_new", "customers_reactivated", "customers_lost", "customers_end"]
    assert got[cols].values.tolist() == [
        [0, 1, 0, 0, 1],  # Jan: a new; c new but lapsed by Jan 31, so not in E
        [1, 0, 0, 0, 1],  # Feb: a kept
        [1, 0, 1, 1, 1],  # Mar: a lost, c reactivated
        [1, 0, 0, 1, 0],  # Apr: c lost
    ]


def test_base_identity_holds_on_demo(demo):
    t = kpi.kpi_table(demo.orders, period="Q", active_window_days=180)
    lhs = t.customers_start - t.customers_lost + t.customers_new + t.customers_reactivated
    assert (lhs == t.customers_end).all()
    assert t.customers_end.iloc[:-1].tolist() == t.customers_start.iloc[1:].tolist()


def test_kpi_table_by_segment(log):
    customers = pd.DataFrame({"customer_id": list("abcde"), "group": ["x", "x", "y", "y", "y"]})
    t = kpi.kpi_table(log, by="group", customers=customers, active_window_days=30)
    jan = t[t.period == "2024-01-01"].set_index("group")
    assert jan.customers_end.to_dict() == {"x": 2, "y": 0}
    assert jan.buyers.to_dict() == {"x": 2, "y": 1}
    mar = t[t.period == "2024-03-01"].set_index("group")
    assert mar.customers_reactivated.to_dict() == {"x": 1, "y": 1}


def test_kpi_table_shown_in_dutch(log):
    import retention_kit as rk

    t = rk.tables.cells(kpi.kpi_table(log, active_window_days=30), "nl")
    assert "klantbehoudpercentage (%)" in t.columns and "churnrate (%)" in t.columns
    assert t["periode"].iloc[0] == "2024-01" and t["volledige periode"].iloc[0] == "ja"


def test_kpi_summary_compares_last_complete_period_with_previous_and_target(log):
    t = kpi.kpi_table(log, active_window_days=30)
    s = kpi.kpi_summary(t, targets={"repeat_purchase_rate": 50.0})
    # February is the last complete period (data end 03-20); January before it
    assert s.attrs["period"] == pd.Timestamp("2024-02-01")
    row = s.loc["repeat_purchase_rate"]
    assert (row.value, row.previous) == pytest.approx((100.0, 100 / 3))
    assert row.change == pytest.approx(200 / 3) and row.vs_target == 50.0
    assert s.loc["churn_rate"].value == 100.0 and math.isnan(s.loc["churn_rate"].previous)


def test_segment_summary_takes_the_last_complete_period(log):
    customers = pd.DataFrame({"customer_id": list("abcde"), "group": ["x", "x", "y", "y", "y"]})
    t = kpi.kpi_table(log, by="group", customers=customers, active_window_days=30)
    s = kpi.segment_summary(t, "group")
    assert s.attrs["period"] == pd.Timestamp("2024-02-01")
    assert s.customers_end.to_dict() == {"x": 0, "y": 1}      # February: a, b lapsed; c active
    assert s.churn_rate.x == 100.0


def test_a_past_period_reproduces_from_later_data(demo):
    """A report for a past observation end gives the numbers a report made then would have given."""
    end = "2024-12-31"
    later = kpi.kpi_table(demo.orders, observation_end=end)
    then = kpi.kpi_table(demo.orders[pd.to_datetime(demo.orders.order_date) <= end])
    pd.testing.assert_frame_equal(later, then)


def test_retention_is_not_measured_on_data_shorter_than_two_windows():
    """373 days of data with a 365-day window gave 100 % retention every month; now nothing is claimed."""
    days = pd.date_range("2010-12-01", "2011-12-08", freq="7D")
    orders = pd.DataFrame({"customer_id": [f"c{i % 9}" for i in range(len(days))], "order_date": days, "revenue": 10.0})
    long = rk.kpi_table(orders, active_window_days=365)
    assert not long.base_complete.any()
    summary = rk.kpi_summary(long)
    assert np.isnan(summary.loc["retention_rate", "value"]) and np.isnan(summary.loc["churn_rate", "value"])
    assert summary.loc["repeat_purchase_rate", "value"] == pytest.approx(long[long.complete].repeat_purchase_rate.iloc[-1])
    short = rk.kpi_table(orders, active_window_days=90)
    # periods starting 90+ days after 2010-12-01 have a complete base: from March 2011
    assert short.loc[short.base_complete, "period"].min() == pd.Timestamp("2011-03-01")
    assert rk.active_window(orders, days=365).measurable("2010-12-01", "2011-12-08") is False


def test_the_customer_base_alone_equals_those_columns_of_the_whole_table(demo):
    whole = kpi.kpi_table(demo.orders, period="Q", active_window_days=180)
    base = kpi.kpi_table(demo.orders, period="Q", active_window_days=180, base_only=True)
    assert "buyers" not in base and "repeat_purchase_rate" not in base
    pd.testing.assert_frame_equal(base, whole[base.columns])


def test_every_analysis_with_an_active_window_has_one_default_the_window_derived_from_the_data():
    """kpi_table, survival_frame, membership_survival and definition_check default to None: the
    window rk.active_window derives (the demo's: 90% of repeat orders come within 168 days, 180)."""
    import inspect

    from retention_kit.definitions import definition_check
    from retention_kit.loyalty import membership_survival

    for function in (kpi.kpi_table, rk.survival_frame, membership_survival, definition_check):
        assert inspect.signature(function).parameters["active_window_days"].default is None, function.__name__
    data = rk.load_dataset("demo")
    window = rk.active_window(data.orders)
    assert (window.days, window.gap_days) == (180, 168.0)
    pd.testing.assert_frame_equal(kpi.kpi_table(data.orders, period="Q"),
                                  kpi.kpi_table(data.orders, period="Q", active_window_days=180))
    lives = rk.survival_frame(data.orders, basis="orders")
    assert lives.attrs["active_window_days"] == 180
    pd.testing.assert_frame_equal(lives, rk.survival_frame(data.orders, basis="orders", active_window_days=180))


def test_the_derived_window_is_the_quantile_of_the_gaps_between_orders_as_numpy_computes_it():
    """The gaps are counted per length in the engine and the quantile interpolated from the counts:
    it equals numpy's quantile of every gap, listed one by one in pandas."""
    rng = np.random.default_rng(7)
    orders = pd.DataFrame({"customer_id": rng.integers(0, 300, 2_000).astype(str),
                           "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, 2_000), "D"),
                           "revenue": 10.0}).drop_duplicates(["customer_id", "order_date"])
    days = orders.sort_values(["customer_id", "order_date"]).groupby("customer_id").order_date.diff().dt.days.dropna()
    for q in (0.5, 0.75, 0.9, 0.99):
        window = rk.active_window(orders, quantile=q)
        assert (window.gap_days, window.gaps) == (pytest.approx(np.quantile(days, q)), len(days))
        assert window.days == max(30, 30 * math.ceil(np.quantile(days, q) / 30))


def test_an_analysis_takes_a_whole_dataset_with_its_tables():
    """kpi_table(data) is kpi_table(data.orders, customers=..., surveys=..., spend=...); an analysis of
    the orders alone takes the dataset's orders."""
    data = rk.load_dataset("demo")
    pd.testing.assert_frame_equal(
        kpi.kpi_table(data, period="Q", active_window_days=180),
        kpi.kpi_table(data.orders, period="Q", customers=data.customers, surveys=data.surveys, spend=data.spend,
                      active_window_days=180))
    assert "nps" in kpi.kpi_table(data, period="Q", active_window_days=180) and "nps" not in kpi.kpi_table(
        data.orders, period="Q", active_window_days=180)
    pd.testing.assert_frame_equal(rk.churn_risk(data).segments, rk.churn_risk(data.orders, customers=data.customers).segments)
    pd.testing.assert_frame_equal(rk.cohort_table(data), rk.cohort_table(data.orders))


def test_tables_of_several_windows_from_one_pass_equal_one_table_each():
    data = rk.load_dataset("demo")
    together = kpi.kpi_tables(data.orders, (90, 360), period="Q", base_only=True)
    for window in (90, 360):
        pd.testing.assert_frame_equal(together[window],
                                      kpi.kpi_table(data.orders, period="Q", active_window_days=window, base_only=True))
    assert together[90].customers_lost.sum() > together[360].customers_lost.sum()
