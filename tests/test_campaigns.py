"""Retention campaigns: the evaluation against the control group, the balance check, the
uplift targeting and its Qini curves, checked by hand and against the demo shop's truth."""

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import campaigns as C
from retention_kit.errors import DataError


@pytest.fixture(scope="module")
def shop():
    demo = rk.make_demo_data(seed=3, n_customers=20_000, campaigns=True)
    data = rk.load_dataset(demo.orders, demo.customers, campaigns=demo.campaigns)
    outcomes = C.campaign_outcomes(data.orders, data.campaigns, customers=data.customers, by="channel")
    truth = demo.truth.campaigns
    return demo, data, outcomes, truth


def test_evaluation_by_hand():
    outcomes = pd.DataFrame({"campaign": "x", "group": ["treatment"] * 4 + ["control"] * 4,
                             "bought": [1, 1, 1, 0, 1, 0, 0, 0], "revenue": [50.0, 30, 40, 0, 20, 0, 0, 0],
                             "cost": [5.0] * 4 + [0.0] * 4})
    row = C.evaluate_campaigns(outcomes, margin=0.3).loc["x"]
    assert row.effect == 50.0 and row.incremental_customers == 2.0
    se = np.sqrt(0.75 * 0.25 / 4 + 0.25 * 0.75 / 4) * 100
    assert (row.ci_low, row.ci_high) == pytest.approx((50 - 1.959964 * se, 50 + 1.959964 * se))
    assert row.revenue_effect == 25.0 and row.incremental_revenue == 100.0 and row.cost == 20.0
    assert row.cost_per_retained == 10.0 and row.roi == pytest.approx((100 * 0.3 - 20) / 20 * 100)


def test_a_campaign_without_control_group_is_described_not_measured():
    outcomes = pd.DataFrame({"campaign": "x", "group": ["treatment"] * 3, "bought": [1, 0, 1],
                             "revenue": [10.0, 0, 5], "cost": [1.0] * 3})
    row = C.evaluate_campaigns(outcomes).loc["x"]
    assert not row.has_control and np.isnan(row.effect) and row.retained_treatment == pytest.approx(200 / 3)
    assert "had no control group" in rk.notes.campaign_note(C.evaluate_campaigns(outcomes))


def test_outcomes_count_purchases_within_the_horizon_by_hand():
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "b"],
                           "order_date": ["2024-01-10", "2024-03-05", "2024-06-20", "2023-12-01", "2024-03-02"],
                           "revenue": [10.0, 20.0, 30.0, 5.0, 7.0]})
    campaigns = pd.DataFrame({"customer_id": ["a", "b"], "campaign": "spring", "sent_date": "2024-03-01",
                              "group": ["treatment", "control"], "cost": [2.0, 0.0]})
    out = C.campaign_outcomes(orders, campaigns, horizon_days=90).set_index("customer_id")
    assert out.loc["a", ["bought", "orders", "revenue", "orders_before", "revenue_before"]].tolist() == [1, 1, 20.0, 1, 10.0]
    assert out.loc["a", "recency_days"] == 51 and out.loc["b", "tenure_days"] == 91      # 2023-12-01 -> 2024-03-01
    assert out.loc["b", ["bought", "revenue"]].tolist() == [1, 7.0]


def test_campaigns_table_is_validated():
    good = {"customer_id": [1, 2], "campaign": ["x", "x"], "sent_date": ["2024-03-01"] * 2}
    with pytest.raises(DataError, match="campaigns: column 'group' has no 'control' group but 'holdout'.*"
                                        "pass control='holdout'"):
        rk.load_campaigns(pd.DataFrame({**good, "group": ["treatment", "holdout"]}))
    with pytest.raises(DataError, match="customers listed more than once in the same campaign"):
        rk.load_campaigns(pd.DataFrame({**good, "customer_id": [1, 1], "group": ["treatment", "control"]}))
    late = rk.load_campaigns(pd.DataFrame({**good, "sent_date": ["2024-03-01", "2025-01-01"],
                                           "group": ["treatment", "control"]}), observation_end="2024-12-31")
    assert late.rows_used == 1 and late.ledger.to_frame().reason.tolist() == ["after_end"]


def test_intervals_cover_the_demo_shops_true_effects(shop):
    demo, _, outcomes, _ = shop
    evaluation = C.evaluate_campaigns(outcomes)
    assert list(evaluation.index) == [("Win-back 2024", "treatment"), ("Win-back 2025", "treatment"),
                                      ("Win-back autumn 2025", "discount"), ("Win-back autumn 2025", "reminder")]
    for (campaign, arm), row in evaluation.iterrows():
        truth = demo.truth.campaign_effect(campaign, arm)
        assert row.ci_low < truth < row.ci_high, (campaign, arm, truth, row.ci_low, row.ci_high)
        assert row.ci_low > 0                                          # every campaign and arm kept customers
    assert not C.campaign_balance(outcomes)["imbalanced"].any()


def test_a_randomisation_that_went_wrong_shows_in_the_balance(shop):
    _, _, outcomes, _ = shop
    broken = outcomes.copy()
    recent = broken.groupby("campaign").recency_days.transform("median") > broken.recency_days
    broken["group"] = np.where(recent, "treatment", "control")       # the recent half got the campaign
    table = C.campaign_balance(broken)
    assert table.loc[("Win-back 2025", "recency_days"), "imbalanced"]
    assert "not alike" in rk.notes.balance_note(table)


def test_qini_of_a_random_score_is_near_zero_and_the_oracle_follows_the_truth(shop):
    _, _, outcomes, truth = shop
    rows = outcomes[outcomes.campaign == "Win-back 2025"].merge(truth[["customer_id", "campaign", "effect"]],
                                                               on=["customer_id", "campaign"])
    treated = (rows.group == "treatment").to_numpy()
    random = C.auuc(C.qini_curve(rows.bought, treated, np.random.default_rng(1).random(len(rows))))
    oracle_curve = C.qini_curve(rows.bought, treated, rows.effect)
    assert abs(random) < 0.5 < C.auuc(oracle_curve)
    # the truth's own curve: the true effects of the treated among the top 30 %, as % of all customers
    top = rows.iloc[np.argsort(-rows.effect.to_numpy(), kind="stable")[: int(0.3 * len(rows))]]
    true_gain = top.effect[top.group == "treatment"].sum() / len(rows) * 100
    measured = np.interp(30.0, oracle_curve.targeted, oracle_curve.incremental)
    assert measured == pytest.approx(true_gain, abs=1.5)                 # within the experiment's noise


def test_targeting_by_expected_profit_beats_targeting_by_risk_on_the_truth(shop):
    _, _, outcomes, truth = shop
    targeting = C.target_next(outcomes, "Win-back 2025", budget_share=30)
    frame = targeting.frame.merge(truth[["customer_id", "campaign", "effect"]], on=["customer_id", "campaign"])
    k = int(len(frame) * 0.3)
    cost = 3.0

    def true_profit(score):
        top = frame.iloc[np.argsort(-np.asarray(score))[:k]]
        return float((top.effect * top.value).sum() - cost * k)

    assert true_profit(frame.expected_profit) > true_profit(frame.recency_days)
    assert targeting.auuc["expected_profit"] > 0
    assert len(targeting.target_list()) == k and set(targeting.comparison.index) == {"expected_profit", "churn_risk", "random"}
