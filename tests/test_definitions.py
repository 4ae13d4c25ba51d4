"""The definition check: the headline retention under several definitions, checked by hand."""

import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import definitions
from retention_kit.definitions import definition_check


@pytest.fixture(scope="module")
def shop():
    return rk.load_orders(rk.make_demo_data(seed=3, n_customers=3_000).orders)


@pytest.fixture(scope="module")
def check(shop):
    return definition_check(shop, active_window_days=120, model=False)


def test_each_definition_by_hand(shop, check):
    orders = shop.to_pandas()
    month = pd.to_datetime(orders.order_date).dt.to_period("M")
    now, before = check.attrs["period"].to_period("M"), check.attrs["previous_period"].to_period("M")
    buyers = orders.assign(month=month).groupby("month").customer_id.apply(set)
    by_hand = {p: len(buyers[p] & buyers[p - 1]) / len(buyers[p - 1]) * 100 for p in (now, before)}
    assert check.loc["bought_again", ["now", "before"]].tolist() == pytest.approx([by_hand[now], by_hand[before]])
    for name, days in (("crr_window", 120), ("crr_window_half", 60), ("crr_window_double", 240)):
        kpis = rk.kpi_table(shop, active_window_days=days).set_index("period")
        assert check.loc[name, "now"] == pytest.approx(kpis.loc[check.attrs["period"], "retention_rate"])
    kpis = rk.kpi_table(shop, active_window_days=120).set_index("period")
    assert check.loc["kept_window", "before"] == pytest.approx(100 - kpis.loc[check.attrs["previous_period"], "churn_rate"])
    assert (check["change"] == check["now"] - check["before"]).all()


def test_a_definition_whose_change_points_the_other_way_is_flagged(shop, check, monkeypatch):
    headline_up = check.loc["crr_window", "change"] > 0
    falling = (30.0, 40.0) if headline_up else (40.0, 30.0)              # the opposite direction
    monkeypatch.setattr(definitions, "_bought_again", lambda *a: falling)
    flipped = definition_check(shop, active_window_days=120, model=False)
    assert flipped.loc["bought_again", "flips"] and not flipped.loc["crr_window", "flips"]
    assert "bought_again" in flipped.attrs["flipped"]
    assert not flipped.attrs["robust"]
    monkeypatch.setattr(definitions, "_bought_again", lambda *a: (35.0, 35.02))  # flatter than FLAT: no flip
    assert not definition_check(shop, active_window_days=120, model=False).loc["bought_again", "flips"]


def test_the_model_definition_is_the_mean_chance_alive(shop):
    check = definition_check(shop, active_window_days=120)
    end = definitions._period_end(check.attrs["period"], "M")
    rfm = rk.rfm_summary(shop, observation_end=end.date())
    model = rk.fit_bgnbd(rfm)
    expected = model.probability_alive(rfm.frequency, rfm.recency, rfm["T"]).mean() * 100
    assert check.loc["p_alive", "now"] == pytest.approx(expected)
    assert 0 < check.loc["p_alive", "before"] < 100


def test_too_young_a_log_gives_an_empty_table_that_says_why():
    orders = pd.DataFrame({"customer_id": ["a", "b", "a"], "order_date": ["2024-01-05", "2024-01-09", "2024-02-01"],
                           "revenue": 10.0})
    check = definition_check(orders, active_window_days=30, model=False)
    assert check.empty and check.attrs["robust"] is None
    assert "two complete periods with a complete base" in check.attrs["reason"]
    assert rk.notes.definition_note(check, "en") == ""
    assert "cannot be checked" in rk.tables.table(check, "en", empty="definitions.too_short").data


def test_the_note_names_the_definitions_that_disagree(check):
    flipped = check.copy()
    flipped.attrs = {**check.attrs, "robust": False, "flipped": ["bought_again"]}
    assert "opnieuw gekocht" in rk.notes.definition_note(flipped, "nl")
    robust = check.copy()
    robust.attrs = {**check.attrs, "robust": True, "flipped": []}
    note = rk.notes.definition_note(robust, "en")
    assert "The headline holds" in note and f"{check.attrs['period']:%Y-%m}" in note


def test_a_kpi_table_given_is_used_as_it_is(shop, check):
    kpis = rk.kpi_table(shop, active_window_days=120)
    assert definition_check(shop, active_window_days=120, model=False, kpis=kpis).equals(check)
    doctored = kpis.assign(retention_rate=kpis.retention_rate + 1.0)        # proves the table given is read
    assert definition_check(shop, active_window_days=120, model=False, kpis=doctored).loc["crr_window", "now"] == \
        pytest.approx(check.loc["crr_window", "now"] + 1.0)


def test_a_hand_made_log_where_definitions_disagree_flags_exactly_those():
    """Active window 60 days, June against May 2024, worked by hand:
    A, B buy on the 10th of every month; C, D the same until May; E on 5 January and 5 March.
    - crr_window: May: S = A-E (E's March order still counts on 30 April), E leaves -> 4 / 5 = 80 %;
      June: S = A-D, C and D's May orders still count on 30 June -> 100 %: up 20.
    - kept_window: 80 -> 100, up.  crr_window_half (30 days): May 4 / 4 = 100 %; June: C, D's May orders
      lapse on 8 June -> 2 / 4 = 50 %: down, a flip.  bought_again: April's four buyers all bought in
      May (100 %), May's four only two in June (50 %): down, a flip.
    - crr_window_double (120 days) is left out: the log is shorter than two such windows."""
    dates = {"A": [f"2024-{m:02d}-10" for m in range(1, 7)], "B": [f"2024-{m:02d}-10" for m in range(1, 7)],
             "C": [f"2024-{m:02d}-10" for m in range(1, 6)], "D": [f"2024-{m:02d}-10" for m in range(1, 6)],
             "E": ["2024-01-05", "2024-03-05"]}
    orders = pd.DataFrame([(c, d) for c, ds in dates.items() for d in ds], columns=["customer_id", "order_date"])
    check = definition_check(orders.assign(revenue=10.0), active_window_days=60, observation_end="2024-06-30",
                             model=False)
    assert check[["now", "before"]].to_dict("index") == {
        "crr_window": {"now": 100.0, "before": 80.0}, "crr_window_half": {"now": 50.0, "before": 100.0},
        "kept_window": {"now": 100.0, "before": 80.0}, "bought_again": {"now": 50.0, "before": 100.0}}
    assert check.attrs["flipped"] == ["crr_window_half", "bought_again"] and not check.attrs["robust"]
    assert str(check.attrs["period"].date()) == "2024-06-01"


def test_on_the_demo_the_headline_flips_only_under_half_the_window():
    """December 2025 against November: every definition rises but half the window. The autumn
    win-back of September won customers back with one order each; a 90-day window loses them from
    the base in December, the report's 180-day window keeps them."""
    check = definition_check(rk.load_dataset("demo").orders)
    assert list(check.index) == list(definitions.DEFINITIONS)
    assert check.attrs["flipped"] == ["crr_window_half"] and not check.attrs["robust"]
    assert (check["change"].drop("crr_window_half") > definitions.FLAT).all()
