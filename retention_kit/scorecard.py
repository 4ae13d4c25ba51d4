"""How well do the purchase models predict these customers? A holdout scorecard: every model
is fitted on the calibration period and judged on the holdout that follows, against two simple
rules, on the same customers and horizon.

The predictors:

* ``bgnbd``, ``mbgnbd``, ``pareto_nbd`` – the fitted models (MBG/NBD: BG/NBD in which one-time
  buyers can have left too): expected repeat purchases and P(alive);
* ``boosting`` – gradient boosting on each customer's history (:mod:`retention_kit.boosting`),
  trained on the period before the calibration end, never on the holdout;
* ``past_rate`` – the customer's own repeat purchases per week since their first purchase,
  carried forward; the chance to buy again is 1 - exp(-expected) (a Poisson guess);
* ``recency_rule`` – a customer whose silence is longer than `recency_multiple` times their
  usual gap (recency / frequency; for one-time buyers the median usual gap of the repeat buyers)
  is lost and buys nothing; the others keep their past rate.

The measures (one row per predictor): ``mae`` – mean absolute error of repeat purchases per
customer; ``total_error`` – (predicted - actual) / actual of all repeat purchases, in %;
``brier`` – mean squared difference between the predicted chance to buy in the holdout (for the
models: P(alive) times the chance an alive customer buys within the horizon) and "bought again"; ``c_index`` – the share of customer pairs with different holdout
purchases that the prediction ranks the right way round (0.5 is a coin toss).

Examples
--------
>>> card = score_models(orders, calibration_end="1997-09-30", observation_end="1998-06-30")  # doctest: +SKIP
>>> card.table.loc["bgnbd", ["mae", "c_index"]]                                                 # doctest: +SKIP
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .clv import UnidentifiedModelWarning, fit_bgnbd, fit_mbgnbd, fit_pareto_nbd, rfm_summary, sample_orders
from .drawing import PALETTE, axes, words

#: The models a scorecard can fit, by name.
MODELS = {"bgnbd": fit_bgnbd, "mbgnbd": fit_mbgnbd, "pareto_nbd": fit_pareto_nbd}
#: The simple rules every scorecard compares the models with.
BASELINES = ("past_rate", "recency_rule")
#: A larger base is scored on a seeded random sample of this many customers (stated in the note):
#: the errors are then known to a few hundredths of a purchase, and the models fit in seconds.
MAX_SCORED_CUSTOMERS = 5_000
#: Past-frequency groups of the error table: 0, 1, ..., and this many or more.
TOP_FREQUENCY = 7


@dataclass
class Scorecard:
    """The result of :func:`score_models`."""

    table: pd.DataFrame          # one row per predictor: mae, total_error, brier, c_index, predicted, actual, identified
    by_frequency: pd.DataFrame   # per past-frequency group: customers, actual and predicted mean purchases
    calibration: pd.DataFrame    # per predicted-chance band and predictor: customers, mean chance, share who bought
    customers: int
    holdout_weeks: float
    population: int | None = None  # customers the sample was drawn from (None: every customer was scored)
    failed: list = field(default_factory=list)  # models left out: their fit gives no finite predictions
    unlearned: list = field(default_factory=list)  # learned contenders left out: too little history to train on
    origins: pd.DataFrame | None = None    # backtest: the table of every calibration date (origin, predictor)
    backtest: pd.DataFrame | None = None   # backtest: each measure's mean and std per predictor over the origins
    backtest_best: str | None = None       # backtest: the trustworthy predictor with the lowest mean MAE
    wins_at: int | None = None             # backtest: at how many origins it has the lowest MAE

    @property
    def wins_everywhere(self) -> bool | None:
        """Whether the backtest's best predictor has the lowest MAE at every origin (None: no backtest)."""
        if self.origins is None:
            return None
        return self.wins_at == self.origins.index.get_level_values("origin").nunique()

    @property
    def best(self) -> str:
        """The predictor with the smallest mean absolute error among the trustworthy ones."""
        usable = self.table[self.table["identified"]]
        return str(usable["mae"].idxmin())

    def summary(self) -> pd.DataFrame:
        return self.table[["mae", "total_error", "brier", "c_index", "predicted", "actual"]]

    def backtest_summary(self) -> pd.DataFrame:
        """Per predictor, each measure's mean over the origins, the MAE's spread and whether its model
        is identified at every origin (``trusted``; an empty table without a backtest);
        ``attrs["origins"]`` holds the calibration dates."""
        if self.backtest is None:
            return pd.DataFrame(columns=["mae", "mae_sd", "total_error", "brier", "c_index", "trusted"])
        means = self.backtest.xs("mean", axis=1, level=1)
        trusted = self.origins["identified"].astype(bool).groupby(level="predictor").all()
        table = means.assign(mae_sd=self.backtest[("mae", "std")], trusted=trusted)[
            ["mae", "mae_sd", "total_error", "brier", "c_index", "trusted"]]
        table = table.sort_values("mae")
        table.attrs["origins"] = sorted(self.origins.index.get_level_values("origin").unique())
        return table

    def plot(self, *, ax=None, **labels):
        """Mean holdout repeat purchases per past-frequency group: what happened (black) and what each
        predictor said. Labels: ``actual``, ``predictors`` (a name per predictor), ``xlabel``,
        ``ylabel``, ``title``."""
        w = words(labels, actual="actual", predictors={}, xlabel="repeat purchases in the calibration period",
                  ylabel="mean repeat purchases in the holdout", title="")
        ax = axes(ax)
        table = self.by_frequency
        x = range(len(table))
        ax.plot(x, table["actual"], marker="o", color="black", linewidth=2, label=w["actual"])
        markers = ["s", "^", "v", "D"]
        for i, name in enumerate(c for c in table.columns if c not in ("customers", "actual")):
            ax.plot(x, table[name], marker=markers[i % 4], linestyle="--", color=PALETTE[i % len(PALETTE)],
                    label=w["predictors"].get(name, name))
        ax.set_xticks(list(x), list(table.index))
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"], title=w["title"])
        ax.legend()
        return ax


