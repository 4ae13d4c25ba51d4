"""The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): while alive, a customer buys
as a Poisson process with rate lambda ~ Gamma(r, alpha) and leaves after an exponential lifetime
with rate mu ~ Gamma(s, beta). Fitted by maximum likelihood to an RFM table, with the same
interface as :func:`retention_kit.fit_bgnbd`.

The likelihood is the form of Fader, Hardie & Lee (2005, "A note on deriving the Pareto/NBD
model and related expressions", eq. 22), written in logs. Its Gaussian hypergeometric terms
use the argument (max(alpha, beta) - min(alpha, beta)) / (max(alpha, beta) + t), which lies in
[0, 1) for every customer, so ``scipy.special.hyp2f1`` converges; the two terms of the
difference are combined with a log-sum-exp. With alpha = beta the terms reduce to powers.

Examples
--------
>>> import pandas as pd
>>> rfm = pd.read_csv("tests/data/cdnow_customers_summary.csv")       # doctest: +SKIP
>>> fit_pareto_nbd(rfm).params                                        # doctest: +SKIP
{'r': 0.553, 'alpha': 10.58, 's': 0.606, 'beta': 11.67}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .base import _columns, calibration_holdout, _fit_with_covariates, _Fitted, _individual


@dataclass
class ParetoNBDModel(_Fitted):
    """A fitted Pareto/NBD model: r, alpha (purchase rates), s, beta (dropout rates)."""

    time_unit: str = "W"

    def individual(self, covariates=None) -> tuple:
        """r, alpha, s, beta per customer: alpha exp(-z'purchase) and beta exp(-z'dropout) with
        the fitted covariate effects (a positive effect means more purchases, or more dropout)."""
        return _individual(self, covariates, ("alpha", -1, "purchase"), ("beta", -1, "dropout"))

    def probability_alive(self, frequency, recency, T, covariates=None) -> np.ndarray:
        """P(still active | x, t_x, T) = 1 / (1 + s / (r + s + x) (alpha + T)^(r+x) (beta + T)^s A0)
        (Fader, Hardie & Lee 2005, eq. 18); with covariates, per customer (see :meth:`individual`)."""
        r, alpha, s, beta = self.individual(covariates)
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        log_a0 = _log_a0(r, alpha, s, beta, x, tx, T)
        log_ratio = np.log(s) - np.log(r + s + x) + (r + x) * np.log(alpha + T) + s * np.log(beta + T) + log_a0
        return 1.0 / (1.0 + np.exp(log_ratio))

    def expected_purchases(self, t, frequency=None, recency=None, T=None, covariates=None) -> np.ndarray:
        """Expected purchases in the next `t` time units for a customer with history (x, t_x, T)
        (eq. 20); without history, E[X(t)] for a new customer (eq. 17)."""
        r, alpha, s, beta = self.individual(covariates)
        t = np.asarray(t, dtype=float)
        if frequency is None:
            return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        alive = self.probability_alive(x, tx, T, covariates)
        return (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1)) * alive

    def probability_purchase(self, t, frequency, recency, T, points: int = 48) -> np.ndarray:
        """P(at least one purchase in the next `t` time units | x, t_x, T): P(alive) times the
        chance that an alive customer buys before leaving, lambda / (lambda + mu) (1 - exp(-(lambda + mu) t)),
        averaged over lambda ~ Gamma(r + x, alpha + T) and mu ~ Gamma(s, beta + T) (the rates of a
        customer alive at T) on `points` quantiles of each."""
        from scipy import stats

        r, alpha, s, beta = self.params.values()
        x, T, t = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in (frequency, T, t)))
        q = (np.arange(points) + 0.5) / points
        buys = np.empty(len(x))
        for start in range(0, len(x), 2_000):  # customers in chunks: points^2 rates each
            part = slice(start, start + 2_000)
            lam = stats.gamma.ppf(q[None, :], (r + x[part])[:, None]) / (alpha + T[part])[:, None]
            mu = stats.gamma.ppf(q, s)[None, :] / (beta + T[part])[:, None]
            total = lam[:, :, None] + mu[:, None, :]
            buys[part] = (lam[:, :, None] / total * (1 - np.exp(-total * t[part, None, None]))).mean(axis=(1, 2))
        return self.probability_alive(frequency, recency, T) * buys

    def plot(self, rfm: pd.DataFrame, *, ax=None, max_frequency: int = 7, **labels):
        """Calibration vs holdout: mean actual and predicted holdout purchases by calibration frequency."""
        return calibration_holdout(self, rfm, ax=ax, max_frequency=max_frequency, **labels)


def _log_a0(r, alpha, s, beta, x, tx, T) -> np.ndarray:
    """log A0 of the Pareto/NBD likelihood: the difference of two hypergeometric terms at t_x and T.
    With one alpha and beta for every customer, each term is computed once per distinct (x, t)."""
    alpha_high = alpha >= beta
    high = np.where(alpha_high, alpha, beta)
    gap = np.abs(alpha - beta)

    def term(x, t):
        top, second = r + s + x, np.where(alpha_high, s + 1, r + x)
        z = gap / (high + t)
        return np.log(special.hyp2f1(top, second, top + 1, z)) - top * np.log(high + t)

    def once_per_pair(t):
        if np.ndim(alpha) or np.ndim(beta):
            return term(x, t)
        (px, pt), inverse = _distinct_pairs(x, t)
        return term(px, pt)[inverse]

    at_tx, at_T = once_per_pair(tx), once_per_pair(T)
    with np.errstate(divide="ignore", invalid="ignore"):
        return at_tx + np.log1p(-np.exp(np.minimum(at_T - at_tx, 0.0)))


_PAIRS: list[tuple] = []


def _distinct_pairs(x: np.ndarray, t: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """The distinct (x, t) pairs and, for each row, the index of its pair; the last few arrays
    asked about are remembered (a fit asks about the same two pairs of arrays at every step).

    >>> (px, pt), inverse = _distinct_pairs(np.array([1.0, 0.0, 1.0]), np.array([3.0, 0.0, 3.0]))
    >>> px.tolist(), pt.tolist(), inverse.tolist()
    ([0.0, 1.0], [0.0, 3.0], [1, 0, 1])
    """
    for known_x, known_t, pairs, inverse in _PAIRS:
        if known_x is x and known_t is t:
            return pairs, inverse
    rows, inverse = np.unique(np.column_stack([x, t]), axis=0, return_inverse=True)
    _PAIRS[:] = [*_PAIRS[-3:], (x, t, (rows[:, 0], rows[:, 1]), inverse.ravel())]
    return _PAIRS[-1][2], _PAIRS[-1][3]


def _pareto_nbd_ll(log_params, x, tx, T, z=None) -> np.ndarray:
    r, alpha, s, beta = np.exp(log_params[:4])
    if z is not None and z.shape[1]:
        k = z.shape[1]
        alpha = alpha * np.exp(-z @ log_params[4:4 + k])
        beta = beta * np.exp(-z @ log_params[4 + k:])
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive_to_T = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    left_between = np.log(s) - np.log(r + s + x) + _log_a0(r, alpha, s, beta, x, tx, T)
    return head + np.logaddexp(alive_to_T, np.where(np.isfinite(left_between), left_between, -np.inf))


#: The shapes r and s of the purchase and dropout rates are searched up to this value: rates whose
#: spread over customers is below 1 / sqrt(150) = 8 % of their mean cannot be told from equal rates,
#: and the likelihood's hypergeometric terms get slower as the shapes grow (a fit on data whose
#: dropout rate is the same for everyone climbs s and beta together without end). A shape that
#: ends at the cap is reported as not identified.
SHAPE_CAP = 150.0


def fit_pareto_nbd(rfm: pd.DataFrame, *, covariates: pd.DataFrame | None = None) -> ParetoNBDModel:
    """Fit Pareto/NBD by maximum likelihood to an RFM table (frequency, recency, T), optionally
    with time-invariant customer `covariates` on the purchase rate (alpha_i = alpha exp(-z'g))
    and the dropout rate (beta_i = beta exp(-z'd)), as :func:`retention_kit.fit_bgnbd` does.

    On the CDNOW calibration summary (2,357 customers, 39 weeks) Fader, Hardie & Lee (2005)
    report r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, log-likelihood -9595.0; see
    tests/clv/test_btyd.py. A model whose parameters the data cannot pin down warns
    (:class:`retention_kit.clv.UnidentifiedModelWarning`) and has ``identified`` False.
    """
    T = _columns(rfm, ["T"])[0]
    start = np.log([1.0, max(T.mean(), 1.0), 1.0, max(T.mean(), 1.0)])
    model = _fit_with_covariates(ParetoNBDModel, _pareto_nbd_ll, rfm, covariates, start, ["r", "alpha", "s", "beta"],
                                 upper={"r": SHAPE_CAP, "s": SHAPE_CAP})
    model._warn_if_unidentified()
    return model
