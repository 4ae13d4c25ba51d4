"""Whom should the next campaign target, and with which arm?

Targeting ranks customers by expected incremental profit, uplift x value - cost, where the uplift
(the effect of an arm on that customer's chance to buy again) comes from a T-learner: one
gradient-boosting classifier per group (the control group and each arm), fitted with
cross-fitting, so every customer is scored by models that never saw them.

With one arm, the rankings (expected profit, churn risk, random) are compared on the experiment's
own outcomes among the customers each would target. With several arms, each customer gets the
arm with the highest expected profit, or none, and the policies (best arm per customer, each arm
for everyone, a random arm, nothing) are valued on the experiment by inverse-probability
weighting: assignment was random, so the customers whose group happens to be what a policy
would give them stand for all, weighted by the inverse of their group's share.

Examples
--------
>>> import numpy as np, pandas as pd
>>> frame = pd.DataFrame({"group": ["control", "a", "b", "control", "a", "b"],
...                       "bought": [0, 1, 1, 1, 1, 0], "value": 10.0})
>>> policy_value(frame, np.array(["a", "a", "a", None, None, None], dtype=object), {"a": 1.0, "b": 1.0})["profit"]
27.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .compat import renamed_arguments
from .data import CONTROL
from .intervals import Z95

#: Pre-campaign behaviour compared between the groups and used to predict the uplift.
FEATURES = ("orders_before", "revenue_before", "recency_days", "tenure_days")


@dataclass
class UpliftScores:
    """Held-out uplift per customer and campaign (:func:`uplift_scores`)."""

    frame: pd.DataFrame   # outcomes with uplift, p_treated (one arm) or the best arm's, p_control, fold
    features: list
    arms: pd.DataFrame = field(default=None, repr=False)     # uplift per arm (a column each), rows as frame
    chances: pd.DataFrame = field(default=None, repr=False)  # P(buy) in each group (arms and control), rows as frame


def _clv_at(orders, frame: pd.DataFrame) -> pd.Series:
    """12-month CLV of the customers of `frame` predicted from the orders before their sending."""
    import warnings

    from .clv import UnidentifiedModelWarning, fit_bgnbd, fit_gamma_gamma, predict_clv, rfm_summary

    rfm = rfm_summary(orders, observation_end=frame["sent_date"].max() - pd.Timedelta(days=1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnidentifiedModelWarning)
        clv = predict_clv(fit_bgnbd(rfm), fit_gamma_gamma(rfm), rfm)
    return clv.reindex(frame["customer_id"]).fillna(0.0).to_numpy()


@renamed_arguments(segment="by")
def uplift_scores(outcomes: pd.DataFrame, features=FEATURES, by: str | None = None, folds: int = 2,
                  seed: int = 0) -> UpliftScores:
    """The effect of each arm of the campaign on each customer's chance to buy again, estimated by
    a T-learner: a gradient-boosting classifier fitted on each arm and one on the controls;
    uplift = P(buy | arm) - P(buy | control). With cross-fitting: customers are split into
    `folds` random folds and each fold is scored by models fitted on the others. ``frame`` has
    the uplift of the one arm (or, with several, of the arm with the highest uplift) and
    ``arms`` the uplift of every arm."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    frame = outcomes.copy()
    x = frame[list(features)].to_numpy(float)
    if by is not None:
        x = np.column_stack([x, pd.get_dummies(frame[by], drop_first=True).to_numpy(float)])
    group = frame["group"].to_numpy()
    arms = sorted(set(group) - {CONTROL})
    if not arms or (group != CONTROL).all():
        raise ValueError("uplift needs a treatment and a control group")
    fold = np.random.default_rng(seed).integers(0, folds, len(frame))
    bought = frame["bought"].to_numpy()
    chance = {g: np.empty(len(frame)) for g in [*arms, CONTROL]}
    for f in range(folds):
        train, test = fold != f, fold == f
        for g, out in chance.items():
            model = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_leaf_nodes=15,
                                                   min_samples_leaf=40, random_state=seed)
            model.fit(x[train & (group == g)], bought[train & (group == g)])
            out[test] = model.predict_proba(x[test])[:, 1]
    by_arm = pd.DataFrame({arm: chance[arm] - chance[CONTROL] for arm in arms}, index=frame.index)
    best = by_arm.to_numpy().argmax(axis=1)
    frame["p_treated"] = np.column_stack([chance[a] for a in arms])[np.arange(len(frame)), best]
    frame["p_control"], frame["uplift"], frame["fold"] = chance[CONTROL], by_arm.max(axis=1), fold
    return UpliftScores(frame, list(features), by_arm, pd.DataFrame(chance, index=frame.index))


