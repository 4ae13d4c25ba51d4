"""CLV models reproduce published estimates; the RFM summary reproduces the published CDNOW summary."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk

from retention_kit import clv

DATA = Path(__file__).parent.parent / "data"


def cdnow_transactions():
    raw = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["sample_id", "customer_id", "date", "cds", "revenue"], dtype={"date": str})
    raw["order_date"] = pd.to_datetime(raw.date, format="%Y%m%d")
    return raw[["customer_id", "order_date", "revenue"]]


def test_rfm_summary_reproduces_the_published_cdnow_summary_for_every_customer():
    published = pd.read_csv(DATA / "cdnow_customers_summary.csv").set_index("ID")
    rfm = clv.rfm_summary(cdnow_transactions(), observation_end="1997-09-30")
    rfm.index = rfm.index.astype(int)  # ids are read as text; the published table numbers them
    rfm = rfm.loc[published.index]
    assert len(rfm) == len(published) == 2357
    assert (rfm.frequency == published.frequency).all()
    assert (rfm.recency.round(2) == published.recency).all()
    assert (rfm["T"].round(2) == published["T"]).all()


@pytest.mark.parametrize("order_ids", [False, True])
def test_rfm_summary_with_a_holdout_by_hand(order_ids):
    """Same-day orders are one transaction, in the calibration period and in the holdout; a
    customer without holdout orders has zeros there; one who first buys in the holdout is left out.
    Without order ids an order is a customer-day already; with them, a day's orders are merged."""
    orders = pd.DataFrame({
        "customer_id": ["a"] * 6 + ["b", "c"],
        "order_date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-05", "2024-02-05", "2024-02-10",
                       "2024-01-20", "2024-02-01"],
        "revenue": [5.0, 5.0, 20.0, 7.0, 3.0, 10.0, 7.0, 9.0]})
    if order_ids:
        orders["order_id"] = range(1, len(orders) + 1)
    rfm = clv.rfm_summary(orders, observation_end="2024-02-29", calibration_end="2024-01-31", time_unit="D")
    assert list(rfm.index) == ["a", "b"]
    a, b = rfm.loc["a"], rfm.loc["b"]
    assert (a.frequency, a.recency, a["T"], a.monetary_value) == (1, 14, 30, 20.0)
    assert (a.frequency_holdout, a.monetary_value_holdout, a.duration_holdout) == (2, 10.0, 29)
    assert (b.frequency, b.recency, b["T"], b.monetary_value) == (0, 0, 11, 0.0)
    assert (b.frequency_holdout, b.monetary_value_holdout) == (0, 0.0)


