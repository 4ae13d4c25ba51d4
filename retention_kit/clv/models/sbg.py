"""Shifted-beta-geometric (Fader & Hardie 2007) for contractual cohorts: survival and retention by period."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from ...drawing import PALETTE, axes, words
from .base import _fit, _Fitted


@dataclass
class ShiftedBetaGeoModel(_Fitted):
    """A fitted shifted-beta-geometric model: churn probabilities ~ Beta(alpha, beta) across customers."""

    survivors: list = field(default_factory=list)

    def survival(self, t) -> np.ndarray:
        """S(t) = B(alpha, beta + t) / B(alpha, beta): share of the cohort still active after t periods."""
        alpha, beta = self.params.values()
        t = np.asarray(t, dtype=float)
        return np.exp(special.betaln(alpha, beta + t) - special.betaln(alpha, beta))

    def retention_rate(self, t) -> np.ndarray:
        """r(t) = S(t) / S(t-1) = (beta + t - 1) / (alpha + beta + t - 1): it rises with tenure."""
        alpha, beta = self.params.values()
        t = np.asarray(t, dtype=float)
        return (beta + t - 1) / (alpha + beta + t - 1)

    def projection(self, periods: int) -> pd.DataFrame:
        """Observed and projected survivors for periods 0..`periods` (cohort size from period 0)."""
        t = np.arange(periods + 1)
        size = self.survivors[0] if self.survivors else 1.0
        observed = list(self.survivors) + [np.nan] * (periods + 1 - len(self.survivors))
        return pd.DataFrame({"period": t, "observed": observed[: periods + 1], "projected": size * self.survival(t)})

    def plot(self, periods: int | None = None, *, ax=None, **labels):
        """Observed and projected survivors of the cohort for `periods` periods (default: twice those
        observed). Labels: ``observed``, ``projected``, ``xlabel``, ``ylabel``."""
        w = words(labels, observed="observed", projected="projected", xlabel="period", ylabel="survivors")
        ax = axes(ax)
        table = self.projection(periods or 2 * len(self.survivors))
        ax.plot(table.period, table.observed, marker="o", color=PALETTE[0], label=w["observed"])
        ax.plot(table.period, table.projected, linestyle="--", color=PALETTE[1], label=w["projected"])
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"])
        ax.legend()
        return ax


def fit_sbg(survivors) -> ShiftedBetaGeoModel:
    """Fit the shifted-beta-geometric model to a cohort's survivor counts n_0, n_1, ..., n_T.

    Customers who churn in period t contribute P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta);
    those still active after the last period contribute S(T) (Fader & Hardie 2007, eq. 7).
    """
    n = np.asarray(survivors, dtype=float)
    if n.ndim != 1 or len(n) < 2 or np.any(np.diff(n) > 0):
        raise ValueError("survivors must be a non-increasing sequence of at least two counts, e.g. [1000, 631, 468]")
    lost = -np.diff(n)
    t = np.arange(1, len(n))

    def neg(log_params):
        alpha, beta = np.exp(log_params)
        base = special.betaln(alpha, beta)
        p_t = special.betaln(alpha + 1, beta + t - 1) - base
        s_T = special.betaln(alpha, beta + t[-1]) - base
        return -(np.sum(lost * p_t) + n[-1] * s_T)

    return ShiftedBetaGeoModel(**_fit(neg, np.log([1.0, 1.0]), ["alpha", "beta"]), n=int(n[0]), survivors=n.tolist())
