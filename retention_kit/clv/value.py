"""Customer lifetime value from the fitted models (discounted, with intervals), per group, and the
simple formula of the glossary."""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from ..data import as_loaded, takes_dataset
from ..engine import execute
from ..intervals import Z95
from .models.base import _columns, _distinct_histories
from .models.bgnbd import BetaGeoModel
from .models.gamma_gamma import GammaGammaModel
from .rfm import TIME_UNITS
from .sample import sample_customers


def predict_clv(bgnbd: BetaGeoModel, gamma_gamma: GammaGammaModel, rfm: pd.DataFrame,
                months: int = 12, monthly_discount_rate: float = 0.01) -> pd.Series:
    """Expected discounted revenue per customer over the next `months` months.

    CLV = Σ_m E[purchases in month m] × E[spend per purchase] / (1 + d)^m, with the
    purchases from BG/NBD (months of 30.4375 days, in the model's time unit) and the
    spend from Gamma-Gamma.

    Examples
    --------
    Without discounting, the monthly sums add up to the expected purchases over the
    whole horizon times the expected spend:

    >>> import pandas as pd
    >>> bg = BetaGeoModel({"r": 0.5, "alpha": 5.0, "a": 2.0, "b": 3.0}, {}, 0.0, 1, True)
    >>> gg = GammaGammaModel({"p": 6.0, "q": 4.0, "v": 30.0}, {}, 0.0, 1, True)
    >>> rfm = pd.DataFrame({"frequency": [0, 3], "recency": [0.0, 20.0], "T": [30.0, 30.0],
    ...                     "monetary_value": [0.0, 50.0]})
    >>> clv = predict_clv(bg, gg, rfm, months=12, monthly_discount_rate=0.0)
    >>> horizon = bg.expected_purchases(12 * 30.4375 / 7, rfm.frequency, rfm.recency, rfm["T"])
    >>> bool(np.allclose(clv, horizon * gg.expected_spend(rfm.frequency, rfm.monetary_value)))
    True
    """
    return pd.Series(_clv(bgnbd, gamma_gamma, rfm, _histories(rfm), months, monthly_discount_rate),
                     index=rfm.index, name="clv")


def _clv(bgnbd, gamma_gamma, rfm: pd.DataFrame, histories, months: int, rate: float) -> np.ndarray:
    """:func:`predict_clv`'s values, given `rfm`'s distinct `histories` (:func:`_histories`)."""
    x, m = _columns(rfm, ["frequency", "monetary_value"])
    distinct, back = histories
    return _discounted_purchases(bgnbd, distinct, months, rate)[back] * gamma_gamma.expected_spend(x, m)