def qini_curve(bought, treated, score, points: int = 50) -> pd.DataFrame:
    """The Qini curve: for the share `targeted` of customers with the highest `score`, the
    incremental buyers = buyers among their treated - buyers among their controls x (treated /
    controls), as a share of all customers (%); ``random`` is the line of random targeting.

    >>> curve = qini_curve([1, 0, 1, 0], [1, 1, 0, 0], [0.9, 0.1, 0.2, 0.8], points=2)
    >>> curve.round(2).values.tolist()
    [[0.0, 0.0, 0.0], [50.0, 25.0, 0.0], [100.0, 0.0, 0.0]]
    """
    bought, treated, score = (np.asarray(v) for v in (bought, treated, score))
    order = np.argsort(-score, kind="stable")
    y, t = bought[order].astype(float), treated[order].astype(bool)
    n_t, n_c = np.cumsum(t), np.cumsum(~t)
    y_t, y_c = np.cumsum(y * t), np.cumsum(y * ~t)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = np.where(n_c > 0, y_t - y_c * n_t / np.maximum(n_c, 1), y_t)
    cut = np.unique(np.linspace(0, len(y), points + 1).round().astype(int))
    values = np.r_[0.0, gain][cut] / len(y) * 100
    total = values[-1]
    return pd.DataFrame({"targeted": cut / len(y) * 100, "incremental": values, "random": cut / len(y) * total})


def auuc(curve: pd.DataFrame) -> float:
    """Area between a :func:`qini_curve` and its random line (share of customers x %, in %
    of the whole square): 0 for a score no better than chance."""
    gap = curve["incremental"] - curve["random"]
    return float(np.trapezoid(gap, curve["targeted"]) / 100)


def targeting_value(uplift: np.ndarray, value: np.ndarray, cost: float) -> np.ndarray:
    """Expected incremental profit of sending the campaign to each customer:
    uplift x value - cost (value: the margin on the customer's future revenue)."""
    return np.asarray(uplift) * np.asarray(value) - cost


def compare_targeting(frame: pd.DataFrame, scores: dict, value: np.ndarray, cost: float,
                      budget_share: float = 30.0) -> pd.DataFrame:
    """For each ranking in `scores` (name -> score, higher = target first) and the same budget
    (the top `budget_share` % of customers): customers targeted, incremental buyers measured on
    the experiment (treated - controls among them, scaled to the targeted) and the incremental
    profit (incremental buyers' `value` - cost of the targeted)."""
    rows = {}
    n = len(frame)
    k = int(round(n * budget_share / 100))
    bought, treated = frame["bought"].to_numpy(float), (frame["group"] != CONTROL).to_numpy()
    for name, score in scores.items():
        top = np.argsort(-np.asarray(score), kind="stable")[:k]
        t, c = top[treated[top]], top[~treated[top]]
        effect = bought[t].mean() - bought[c].mean() if len(t) and len(c) else math.nan
        worth = (value[t] * bought[t]).mean() - (value[c] * bought[c]).mean() if len(t) and len(c) else math.nan
        rows[name] = {"targeted": k, "incremental_buyers": effect * k, "incremental_profit": worth * k - cost * k}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("strategy")


