"""Contract KPIs and MRR movements, checked against a subscription log worked out by hand."""

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import errors as E
from retention_kit.subscriptions import (mrr_movements, subscription_cohorts, subscription_kpis,
                                         subscription_lifetimes, subscriptions_from_snapshot)

# Observation end 2024-03-31. Snapshots on the last day of each month:
#   Jan 31: A 10, B 20 (yearly 240), C 30, D 15, E 40                 -> 5 customers, MRR 115
#   Feb 29: A 25 (upgraded 15 Feb), B 20, C 30, D 15 (notice 10 Feb)  -> 4 customers, MRR 90
#           E stopped 5 Feb; G started and stopped within February (never at a month end)
#   Mar 31: A 25, B 20, C 12 (downgrade, next row a day later), E 35 (back 20 Mar), F 50 (new)
#           D's service ended 10 Mar                                  -> 5 customers, MRR 142
LOG = pd.DataFrame([
    ("A", "2024-01-05", "2024-02-15", None, 10.0, "month"),
    ("A", "2024-02-15", None, None, 25.0, "month"),
    ("B", "2024-01-10", None, None, 240.0, "year"),
    ("C", "2024-01-20", "2024-03-01", None, 30.0, "month"),
    ("C", "2024-03-02", None, None, 12.0, "maand"),
    ("D", "2024-01-02", "2024-03-10", "2024-02-10", 15.0, "month"),
    ("E", "2024-01-03", "2024-02-05", None, 40.0, "month"),
    ("E", "2024-03-20", None, None, 35.0, "month"),
    ("F", "2024-03-05", None, None, 50.0, "month"),
    ("G", "2024-02-01", "2024-02-20", None, 9.0, "month"),
], columns=["customer_id", "start_date", "end_date", "cancel_date", "amount", "billing_period"])


@pytest.fixture(scope="module")
def kpis():
    return subscription_kpis(LOG, observation_end="2024-03-31").set_index("period")


def test_customer_counts_and_retention_match_the_hand_worked_log(kpis):
    feb, mar = kpis.loc["2024-02-01"], kpis.loc["2024-03-01"]
    assert [feb[c] for c in ("customers_start", "customers_new", "customers_reactivated", "customers_lost",
                             "customers_end")] == [5, 0, 0, 1, 4]
    assert feb.retention_rate == pytest.approx(80.0) and feb.churn_rate == pytest.approx(20.0)
    assert [mar[c] for c in ("customers_start", "customers_new", "customers_reactivated", "customers_lost",
                             "customers_end")] == [4, 1, 1, 1, 5]
    assert mar.retention_rate == pytest.approx(100.0)  # (5 - 1) / 4: the reactivated customer counts as kept
    assert mar.churn_rate == pytest.approx(25.0)


def test_mrr_movements_match_the_hand_worked_log(kpis):
    feb, mar = kpis.loc["2024-02-01"], kpis.loc["2024-03-01"]
    assert feb[["mrr_start", "mrr_new", "mrr_expansion", "mrr_reactivation", "mrr_contraction", "mrr_churned",
                "mrr_end"]].tolist() == pytest.approx([115, 0, 15, 0, 0, 40, 90])
    assert mar[["mrr_start", "mrr_new", "mrr_expansion", "mrr_reactivation", "mrr_contraction", "mrr_churned",
                "mrr_end"]].tolist() == pytest.approx([90, 50, 0, 35, 18, 15, 142])
    assert feb.net_mrr_retention == pytest.approx(90 / 115 * 100)
    assert feb.gross_mrr_retention == pytest.approx(75 / 115 * 100)
    assert feb.revenue_churn_rate == pytest.approx(40 / 115 * 100)
    assert feb.quick_ratio == pytest.approx(15 / 40)
    assert feb.arpa == pytest.approx(90 / 4)
    assert mar.net_mrr_retention == pytest.approx(57 / 90 * 100) and mar.gross_mrr_retention == pytest.approx(57 / 90 * 100)
    assert mar.quick_ratio == pytest.approx(85 / 33)
    assert mar.arpa == pytest.approx(142 / 5)
    assert (mar.customers_expanded, mar.customers_contracted, feb.customers_expanded) == (0, 1, 1)


def test_churn_counted_at_notice_moves_the_cancelled_customer_to_february():
    k = subscription_kpis(LOG, observation_end="2024-03-31", churn_at="cancel").set_index("period")
    feb, mar = k.loc["2024-02-01"], k.loc["2024-03-01"]
    assert (feb.customers_lost, feb.customers_end, feb.mrr_churned) == (2, 3, 55.0)
    assert (mar.customers_start, mar.customers_lost, mar.mrr_start) == (3, 0, 75.0)


def test_the_waterfall_adds_up_every_period():
    m = mrr_movements(LOG, observation_end="2024-03-31")
    added = m.mrr_start + m.mrr_new + m.mrr_expansion + m.mrr_reactivation - m.mrr_contraction - m.mrr_churned
    assert np.allclose(added, m.mrr_end)
    assert m.mrr_end.iloc[0] == pytest.approx(115)


def test_cohorts_count_customers_who_start_and_stop_within_a_month():
    table = subscription_cohorts(LOG, observation_end="2024-03-31", metric="customers")
    # January cohort: A B C D E; February: G (gone by its month end); March: F
    assert table.loc["2024-01-01"].tolist() == [5, 4, 4]
    assert table.loc["2024-02-01"].tolist()[:2] == [0, 0]
    retention = subscription_cohorts(LOG, observation_end="2024-03-31", metric="retention")
    assert retention.loc["2024-01-01"].tolist() == pytest.approx([100, 80, 80])
    mrr = subscription_cohorts(LOG, observation_end="2024-03-31", metric="mrr_retention")
    # January cohort started with 10 + 20 + 30 + 15 + 40 = 115; at the end of March A 25, B 20, C 12, E 35
    assert mrr.loc["2024-01-01", 2] == pytest.approx(92 / 115 * 100)