def _histories(rfm: pd.DataFrame) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct (frequency, recency, T) of `rfm` and each customer's among them: a purchase model
    predicts the same for the same history, so it predicts once per history (customers share them
    by the thousand in weekly units)."""
    histories, _, back = _distinct_histories(_columns(rfm, ["frequency", "recency", "T"]), inverse=True)
    return histories, back


def _discounted_purchases(bgnbd: BetaGeoModel, histories: list[np.ndarray], months: int, rate: float) -> np.ndarray:
    """Σ_m E[purchases in month m] / (1 + rate)^m per history (x, t_x, T)."""
    x, tx, T = histories
    per_month = 30.4375 / TIME_UNITS[bgnbd.time_unit]
    value, previous = np.zeros(len(x)), np.zeros(len(x))
    for month in range(1, months + 1):
        cumulative = bgnbd.expected_purchases(month * per_month, x, tx, T)
        value += (cumulative - previous) / (1 + rate) ** month
        previous = cumulative
    return value


@dataclass
class CLVIntervals:
    """Predicted CLV and P(alive) per customer with 95 % intervals that carry the uncertainty of
    the fitted parameters (:func:`clv_intervals`)."""

    customers: pd.DataFrame  # clv, clv_ci_low, clv_ci_high, p_alive, p_alive_ci_low, p_alive_ci_high per customer
    draws: pd.DataFrame | None  # CLV per customer (rows) under each parameter draw (columns); None: none drawn

    @property
    def clv(self) -> pd.Series:
        return self.customers["clv"]


#: clv_intervals draws the intervals of at most this many customers (a seeded random sample).
MAX_DRAWN_CUSTOMERS = 20_000


def clv_intervals(bgnbd: BetaGeoModel, gamma_gamma: GammaGammaModel, rfm: pd.DataFrame, *, months: int = 12,
                  monthly_discount_rate: float = 0.01, draws: int = 200, seed: int = 0) -> CLVIntervals:
    """:func:`predict_clv` and P(alive) with 95 % intervals per customer, from `draws` parameter
    sets drawn from the models' asymptotic sampling distributions (:meth:`_Fitted.parameter_draws`;
    Gamma-Gamma draws with q <= 1, whose mean spend is infinite, are drawn again; a model whose
    parameters have no finite covariance gives empty intervals and ``.draws`` None). Pass ``.draws``
    to :func:`clv_by_group` for group intervals; ``benchmarks/clv_coverage.py`` measures their coverage.
    Of a base larger than :data:`MAX_DRAWN_CUSTOMERS`, a seeded random sample is drawn (the others
    get the prediction without an interval): group intervals need the spread of the group mean over
    the draws, which a sample of that size gives.

    >>> import pandas as pd
    >>> rfm = pd.read_csv("tests/data/cdnow_customers_summary_with_transactions.csv")  # doctest: +SKIP
    >>> clv_intervals(fit_bgnbd(rfm), fit_gamma_gamma(rfm[rfm.frequency > 0]), rfm).customers.head()  # doctest: +SKIP
    """
    histories, back = _histories(rfm)  # once for both predictions (seconds at 15M customers)
    customers = pd.DataFrame({"clv": _clv(bgnbd, gamma_gamma, rfm, (histories, back), months, monthly_discount_rate),
                              "p_alive": bgnbd.probability_alive(*histories)[back]}, index=rfm.index)
    try:
        spend_draws = [g for g in gamma_gamma.parameter_draws(4 * draws, seed + 1) if g.params["q"] > 1][:draws]
        purchase_draws = bgnbd.parameter_draws(draws, seed)
    except ValueError:  # no finite covariance: a model the data do not pin down
        spend_draws, purchase_draws = [], []
    columns = ["clv", "clv_ci_low", "clv_ci_high", "p_alive", "p_alive_ci_low", "p_alive_ci_high"]
    if len(spend_draws) < draws:  # intervals cannot be drawn: left empty, and said so by .draws None
        return CLVIntervals(customers.reindex(columns=columns), None)
    drawn, _ = sample_customers(rfm, MAX_DRAWN_CUSTOMERS, seed)
    histories, back = _histories(drawn)
    values = np.column_stack([_clv(b, g, drawn, (histories, back), months, monthly_discount_rate).astype(np.float32)
                              for b, g in zip(purchase_draws, spend_draws)])
    alive = np.column_stack([b.probability_alive(*histories)[back].astype(np.float32) for b in purchase_draws])
    bounds = pd.DataFrame({"clv_ci_low": np.percentile(values, 2.5, axis=1), "clv_ci_high": np.percentile(values, 97.5, axis=1),
                           "p_alive_ci_low": np.percentile(alive, 2.5, axis=1),
                           "p_alive_ci_high": np.percentile(alive, 97.5, axis=1)}, index=drawn.index)
    at = customers.index.get_indexer(drawn.index)  # the drawn customers' rows; the others keep no interval
    customers = customers.reindex(columns=columns)
    for column in bounds:
        customers.iloc[at, customers.columns.get_loc(column)] = bounds[column].to_numpy()
    return CLVIntervals(customers, pd.DataFrame(values, index=drawn.index))


def clv_by_group(clv: pd.Series, customers=None, by: str | None = None, draws: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean predicted CLV per customer group with a 95% interval.

    `clv` is indexed by customer_id (as :func:`predict_clv` returns it); `customers` is
    any customers source with the column `by`. Customers without a group are shown as
    "(unknown)"; without `customers` (or `by`) all customers form one group. With `draws`
    (``clv_intervals(...).draws``) the interval is that of the group mean over the parameter
    draws: the uncertainty of the prediction for these customers (drawn for a sample of them: that
    spread, centred on the mean of every customer). Without, it is the normal approximation of the
    mean over customers.

    Examples
    --------
    >>> import pandas as pd
    >>> clv = pd.Series([10.0, 20.0, 30.0, 50.0], index=pd.Index(list("abcd"), name="customer_id"))
    >>> customers = pd.DataFrame({"customer_id": list("abcd"), "channel": ["email", "email", "social", "social"]})
    >>> clv_by_group(clv, customers, "channel")[["customers", "mean_clv", "total_clv"]]
             customers  mean_clv  total_clv
    channel
    social           2      40.0       80.0
    email            2      15.0       30.0
    """
    if customers is None or by is None:
        by = by or "group"
        groups = pd.Series("all", index=clv.index)
    else:
        c = as_loaded(customers, "customers").table
        known = execute(c.select("customer_id", c[by])).set_index("customer_id")[by]
        groups = known.reindex(clv.index).fillna("(unknown)")
    frame = pd.DataFrame({"clv": clv, by: groups})
    out = frame.groupby(by).clv.agg(customers="size", mean_clv="mean", sd="std", total_clv="sum")
    if draws is None:
        half = Z95 * out.sd / np.sqrt(out.customers)
        out["ci_low"], out["ci_high"] = out.mean_clv - half, out.mean_clv + half
    else:
        drawn = groups.reindex(draws.index).to_numpy()
        means = draws.groupby(drawn).mean()
        if len(draws) < len(clv):  # draws of a sample: its spread, centred on the mean of every customer
            offset = out.mean_clv - clv.reindex(draws.index).groupby(drawn).mean()
            means = means.add(offset.reindex(means.index), axis=0)
        out["ci_low"] = means.quantile(0.025, axis=1).reindex(out.index)
        out["ci_high"] = means.quantile(0.975, axis=1).reindex(out.index)
    return out.drop(columns="sd").sort_values("mean_clv", ascending=False)


