"""MBG/NBD (Batislam, Denizel & Filiztekin 2007): BG/NBD in which a customer may also drop out
right after the first purchase, so a one-time buyer is not taken to be alive for sure.

Purchases of an active customer follow a Poisson process with rate lambda ~ Gamma(r, alpha); at
the first purchase and after every repeat purchase the customer leaves with probability
p ~ Beta(a, b). The likelihood of one customer with x repeat purchases, the last at t_x, observed
for T, is

    B(a, b + x + 1) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + T)^(r + x))
      + B(a + 1, b + x) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + t_x)^(r + x)).

On the CDNOW calibration summary (2,357 customers, 39 weeks) the published estimates are
r = 0.525, alpha = 6.183, a = 0.891, b = 1.614 (reproduced in tests/clv/test_btyd.py).

Examples
--------
>>> import pandas as pd
>>> rfm = pd.read_csv("tests/data/cdnow_customers_summary.csv")     # doctest: +SKIP
>>> fit_mbgnbd(rfm).params                                           # doctest: +SKIP
{'r': 0.525..., 'alpha': 6.18..., 'a': 0.891..., 'b': 1.614...}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .base import _columns, _Fitted, _fit_with_covariates


@dataclass
class ModifiedBetaGeoModel(_Fitted):
    """A fitted MBG/NBD model: r, alpha (purchase rates ~ Gamma(r, alpha)), a, b (dropout ~ Beta(a, b))."""

    time_unit: str = "W"

    def probability_alive(self, frequency, recency, T) -> np.ndarray:
        """P(still active | x, t_x, T) = 1 / (1 + a / (b + x) ((alpha + T) / (alpha + t_x))^(r + x));
        below 1 for one-time buyers too."""
        r, alpha, a, b = self.params.values()
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        log_term = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        return 1.0 / (1.0 + np.exp(log_term))

    def expected_purchases(self, t, frequency=None, recency=None, T=None) -> np.ndarray:
        """Expected purchases in the next `t` time units for a customer with history (x, t_x, T);
        without history, E[X(t)] for a new customer."""
        r, alpha, a, b = self.params.values()
        t = np.asarray(t, dtype=float)
        if frequency is None:
            hyp = special.hyp2f1(r, b + 1, a + b, t / (alpha + t))
            return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)
        x, tx, T = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
        hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
        numerator = (a + b + x) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
        return numerator * self.probability_alive(x, tx, T)

    def probability_purchase(self, t, frequency, recency, T) -> np.ndarray:
        """P(at least one purchase in the next `t` time units | x, t_x, T): an active customer leaves
        only right after a purchase, so one alive at T buys unless the Poisson clock stays silent."""
        r, alpha, _, _ = self.params.values()
        x, T, t = (np.asarray(v, dtype=float) for v in (frequency, T, t))
        return self.probability_alive(frequency, recency, T) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x))


def _mbgnbd_ll(log_params, x, tx, T, z=None) -> np.ndarray:
    r, alpha, a, b = np.exp(log_params[:4])
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    beta_ratio = special.gammaln(a + b) + special.gammaln(b + x + 1) - special.gammaln(b) - special.gammaln(a + b + x + 1)
    alive = -(r + x) * np.log(alpha + T)
    left = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)
    return head + beta_ratio + np.logaddexp(alive, left)


def fit_mbgnbd(rfm: pd.DataFrame) -> ModifiedBetaGeoModel:
    """Fit MBG/NBD by maximum likelihood to an RFM table (frequency, recency, T), on a sample of
    :data:`retention_kit.clv.MAX_FIT_CUSTOMERS` customers when there are more. A model whose
    parameters the data cannot pin down warns and has ``identified`` False."""
    T = _columns(rfm, ["T"])[0]
    start = np.log([1.0, max(T.mean(), 1.0), 1.0, 1.0])
    model = _fit_with_covariates(ModifiedBetaGeoModel, _mbgnbd_ll, rfm, None, start, ["r", "alpha", "a", "b"])
    model._warn_if_unidentified()
    return model
