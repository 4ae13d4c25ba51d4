"""Campaigns as marketers run them: several arms against one control group, any control label."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import retention_kit as rk
from retention_kit.campaigns import evaluate_campaigns


def two_arms():
    """20 held back (5 bought again), 20 with a discount mail (12 bought), 20 with a reminder (8)."""
    groups = ["Holdout"] * 20 + ["Korting"] * 20 + ["Herinnering"] * 20
    bought = [1] * 5 + [0] * 15 + [1] * 12 + [0] * 8 + [1] * 8 + [0] * 12
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(60)], "campaign": "winter",
                         "sent_date": "2024-11-01", "group": groups}), bought


def test_each_arm_against_the_shared_control_with_corrected_intervals_by_hand():
    campaigns, bought = two_arms()
    loaded = rk.load_campaigns(campaigns, control="holdout")
    outcomes = loaded.to_pandas().sort_values("customer_id", key=lambda c: c.str[1:].astype(int))
    outcomes = outcomes.assign(bought=bought, revenue=[b * 30.0 for b in bought], cost=1.0)
    table = evaluate_campaigns(outcomes)
    assert list(table.index) == [("winter", "Herinnering"), ("winter", "Korting")]
    z = stats.norm.ppf(1 - 0.025 / 2)                                     # two arms: Bonferroni, 97.5 % each
    for arm, share in (("Korting", 0.60), ("Herinnering", 0.40)):
        row = table.loc[("winter", arm)]
        se = math.sqrt(share * (1 - share) / 20 + 0.25 * 0.75 / 20)
        assert row["effect"] == pytest.approx((share - 0.25) * 100)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(((share - 0.25 - z * se) * 100,
                                                                (share - 0.25 + z * se) * 100))
        assert row["p_value"] == pytest.approx(2 * stats.norm.sf((share - 0.25) / se))
    p_discount, p_reminder = table.loc[("winter", "Korting"), "p_value"], table.loc[("winter", "Herinnering"), "p_value"]
    assert table.loc[("winter", "Korting"), "p_holm"] == pytest.approx(min(1, 2 * p_discount))    # smallest: x 2
    assert table.loc[("winter", "Herinnering"), "p_holm"] == pytest.approx(max(min(1, 2 * p_discount), p_reminder))
    assert table.attrs["arms"] == ["Herinnering", "Korting"]


def test_one_treatment_group_keeps_one_row_per_campaign_and_the_plain_interval():
    outcomes = pd.DataFrame({"campaign": "x", "group": ["treatment"] * 4 + ["control"] * 4,
                             "bought": [1, 1, 1, 0, 1, 0, 0, 0], "revenue": 0.0, "cost": 0.0})
    row = evaluate_campaigns(outcomes).loc["x"]
    se = math.sqrt(0.75 * 0.25 / 4 + 0.25 * 0.75 / 4)
    assert row["ci_low"] == pytest.approx((0.5 - rk.intervals.Z95 * se) * 100) and "p_holm" not in row


def test_a_label_nearly_the_control_label_is_refused_and_the_default_is_control():
    campaigns, _ = two_arms()
    with pytest.raises(rk.errors.RangeError, match="'holdout', nearly the control label 'hold-out'"):
        rk.load_campaigns(campaigns, control="hold-out")
    typo = campaigns.assign(group=campaigns.group.replace({"Holdout": "Contol"}))
    with pytest.raises(rk.errors.RangeError, match="'contol', nearly the control label 'control'.*control="):
        rk.load_campaigns(typo)
    plain = campaigns.assign(group=campaigns.group.replace({"Holdout": "CONTROL", "Korting": "Treatment"}))
    assert set(rk.load_campaigns(plain).to_pandas().group) == {"control", "treatment", "Herinnering"}


def test_the_control_label_is_a_setting_of_the_command_line_and_report_toml(tmp_path):
    from click.testing import CliRunner

    from retention_kit import cli
    from retention_kit.present.config import DATA_KEYS

    assert "control" in DATA_KEYS and any(p.name == "control" for p in cli.report.params)
    demo = rk.make_demo_data(seed=5, n_customers=600, campaigns=True)
    demo.campaigns.assign(group=demo.campaigns.group.replace({"control": "geen mail"})).to_csv(
        tmp_path / "campaigns.csv", index=False)
    demo.orders.to_csv(tmp_path / "orders.csv", index=False)
    result = CliRunner().invoke(cli.main, ["validate", "--orders", str(tmp_path / "orders.csv"),
                                           "--campaigns", str(tmp_path / "campaigns.csv"), "--control", "geen mail"])
    assert result.exit_code == 0, result.output


def test_the_note_names_campaign_and_arm_and_states_the_correction():
    campaigns, bought = two_arms()
    outcomes = rk.load_campaigns(campaigns, control="holdout").to_pandas()
    outcomes = outcomes.sort_values("customer_id", key=lambda c: c.str[1:].astype(int)).assign(
        bought=bought, revenue=0.0, cost=0.0)
    note = rk.notes.campaign_note(evaluate_campaigns(outcomes), "nl")
    assert "**winter: Korting**" in note and "dezelfde controlegroep" in note and "(Holm)" in note


def test_customers_in_overlapping_campaigns_are_counted_and_named_on_the_page():
    orders = pd.DataFrame({"customer_id": ["a", "b", "c"], "order_date": ["2023-12-01"] * 3, "revenue": 10.0})
    campaigns = pd.DataFrame({"customer_id": ["a", "a", "b", "b", "c"], "campaign": ["x", "y", "x", "y", "x"],
                              "sent_date": ["2024-01-01", "2024-02-15", "2024-01-01", "2024-06-01", "2024-01-01"],
                              "group": ["treatment", "control", "control", "treatment", "treatment"]})
    outcomes = rk.campaigns.campaign_outcomes(orders, campaigns, horizon_days=90)
    assert outcomes.attrs["overlapping_customers"] == 1                   # a: 45 days apart; b: 152 days
    evaluation = evaluate_campaigns(outcomes)
    assert "**1 customers were in two campaigns within 90 days" in rk.notes.campaign_note(evaluation, "en")


def _two_mails(n=9_000, seed=0):
    """A randomised test with a discount mail (cost 3) that wins back customers silent for about 200
    days and a reminder (cost 1) that wins back the recently silent: the true effect of each arm on
    each customer is known."""
    rng = np.random.default_rng(seed)
    recency = rng.uniform(30, 400, n)
    orders_before = rng.poisson(2, n) + 1
    effects = {"discount": 0.30 * np.exp(-(((recency - 220) / 60) ** 2)),
               "reminder": 0.30 * np.exp(-(((recency - 70) / 40) ** 2))}
    group = rng.choice(["control", "discount", "reminder"], n)
    chance = 0.15 + np.select([group == "discount", group == "reminder"], [effects["discount"], effects["reminder"]], 0)
    frame = pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "campaign": "spring", "group": group,
                          "cost": np.select([group == "discount", group == "reminder"], [3.0, 1.0], 0.0),
                          "bought": (rng.random(n) < chance).astype(int), "recency_days": recency,
                          "orders_before": orders_before, "revenue_before": orders_before * 60.0,
                          "tenure_days": recency + rng.uniform(0, 700, n)})
    return frame, effects


def test_the_best_arm_per_customer_beats_each_arm_alone_and_its_estimate_holds_the_truth():
    from retention_kit.targeting import best_arms

    outcomes, effects = _two_mails()
    targeting = rk.target_next(outcomes, budget_share=40, margin=0.3)
    table = targeting.comparison
    assert list(table.index) == ["best_arm", "only:discount", "only:reminder", "random", "nothing"]
    value = targeting.frame["value"].to_numpy()
    costs = {"discount": 3.0, "reminder": 1.0}
    budget = int(round(len(outcomes) * 0.40))

    def true_profit(sent):
        gains = [value[i] * effects[arm][i] - costs[arm] for i, arm in enumerate(sent) if arm is not None]
        return sum(gains)

    truth = {"best_arm": true_profit(best_arms(targeting.arm_profit, budget)),
             **{f"only:{a}": true_profit(best_arms(targeting.arm_profit[[a]], budget)) for a in costs}}
    assert truth["best_arm"] > max(truth["only:discount"], truth["only:reminder"])
    row = table.loc["best_arm"]
    assert row.ci_low < truth["best_arm"] < row.ci_high
    assert row.incremental_profit > max(table.loc["only:discount", "ci_low"], table.loc["only:reminder", "ci_low"])
    assert table.loc["nothing", "incremental_profit"] == 0 and table.loc["nothing", "targeted"] == 0
    assert table.targeted.max() <= budget
    chosen = targeting.target_list()
    assert set(chosen.arm) == {"discount", "reminder"} and len(chosen) <= budget
    recent = chosen.merge(outcomes, on="customer_id").query("recency_days < 100")
    assert (recent.arm == "reminder").mean() > 0.8                  # the recently silent get the reminder
    assert set(targeting.curves) == {"discount", "reminder"} and min(targeting.auuc.values()) > 0


def test_the_page_table_of_several_arms_names_each_campaign_and_arm():
    campaigns, bought = two_arms()
    outcomes = rk.load_campaigns(campaigns, control="holdout").to_pandas()
    outcomes = outcomes.sort_values("customer_id", key=lambda c: c.str[1:].astype(int))
    table = evaluate_campaigns(outcomes.assign(bought=bought, revenue=[b * 30.0 for b in bought], cost=1.0))
    shown = ["treated", "controls", "retained_treatment", "retained_control", "effect", "ci_low", "ci_high",
             "incremental_customers", "incremental_revenue", "cost", "cost_per_retained", "roi"]
    html = rk.table(table[shown], "nl", title="table.campaigns").as_raw_html()
    assert "winter: Korting" in html and "winter: Herinnering" in html and "60,0" in html   # 12 of 20 bought


def test_an_effect_curve_stops_at_the_observation_end():
    orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "revenue": 10.0,
                           "order_date": ["2024-01-05", "2024-01-06", "2024-03-10"]})
    campaigns = pd.DataFrame({"customer_id": ["a", "b"], "campaign": "x", "sent_date": "2024-03-01",
                              "group": ["treatment", "control"]})
    curve = rk.campaign_curve(rk.load_orders(orders, observation_end="2024-03-31"), campaigns, "x")
    assert curve.index.max() == 30                                   # 1 to 31 March: 30 days observed
    assert curve.loc[9, "treatment"] == 100.0 and curve.loc[8, "treatment"] == 0.0 and curve["control"].max() == 0
