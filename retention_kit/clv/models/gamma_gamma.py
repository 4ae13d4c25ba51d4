"""Gamma-Gamma (Fader & Hardie 2013): spend per transaction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .base import _columns, _fit, _Fitted
from ..sample import sample_customers


@dataclass
class GammaGammaModel(_Fitted):
    """A fitted Gamma-Gamma spend model: p, q, v (transaction values ~ Gamma(p, nu), nu ~ Gamma(q, v))."""

    def expected_spend(self, frequency, monetary_value) -> np.ndarray:
        """Expected mean transaction value: (p (v + x m_x)) / (p x + q - 1); the population mean
        p v / (q - 1) for customers without repeat purchases."""
        p, q, v = self.params.values()
        x, m = np.asarray(frequency, dtype=float), np.asarray(monetary_value, dtype=float)
        return (p * (v + x * m)) / (p * x + q - 1)


def _gg_ll(log_params, x, m):
    p, q, v = np.exp(log_params)
    return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(v)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(v + x * m))


def fit_gamma_gamma(rfm: pd.DataFrame) -> GammaGammaModel:
    """Fit the Gamma-Gamma model to customers with at least one repeat purchase.

    Log-likelihood of a customer with x repeat purchases of mean value m (Fader & Hardie 2013):
    ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m).
    """
    used = rfm[(rfm["frequency"] > 0) & (rfm["monetary_value"] > 0)]
    sample, sampled = sample_customers(used)
    fitted_on = len(sample) if sampled else None
    x, m = _columns(sample, ["frequency", "monetary_value"])
    neg = lambda p: -_gg_ll(p, x, m).sum()
    return GammaGammaModel(**_fit(neg, np.log([1.0, 1.0, max(m.mean(), 1.0)]), ["p", "q", "v"]), n=len(used),
                           fitted_on=fitted_on)
