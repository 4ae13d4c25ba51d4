"""Retention models on tenures: published sBG values, the BdW survivor function computed another way,
the closed-form DERL, and the subscription demo's known truth."""

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special, stats

import retention_kit as rk
from retention_kit.contracts import (RetentionModel, contract_clv, fit_retention_model, retention_forecast,
                                     tenures_from_lifetimes, tenures_from_survivors)
from retention_kit.demo_subscriptions import make_subscription_demo

# Fader & Hardie (2007), "How to project customer retention", Table 1 and section 4
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


@pytest.mark.parametrize("survivors, alpha, beta", [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)])
def test_sbg_on_tenures_reproduces_fader_hardie_2007(survivors, alpha, beta):
    model = fit_retention_model(tenures_from_survivors(survivors), "sbg")
    assert model.params["alpha"] == pytest.approx(alpha, abs=0.0015)
    assert model.params["beta"] == pytest.approx(beta, abs=0.0015)


def test_bdw_survivor_function_equals_the_integral_over_the_beta_mixture():
    model = RetentionModel(params={"alpha": 0.8, "beta": 5.0, "c": 0.7}, std_errors={}, log_likelihood=0.0, n=1,
                           converged=True, kind="bdw")
    for t in (1, 4, 12, 30):
        mixed, _ = integrate.quad(lambda q: (1 - q) ** (t ** 0.7) * stats.beta.pdf(q, 0.8, 5.0), 0, 1)
        assert model.survival(t) == pytest.approx(mixed, rel=1e-6)


def test_bdw_with_c_one_is_the_sbg_and_fits_at_least_as_well():
    tenures = tenures_from_survivors(REGULAR)
    sbg, bdw = fit_retention_model(tenures, "sbg"), fit_retention_model(tenures, "bdw")
    as_sbg = RetentionModel(params={**sbg.params, "c": 1.0}, std_errors={}, log_likelihood=0.0, n=1,
                            converged=True, kind="bdw")
    assert np.allclose(as_sbg.survival(np.arange(10)), sbg.survival(np.arange(10)))
    assert bdw.log_likelihood >= sbg.log_likelihood - 1e-6


def test_expected_remaining_lifetime_matches_the_closed_form_derl():
    """Fader & Hardie (2010): DERL after n renewals = B(a, b+n+1)/B(a, b+n) * 2F1(1, b+n+1; a+b+n+1; 1/(1+d))."""
    a, b, d = 0.704, 1.182, 0.1
    model = RetentionModel(params={"alpha": a, "beta": b}, std_errors={}, log_likelihood=0.0, n=1, converged=True)
    for n in (0, 3, 10):
        closed = np.exp(special.betaln(a, b + n + 1) - special.betaln(a, b + n)) * special.hyp2f1(
            1, b + n + 1, a + b + n + 1, 1 / (1 + d))
        assert model.expected_remaining(n, discount=d, horizon=5000)[0] == pytest.approx(closed, rel=1e-4)


@pytest.fixture(scope="module")
def demo():
    demo = make_subscription_demo(n_customers=20_000, seed=7)
    data = rk.load_dataset(subscriptions=demo.subscriptions, customers=demo.customers, observation_end="2025-12-31")
    return demo, data


def test_bdw_recovers_the_demo_plans_duration_dependence(demo):
    truth, data = demo
    life = rk.survival_frame(data.subscriptions)
    for plan in ("Basis", "Plus"):
        model = fit_retention_model(tenures_from_lifetimes(life[life.plan == plan]), "bdw")
        low, high = model.summary().loc["c", ["ci_low", "ci_high"]]
        assert low < truth.truth.plans.loc[plan, "c"] < high
        # the cohort's projected survival at three years is the plan's true one within 3 points
        assert model.survival(36) == pytest.approx(truth.truth.cohort_survival(plan, 36), abs=0.03)


def test_the_holdout_favours_the_tenure_dependent_model_and_it_tracks_the_truth(demo):
    truth, data = demo
    forecast = retention_forecast(data.subscriptions, holdout_periods=12)
    assert forecast.best == "bdw"  # the demo's churn falls with tenure (c = 0.8)
    cal = rk.subscription_lifetimes(data.subscriptions, observation_end=forecast.calibration_end)
    expected = truth.truth.expected_survivors(cal, 12)
    for kind in ("sbg", "bdw"):  # both within 3 % of the true expectation over a year; BdW closer at its end
        assert np.all(np.abs(forecast.tracking[kind].to_numpy() - expected) / expected < 0.03)
    assert abs(forecast.tracking["bdw"].iloc[-1] - expected[-1]) < abs(forecast.tracking["sbg"].iloc[-1] - expected[-1])
    # the true expectation and what happened differ by chance only (a few standard deviations)
    actual = forecast.tracking["actual"].to_numpy()
    assert np.all(np.abs(actual - expected) < 4 * np.sqrt(expected))


def test_contract_clv_per_plan_has_intervals_around_its_estimate(demo):
    truth, data = demo
    life = rk.survival_frame(data.subscriptions)
    model = fit_retention_model(tenures_from_lifetimes(life), "bdw")
    table = contract_clv(model, life, by="plan", margin=0.6, draws=100)
    assert list(table.index) == ["Basis", "Plus", "Premium"]
    assert (table.ci_low < table.clv_per_subscriber).all() and (table.clv_per_subscriber < table.ci_high).all()
    assert np.allclose(table.clv_total, table.clv_per_subscriber * table.subscribers)
    # value per subscriber rises with the plan's price
    assert table.clv_per_subscriber.is_monotonic_increasing
    # fitted per plan, each plan's expected months in the next five years are its true ones within 5 %
    per_plan = contract_clv("bdw", life, by="plan", draws=20)
    assert per_plan.own_model.all()
    for plan, row in per_plan.iterrows():
        members = life[life.plan == plan]
        true_months = truth.truth.expected_survivors(members, 60).sum() / (~members.event).sum()
        assert row.expected_remaining == pytest.approx(true_months, rel=0.05), plan
    # by hand for one subscriber: remaining periods x MRR x margin
    one = life[~life.event].iloc[[0]]
    n = np.floor(one.duration.iloc[0] / 30.4375 + 1e-9)
    monthly = 1.1 ** (30.4375 / 365.25) - 1
    by_hand = model.expected_remaining(n, discount=monthly)[0] * one.mrr.iloc[0] * 0.6
    assert contract_clv(model, one, margin=0.6, draws=20).clv_total.iloc[0] == pytest.approx(by_hand)
