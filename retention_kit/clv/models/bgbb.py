"""The BG/BB model (Fader, Hardie & Shang 2010) for discrete transaction opportunities such
as newsletters, yearly donations or monthly renewals: while alive, a customer transacts at
each opportunity with probability p ~ Beta(alpha, beta) and dies before each opportunity with
probability theta ~ Beta(gamma, delta).

The data are one row per (frequency x, recency t_x, opportunities n), optionally with a
``weights`` column counting the customers who share that row: the 11,104 donors of the
paper fit in 22 rows. :func:`rfm_discrete` builds such a table from an order log.

Examples
--------
>>> import pandas as pd
>>> donations = pd.read_csv("tests/data/donations.csv")          # doctest: +SKIP
>>> fit_bgbb(donations).params                                   # doctest: +SKIP
{'alpha': 1.204, 'beta': 0.750, 'gamma': 0.657, 'delta': 2.783}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .base import _fit, _Fitted
from ...drawing import axes, words


@dataclass
class BetaGeoBetaBinomModel(_Fitted):
    """A fitted BG/BB model: alpha, beta (transaction probability), gamma, delta (dropout)."""

    def probability_alive(self, frequency, recency, n, future: int = 1) -> np.ndarray:
        """P(alive at opportunity n + `future` | x, t_x, n) (Fader, Hardie & Shang 2010, eq. 11)."""
        alpha, beta, gamma, delta = self.params.values()
        x, tx, n = (np.asarray(v, dtype=float) for v in (frequency, recency, n))
        log_alive = (special.betaln(alpha + x, beta + n - x) - special.betaln(alpha, beta)
                     + special.betaln(gamma, delta + n + future) - special.betaln(gamma, delta))
        return np.exp(log_alive - _bgbb_ll(self.params.values(), x, tx, n))

    def expected_purchases(self, future, frequency=None, recency=None, n=None) -> np.ndarray:
        """Expected transactions in the next `future` opportunities for a customer with history
        (x, t_x, n) (eq. 13); without history, E[X(n)] over the first `future` opportunities (eq. 7)."""
        alpha, beta, gamma, delta = self.params.values()
        future = np.asarray(future, dtype=float)
        if frequency is None:
            return (alpha / (alpha + beta) * delta / (gamma - 1)
                    * (1 - np.exp(special.gammaln(gamma + delta) - special.gammaln(1 + delta)
                                  + special.gammaln(1 + delta + future) - special.gammaln(gamma + delta + future))))
        x, tx, n = (np.asarray(v, dtype=float) for v in (frequency, recency, n))
        log_front = (special.betaln(alpha + x + 1, beta + n - x) - special.betaln(alpha, beta)
                     + special.gammaln(gamma + delta) - special.gammaln(1 + delta)
                     - _bgbb_ll(self.params.values(), x, tx, n))
        bracket = (np.exp(special.gammaln(1 + delta + n) - special.gammaln(gamma + delta + n))
                   - np.exp(special.gammaln(1 + delta + n + future) - special.gammaln(gamma + delta + n + future)))
        return np.exp(log_front) * delta / (gamma - 1) * bracket  # both factors change sign when gamma < 1


    def plot(self, periods: int, *, ax=None, **labels):
        """P(alive at the next opportunity, in %) for every frequency (rows) and recency (columns)
        after `periods` opportunities, as a heatmap (Fader, Hardie & Shang 2010, figure 4);
        impossible cells (frequency above recency) stay empty. Labels: ``xlabel``, ``ylabel``, ``title``."""
        import seaborn as sns

        w = words(labels, xlabel="recency", ylabel="frequency", title="P(alive) %")
        ax = axes(ax)
        x, tx = np.meshgrid(np.arange(periods + 1), np.arange(periods + 1), indexing="ij")
        possible = (x <= tx) & ((x == 0) == (tx == 0))
        alive = np.where(possible, self.probability_alive(np.where(possible, x, 0), np.where(possible, tx, 0), periods),
                         np.nan)
        sns.heatmap(pd.DataFrame(alive * 100).iloc[::-1], ax=ax, cmap="Blues", vmin=0, vmax=100, annot=True, fmt=".0f",
                    cbar_kws={"label": "%"})
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"], title=w["title"])
        return ax


def _bgbb_ll(params, x, tx, n) -> np.ndarray:
    """Log-likelihood of each (x, t_x, n) (eq. 5): alive through n, or died after opportunity t_x + i."""
    alpha, beta, gamma, delta = params
    x, tx, n = np.broadcast_arrays(*(np.atleast_1d(np.asarray(v, dtype=float)) for v in (x, tx, n)))
    base = special.betaln(alpha, beta) + special.betaln(gamma, delta)
    terms = [special.betaln(alpha + x, beta + n - x) + special.betaln(gamma, delta + n) - base]
    for i in range(int(np.max(n - tx))):
        term = special.betaln(alpha + x, beta + tx - x + i) + special.betaln(gamma + 1, delta + tx + i) - base
        terms.append(np.where(i <= n - tx - 1, term, -np.inf))
    return special.logsumexp(np.stack(terms), axis=0)


def fit_bgbb(rfm_discrete: pd.DataFrame) -> BetaGeoBetaBinomModel:
    """Fit BG/BB by maximum likelihood to a table of frequency, recency and ``periods``
    (opportunities; ``n`` is accepted too), with optional ``weights``.

    On the donations of Fader, Hardie & Shang (2010) (11,104 donors, 6 opportunities) the paper
    reports alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783; see tests/clv/test_btyd.py.
    """
    n_column = "periods" if "periods" in rfm_discrete else "n"
    x, tx, n = (rfm_discrete[c].to_numpy(dtype=float) for c in ("frequency", "recency", n_column))
    if ((x < 0) | (x > tx) | (tx > n) | ((x == 0) != (tx == 0))).any():
        raise ValueError("a BG/BB row needs 0 <= frequency <= recency <= periods, and recency 0 exactly when "
                         "frequency is 0")
    weights = rfm_discrete["weights"].to_numpy(dtype=float) if "weights" in rfm_discrete else np.ones(len(x))
    neg = lambda p: -(weights * _bgbb_ll(np.exp(p), x, tx, n)).sum()
    model = BetaGeoBetaBinomModel(**_fit(neg, np.zeros(4), ["alpha", "beta", "gamma", "delta"]), n=int(weights.sum()))
    model._warn_if_unidentified()
    return model


def rfm_discrete(orders, *, opportunities: int, observation_end=None, start=None) -> pd.DataFrame:
    """Frequency, recency and opportunities per customer for BG/BB, one opportunity per year
    from each customer's first order on: an opportunity counts as a transaction when the
    customer ordered in it. Rows are grouped with a ``weights`` count.

    orders : any orders source; opportunities : how many opportunities after the first one
    """
    from ...data import as_loaded
    from ...engine import execute

    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    t = o.table
    firsts = t.group_by("customer_id").aggregate(first=t.order_date.min())
    joined = t.join(firsts, "customer_id")
    years = ((joined.order_date.epoch_seconds() - joined.first.epoch_seconds()) / (365.25 * 86400)).floor()
    per = joined.mutate(opportunity=years.cast("int64")).filter(lambda s: (s.opportunity >= 1)
                                                                 & (s.opportunity <= opportunities))
    frame = execute(per.group_by("customer_id").aggregate(frequency=per.opportunity.nunique(),
                                                          recency=per.opportunity.max()))
    first = execute(firsts)
    earliest = pd.to_datetime(first["first"]).min()
    first = first[pd.to_datetime(first["first"]) + pd.DateOffset(years=opportunities) <= end]
    if first.empty:
        raise ValueError(f"orders: no customer had all {opportunities} yearly opportunities by the observation end "
                         f"{end.date()} (the first order is dated {earliest.date()}); pass opportunities= at most "
                         f"{max(0, (end - earliest).days * 100 // 36525)}")
    table = first[["customer_id"]].merge(frame, on="customer_id", how="left").fillna({"frequency": 0, "recency": 0})
    table["periods"] = opportunities
    return (table.groupby(["frequency", "recency", "periods"]).size().rename("weights").reset_index()
            .astype({"frequency": "int64", "recency": "int64"}))
