"""Campaigns measured on any outcome: an event log (visits, opens) next to buying again."""

import pandas as pd
import pytest

import retention_kit as rk
from retention_kit.campaigns import campaign_outcomes, evaluate_campaigns

SENT = "2024-03-01"


def shop(tmp_path):
    """Eight customers (text ids), four mailed and four held back, an order each in January. After
    the sending (14-day horizon): two mailed customers and one held-back customer buy; three mailed
    and one held-back customer visit the site. Visits on the day of sending, after the horizon or
    of another kind ("open") do not count. The event log is a CSV export with times of day."""
    ids = [f"C{i:04d}" for i in range(8)]
    orders = pd.DataFrame({"customer_id": ids + ["C0000", "C0001", "C0004"], "revenue": 20.0,
                           "order_date": ["2024-01-05"] * 8 + ["2024-03-05", "2024-03-10", "2024-03-07"]})
    campaigns = pd.DataFrame({"customer_id": ids, "campaign": "spring", "sent_date": SENT,
                              "group": ["treatment"] * 4 + ["control"] * 4})
    visits = pd.DataFrame({
        "customer_id": ["C0000", "C0000", "C0001", "C0002", "C0004", "C0003", "C0005", "C0006", "C0007"],
        "event": ["visit", "visit", "visit", "visit", "visit", "open", "visit", "visit", "visit"],
        "event_date": ["2024-03-02 09:12", "2024-03-03 21:40", "2024-03-14 10:00", "2024-03-06 08:30",
                       "2024-03-04 12:00", "2024-03-02 07:00", "2024-03-01 15:00", "2024-03-16 11:00",
                       "2024-02-20 10:00"],
        "value": [3.0, 2.0, 5.0, 1.0, 4.0, 9.0, 9.0, 9.0, 9.0]})
    path = tmp_path / "visits.csv"
    visits.to_csv(path, index=False)
    return orders, campaigns, path


def test_visits_give_their_own_effect_next_to_the_purchase_effect_by_hand(tmp_path):
    orders, campaigns, visits = shop(tmp_path)
    bought = campaign_outcomes(orders, campaigns, horizon_days=14)
    visited = campaign_outcomes(orders, campaigns, horizon_days=14, events=visits, event="visit")
    assert (bought.attrs["outcome"], visited.attrs["outcome"]) == ("purchase", "visit")
    assert evaluate_campaigns(visited).attrs["outcome"] == "visit"
    both = pd.concat({"purchase": evaluate_campaigns(bought), "visit": evaluate_campaigns(visited)})
    assert both.loc[("purchase", "spring"), "retained_treatment"] == 50.0   # C0000, C0001 of four
    assert both.loc[("purchase", "spring"), "retained_control"] == 25.0     # C0004
    assert both.loc[("purchase", "spring"), "effect"] == 25.0
    assert both.loc[("visit", "spring"), "retained_treatment"] == 75.0      # C0000, C0001, C0002
    assert both.loc[("visit", "spring"), "retained_control"] == 25.0        # C0004
    assert both.loc[("visit", "spring"), "effect"] == 50.0
    per = visited.set_index("customer_id")
    assert per.loc["C0000", "orders"] == 2 and per.loc["C0000", "revenue"] == 5.0   # two visits, their value
    assert per.loc["C0003", "bought"] == 0                                          # an open is not a visit
    assert per.loc["C0005", "bought"] == 0 and per.loc["C0006", "bought"] == 0      # sending day, after horizon
    assert per.loc["C0000", "orders_before"] == 1                                   # behaviour from the orders
    assert both.loc[("visit", "spring"), "revenue_treatment"] == pytest.approx((5 + 5 + 1 + 0) / 4)


def test_every_event_counts_without_a_kind_and_a_missing_kind_is_named(tmp_path):
    orders, campaigns, visits = shop(tmp_path)
    every = campaign_outcomes(orders, campaigns, horizon_days=14, events=visits).set_index("customer_id")
    assert every.loc["C0003", "bought"] == 1                                         # the open counts now
    with pytest.raises(rk.DataError, match=r"no event is of kind 'vist'.*'open', 'visit'"):
        campaign_outcomes(orders, campaigns, events=visits, event="vist")
    no_kind = pd.read_csv(visits).drop(columns="event")
    with pytest.raises(rk.DataError, match=r"no column 'event'.*columns=\{'YourName': 'event'\}"):
        campaign_outcomes(orders, campaigns, events=no_kind, event="visit")
