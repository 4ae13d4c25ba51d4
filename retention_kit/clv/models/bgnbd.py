"""BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): how often a customer
buys and whether they are still alive."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .base import _columns, calibration_holdout, _fit_with_covariates, _Fitted, _individual


@dataclass
class BetaGeoModel(_Fitted):
    """A fitted BG/NBD model: r, alpha (purchase rates ~ Gamma(r, alpha)), a, b (dropout ~ Beta(a, b))."""

    time_unit: str = "W"

    def probability_alive(self, frequency, recency, T, covariates=None) -> np.ndarray:
        """P(still active | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
        A model fitted with covariates takes each customer's `covariates` (in the order of the
        other arguments); without, it predicts for a customer at the reference levels."""
        r, alpha, a, b = self.individual(covariates)
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_term = np.log(a) - np.log(np.where(x > 0, b + x - 1, 1.0)) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(log_term)), 1.0)

    def expected_purchases(self, t, frequency=None, recency=None, T=None, covariates=None) -> np.ndarray:
        """Expected purchases in the next `t` time units for a customer with history (x, t_x, T)
        (Fader, Hardie & Lee 2005, eq. 10); without history, E[X(t)] for a new customer (eq. 9)."""
        r, alpha, a, b = self.individual(covariates)
        t = np.asarray(t, dtype=float)
        if frequency is None:
            hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
            return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
        numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
        return numerator * self.probability_alive(x, tx, T, covariates)

    def individual(self, covariates=None) -> tuple:
        """r, alpha, a, b per customer: alpha exp(-z'purchase) and a exp(z'dropout) with the
        fitted covariate effects (a positive effect means more purchases, or more dropout)."""
        return _individual(self, covariates, ("alpha", -1, "purchase"), ("a", 1, "dropout"))

    def probability_purchase(self, t, frequency, recency, T) -> np.ndarray:
        """P(at least one purchase in the next `t` time units | x, t_x, T). A BG/NBD customer can
        only drop out right after a purchase, so one alive at T buys in (T, T+t] unless the
        Poisson clock stays silent: P(alive) (1 - ((alpha + T) / (alpha + T + t))^(r + x))."""
        r, alpha, _, _ = self.params.values()
        x, T, t = (np.asarray(v, dtype=float) for v in (frequency, T, t))
        return self.probability_alive(frequency, recency, T) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x))

    def plot(self, rfm: pd.DataFrame, *, ax=None, max_frequency: int = 7, **labels):
        """Calibration vs holdout: mean actual and predicted holdout purchases by calibration frequency."""
        return calibration_holdout(self, rfm, ax=ax, max_frequency=max_frequency, **labels)


def _bgnbd_ll(log_params, x, tx, T, z=None):
    r, alpha, a, b = np.exp(log_params[:4])
    if z is not None and z.shape[1]:
        k = z.shape[1]
        alpha = alpha * np.exp(-z @ log_params[4:4 + k])
        a = a * np.exp(z @ log_params[4 + k:])
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def fit_bgnbd(rfm: pd.DataFrame, *, covariates: pd.DataFrame | None = None) -> BetaGeoModel:
    """Fit BG/NBD by maximum likelihood to an RFM table (frequency, recency, T), optionally with
    time-invariant customer `covariates` (indexed by customer_id or with that column; text
    columns become one 0/1 column per level but the most common) on the purchase rate
    (alpha_i = alpha exp(-z'g)) and on dropout (a_i = a exp(z'd)): ``.coefficients`` holds
    g as ``purchase: <name>`` and d as ``dropout: <name>``, ``.lr_test`` the likelihood-ratio
    test against the model without them.

    The likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6) is

        B(a, b+x)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
          + [x > 0] B(a+1, b+x-1)/B(a, b) * Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).

    Examples
    --------
    On the CDNOW calibration summary (2,357 customers, 39 weeks) the paper reports
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426; see tests/clv/test_clv.py.
    """
    T = _columns(rfm, ["T"])[0]
    start = np.log([1.0, max(T.mean(), 1.0), 1.0, 1.0])
    model = _fit_with_covariates(BetaGeoModel, _bgnbd_ll, rfm, covariates, start, ["r", "alpha", "a", "b"])
    model._warn_if_unidentified()
    return model