def policy_value(frame: pd.DataFrame, sent: np.ndarray, costs: dict, chances: pd.DataFrame | None = None) -> dict:
    """The incremental buyers and profit, against sending nothing, of sending each customer of a
    randomised campaign the arm in `sent` (None: nothing), with a 95 % interval. `frame` has
    ``group``, ``bought`` and ``value`` (what a customer who buys again is worth); `costs` is the
    cost per customer of each arm.

    Inverse-probability weighting: a customer whose group is what the policy gives them counts
    for 1 / (that group's share) of the customers, and so does a control customer for the policy
    of sending nothing; the difference of the two, summed over the customers, minus the cost of the
    sendings, is the estimate, and its interval comes from the spread of the per-customer terms.
    With `chances` (each customer's held-out P(buy) in every group, a column per group), the
    weighting corrects the models' predictions instead of the raw outcomes (augmented, doubly
    robust): still unbiased because assignment was random, with a much narrower interval.

    >>> frame = pd.DataFrame({"group": ["control", "a", "control", "a"], "bought": [0, 1, 1, 1], "value": 10.0})
    >>> r = policy_value(frame, np.array(["a", "a", None, None], dtype=object), {"a": 2.0})
    >>> r["buyers"], r["profit"], r["sent"]
    (2.0, 16.0, 2)
    """
    group, bought = frame["group"].to_numpy(), frame["bought"].to_numpy(float)
    value = frame["value"].to_numpy(float)
    share = pd.Series(group).value_counts(normalize=True)
    weight = 1.0 / share.reindex(group).to_numpy()
    given = np.where(pd.isna(sent), CONTROL, sent).astype(object)
    observed_given, observed_control = (group == given) * weight, (group == CONTROL) * weight
    if chances is None:
        buyers = (observed_given - observed_control) * bought  # policy minus nothing, per customer
    else:
        rows = np.arange(len(frame))
        columns = {name: i for i, name in enumerate(chances.columns)}
        table = chances.to_numpy(float)
        mine = table[rows, [columns[g] for g in given]]
        held_back = table[:, columns[CONTROL]]
        buyers = (mine - held_back) + observed_given * (bought - mine) - observed_control * (bought - held_back)
    worth = buyers * value
    spent = sum(costs.get(arm, 0.0) for arm in sent if not pd.isna(arm))
    n = len(frame)
    se = math.sqrt(n * worth.var(ddof=1)) if n > 1 else math.nan
    profit = float(worth.sum() - spent)
    return {"sent": int((~pd.isna(sent)).sum()), "buyers": float(buyers.sum()), "profit": profit,
            "ci_low": profit - Z95 * se, "ci_high": profit + Z95 * se}


def best_arms(profit: pd.DataFrame, budget: int) -> np.ndarray:
    """The arm each customer gets: the column of `profit` (expected profit per arm) with the
    highest value, for the `budget` customers whose best is highest and positive; None for the
    others.

    >>> best_arms(pd.DataFrame({"a": [1.0, 5.0, -1.0], "b": [2.0, 0.0, -2.0]}), 2).tolist()
    ['b', 'a', None]
    """
    best = profit.max(axis=1).to_numpy()
    arm = profit.columns.to_numpy()[profit.to_numpy().argmax(axis=1)]
    chosen = np.argsort(-best, kind="stable")[:budget]
    chosen = chosen[best[chosen] > 0]
    sent = np.full(len(profit), None, dtype=object)
    sent[chosen] = arm[chosen]
    return sent


def compare_policies(frame: pd.DataFrame, profit: pd.DataFrame, costs: dict, budget: int,
                     seed: int = 0, chances: pd.DataFrame | None = None) -> pd.DataFrame:
    """For the same `budget` (customers mailed at most): the best arm per customer, each arm alone
    (its own best `budget` customers), a random arm to `budget` random customers, and nothing;
    each valued by :func:`policy_value`. Index: ``best_arm``, ``only:<arm>``, ``random``,
    ``nothing``; `chances` as for :func:`policy_value`."""
    rng = np.random.default_rng(seed)
    policies = {"best_arm": best_arms(profit, budget)}
    for arm in profit.columns:
        policies[f"only:{arm}"] = best_arms(profit[[arm]], budget)
    random = np.full(len(frame), None, dtype=object)
    picked = rng.permutation(len(frame))[:budget]
    random[picked] = rng.choice(profit.columns.to_numpy(), size=len(picked))
    policies["random"] = random
    policies["nothing"] = np.full(len(frame), None, dtype=object)
    rows = {name: policy_value(frame, sent, costs, chances) for name, sent in policies.items()}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("strategy")
    return table.rename(columns={"sent": "targeted", "buyers": "incremental_buyers", "profit": "incremental_profit"})


