"""The holdout scorecard on CDNOW (calibration to week 39, holdout to week 78), checked against
values computed here from the raw transactions."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit.scorecard import concordance, score_models

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def cdnow():
    raw = pd.read_csv(DATA / "CDNOW_sample.txt", sep=r"\s+", header=None,
                      names=["customer_id", "master_id", "date", "cds", "revenue"])
    return pd.DataFrame({"customer_id": raw.customer_id, "order_date": pd.to_datetime(raw.date.astype(str)),
                         "revenue": raw.revenue})


@pytest.fixture(scope="module")
def card(cdnow):
    """CDNOW scored at 1997-09-30 and, eight and sixteen weeks earlier, at two more calibration dates."""
    return score_models(cdnow, calibration_end="1997-09-30", observation_end="1998-06-30", origins=3,
                        origin_step_weeks=8)


def _by_hand(cdnow):
    """Per customer: repeat purchase days in weeks 0-39 after the first, recency, T, holdout purchase days."""
    days = cdnow.groupby(["customer_id", "order_date"]).size().reset_index()[["customer_id", "order_date"]]
    first = days.groupby("customer_id").order_date.min().rename("first")
    days = days.join(first, on="customer_id")
    cal_end, end = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")
    cal = days[days.order_date <= cal_end]
    per = pd.DataFrame({"x": cal.groupby("customer_id").size() - 1,
                        "tx": (cal.groupby("customer_id").order_date.max() - first) / pd.Timedelta(weeks=1),
                        "T": (cal_end - first) / pd.Timedelta(weeks=1)}).dropna()
    per["holdout"] = days[(days.order_date > cal_end) & (days.order_date <= end)].groupby("customer_id").size()
    return per.fillna({"holdout": 0}), (end - cal_end) / pd.Timedelta(weeks=1)


def test_scorecard_numbers_match_a_hand_computation(cdnow, card):
    per, horizon = _by_hand(cdnow)
    assert card.customers == len(per) == 2357
    assert card.table.loc["bgnbd", "actual"] == per.holdout.sum() == 1882
    rate = per.x / per["T"] * horizon
    assert card.table.loc["past_rate", "mae"] == pytest.approx((rate - per.holdout).abs().mean())
    assert card.table.loc["past_rate", "brier"] == pytest.approx(((1 - np.exp(-rate) - (per.holdout > 0)) ** 2).mean())
    model = rk.fit_bgnbd(rk.rfm_summary(cdnow, observation_end="1998-06-30", calibration_end="1997-09-30"))
    expected = model.expected_purchases(horizon, per.x, per.tx, per["T"])
    assert card.table.loc["bgnbd", "mae"] == pytest.approx(np.abs(expected - per.holdout).mean(), rel=1e-6)
    assert card.table.loc["bgnbd", "predicted"] == pytest.approx(expected.sum(), rel=1e-6)
    assert card.by_frequency.loc["0", "actual"] == pytest.approx(per.holdout[per.x == 0].mean())
    # MBG/NBD, by its conditional expectation written out here (Batislam et al. 2007)
    from scipy import special

    from retention_kit.clv import fit_mbgnbd

    r, alpha, a, b = fit_mbgnbd(rk.rfm_summary(cdnow, observation_end="1998-06-30",
                                               calibration_end="1997-09-30")).params.values()
    x, tx, T = per.x, per.tx, per["T"]
    hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, horizon / (alpha + T + horizon))
    by_hand = ((a + b + x) / (a - 1) * (1 - ((alpha + T) / (alpha + T + horizon)) ** (r + x) * hyp)
               / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x)))
    assert card.table.loc["mbgnbd", "mae"] == pytest.approx(np.abs(by_hand - per.holdout).mean(), rel=1e-6)


def test_concordance_by_brute_force():
    rng = np.random.default_rng(4)
    actual, predicted = rng.poisson(1.0, 300), rng.normal(size=300)
    i, j = np.triu_indices(300, 1)
    usable = actual[i] != actual[j]
    agree = np.sign(actual[i] - actual[j]) * np.sign(predicted[i] - predicted[j])
    assert concordance(actual, predicted) == pytest.approx((agree[usable] > 0).mean() + 0.5 * (agree[usable] == 0).mean())


def test_models_beat_the_simple_rules_on_cdnow_and_the_note_says_which(card):
    table = card.table
    assert table.loc["bgnbd", "mae"] < table.loc["past_rate", "mae"]
    assert table.loc["pareto_nbd", "c_index"] > 0.6 and table.loc["recency_rule", "brier"] > table.loc["bgnbd", "brier"]
    assert card.best in ("bgnbd", "pareto_nbd")
    note = rk.notes.scorecard_note(card, "nl")
    assert "2.357 klanten" in note and "Gebruik dat model" in note


def test_scorecard_refuses_a_calibration_end_after_the_data(cdnow):
    with pytest.raises(ValueError, match="holdout"):
        score_models(cdnow, calibration_end="1998-06-30", observation_end="1998-06-30")


def test_a_large_base_is_scored_on_a_stated_sample(monkeypatch):
    import retention_kit as rk
    from retention_kit import scorecard
    from retention_kit.present.notes import scorecard_note

    orders = rk.make_demo_data(seed=4, n_customers=3_000).orders
    monkeypatch.setattr(scorecard, "MAX_SCORED_CUSTOMERS", 1_000)
    card = scorecard.score_models(orders, calibration_end="2025-06-30", models=("bgnbd",))
    assert card.customers == 1_000 and card.population > 2_000
    assert card.by_frequency["customers"].sum() == 1_000                   # every measure is over the sample
    assert f"a random sample of 1,000 of the {card.population:,} customers" in scorecard_note(card, "en")


def test_a_model_without_finite_predictions_is_left_out_and_named(monkeypatch):
    import retention_kit as rk
    from retention_kit import scorecard
    from retention_kit.present.notes import scorecard_note

    class Overflowing:
        identified = True

        def expected_purchases(self, horizon, x, tx, T):
            return np.full(len(x), np.nan)

        probability_purchase = expected_purchases

    monkeypatch.setitem(scorecard.MODELS, "pareto_nbd", lambda rfm: Overflowing())
    orders = rk.make_demo_data(seed=4, n_customers=800).orders
    card = scorecard.score_models(orders, calibration_end="2025-06-30")
    assert card.failed == ["pareto_nbd"] and "pareto_nbd" not in card.table.index
    assert "pareto_nbd" not in card.by_frequency.columns and card.best in card.table.index
    assert "Left out: Pareto/NBD" in scorecard_note(card, "en")


def test_the_learned_contender_trains_on_the_past_only_and_enters_the_table(monkeypatch):
    """Gradient boosting is trained on the histories at calibration end - holdout and the purchases
    up to the calibration end: its labels are counted here by hand, and the holdout never reaches it."""
    from retention_kit import boosting

    orders = rk.load_orders(rk.make_demo_data(seed=3, n_customers=3_000).orders)
    seen = {}
    real_fit = boosting.fit_boosting

    def spy(orders, **kwargs):
        model = real_fit(orders, **kwargs)
        seen.update(kwargs, model=model)
        return model

    monkeypatch.setattr(boosting, "fit_boosting", spy)
    card = score_models(orders, calibration_end="2025-06-30", observation_end="2025-12-31")
    assert "boosting" in card.table.index and card.table.loc["boosting", "identified"]
    assert seen["holdout_weeks"] == pytest.approx(card.holdout_weeks)
    frame = orders.to_pandas()
    train_end = pd.Timestamp("2025-06-30") - pd.Timedelta(weeks=card.holdout_weeks)
    days = frame.assign(day=pd.to_datetime(frame.order_date)).drop_duplicates(["customer_id", "day"])
    first = days.groupby("customer_id").day.min()
    trained = first[first <= train_end].index
    window = days[(days.day > train_end) & (days.day <= pd.Timestamp("2025-06-30"))]
    labels = window[window.customer_id.isin(trained)].groupby("customer_id").size()
    history = rk.rfm_summary(orders, calibration_end=train_end, observation_end="2025-06-30")
    assert history.frequency_holdout[history.frequency_holdout > 0].sort_index().to_dict() == labels.sort_index().to_dict()
    assert seen["model"].trained_on == len(trained)
    assert card.table.loc["boosting", "mae"] < card.table.loc["past_rate", "mae"]  # it learns something


def test_too_little_history_leaves_the_learned_contender_out_and_says_why(cdnow):
    # CDNOW's customers all bought first in January-March 1997: a month later there is no window to learn from
    card = score_models(cdnow, calibration_end="1997-04-30", observation_end="1998-06-30")
    assert "boosting" in card.unlearned and "boosting" not in card.table.index
    assert "Gradient boosting is left out" in rk.notes.scorecard_note(card, "en")


def test_a_shorter_training_window_is_scaled_to_the_holdout(cdnow):
    """CDNOW (holdout 39 weeks after 1997-09-30): no customer had bought 39 weeks before, so the
    contender learns from the last 26 weeks and scales its predictions by 39 / 26."""
    from retention_kit.boosting import fit_boosting

    model = fit_boosting(cdnow, calibration_end="1997-09-30", holdout_weeks=39.0)
    assert model.window_weeks == pytest.approx(26.0) and model.trained_on == 2357
    rfm = rk.rfm_summary(cdnow, calibration_end="1997-09-30", observation_end="1998-06-30")
    expected, chance = model.predict(rfm)
    from retention_kit.boosting import features

    X = features(rfm)
    assert expected == pytest.approx(np.clip(model.count_model.predict(X), 0, None) * 1.5)
    assert chance == pytest.approx(1 - (1 - model.chance_model.predict_proba(X)[:, 1]) ** 1.5)


def test_a_backtest_repeats_the_holdout_at_earlier_origins_and_names_a_winner_that_holds():
    orders = rk.load_orders(rk.make_demo_data(seed=3, n_customers=3_000).orders)
    card = score_models(orders, calibration_end="2025-06-30", observation_end="2025-12-31", origins=3, learned=False)
    origins = card.origins.index.get_level_values("origin").unique()
    step = pd.Timedelta(weeks=card.holdout_weeks)
    assert list(origins) == [pd.Timestamp("2025-06-30") - i * step for i in range(3)]
    earlier = score_models(orders, calibration_end=origins[1].date(), observation_end=(origins[1] + step).date(),
                           learned=False)
    pd.testing.assert_frame_equal(card.origins.loc[origins[1]], earlier.table, check_names=False)
    mae = card.origins["mae"].unstack()                                  # origins x predictors, by hand
    assert card.backtest[("mae", "mean")].to_dict() == pytest.approx(mae.mean().to_dict())
    assert card.backtest[("mae", "std")].to_dict() == pytest.approx(mae.std().to_dict())
    trusted = card.origins["identified"].unstack().all()
    best = mae.loc[:, trusted].mean().idxmin()
    assert card.backtest_best == best
    assert card.wins_at == (mae.loc[:, trusted].idxmin(axis=1) == best).sum()
    note = rk.notes.scorecard_note(card, "en")
    assert "Repeated at 3 calibration dates" in note and rk.present.i18n.label(f"predictor.{best}") in note


def test_a_backtest_the_data_are_too_short_for_is_left_out(cdnow):
    card = score_models(cdnow, calibration_end="1997-09-30", observation_end="1998-06-30", origins=3, learned=False)
    assert card.origins is None and card.wins_everywhere is None and card.backtest_summary().empty


def test_on_cdnow_six_predictors_are_scored_over_three_origins(card):
    assert {"bgnbd", "mbgnbd", "pareto_nbd", "boosting", "past_rate", "recency_rule"} <= set(card.table.index)
    assert card.origins.index.get_level_values("origin").nunique() == 3
    assert set(card.backtest_summary().index) == set(card.table.index)


def _attribute_shop(n=3_000, seed=0):
    """Customers buy at their own Poisson rate; those on an ending plan (half of them, an attribute
    the purchase models do not see) stop on a day drawn uniformly over the two years, the others never."""
    rng = np.random.default_rng(seed)
    first = rng.integers(0, 200, n)
    rate = rng.gamma(2.0, 1 / 20, n)                                    # purchases per day
    ending = rng.random(n) < 0.5
    stop = np.where(ending, rng.integers(200, 730, n), 730)
    days = [np.r_[f, np.sort(rng.integers(f, max(s, f + 1), rng.poisson(r * (s - f))))]
            for f, s, r in zip(first, stop, rate)]
    orders = pd.DataFrame({"customer_id": np.repeat(np.arange(n), [len(d) for d in days]).astype(str),
                           "order_date": pd.Timestamp("2023-01-01") + pd.to_timedelta(np.concatenate(days), "D"),
                           "revenue": 10.0})
    customers = pd.DataFrame({"customer_id": np.arange(n).astype(str), "plan": np.where(ending, "ending", "ongoing")})
    return orders, customers


def test_the_learned_contender_wins_where_purchases_depend_on_an_attribute_the_models_do_not_see():
    from retention_kit.boosting import fit_boosting

    orders, customers = _attribute_shop()
    with_plan = score_models(orders, calibration_end="2024-06-30", observation_end="2024-12-31", customers=customers)
    mae = with_plan.table["mae"]
    assert mae.idxmin() == "boosting" and mae["boosting"] < 0.95 * mae[["bgnbd", "mbgnbd"]].min()
    rfm = rk.rfm_summary(orders, calibration_end="2024-06-30", observation_end="2024-12-31")
    blind, _ = fit_boosting(orders, calibration_end="2024-06-30", holdout_weeks=with_plan.holdout_weeks).predict(rfm)
    assert mae["boosting"] < 0.95 * np.abs(blind - rfm.frequency_holdout).mean()  # the plan is what it learned


def test_on_the_demo_the_learned_contender_does_not_beat_the_truth():
    """The demo's own truth (each customer's purchase rate, season and dropout day) predicts the
    holdout better than anything fitted to the data: the learned contender must not beat it."""
    demo = rk.make_demo_data(seed=3, n_customers=2_000)
    card = score_models(demo.orders, calibration_end="2025-06-30", observation_end="2025-12-31")
    rfm = rk.rfm_summary(demo.orders, calibration_end="2025-06-30", observation_end="2025-12-31")
    truth = demo.truth.customers.set_index("customer_id").loc[rfm.index]
    joined = demo.customers.set_index("customer_id").loyalty_join_date.reindex(rfm.index)
    days = pd.date_range("2025-07-01", "2025-12-31")
    season = demo.truth.seasonality[days.month - 1]
    dropout = pd.to_datetime(truth.dropout_date).fillna(pd.Timestamp.max).to_numpy()[:, None]
    member = (pd.to_datetime(joined).fillna(pd.Timestamp.max).to_numpy()[:, None] <= days.to_numpy()[None, :])
    alive = days.to_numpy()[None, :] < dropout
    factor = np.where(member, demo.truth.loyalty_rate_multiplier, 1.0)
    expected = truth.lambda_per_week.to_numpy() / 7 * (alive * season[None, :] * factor).sum(axis=1)
    truth_mae = np.abs(expected - rfm.frequency_holdout.to_numpy()).mean()
    assert card.table.loc["boosting", "mae"] > truth_mae
    assert card.table["mae"].min() > truth_mae                                     # nor does any other predictor
