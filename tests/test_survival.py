"""Survival frames on a hand-computed example, Kaplan-Meier summaries, Cox drivers and risk segments."""

import math

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import survival as sv


def orders():
    # a: two orders, last on 02-01, silent for 150 days at the end -> churned, lifetime 31 days
    # b: a single order on 01-15 -> churned, lifetime 0 days
    # c: ordered on 06-20, within 90 days of the end -> censored, duration 06-30 - 03-01 = 121 days
    return pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
                         "order_date": ["2024-01-01", "2024-02-01", "2024-01-15", "2024-03-01", "2024-06-20"],
                         "revenue": [10.0, 12.0, 8.0, 30.0, 20.0]})


def test_survival_frame_by_hand_churned_single_order_and_censored():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "channel": ["email", "social", "email"],
                              "signup_date": ["2024-01-01", "2024-01-15", "2024-03-01"]})
    f = sv.survival_frame(orders(), active_window_days=90, observation_end="2024-06-30", customers=customers)
    assert f.attrs["basis"] == "orders"
    assert f.set_index("customer_id").duration.to_dict() == {"a": 31, "b": 0, "c": 121}
    assert f.set_index("customer_id").event.to_dict() == {"a": True, "b": True, "c": False}
    assert f.channel.tolist() == ["email", "social", "email"]
    assert "signup_date" not in f.columns


def test_contractual_frame_by_hand():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c"],
                              "signup_date": ["2024-01-01", "2024-02-01", "2024-03-01"],
                              "churn_date": ["2024-03-01", None, "2024-08-01"]})
    f = sv.survival_frame(orders(), customers=customers, observation_end="2024-06-30").set_index("customer_id")
    assert f.attrs["basis"] == "contracts"
    assert f.duration.to_dict() == {"a": 60, "b": 150, "c": 121}       # c churns after the end: censored
    assert f.event.to_dict() == {"a": True, "b": False, "c": False}


def test_kaplan_meier_summaries_by_hand():
    frame = pd.DataFrame({"duration": [5, 8, 12, 20, 25, 30], "event": [1, 1, 0, 1, 0, 0],
                          "group": ["x"] * 6})
    curves = sv.survival_curves(frame, by="group", horizons=(10, 22), tau=30)
    s = curves.at_horizons.set_index("days").survival
    assert s[10] == pytest.approx(2 / 3) and s[22] == pytest.approx(4 / 9)   # 5/6 * 4/5, then * 2/3
    assert curves.medians.loc["x", "median_days"] == 20                     # S drops below 0.5 at 20
    assert curves.rmst.loc["x", "rmst_days"] == pytest.approx(5 + 3 * 5 / 6 + 12 * 2 / 3 + 10 * 4 / 9)


def test_rmst_variance_by_hand():
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter().fit([5, 8, 12, 20, 25, 30], [1, 1, 0, 1, 0, 0])
    a5, a8, a20 = 2.5 + 8 + 40 / 9, 8 + 40 / 9, 40 / 9                       # areas under S after each event
    expected = a5**2 / (6 * 5) + a8**2 / (5 * 4) + a20**2 / (3 * 2)
    assert sv.rmst_with_variance(kmf, 30)[1] == pytest.approx(expected)


def test_logrank_finds_different_groups_and_holm_adjusts():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "duration": np.concatenate([rng.exponential(100, 300), rng.exponential(200, 300), rng.exponential(100, 300)]),
        "event": True, "group": np.repeat(["a", "b", "c"], 300)})
    table = sv.survival_curves(frame, by="group").logrank.set_index(["group_a", "group_b"])
    assert table.loc[("a", "b"), "p_adjusted"] < 0.001
    assert table.loc[("a", "c"), "p_value"] > 0.01
    assert (table.p_adjusted >= table.p_value).all()


def test_cox_recovers_a_known_hazard_ratio_and_reports_ph_check():
    rng = np.random.default_rng(1)
    n = 4000
    group = rng.choice(["base", "risky"], n, p=[0.6, 0.4])
    hazard = np.where(group == "risky", 2.0, 1.0) / 100
    duration = rng.exponential(1 / hazard)
    censor = rng.uniform(0, 300, n)
    frame = pd.DataFrame({"duration": np.minimum(duration, censor), "event": duration <= censor, "group": group})
    drivers = sv.churn_drivers(frame, ["group"])
    row = drivers.hazard_ratios.loc["group=risky"]
    assert row.ci_low < 2.0 < row.ci_high
    assert "group=risky" in drivers.ph_test.index and drivers.ph_violations == []


def test_churn_risk_segments_use_documented_cutoffs(demo):
    risk = rk.churn_risk(demo.orders, customers=demo.customers)
    c = risk.customers
    assert (c.loc[c.risk == "high", "p_alive"] < 0.5).all()
    assert c.loc[c.risk == "low", "p_alive"].min() >= 0.8
    assert risk.segments.customers.sum() == len(c)
    assert risk.segments.revenue_at_stake.sum() == pytest.approx(c.revenue_12m.sum())
    closed = set(demo.customers.customer_id[demo.customers.churn_date.notna()])
    assert closed.isdisjoint(c.index)
    with pytest.warns(FutureWarning, match="retention_kit.clv.risk.churn_risk"):
        assert sv.churn_risk is rk.churn_risk                   # its old place still finds it
    # customers who really dropped out (demo truth) score lower than those still buying
    truth = demo.truth.customers.set_index("customer_id").dropout_date.reindex(c.index)
    assert c.p_alive[truth.notna()].mean() < c.p_alive[truth.isna()].mean() - 0.2


def test_churn_risk_puts_each_customers_revenue_of_the_last_12_months_at_stake():
    # end 2024-12-31: the 12 months are 2024-01-01 .. 2024-12-31 (2023-12-31 is just outside)
    orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
                           "order_date": ["2023-01-10", "2024-06-01", "2023-12-31", "2024-02-01", "2024-12-31"],
                           "revenue": [100.0, 30.0, 50.0, 20.0, 5.0]})
    model = rk.clv.BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True)
    risk = rk.churn_risk(orders, observation_end="2024-12-31", model=model)
    assert risk.customers.revenue_12m.to_dict() == {"a": 30.0, "b": 0.0, "c": 25.0}
    # b bought once (P(alive) = 1: low risk); a (days 0, 508 of 721) and c (0, 334 of 334) by the BG/NBD formula
    alive = lambda x, tx, T, r=0.5, alpha=5.0, a=2.0, b=3.0: 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))
    assert risk.customers.p_alive.tolist() == pytest.approx([alive(1, 508 / 7, 721 / 7), 1.0, alive(1, 334 / 7, 334 / 7)])
    # a: 1 / (1 + 2/3 (108 / 77.6)^1.5) = 0.48, high risk; c: 1 / (1 + 2/3) = 0.6, medium
    assert risk.segments.revenue_at_stake.to_dict() == {"high": 30.0, "medium": 25.0, "low": 0.0}
