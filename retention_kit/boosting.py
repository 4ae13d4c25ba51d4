"""A machine-learned contender for the holdout scorecard: gradient boosting on each customer's
history, the way analysts build a churn classifier, judged on the same customers and horizon as
the purchase models.

The model learns from the past only. With a holdout of H weeks after the calibration end, it is
trained on the customers' histories at ``calibration_end - W`` (the features) and their repeat
purchases in the W weeks up to the calibration end (the labels); it then predicts the holdout from
the histories at the calibration end. No holdout purchase is seen in training. W is H when at
least 100 customers had bought by ``calibration_end - H``, else the longest of 2/3, 1/2 and 1/3 of
H for which they had; the predictions are then scaled to H (purchases by H / W, the chance to buy
as 1 - (1 - p)^(H / W)), and ``window_weeks`` says so.

Features per customer: frequency, recency, T (tenure), monetary value, the silence since the
last purchase, the past rate (frequency / T) and the silence in units of the customer's usual
gap (recency / frequency), plus any numeric or text customer attributes given. Two models:
a Poisson gradient-boosting regressor for how often the customer buys, and a gradient-boosting
classifier for whether they buy, its probabilities calibrated (isotonic, cross-validated).

Examples
--------
>>> model = fit_boosting(orders, calibration_end="1997-09-30", holdout_weeks=39)   # doctest: +SKIP
>>> expected, chance = model.predict(rfm)                                          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Customers the models are trained on at most (a seeded random sample of a larger base).
MAX_TRAINING_CUSTOMERS = 50_000

#: Customers the models need at least, who had bought before the training window.
MIN_TRAINING_CUSTOMERS = 100

#: The training window as a share of the holdout, longest first: the first with enough customers is used.
WINDOW_SHARES = (1.0, 2 / 3, 1 / 2, 1 / 3)


def features(rfm: pd.DataFrame, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The model's features of an RFM table (see the module text), one row per customer.

    >>> rfm = pd.DataFrame({"frequency": [2, 0], "recency": [10.0, 0.0], "T": [20.0, 5.0],
    ...                     "monetary_value": [30.0, 0.0]}, index=["a", "b"])
    >>> features(rfm).loc["a", ["silence", "rate", "silence_in_gaps"]].tolist()
    [10.0, 0.1, 2.0]
    """
    x, tx, T = (rfm[c].astype(float) for c in ("frequency", "recency", "T"))
    frame = pd.DataFrame({
        "frequency": x, "recency": tx, "T": T, "monetary_value": rfm["monetary_value"].astype(float),
        "silence": T - tx,
        "rate": np.where(T > 0, x / T.where(T > 0, 1.0), 0.0),
        "silence_in_gaps": np.where(x > 0, (T - tx) / (tx / x.where(x > 0, 1.0)).where(tx > 0, np.nan), np.nan),
    }, index=rfm.index)
    if attributes is not None:
        extra = attributes.reindex(rfm.index)
        for column in extra.columns:
            values = extra[column]
            frame[f"attr_{column}"] = (values.astype(float) if pd.api.types.is_numeric_dtype(values)
                                       else values.astype("category").cat.codes.replace(-1, np.nan))
    return frame


@dataclass
class BoostedPurchases:
    """The fitted contender: a count model and a calibrated classifier, trained on `trained_on`
    customers over a window of `window_weeks` and predicting `holdout_weeks`."""

    count_model: object
    chance_model: object
    trained_on: int
    window_weeks: float
    holdout_weeks: float
    attributes: pd.DataFrame | None = None

    def predict(self, rfm: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Expected repeat purchases in the holdout and the chance to buy at all, per row of `rfm`."""
        X = features(rfm, self.attributes)
        scale = self.holdout_weeks / self.window_weeks
        expected = np.clip(self.count_model.predict(X), 0, None) * scale
        chance = 1 - (1 - self.chance_model.predict_proba(X)[:, 1]) ** scale
        return expected, chance


def fit_boosting(orders, *, calibration_end, holdout_weeks: float, customers: pd.DataFrame | None = None,
                 seed: int = 0) -> BoostedPurchases:
    """Train the contender on the histories at the start of the training window before
    `calibration_end` and the repeat purchases in it (see the module text). `customers`: attributes
    indexed by customer id (numeric or text columns). Raises ValueError when no window holds
    enough customers, or when none (or all) of them bought in it."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    from .clv import rfm_summary, sample_customers

    cal_end = pd.Timestamp(calibration_end)
    for share in WINDOW_SHARES:  # the longest window before the calibration end with enough customers
        window = holdout_weeks * share
        train_end = cal_end - pd.Timedelta(weeks=window)
        history = rfm_summary(orders, calibration_end=train_end, observation_end=cal_end)
        labels = history["frequency_holdout"].to_numpy(dtype=float)
        if len(history) >= MIN_TRAINING_CUSTOMERS and 0 < (labels > 0).sum() < len(labels):
            break
    else:
        raise ValueError(f"too little history before {cal_end:%Y-%m-%d} to train on (at most {len(history):,} "
                         f"customers before {train_end:%Y-%m-%d})")
    history, _ = sample_customers(history, MAX_TRAINING_CUSTOMERS, seed)
    labels = history["frequency_holdout"].to_numpy(dtype=float)
    X = features(history, customers)
    count = HistGradientBoostingRegressor(loss="poisson", max_iter=100, learning_rate=0.1, random_state=seed)
    count.fit(X, labels)
    chance = CalibratedClassifierCV(HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1,
                                                                   random_state=seed), method="isotonic", cv=3)
    chance.fit(X, (labels > 0).astype(int))
    return BoostedPurchases(count, chance, len(history), window, holdout_weeks, customers)