def test_a_large_base_is_summarised_in_passes_by_customer_with_the_same_result(monkeypatch):
    frame = rk.make_demo_data(seed=3, n_customers=2_000).orders
    orders = rk.load_orders(frame)
    whole = clv.rfm_summary(orders, calibration_end="2025-06-30")
    monkeypatch.setattr(clv.rfm, "ORDERS_PER_PASS", orders.rows_used // 3)   # four passes
    parts = clv.rfm_summary(rk.load_orders(frame), calibration_end="2025-06-30")  # loaded again: not the one kept
    pd.testing.assert_frame_equal(whole, parts)
    customers = orders.table.select("customer_id").distinct()
    shares = clv.rfm.execute(clv.rfm._customer_share(customers.customer_id, 4).name("share").value_counts())
    assert sorted(shares["share"]) == [0, 1, 2, 3]                          # four passes of similar size
    assert shares["share_count"].between(0.15 * shares["share_count"].sum(), 0.35 * shares["share_count"].sum()).all()


def test_bgnbd_reproduces_fader_hardie_lee_2005():
    model = clv.fit_bgnbd(pd.read_csv(DATA / "cdnow_customers_summary.csv"))
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert model.params[name] == pytest.approx(value, abs=0.0015), name
    assert model.log_likelihood == pytest.approx(-9582.4, abs=0.1)   # the paper's LL


def test_gamma_gamma_reproduces_fader_hardie_2013():
    summary = pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")
    model = clv.fit_gamma_gamma(summary.rename(columns={"x": "frequency", "zbar": "monetary_value"}))
    for name, value in {"p": 6.25, "q": 3.74, "v": 15.44}.items():
        assert model.params[name] == pytest.approx(value, abs=0.01), name


@pytest.mark.parametrize("survivors, alpha, beta", [
    ([1000, 631, 468, 382, 326, 289, 262, 241], 0.704, 1.182),   # regular
    ([1000, 869, 743, 653, 593, 551, 517, 491], 0.668, 3.806),   # high end
])
def test_sbg_reproduces_fader_hardie_2007(survivors, alpha, beta):
    model = clv.fit_sbg(survivors)
    assert model.params["alpha"] == pytest.approx(alpha, abs=0.001)
    assert model.params["beta"] == pytest.approx(beta, abs=0.001)
    # retention rises with tenure: r(t) = (beta + t - 1) / (alpha + beta + t - 1)
    assert model.retention_rate(1) == pytest.approx(beta / (alpha + beta), abs=0.002)
    assert model.survival(7) * 1000 == pytest.approx(survivors[-1], rel=0.05)


def test_probability_alive_by_hand():
    model = clv.BetaGeoModel({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, {}, 0.0, 1, True)
    x, tx, T = 2, 30.43, 38.86
    odds = 0.793 / (2.426 + x - 1) * ((4.414 + T) / (4.414 + tx)) ** (0.243 + x)
    assert model.probability_alive(x, tx, T) == pytest.approx(1 / (1 + odds))
    assert model.probability_alive(0, 0, 38.86) == 1.0


def test_conditional_expectation_of_a_new_customer_equals_the_unconditional_one():
    model = clv.BetaGeoModel({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, {}, 0.0, 1, True)
    t = np.array([1.0, 10.0, 39.0, 78.0])
    assert model.expected_purchases(t, 0, 0, 0) == pytest.approx(model.expected_purchases(t))


def test_bgnbd_predicts_cdnow_holdout_purchases():
    """Calibrated on 39 weeks, BG/NBD forecasts the 39-week holdout: 1,653 predicted vs 1,882 actual
    repeat purchase days (-12%); per calibration frequency, more past purchases mean more future ones."""
    rfm = clv.rfm_summary(cdnow_transactions(), observation_end="1998-06-30", calibration_end="1997-09-30")
    model = clv.fit_bgnbd(rfm)
    predicted = model.expected_purchases(rfm.duration_holdout, rfm.frequency, rfm.recency, rfm["T"]).sum()
    assert predicted == pytest.approx(rfm.frequency_holdout.sum(), rel=0.15)
    by_x = pd.Series(model.expected_purchases(rfm.duration_holdout, rfm.frequency, rfm.recency, rfm["T"]))
    means = by_x.groupby(rfm.frequency.clip(upper=4).to_numpy()).mean()
    actual = rfm.frequency_holdout.groupby(rfm.frequency.clip(upper=4)).mean()
    assert means.is_monotonic_increasing and actual.is_monotonic_increasing


def test_demo_truth_is_recovered_within_sampling_error():
    from retention_kit.demo import make_demo_data

    demo = make_demo_data(seed=42, n_customers=20_000)
    before_launch = pd.Timestamp(demo.truth.loyalty_launch) - pd.Timedelta(days=1)
    rfm = clv.rfm_summary(demo.orders, observation_end=before_launch)
    bg, gg = clv.fit_bgnbd(rfm).summary(), clv.fit_gamma_gamma(rfm).summary()
    for name, value in demo.truth.bgnbd.items():
        assert bg.loc[name, "ci_low"] < value < bg.loc[name, "ci_high"], name
    for name, value in demo.truth.gamma_gamma.items():
        assert gg.loc[name, "ci_low"] < value < gg.loc[name, "ci_high"], name


def test_predict_clv_discounts_later_months():
    bg = clv.BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True)
    gg = clv.GammaGammaModel({"p": 6.0, "q": 4.0, "v": 30.0}, {}, 0.0, 1, True)
    rfm = pd.DataFrame({"frequency": [3], "recency": [20.0], "T": [30.0], "monetary_value": [50.0]})
    plain = clv.predict_clv(bg, gg, rfm, months=12, monthly_discount_rate=0.0).iloc[0]
    discounted = clv.predict_clv(bg, gg, rfm, months=12, monthly_discount_rate=0.01).iloc[0]
    assert plain / 1.01**12 < discounted < plain / 1.01
    assert gg.expected_spend(3, 50.0) == pytest.approx(6 * (30 + 150) / (18 + 4 - 1))   # p(v + x m) / (px + q - 1)


def test_sbg_rejects_increasing_counts():
    with pytest.raises(ValueError, match="non-increasing"):
        clv.fit_sbg([100, 120])


def test_simple_clv_per_group_by_hand():
    orders = pd.DataFrame({"customer_id": ["a", "b", "a", "a", "c", "d", "d"],
                           "order_date": ["2023-03-01", "2023-05-01", "2024-02-01", "2024-06-01", "2024-07-01",
                                          "2023-06-01", "2024-03-01"],
                           "revenue": [50.0, 40.0, 60.0, 40.0, 30.0, 10.0, 20.0]})
    customers = pd.DataFrame({"customer_id": list("abcd"), "channel": ["email", "email", "social", "social"]})
    t = clv.simple_clv(orders, by="channel", customers=customers, observation_end="2024-12-31")
    # email: recent a (60 + 40), prior a and b, b lost -> AOV 50, freq 2, churn 1/2, lifespan 2, CLV 200
    assert t.loc["email"].tolist() == pytest.approx([50.0, 2.0, 0.5, 2.0, 200.0])
    # social: recent c (30), d (20); prior d, kept -> churn 0, lifespan infinite
    assert t.loc["social", "average_order_value"] == 25.0 and t.loc["social", "yearly_churn_rate"] == 0.0
    fixed = clv.simple_clv(orders, by="channel", customers=customers, observation_end="2024-12-31", lifespan_years=3)
    assert fixed.loc["social", "clv"] == pytest.approx(25.0 * 1.0 * 3)


def test_a_model_the_data_cannot_pin_down_says_so():
    """A year of steady buyers who never stop: BG/NBD's dropout (a, b) is not identified; churn_risk
    would call every customer safe, so its result is marked unreliable and a warning is raised."""
    import retention_kit as rk

    rng = np.random.default_rng(3)
    rate = rng.gamma(0.9, 1 / 10, 2000)                      # purchases per week, nobody drops out
    counts = rng.poisson(rate * 52) + 1
    customer = np.repeat(np.arange(2000), counts)
    day = rng.integers(0, 364, customer.size)
    orders = pd.DataFrame({"customer_id": customer.astype(str),
                           "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(day, "D"), "revenue": 10.0})
    with pytest.warns(clv.UnidentifiedModelWarning, match="do not pin down .*a, b"):
        model = clv.fit_bgnbd(clv.rfm_summary(orders))
    assert {"a", "b"} <= set(model.unidentified) and not model.identified
    with pytest.warns(clv.UnidentifiedModelWarning):
        assert not rk.churn_risk(orders).reliable
    assert "Do not use these predictions" in rk.notes.model_note(model)
    assert clv.fit_bgnbd(pd.read_csv(DATA / "cdnow_customers_summary.csv")).identified


def test_simple_clv_groups_come_in_one_order():
    import retention_kit as rk

    orders = pd.DataFrame({"customer_id": list("abcdef"), "order_date": ["2024-01-05"] * 6, "revenue": 10.0,
                           "channel": ["social", "email", "search", "referral", "email", "social"]})
    customers = orders[["customer_id", "channel"]]
    orders_by = [rk.simple_clv(orders, by="channel", customers=customers).index.tolist() for _ in range(5)]
    assert orders_by == [["email", "referral", "search", "social"]] * 5


def test_the_demo_shops_model_is_identified(demo):
    import retention_kit as rk

    model = clv.fit_bgnbd(clv.rfm_summary(demo.orders))
    assert model.identified and rk.notes.model_note(model) == ""


def test_parameter_draws_follow_the_estimated_covariance():
    rfm = pd.read_csv(DATA / "cdnow_customers_summary.csv")
    model = clv.fit_bgnbd(rfm)
    logs = np.log([list(m.params.values()) for m in model.parameter_draws(4000, seed=3)])
    assert np.allclose(logs.mean(axis=0), np.log(list(model.params.values())), atol=0.02)
    assert np.allclose(np.cov(logs.T), model.log_covariance, rtol=0.1, atol=1e-4)


def test_clv_intervals_collapse_without_parameter_uncertainty_and_widen_with_it():
    bg = clv.BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True, log_covariance=np.eye(4) * 1e-12)
    gg = clv.GammaGammaModel({"p": 6.0, "q": 4.0, "v": 30.0}, {}, 0.0, 1, True, log_covariance=np.eye(3) * 1e-12)
    rfm = pd.DataFrame({"frequency": [0, 3], "recency": [0.0, 20.0], "T": [30.0, 30.0], "monetary_value": [0.0, 50.0]})
    tight = clv.clv_intervals(bg, gg, rfm, draws=50).customers
    assert np.allclose(tight.clv_ci_low, tight.clv, rtol=1e-4) and np.allclose(tight.clv_ci_high, tight.clv, rtol=1e-4)
    loose = clv.clv_intervals(replace(bg, log_covariance=np.eye(4) * 0.01), gg, rfm, draws=200).customers
    assert (loose.clv_ci_low < loose.clv).all() and (loose.clv < loose.clv_ci_high).all()
    assert (loose.p_alive_ci_low[1] < loose.p_alive[1] < loose.p_alive_ci_high[1]) and loose.p_alive[0] == 1.0


def test_group_intervals_from_draws_by_hand():
    index = pd.Index(list("abcd"), name="customer_id")
    draws = pd.DataFrame([[10.0, 12.0, 14.0], [20.0, 20.0, 26.0], [30.0, 40.0, 50.0], [50.0, 60.0, 70.0]], index=index)
    customers = pd.DataFrame({"customer_id": list("abcd"), "channel": ["email", "email", "social", "social"]})
    table = clv.clv_by_group(pd.Series([11.0, 21.0, 41.0, 61.0], index=index), customers, "channel", draws=draws)
    email = np.percentile([15.0, 16.0, 20.0], [2.5, 97.5])           # group means per draw: (10+20)/2, ...
    assert table.loc["email", ["ci_low", "ci_high"]].tolist() == pytest.approx(email.tolist())
    assert table.loc["social", "mean_clv"] == 51.0


def test_clv_intervals_stay_empty_when_the_parameters_have_no_covariance():
    bg = clv.BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True, log_covariance=None)
    gg = clv.GammaGammaModel({"p": 6.0, "q": 4.0, "v": 30.0}, {}, 0.0, 1, True, log_covariance=np.eye(3) * 0.01)
    rfm = pd.DataFrame({"frequency": [0, 3], "recency": [0.0, 20.0], "T": [30.0, 30.0], "monetary_value": [0.0, 50.0]})
    result = clv.clv_intervals(bg, gg, rfm)
    assert result.draws is None and result.customers.clv_ci_low.isna().all() and (result.customers.clv > 0).all()
    by_group = clv.clv_by_group(result.clv, draws=result.draws)
    assert by_group.loc["all", "customers"] == 2                  # the normal approximation over customers instead


def test_large_bases_are_estimated_on_a_stated_sample_and_predicted_for_everyone(monkeypatch):
    import retention_kit.clv as clv
    from retention_kit.present.notes import model_note

    rfm = rk.rfm_summary(rk.make_demo_data(seed=3, n_customers=6_000).orders)
    full = rk.fit_bgnbd(rfm)
    monkeypatch.setattr(clv.sample, "MAX_FIT_CUSTOMERS", 2_000)
    sampled, spend = rk.fit_bgnbd(rfm), rk.fit_gamma_gamma(rfm)
    assert (sampled.n, sampled.fitted_on, full.fitted_on) == (len(rfm), 2_000, None)
    assert spend.fitted_on == 2_000 and spend.n == int(((rfm.frequency > 0) & (rfm.monetary_value > 0)).sum())
    for name, value in full.params.items():            # the sample's estimate holds the full data's
        assert abs(sampled.params[name] - value) < 3 * sampled.std_errors[name], name
    assert len(sampled.probability_alive(rfm.frequency, rfm.recency, rfm["T"])) == len(rfm) == 5_978
    assert "random sample of 2,000 of the 5,978 customers" in model_note(sampled, "en")
    assert "steekproef van 2.000 van de 5.978 klanten" in model_note(sampled, "nl")


def test_fits_on_distinct_histories_equal_fits_on_every_customer():
    """The likelihood is summed over distinct (x, t_x, T) rows with weights: the same maximum."""
    rfm = pd.read_csv(DATA / "cdnow_customers_summary.csv")
    doubled = pd.concat([rfm, rfm], ignore_index=True)
    one, two = rk.fit_bgnbd(rfm), rk.fit_bgnbd(doubled)
    assert two.n == 2 * one.n
    assert two.log_likelihood == pytest.approx(2 * one.log_likelihood, rel=1e-9)
    for name, value in one.params.items():
        assert two.params[name] == pytest.approx(value, rel=1e-4)


def test_intervals_of_a_large_base_are_drawn_for_a_sample_and_centred_on_every_customer(monkeypatch):
    import retention_kit.clv as clv

    rfm = rk.rfm_summary(rk.make_demo_data(seed=3, n_customers=3_000).orders)
    bgnbd, spend = rk.fit_bgnbd(rfm), rk.fit_gamma_gamma(rfm)
    full = rk.clv_intervals(bgnbd, spend, rfm, draws=60)
    monkeypatch.setattr(clv.value, "MAX_DRAWN_CUSTOMERS", 1_000)
    sampled = rk.clv_intervals(bgnbd, spend, rfm, draws=60)
    assert sampled.draws.shape == (1_000, 60) and sampled.customers.clv_ci_low.notna().sum() == 1_000
    pd.testing.assert_series_equal(sampled.clv, full.clv)                     # every customer's prediction
    drawn = sampled.customers.dropna()                                        # the sample's intervals, on their rows
    pd.testing.assert_frame_equal(drawn, full.customers.loc[drawn.index])
    whole, part = (rk.clv_by_group(i.clv, draws=i.draws).iloc[0] for i in (full, sampled))
    assert part.mean_clv == whole.mean_clv and part.ci_low < part.mean_clv < part.ci_high
    width = lambda row: row.ci_high - row.ci_low
    assert 0.5 < width(part) / width(whole) < 2


def test_a_loaded_table_is_summarised_once_per_question_and_each_caller_gets_its_own_copy():
    orders = rk.load_orders(rk.make_demo_data(seed=3, n_customers=500).orders)
    first = clv.rfm_summary(orders)
    first["frequency"] = -1                                               # a caller changes its copy
    again = clv.rfm_summary(orders)
    assert (again.frequency >= 0).all() and again.attrs["time_unit"] == "W"
    assert [key for key in orders._kept if key[0] == "rfm"] == [("rfm", orders.observation_end, "W", False)]
    days = clv.rfm_summary(orders, time_unit="D")                          # another question, another summary
    assert days.recency.max() == pytest.approx(7 * again.recency.max())


def test_samples_of_a_loaded_table_at_two_dates_read_its_first_orders_once_and_equal_fresh_ones():
    from retention_kit.clv import sample_orders

    frame = rk.make_demo_data(seed=3, n_customers=800).orders
    orders = rk.load_orders(frame)
    for date in ("2024-06-30", "2025-06-30"):
        kept, population = sample_orders(orders, 100, acquired_by=date)
        fresh, fresh_population = sample_orders(rk.load_orders(frame), 100, acquired_by=date)
        assert population == fresh_population > 100
        assert set(clv.rfm.execute(kept.table.select("customer_id").distinct()).customer_id) == set(
            clv.rfm.execute(fresh.table.select("customer_id").distinct()).customer_id)
    assert "first orders" in orders._kept


@pytest.mark.parametrize("with_ids", [False, True])
def test_repeat_purchase_tracking_counts_the_repeat_days_of_the_customers_acquired_by_the_calibration_end(with_ids):
    """a and b are acquired by Jan 10, c after. a repeats on Jan 5 (two orders that day: one
    transaction) and Feb 10, b on Feb 12; c's days do not count. Weekly cumulative, from Jan 1."""
    orders = pd.DataFrame({
        "customer_id": ["a", "a", "a", "a", "b", "b", "c", "c"],
        "order_date": ["2024-01-01", "2024-01-05", "2024-01-05", "2024-02-10", "2024-01-03", "2024-02-12",
                       "2024-01-20", "2024-02-11"],
        "revenue": 10.0})
    if with_ids:
        orders["order_id"] = range(1, 9)
    model = clv.BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True)
    table = rk.repeat_purchase_tracking(orders, model, calibration_end="2024-01-10", observation_end="2024-02-14")
    assert table.week.dt.strftime("%m-%d").tolist() == ["01-01", "01-08", "01-15", "01-22", "01-29", "02-05", "02-12"]
    assert table.actual.tolist() == [0, 1, 1, 1, 1, 1, 3]
    # predicted: each acquired customer from their own first day (a: Jan 1, b: Jan 3), in weeks
    age = lambda week, born: (pd.Timestamp(week) - pd.Timestamp(born)).days / 7
    expected = model.expected_purchases(age("2024-02-12", "2024-01-01")) + model.expected_purchases(age("2024-02-12", "2024-01-03"))
    assert table.predicted.iloc[-1] == pytest.approx(expected)