@dataclass
class Targeting:
    """Whom the next campaign should target (:func:`target_next`), and with which arm."""

    frame: pd.DataFrame        # customers of the campaign with uplift, value, expected profit and arm
    comparison: pd.DataFrame   # one arm: rankings compared; several: policies valued (compare_policies)
    curves: dict               # Qini curves: of the rankings (one arm) or of each arm's uplift (several)
    auuc: dict                 # area between each Qini curve and random targeting
    budget_share: float
    arm_profit: pd.DataFrame | None = field(default=None, repr=False)  # expected profit per arm (several arms)

    def target_list(self, share: float | None = None) -> pd.DataFrame:
        """Customer ids with the arm to send and their expected profit, best first: the top
        `share` % (default: the budget); with several arms, only customers worth an arm. For a
        file the user asks for, never for a report page."""
        share = self.budget_share if share is None else share
        ranked = self.frame.sort_values("expected_profit", ascending=False)
        if self.arm_profit is not None:
            ranked = ranked[ranked["expected_profit"] > 0]
        columns = ["customer_id", "arm", "uplift", "value", "expected_profit"]
        return ranked.head(int(round(len(self.frame) * share / 100)))[columns]


@renamed_arguments(segment="by")
def target_next(outcomes: pd.DataFrame, campaign: str | None = None, *, orders=None, margin: float = 0.3,
                budget_share: float = 30.0, by: str | None = None, seed: int = 0) -> Targeting:
    """Score the customers of `campaign` (default: the last one by name) for the next campaign:
    held-out uplift (:func:`uplift_scores`), value = `margin` x their CLV, expected profit =
    uplift x value - the arm's cost per customer. With `orders`, the CLV is the 12-month
    CLV predicted by BG/NBD and Gamma-Gamma from the orders before the sending; without, the
    revenue of the year before stands in for it.

    One arm: compares, for the same budget, targeting by expected profit, by churn risk (the
    longest silent first) and at random, on the experiment's own outcomes. Several arms: each
    customer's ``arm`` is the one with the highest expected profit (none when it is not
    positive), and :func:`compare_policies` values that policy against each arm alone, a random
    arm and nothing, for the same budget, on the held-out customers."""
    campaign = campaign or sorted(outcomes["campaign"].unique())[-1]
    rows = outcomes[outcomes["campaign"] == campaign].reset_index(drop=True)
    scores = uplift_scores(rows, by=by, seed=seed)
    frame = scores.frame
    treated = (frame["group"] != CONTROL).to_numpy()
    frame["value"] = margin * (_clv_at(orders, frame) if orders is not None else frame["revenue_before"])
    costs = frame[treated].groupby("group")["cost"].mean().to_dict()
    if len(scores.arms.columns) > 1:
        return _target_arms(frame, scores, costs, budget_share, seed)
    cost = float(frame.loc[treated, "cost"].mean()) if treated.any() else 0.0
    frame["arm"] = scores.arms.columns[0]
    frame["expected_profit"] = targeting_value(frame["uplift"], frame["value"], cost)
    ranked = {"expected_profit": frame["expected_profit"].to_numpy(), "churn_risk": frame["recency_days"].to_numpy(),
              "random": np.random.default_rng(seed).random(len(frame))}
    curves = {name: qini_curve(frame["bought"], treated, score) for name, score in ranked.items() if name != "random"}
    comparison = compare_targeting(frame, ranked, frame["value"].to_numpy(), cost, budget_share)
    return Targeting(frame, comparison, curves, {name: auuc(c) for name, c in curves.items()}, budget_share)


def _target_arms(frame: pd.DataFrame, scores: UpliftScores, costs: dict, budget_share: float,
                 seed: int) -> Targeting:
    """:func:`target_next` for a campaign with several arms."""
    uplift = scores.arms
    value = frame["value"].to_numpy(float)
    profit = pd.DataFrame({arm: targeting_value(uplift[arm], value, costs.get(arm, 0.0)) for arm in uplift},
                          index=frame.index)
    budget = int(round(len(frame) * budget_share / 100))
    best = profit.to_numpy().argmax(axis=1)
    frame["arm"] = best_arms(profit, len(frame))
    frame["uplift"] = uplift.to_numpy()[np.arange(len(frame)), best]
    frame["expected_profit"] = profit.max(axis=1)
    comparison = compare_policies(frame, profit, costs, budget, seed, scores.chances)
    curves = {}
    for arm in uplift:
        mine = frame["group"].isin([arm, CONTROL]).to_numpy()
        curves[arm] = qini_curve(frame["bought"][mine], (frame["group"][mine] == arm).to_numpy(), uplift[arm][mine])
    return Targeting(frame, comparison, curves, {arm: auuc(c) for arm, c in curves.items()}, budget_share,
                     arm_profit=profit)