def test_lifetimes_follow_the_first_spell():
    life = subscription_lifetimes(LOG, observation_end="2024-03-31").set_index("customer_id")
    assert life.loc["A"].duration == (pd.Timestamp("2024-03-31") - pd.Timestamp("2024-01-05")).days
    assert not life.loc["A"].event                                  # the upgrade continues the spell
    assert life.loc["C"].event == False                              # a one-day gap is a plan change
    assert (life.loc["D"].event, life.loc["D"].duration) == (True, 68)  # 2 Jan to 10 Mar
    assert (life.loc["E"].event, life.loc["E"].duration) == (True, 33)  # first spell only


def test_validation_refuses_what_no_contract_can_be():
    with pytest.raises(E.DateOrderError, match="end_date.*before the start_date"):
        rk.load_subscriptions(LOG.assign(end_date=["2023-01-01"] + list(LOG.end_date[1:])))
    with pytest.raises(E.RangeError, match="billing_period.*'fortnight'"):
        rk.load_subscriptions(LOG.assign(billing_period=["fortnight"] + list(LOG.billing_period[1:])))
    with pytest.raises(E.RangeError, match="mrr.*below 0"):
        rk.load_subscriptions(pd.DataFrame({"customer_id": ["a"], "start_date": ["2024-01-01"], "mrr": [-5.0]}))


def test_rows_after_the_end_and_overlaps_go_to_the_ledger():
    log = pd.DataFrame({"customer_id": ["a", "a", "b"], "start_date": ["2024-01-01", "2024-02-20", "2024-05-01"],
                        "end_date": ["2024-03-01", None, None], "mrr": [10.0, 20.0, 5.0]})
    subs = rk.load_subscriptions(log, observation_end="2024-03-31")
    reasons = dict(zip(subs.ledger.to_frame().reason, subs.ledger.to_frame().rows))
    assert reasons == {"after_end": 1, "overlap_clipped": 1}
    rows = subs.to_pandas().sort_values("start_date")
    assert str(rows.end_date.iloc[0].date()) == "2024-02-20"  # clipped where the next plan starts


def test_a_dataset_of_subscriptions_alone_is_contractual():
    data = rk.load_dataset(subscriptions=LOG)
    assert data.contractual and data.orders is None and data.base is data.subscriptions
    assert str(data.observation_end) == "2024-03-20"  # the log's last date: E's restart
    assert rk.kpi_table(data.subscriptions, observation_end="2024-03-31").mrr_end.iloc[-1] == pytest.approx(142)


# ----------------------------------------------------------------------------- snapshot exports

SNAPSHOT = pd.DataFrame({
    "customerID": [f"{i:04d}-X" for i in range(12)],
    "tenure": [1, 3, 3, 5, 8, 12, 12, 20, 24, 30, 40, 60],
    "Churn": ["Yes", "No", "Yes", "Yes", "No", "Yes", "No", "Yes", "No", "No", "Yes", "No"],
    "Contract": ["Month-to-month"] * 6 + ["Two year"] * 6,
    "MonthlyCharges": np.linspace(20, 100, 12),
})


def test_a_snapshot_export_loads_with_one_call_and_states_its_assumptions():
    subs = subscriptions_from_snapshot(SNAPSHOT, tenure="tenure", churned="Churn", snapshot_date="2024-12-31",
                                       customer_id="customerID", mrr="MonthlyCharges")
    assert subs.attrs["assumptions"]["observation_end"] == "2024-12-31"
    assert subs.loc[0, "start_date"] == pd.Timestamp("2024-11-30")
    assert subs.end_date.notna().sum() == 6
    data = rk.load_dataset(subscriptions=subs, observation_end="2024-12-31")
    assert data.subscriptions.rows_used == 12


def test_kaplan_meier_median_of_a_snapshot_equals_lifelines_on_the_same_durations():
    from lifelines import KaplanMeierFitter

    subs = subscriptions_from_snapshot(SNAPSHOT, tenure="tenure", churned="Churn", snapshot_date="2024-12-31",
                                       customer_id="customerID")
    life = rk.survival_frame(rk.load_subscriptions(subs, observation_end="2024-12-31"))
    curves = rk.survival_curves(life, by="Contract")
    # the same durations from the export itself: tenure in months, churned flag
    for contract, group in SNAPSHOT.groupby("Contract"):
        starts = pd.to_datetime(subs.set_index("customer_id").loc[group.customerID, "start_date"])
        days = (pd.Timestamp("2024-12-31") - starts).dt.days.to_numpy()
        kmf = KaplanMeierFitter().fit(days, group.Churn.eq("Yes").to_numpy())
        assert curves.summary().loc[contract, "median_days"] == pytest.approx(kmf.median_survival_time_)


def test_the_lessons_example_log_gives_the_answers_its_exercises_expect(kpis):
    from retention_kit.present import exercises
    from retention_kit.present.teaching.subscriptions import example_log

    lesson = subscription_kpis(example_log(), observation_end="2024-03-31").set_index("period")
    march = lesson.loc["2024-03-01"]
    assert exercises.EXERCISES["quick_ratio_worked"].answer() == pytest.approx(round(march.quick_ratio, 2))
    assert march.quick_ratio == pytest.approx(kpis.loc["2024-03-01"].quick_ratio)  # the lesson's log is the test's