def cac_ceiling(clv_table: pd.DataFrame, *, gross_margin: float = 0.3) -> pd.DataFrame:
    """What acquiring a customer may cost: expected CLV (revenue) x gross margin, per group.

    Spending more than this to acquire a customer loses money over the CLV horizon;
    the lower end of the CLV interval gives a cautious ceiling.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"mean_clv": [200.0], "ci_low": [180.0], "ci_high": [220.0]}, index=["email"])
    >>> cac_ceiling(t, gross_margin=0.25)[["max_acquisition_cost", "cautious_max_acquisition_cost"]]
           max_acquisition_cost  cautious_max_acquisition_cost
    email                  50.0                           45.0
    """
    return clv_table.assign(max_acquisition_cost=clv_table.mean_clv * gross_margin,
                            cautious_max_acquisition_cost=clv_table.ci_low * gross_margin)


@takes_dataset("customers")
def simple_clv(orders, *, by: str | None = None, customers=None, observation_end=None,
               lifespan_years: float | None = None) -> pd.DataFrame:
    """The textbook CLV per group: average order value x purchase frequency x lifespan.

    From the 365 days before `observation_end`: average order value = revenue / orders,
    purchase frequency = orders per buying customer per year. Lifespan (years) =
    1 / yearly churn rate unless given, where the yearly churn rate is the share of
    the customers who bought in the year before that window and not in it.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "a", "a", "c"],
    ...     "order_date": ["2023-03-01", "2023-05-01", "2024-02-01", "2024-06-01", "2024-07-01"],
    ...     "revenue": [50.0, 40.0, 60.0, 40.0, 30.0]})
    >>> simple_clv(orders, observation_end="2024-12-31").round(2).to_dict("records")
    [{'average_order_value': 43.33, 'purchase_frequency': 1.5, 'yearly_churn_rate': 0.5, 'lifespan_years': 2.0, 'clv': 130.0}]
    """
    from ..formulas import clv_simple

    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    year_ago, two_years_ago = (end - pd.Timedelta(days=365)).date(), (end - pd.Timedelta(days=730)).date()
    t = o.table.filter(o.table.order_date <= end.date())
    group = "group"
    if by is not None and customers is not None:
        c = as_loaded(customers, "customers").table
        t = t.left_join(c.select("customer_id", _g=c[by]), "customer_id").select(
            t, group=ibis.coalesce(ibis._._g.cast("string"), "(unknown)"))
    else:
        t = t.mutate(group=ibis.literal("all"))
    recent = t.order_date > year_ago
    prior = (t.order_date > two_years_ago) & ~recent
    per = t.group_by(["customer_id", group]).aggregate(
        orders=recent.cast("int64").sum(), revenue=t.revenue.sum(where=recent),
        before=prior.cast("int64").sum())
    agg = execute(per.group_by(group).aggregate(
        orders=per.orders.sum(), revenue=per.revenue.sum(), buyers=(per.orders > 0).cast("int64").sum(),
        base=(per.before > 0).cast("int64").sum(), lost=((per.before > 0) & (per.orders == 0)).cast("int64").sum(),
    )).set_index(group).sort_index()  # one order, whatever order the backend returns groups in
    agg.index.name = by or "group"
    out = pd.DataFrame(index=agg.index)
    out["average_order_value"] = agg.revenue / agg.orders
    out["purchase_frequency"] = agg.orders / agg.buyers
    out["yearly_churn_rate"] = agg.lost / agg.base.where(agg.base > 0)
    out["lifespan_years"] = lifespan_years if lifespan_years else 1 / out.yearly_churn_rate
    out["clv"] = [clv_simple(a, f, life) for a, f, life in zip(out.average_order_value, out.purchase_frequency,
                                                                 out.lifespan_years)]
    return out