def score_models(orders, *, calibration_end, observation_end=None, models=("bgnbd", "mbgnbd", "pareto_nbd"),
                 recency_multiple: float = 3.0, learned: bool = True, origins: int = 1,
                 origin_step_weeks: float | None = None, customers=None) -> Scorecard:
    """Fit `models` on the orders up to `calibration_end` and score them, with the two baselines
    and (`learned`) the gradient-boosting contender of :mod:`retention_kit.boosting`, on the
    purchases up to `observation_end` of the customers acquired by `calibration_end` (of a random
    sample of :data:`MAX_SCORED_CUSTOMERS` of them when there are more).

    With ``origins`` > 1 the test is repeated at earlier calibration dates, each `origin_step_weeks`
    (default: one holdout length) before the next, with a holdout of the same length (a backtest;
    origins the data are too short for are left out): :attr:`Scorecard.backtest` gives each measure's mean and spread (std) per
    predictor over the origins, :attr:`Scorecard.backtest_best` the trustworthy predictor with the
    lowest mean MAE and :attr:`Scorecard.wins_at` at how many origins it is the best."""
    if origins < 1:
        raise ValueError(f"origins must be 1 or more, not {origins!r}")
    options = dict(models=models, recency_multiple=recency_multiple, learned=learned,
                   customers=None if customers is None else _attributes(customers))
    card = _score_once(orders, calibration_end=calibration_end, observation_end=observation_end, **options)
    if origins > 1:
        _backtest(card, orders, calibration_end, origins, origin_step_weeks or card.holdout_weeks, **options)
    return card


def _attributes(customers) -> pd.DataFrame:
    """The customers' attributes (every column but the id and the dates) indexed by customer id."""
    from .data import as_loaded

    frame = as_loaded(customers, "customers").to_pandas().set_index("customer_id")
    return frame[[c for c in frame.columns if not pd.api.types.is_datetime64_any_dtype(frame[c])
                  and not c.endswith("_date") and c != "churn_reason"]]


def _backtest(card: Scorecard, orders, calibration_end, origins: int, step_weeks: float, **options) -> None:
    """Score again at `origins` - 1 earlier calibration dates; fill the card's backtest fields."""
    step, holdout = pd.Timedelta(weeks=step_weeks), pd.Timedelta(weeks=card.holdout_weeks)
    tables = {pd.Timestamp(calibration_end): card.table}
    for i in range(1, origins):
        start = pd.Timestamp(calibration_end) - i * step
        try:
            tables[start] = _score_once(orders, calibration_end=start.date(), observation_end=(start + holdout).date(),
                                        **options).table
        except ValueError:  # no customer acquired that early: the backtest has the origins that fit
            break
    if len(tables) < 2:  # the data are too short to repeat the test
        return
    stacked = pd.concat(tables, names=["origin"])
    card.origins = stacked
    measures = ["mae", "total_error", "brier", "c_index"]
    card.backtest = stacked[measures].groupby(level="predictor").agg(["mean", "std"])
    # a predictor is trusted when its model is identified at every origin (the rules always are)
    trusted = stacked["identified"].astype(bool).groupby(level="predictor").all()
    means = card.backtest[("mae", "mean")][trusted[trusted].index]
    card.backtest_best = str(means.idxmin())
    usable = stacked[stacked.index.get_level_values("predictor").isin(means.index)]
    winners = usable["mae"].groupby(level="origin").idxmin().map(lambda key: key[1])
    card.wins_at = int((winners == card.backtest_best).sum())


