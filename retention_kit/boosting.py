"""A machine-learned contender for the holdout scorecard: gradient boosting on each customer's
history, the way analysts build a churn classifier, judged on the same customers and horizon as
the purchase models.

The model learns from the past only. With a holdout of H weeks after the calibration end, it is
trained on the customers' histories at ``calibration_end - H`` (the features) and their repeat
purchases in the H weeks up to the calibration end (the labels); it then predicts the holdout from
the histories at the calibration end. No holdout purchase is seen in training.

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
    """The fitted contender: a count model and a calibrated classifier, trained on `trained_on` customers."""

    count_model: object
    chance_model: object
    trained_on: int
    attributes: pd.DataFrame | None = None

    def predict(self, rfm: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Expected repeat purchases in the holdout and the chance to buy at all, per row of `rfm`."""
        X = features(rfm, self.attributes)
        expected = np.clip(self.count_model.predict(X), 0, None)
        chance = self.chance_model.predict_proba(X)[:, 1]
        return expected, chance


def fit_boosting(orders, *, calibration_end, holdout_weeks: float, customers: pd.DataFrame | None = None,
                 seed: int = 0) -> BoostedPurchases:
    """Train the contender on the histories at ``calibration_end - holdout_weeks`` and the repeat
    purchases of the `holdout_weeks` that follow (up to `calibration_end`). `customers`: attributes
    indexed by customer id (numeric or text columns). Raises ValueError when the data before that
    date hold too few customers or no one who bought again."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    from .clv import rfm_summary, sample_customers

    cal_end = pd.Timestamp(calibration_end)
    train_end = cal_end - pd.Timedelta(weeks=holdout_weeks)
    history = rfm_summary(orders, calibration_end=train_end, observation_end=cal_end)
    history, _ = sample_customers(history, MAX_TRAINING_CUSTOMERS, seed)
    labels = history["frequency_holdout"].to_numpy(dtype=float)
    if len(history) < 100 or labels.sum() == 0 or (labels > 0).all():
        raise ValueError(f"too little history before {train_end:%Y-%m-%d} to train on ({len(history):,} customers, "
                         f"{int((labels > 0).sum()):,} of whom bought in the weeks after)")
    X = features(history, customers)
    count = HistGradientBoostingRegressor(loss="poisson", max_iter=100, learning_rate=0.1, random_state=seed)
    count.fit(X, labels)
    chance = CalibratedClassifierCV(HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1,
                                                                   random_state=seed), method="isotonic", cv=3)
    chance.fit(X, (labels > 0).astype(int))
    return BoostedPurchases(count, chance, len(history), customers)
