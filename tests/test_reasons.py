"""Churn reasons: taxonomy mapping, shares and lost revenue by hand, competing risks, the demo truth."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import retention_kit as rk
from retention_kit import reasons as R


@pytest.mark.parametrize("text, category", [
    ("te duur", "price"), ("Verzendkosten te hoog", "price"), ("too expensive", "price"),
    ("klantenservice reageerde niet", "service"), ("rude staff on the phone", "service"),
    ("found a cheaper shop", "better_offer"), ("Concurrent is goedkoper", "better_offer"),
    ("Kwaliteit viel tegen", "quality"), ("items broke quickly", "quality"),
    ("app werkt niet goed", "convenience"), ("website is hard to use", "convenience"),
    ("Verhuisd naar het buitenland", "involuntary"), ("no longer needed", "no_longer_needed"),
])
def test_english_and_dutch_texts_map_onto_the_taxonomy(text, category):
    assert R.normalize_reasons(pd.Series([text])).categories.iloc[0] == category


def test_unmapped_texts_are_counted_and_listed_never_dropped():
    texts = pd.Series(["te duur", "blah", "blah", None, "  ", "happy customer"])
    mapped = R.normalize_reasons(texts)
    assert mapped.categories.tolist()[:3] == ["price", "unmapped", "unmapped"]
    assert mapped.categories.isna().tolist()[3:5] == [True, True]     # no reason given stays missing
    assert mapped.categories.iloc[5] == "unmapped"                    # 'app' matches whole words only
    assert mapped.unmapped.set_index("text")["count"].to_dict() == {"blah": 2, "happy customer": 1}
    assert mapped.unmapped_count == 3


def test_user_keywords_extend_the_mapping():
    mapped = R.normalize_reasons(pd.Series(["blah"]), mapping={"service": ["blah"]})
    assert mapped.categories.iloc[0] == "service"


def hand_churn():
    customers = pd.DataFrame({
        "customer_id": ["a", "b", "c", "d", "e"],
        "signup_date": ["2023-01-01"] * 5,
        "churn_date": ["2024-03-01", "2024-06-15", "2024-06-20", None, "2024-09-01"],
        "churn_reason": ["te duur", "too expensive", "klantenservice reageerde niet", None, "qwerty"],
        "channel": ["email", "social", "email", "email", "social"],
    })
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "b", "c", "c", "d", "e"],
        "order_date": ["2023-01-01", "2024-02-01", "2023-03-01", "2023-08-01", "2024-06-01", "2024-01-01", "2024-08-01"],
        "revenue": [500.0, 100.0, 80.0, 40.0, 60.0, 10.0, 25.0],
    })
    return customers, orders


def test_shares_and_lost_revenue_by_hand():
    customers, orders = hand_churn()
    churned = R.churned_customers(customers, orders)
    # a: only the 2024-02-01 order lies within 12 months of churn (100); b: 2023-03-01 is > 365 days before (0);
    # c: 40 + 60; e: 25 (text 'qwerty' is unmapped)
    assert churned.set_index("customer_id").lost_revenue_12m.to_dict() == {"a": 100.0, "b": 0.0, "c": 100.0, "e": 25.0}
    table = R.reason_table(churned)
    assert table.loc["price", ["customers", "share", "lost_revenue_12m"]].tolist() == [2, 50.0, 100.0]
    assert table.loc["service", ["customers", "share", "lost_revenue_12m"]].tolist() == [1, 25.0, 100.0]
    assert table.loc["unmapped", "customers"] == 1
    pareto = R.pareto_table(churned)
    assert pareto.cumulative_share.tolist() == pytest.approx([100 / 2.25, 200 / 2.25, 100.0])
    assert R.reasons_to_fix(pareto, 70) == list(pareto.index[:2])
    # 'qwerty' is unmapped: not a reason to fix; price 100 + 100 of the 200 placed, then service 100
    assert rk.notes.fix_first(pareto, 70).endswith(" together account for 100% of the revenue lost to reasons the "
                                                   "business can act on (target 70%).")
    assert rk.notes.fix_first(pareto, 40, "nl").startswith("Pak dit eerst aan: ")
    assert rk.notes.fix_first(pareto, 40, "nl").endswith(" is goed voor 50% van de omzet die verloren ging om redenen "
                                                         "waar het bedrijf iets aan kan doen (doel 40%).")


def test_reason_table_by_segment_shares_sum_to_100():
    customers, orders = hand_churn()
    table = R.reason_table(R.churned_customers(customers, orders, by="channel"), by="channel")
    assert table.groupby(level=0).share.sum().tolist() == [100.0, 100.0]


def test_trend_flags_the_incomplete_period():
    customers, orders = hand_churn()
    trend = R.reason_trend(R.churned_customers(customers, orders), period="Q", observation_end="2024-09-15")
    assert trend.complete.tolist() == [True, True, False]
    assert trend.loc["2024-04-01", "price"] == 1 and trend.loc["2024-04-01", "price_share"] == 50.0


def test_cumulative_incidences_add_up_to_one_minus_kaplan_meier():
    rng = np.random.default_rng(3)
    n = 3000
    days = np.floor(rng.exponential(300, n))                       # whole days: many ties, some at day 0
    censor = np.floor(rng.uniform(0, 900, n))
    churned = days <= censor
    reasons = pd.Series(np.where(churned, rng.choice(list(R.REASON_CATEGORIES), n), None))
    risks = R.competing_risks(pd.Series(np.minimum(days, censor)), reasons)
    assert abs(risks.incidence.iloc[-1].sum() - risks.overall_km.iloc[-1]) < 1e-6
    # each reason alone through 1 - KM (other reasons censored) overstates its incidence
    from lifelines import KaplanMeierFitter

    price = reasons == "price"
    naive = 1 - KaplanMeierFitter().fit(np.minimum(days, censor), price).survival_function_.iloc[-1, 0]
    assert naive > risks.incidence["price"].iloc[-1] + 0.01


def test_demo_reason_mix_matches_the_truth_within_sampling_error(demo):
    """All demo texts map to their true category; the observed mix fits the expected one (chi-square p > 0.001)."""
    churned = R.churned_customers(demo.customers, demo.orders)
    truth = demo.truth.customers.set_index("customer_id")
    assert (churned.set_index("customer_id").reason == truth.churn_category.reindex(churned.customer_id)).all()
    people = truth.loc[churned.customer_id]
    channel = demo.customers.set_index("customer_id").channel.loc[churned.customer_id]
    probs = demo.truth.reason_probabilities.set_index(["channel", "satisfaction"])
    keys = list(zip(channel, np.where(people.satisfaction < -0.5, "unhappy", "other")))
    drawn = list(probs.columns)                                         # the demo's own categories
    assert set(churned.reason) <= set(drawn) <= set(R.REASON_CATEGORIES)
    expected = probs.loc[keys].sum().reindex(drawn)
    observed = churned.reason.value_counts().reindex(drawn, fill_value=0)
    assert stats.chisquare(observed, expected * observed.sum() / expected.sum()).pvalue > 0.001


def test_satisfaction_link_detractors_churn_more(demo):
    table = R.satisfaction_link(demo.customers, demo.surveys)
    assert table.loc["detractor", "churn_share"] > table.loc["promoter", "churn_share"]
    assert (table.churn_ci_low <= table.churn_share).all() and (table.churn_share <= table.churn_ci_high).all()


def test_dutch_labels_translate_reasons_not_segments():
    customers, orders = hand_churn()
    table = R.reason_table(R.churned_customers(customers, orders, by="channel"), by="channel")
    shown = rk.tables.cells(table, "nl", index="reason")
    assert set(shown["channel"]) == {"email", "social"}
    assert "prijs en kosten" in set(shown["reden"]) and "klanten" in shown.columns


def test_unmapped_reasons_shown_in_reports_hold_no_ids_mails_or_phone_numbers():
    import retention_kit as rk

    customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "churn_date": ["2024-02-01"] * 3,
                              "churn_reason": ["klant C004417 wil weg", "mail jan@example.nl", "bel 06-12345678"]})
    texts = rk.unmapped_reasons(customers).text.tolist()
    assert sorted(texts) == ["bel [phone]", "klant [number] wil weg", "mail [e-mail]"]