def _score_once(orders, *, calibration_end, observation_end, models, recency_multiple, learned,
                customers=None) -> Scorecard:
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        raise ValueError(f"unknown model(s) {unknown}; choose from {sorted(MODELS)}")
    orders, population = sample_orders(orders, MAX_SCORED_CUSTOMERS, acquired_by=calibration_end)
    rfm = rfm_summary(orders, observation_end=observation_end, calibration_end=calibration_end)
    if rfm.empty or rfm["duration_holdout"].iloc[0] <= 0:
        raise ValueError("score_models needs customers acquired by the calibration end and a holdout after it "
                         "(calibration_end before observation_end)")
    x, tx, T, horizon = (rfm[c].to_numpy(dtype=float) for c in ("frequency", "recency", "T", "duration_holdout"))
    actual = rfm["frequency_holdout"].to_numpy(dtype=float)
    predictions, identified, failed, unlearned = {}, {}, [], []
    for name in models:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", UnidentifiedModelWarning)  # reported in the table instead
            model = MODELS[name](rfm)
            predicted = (model.expected_purchases(horizon, x, tx, T), model.probability_purchase(horizon, x, tx, T))
        if not all(np.isfinite(p).all() for p in predicted):  # parameters where the formulas overflow
            failed.append(name)
            continue
        predictions[name] = predicted
        identified[name] = model.identified
    if learned:
        from .boosting import fit_boosting

        try:
            model = fit_boosting(orders, calibration_end=calibration_end, holdout_weeks=float(horizon[0]),
                                 customers=customers)
            predictions["boosting"] = model.predict(rfm)
            identified["boosting"] = True
        except ValueError:  # too little history before the calibration end to learn from
            unlearned.append("boosting")
    rate = np.divide(x, T, out=np.zeros_like(x), where=T > 0)
    predictions["past_rate"] = (rate * horizon, 1 - np.exp(-rate * horizon))
    lost = _silent_too_long(x, tx, T, recency_multiple)
    predictions["recency_rule"] = (np.where(lost, 0.0, rate * horizon), np.where(lost, 0.0, 1.0))
    identified.update(past_rate=True, recency_rule=True)
    bought = (actual > 0).astype(float)
    rows = {name: {"mae": np.abs(expected - actual).mean(),
                   "total_error": (expected.sum() - actual.sum()) / actual.sum() * 100 if actual.sum() else np.nan,
                   "brier": ((chance - bought) ** 2).mean(), "c_index": concordance(actual, expected),
                   "predicted": expected.sum(), "actual": actual.sum(), "identified": identified[name]}
            for name, (expected, chance) in predictions.items()}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("predictor")
    group = np.minimum(x, TOP_FREQUENCY).astype(int)
    by_frequency = pd.DataFrame({"customers": pd.Series(group).value_counts().sort_index(),
                                 "actual": pd.Series(actual).groupby(group).mean()})
    for name, (expected, _) in predictions.items():
        by_frequency[name] = pd.Series(expected).groupby(group).mean()
    by_frequency.index = pd.Index([f"{g}+" if g == TOP_FREQUENCY else str(g) for g in by_frequency.index],
                                  name="frequency")
    calibration = pd.concat({name: _calibration(chance, bought) for name, (_, chance) in predictions.items()},
                            names=["predictor"])
    return Scorecard(table, by_frequency, calibration, len(rfm), float(horizon[0]), population, failed, unlearned)


def _silent_too_long(x, tx, T, multiple: float) -> np.ndarray:
    """The recency rule: silent for more than `multiple` usual gaps since the last purchase."""
    gaps = np.divide(tx, x, out=np.full_like(tx, np.nan), where=x > 0)
    usual = np.where(x > 0, gaps, np.nanmedian(gaps) if np.isfinite(gaps).any() else np.inf)
    return (T - tx) > multiple * usual


def _calibration(chance: np.ndarray, bought: np.ndarray) -> pd.DataFrame:
    """Customers, mean predicted chance and share who bought again, per band of 0.1 of the chance."""
    band = np.minimum((chance * 10).astype(int), 9) / 10
    frame = pd.DataFrame({"band": band, "chance": chance, "bought": bought})
    return frame.groupby("band").agg(customers=("chance", "size"), mean_chance=("chance", "mean"),
                                     share_bought=("bought", "mean"))


def concordance(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Harrell's C between `predicted` and `actual` counts: among pairs with different actual
    counts, the share the prediction orders the same way (ties in the prediction count half).

    >>> concordance(np.array([0, 1, 2]), np.array([0.1, 0.5, 0.4]))
    0.6666666666666666
    """
    from lifelines.utils import concordance_index

    return float(concordance_index(actual, predicted))
