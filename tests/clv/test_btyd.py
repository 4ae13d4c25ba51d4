"""Pareto/NBD and BG/BB reproduce their papers; BG/NBD's published conditional expectation."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import retention_kit as rk
from retention_kit.clv import (BetaGeoBetaBinomModel, BetaGeoModel, ParetoNBDModel, fit_bgbb, fit_pareto_nbd,
                               rfm_discrete)

DATA = Path(__file__).parent.parent / "data"


def test_pareto_nbd_reproduces_fader_hardie_lee_2005():
    model = fit_pareto_nbd(pd.read_csv(DATA / "cdnow_customers_summary.csv"))
    assert model.params["r"] == pytest.approx(0.553, abs=0.001)
    assert model.params["alpha"] == pytest.approx(10.578, abs=0.002)
    assert model.params["s"] == pytest.approx(0.606, abs=0.001)
    assert model.params["beta"] == pytest.approx(11.669, abs=0.005)
    assert model.log_likelihood == pytest.approx(-9595.0, abs=0.05)
    assert model.identified


def test_bgnbd_conditional_expectation_of_the_paper():
    # Fader, Hardie & Lee (2005), BG/NBD paper, section 5: x = 2, t_x = 30.43, T = 38.86, 39 weeks ahead
    model = BetaGeoModel({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, {}, 0.0, 2357, True)
    assert model.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=0.001)


def _prior_grid(distribution, points=4000):
    """Midpoints in probability of `distribution`: a mean over them integrates against its density."""
    return distribution.ppf((np.arange(points) + 0.5) / points)


def _pareto_nbd_by_integration(params, x, tx, T, t):
    """P(alive) and E[purchases in (T, T+t]], integrating over lambda and mu (no closed form used)."""
    r, alpha, s, beta = params
    lam = _prior_grid(stats.gamma(r, scale=1 / alpha))[:, None]
    mu = _prior_grid(stats.gamma(s, scale=1 / beta))[None, :]
    alive = lam ** x * np.exp(-(lam + mu) * T)                                  # alive to T
    died = lam ** x * mu / (lam + mu) * (np.exp(-(lam + mu) * tx) - np.exp(-(lam + mu) * T))  # died in (t_x, T)
    evidence = (alive + died).mean()
    buys = (alive * lam / (lam + mu) * (1 - np.exp(-(lam + mu) * t))).mean() / evidence
    return alive.mean() / evidence, (alive * lam / mu * (1 - np.exp(-mu * t))).mean() / evidence, buys


def test_pareto_nbd_predictions_match_numerical_integration():
    model = ParetoNBDModel({"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}, {}, 0.0, 2357, True)
    for x, tx, T in [(2, 30.43, 38.86), (0, 0.0, 38.86), (7, 35.0, 38.86)]:
        alive, future, buys = _pareto_nbd_by_integration(list(model.params.values()), x, tx, T, 39)
        assert model.probability_alive(x, tx, T) == pytest.approx(alive, rel=2e-3)
        assert model.probability_purchase(39, x, tx, T) == pytest.approx(buys, rel=1e-2)
        assert model.expected_purchases(39, x, tx, T) == pytest.approx(future, rel=2e-3)


def test_bgbb_reproduces_fader_hardie_shang_2010():
    donations = pd.read_csv(DATA / "donations.csv")
    assert donations.weights.sum() == 11_104 and donations.periods.unique().tolist() == [6]
    model = fit_bgbb(donations)
    expected = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    for name, value in expected.items():
        assert model.params[name] == pytest.approx(value, abs=0.001), name
    assert model.log_likelihood == pytest.approx(-33225.6, abs=0.1)


def _bgbb_by_integration(params, x, tx, n, future):
    """P(alive at n+1) and E[transactions in the next `future` opportunities], integrating over p and theta."""
    a, b, g, d = params
    p = _prior_grid(stats.beta(a, b))[:, None]
    th = _prior_grid(stats.beta(g, d))[None, :]
    alive = p ** x * (1 - p) ** (n - x) * (1 - th) ** n
    died = sum(p ** x * (1 - p) ** (tx - x + i) * th * (1 - th) ** (tx + i) for i in range(int(n - tx)))
    evidence = (alive + died).mean()
    expected = (alive * sum(p * (1 - th) ** k for k in range(1, future + 1))).mean() / evidence
    return (alive * (1 - th)).mean() / evidence, expected


def test_bgbb_predictions_match_numerical_integration():
    params = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
    model = BetaGeoBetaBinomModel(params, {}, 0.0, 11_104, True)
    for x, tx, n in [(6, 6, 6), (3, 4, 6), (0, 0, 6), (1, 1, 6)]:
        alive, expected = _bgbb_by_integration(list(params.values()), x, tx, n, 5)
        assert model.probability_alive(x, tx, n) == pytest.approx(alive, rel=1e-3)
        assert model.expected_purchases(5, x, tx, n) == pytest.approx(expected, rel=1e-3)


def test_rfm_discrete_counts_yearly_opportunities_by_hand():
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "b", "c"],
        "order_date": ["2020-01-10", "2021-02-01", "2021-03-01", "2023-01-20", "2020-06-01", "2023-01-01"],
        "revenue": [10.0] * 6,
    })
    table = rfm_discrete(orders, opportunities=3, observation_end="2023-12-31")
    # a: years 1 and 3 after the first order -> x = 2, t_x = 3; b: nothing after -> 0, 0; c: too young to count
    assert table.to_dict("records") == [{"frequency": 0, "recency": 0, "periods": 3, "weights": 1},
                                        {"frequency": 2, "recency": 3, "periods": 3, "weights": 1}]


def test_bgbb_refuses_impossible_rows():
    with pytest.raises(ValueError, match="recency"):
        fit_bgbb(pd.DataFrame({"frequency": [3], "recency": [2], "periods": [6]}))


def test_a_covariate_without_effect_reproduces_the_fit_without_covariates():
    rfm = pd.read_csv(DATA / "cdnow_customers_summary.csv", index_col="ID")
    noise = pd.DataFrame({"group": np.random.default_rng(1).choice(["a", "b", "c"], len(rfm))}, index=rfm.index)
    plain, model = rk.fit_bgnbd(rfm), rk.fit_bgnbd(rfm, covariates=noise)
    for name in ("r", "alpha", "a", "b"):
        assert model.params[name] == pytest.approx(plain.params[name], rel=0.05), name
    table = model.summary()
    effects = table.loc[[n for n in table.index if ":" in n]]
    assert len(effects) == 4 and ((effects.ci_low < 0) & (effects.ci_high > 0)).all()
    assert model.lr_test["df"] == 4 and model.lr_test["p_value"] > 0.5


@pytest.mark.parametrize("fit", [rk.fit_bgnbd, rk.fit_pareto_nbd])
def test_channel_effects_on_dropout_have_the_demo_shops_true_sign(demo, fit):
    data = rk.load_dataset(demo.orders, demo.customers)
    rfm = rk.rfm_summary(data.orders)
    model = fit(rfm, covariates=demo.customers[["customer_id", "channel"]])
    # the demo tilts social towards high dropout and referral towards low (demo._CHANNEL_DROPOUT_TILT)
    assert model.coefficients["dropout: channel=social"] > 0 > model.coefficients["dropout: channel=referral"]
    assert model.lr_test["p_value"] < 0.001
    reference = model.probability_alive(rfm.frequency, rfm.recency, rfm["T"])
    by_customer = model.probability_alive(rfm.frequency, rfm.recency, rfm["T"],
                                          covariates=demo.customers.set_index("customer_id").loc[rfm.index, ["channel"]])
    assert not np.allclose(reference, by_customer)


def test_covariates_must_cover_every_customer():
    rfm = pd.read_csv(DATA / "cdnow_customers_summary.csv", index_col="ID")
    with pytest.raises(ValueError, match="2,356 customers of the RFM table have no row"):
        rk.fit_bgnbd(rfm, covariates=pd.DataFrame({"group": ["a"]}, index=[1]))


def test_bgbb_plot_shows_p_alive_for_every_possible_history():
    model = fit_bgbb(pd.read_csv(DATA / "donations.csv"))
    ax = rk.plots.bgbb_alive_plot(model, 6, lang="nl")
    assert ax.get_title() == "Nog actief bij de volgende kans (BG/BB)"
    values = [float(t.get_text()) for t in ax.texts]
    assert len(values) == 22                                     # the 22 possible (x, t_x) of six opportunities
    assert max(values) == pytest.approx(model.probability_alive(6, 6, 6)[0] * 100, abs=0.5)


def _steady_buyers(n=2000, seed=3):
    """A year of customers who buy at their own Poisson rate and never stop."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(0.9, 1 / 10, n) * 52) + 1
    customer = np.repeat(np.arange(n), counts)
    day = rng.integers(0, 364, customer.size)
    return pd.DataFrame({"customer_id": customer.astype(str), "revenue": 10.0,
                         "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(day, "D")})


def test_a_pareto_nbd_fit_on_a_ridge_stops_within_its_budget_and_names_the_free_parameters(monkeypatch):
    """Nobody drops out: the dropout rate's shape and scale (s, beta) grow without end along a ridge.
    The search stops within its budget of evaluations (whatever the machine's speed) and reports them
    as not identified."""
    from retention_kit.clv import UnidentifiedModelWarning, rfm_summary
    from retention_kit.clv.models import base as clv
    from retention_kit.clv.models.base import EVALUATIONS_PER_PARAMETER

    calls = []
    counted = clv._Timed.__call__
    monkeypatch.setattr(clv._Timed, "__call__", lambda self, x: calls.append(1) or counted(self, x))
    rfm = rfm_summary(_steady_buyers())
    with pytest.warns(UnidentifiedModelWarning):
        model = fit_pareto_nbd(rfm)
    assert len(calls) <= EVALUATIONS_PER_PARAMETER * 5 + 5   # the search's budget (a step may finish), Hessian apart
    assert {"s", "beta"} & set(model.unidentified)
    assert "r" not in model.unidentified and "alpha" not in model.unidentified  # purchase rates are pinned down


def _pareto_nbd_customers(n, r, alpha, s, beta, seed=1):
    """RFM of `n` customers drawn from the Pareto/NBD model itself: gamma purchase and dropout rates,
    exponential lifetimes, Poisson purchases while alive, 1 to 78 weeks of observation, days."""
    rng = np.random.default_rng(seed)
    rate, dropout = rng.gamma(r, 1 / alpha, n), rng.gamma(s, 1 / beta, n)
    T = rng.integers(7, 78 * 7, n) / 7
    alive_until = np.minimum(rng.exponential(1 / dropout), T)
    x = rng.poisson(rate * alive_until)
    last = alive_until * rng.beta(np.maximum(x, 1), 1)  # the latest of x uniform purchase times
    return pd.DataFrame({"frequency": x.astype(float), "recency": np.where(x > 0, np.floor(last * 7) / 7, 0.0),
                         "T": T})


def test_a_pareto_nbd_fit_on_data_from_the_model_converges_and_finds_the_true_parameters():
    """50,000 customers (the fit sample size) drawn with CDNOW's parameters: the fit converges, every parameter is identified
    and each true value lies within three standard errors of its estimate."""
    truth = {"r": 0.55, "alpha": 10.6, "s": 0.6, "beta": 11.7}
    model = fit_pareto_nbd(_pareto_nbd_customers(50_000, **truth))
    assert model.converged and model.identified
    for name, value in truth.items():
        assert abs(model.params[name] - value) < 3 * model.std_errors[name], name


def test_a_search_out_of_time_keeps_its_best_point_and_reports_the_ridge(monkeypatch):
    """With no time left after the first step, the fit is the best point seen, not converged, and the
    parameters along the flattest direction of the likelihood are named."""
    from retention_kit.clv.models import base as clv

    monkeypatch.setattr(clv, "FIT_SECONDS", 0.0)
    timed = clv._Timed.__init__                            # and no evaluations at the first one's pace either
    monkeypatch.setattr(clv._Timed, "__init__", lambda self, f, seconds, reserve, paced=0: timed(self, f, 0.0, reserve))
    ridge = lambda p: (p[0] - 1.0) ** 2 * 100 + (p[1] - p[2]) ** 2 * 100 + 1e-6 * (p[1] + p[2]) ** 2
    fitted = clv._fit(ridge, np.array([0.0, 2.0, 0.0]), ["r", "s", "beta"])
    assert not fitted["converged"]
    assert fitted["ridge"] == ["s", "beta"]
    assert -fitted["log_likelihood"] <= ridge(np.array([0.0, 2.0, 0.0]))


def test_a_search_that_walks_along_a_cap_stops_there_and_names_the_capped_parameter(monkeypatch):
    """The likelihood keeps rising as s grows (the data cannot tell its spread from none): the search
    stops once it sits at the cap of s, long before its budget of evaluations, and names s."""
    from retention_kit.clv.models import base as clv

    calls = []
    rising = lambda p: calls.append(1) or (p[0] - 1.0) ** 2 + np.exp(-p[1]) + (p[2] - p[1] / 2) ** 2
    fitted = clv._fit(rising, np.array([0.0, 0.0, 0.0]), ["r", "s", "beta"], upper={"s": np.exp(3.0)})
    assert not fitted["converged"] and "s" in fitted["ridge"] and "r" not in fitted["ridge"]
    assert np.log(fitted["params"]["s"]) == pytest.approx(3.0, abs=1e-3)
    assert len(calls) < clv.EVALUATIONS_PER_PARAMETER * 4 / 2


def test_mbgnbd_reproduces_the_published_cdnow_estimates():
    """Batislam, Denizel & Filiztekin (2007) on the CDNOW calibration summary: r 0.525, alpha 6.183,
    a 0.891, b 1.614."""
    from retention_kit.clv import fit_mbgnbd

    rfm = pd.read_csv(DATA / "cdnow_customers_summary.csv")
    model = fit_mbgnbd(rfm)
    assert model.params["r"] == pytest.approx(0.525, abs=0.001)
    assert model.params["alpha"] == pytest.approx(6.183, abs=0.002)
    assert model.params["a"] == pytest.approx(0.891, abs=0.001)
    assert model.params["b"] == pytest.approx(1.614, abs=0.001)
    assert model.identified
    # a one-time buyer can have left (BG/NBD says alive for sure): 1 / (1 + a / b (alpha + T) / alpha)^r... by hand
    r, alpha, a, b = model.params.values()
    assert model.probability_alive(0, 0, 38.86) == pytest.approx(1 / (1 + a / b * ((alpha + 38.86) / alpha) ** r))
    assert model.probability_alive(0, 0, 38.86) < 1 == BetaGeoModel(
        params=dict(r=r, alpha=alpha, a=a, b=b), std_errors={}, log_likelihood=0.0, n=1, converged=True
    ).probability_alive(0, 0, 38.86)
