"""Customer lifetime value: RFM summaries and buy-till-you-die models fitted by maximum likelihood.

* :func:`rfm_summary` – frequency, recency, T and monetary value per customer
  (the conventions of the ``lifetimes`` package and pymc-marketing), in the engine.
* :func:`fit_bgnbd` – BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers
  the easy way"): how often a customer buys and whether they are still alive.
* :func:`fit_gamma_gamma` – spend per transaction (Fader & Hardie 2013).
* :func:`predict_clv` – discounted expected value over a horizon.
* :func:`fit_sbg` – shifted-beta-geometric (Fader & Hardie 2007) for contractual
  cohorts: survival and retention by period.

Each model is fitted with scipy on log-parameters; standard errors come from
the inverse Hessian of the negative log-likelihood (delta method back to the
parameters). Results follow the lifelines shape: ``.params``, ``.summary()``,
prediction methods, ``.plot(ax=)``.

Examples
--------
>>> model = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
>>> {k: round(v, 3) for k, v in model.params.items()}
{'alpha': 0.704, 'beta': 1.182}
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field, replace

import ibis
import numpy as np
import pandas as pd
from scipy import optimize, special

from .data import as_loaded
from .data.lines import order_key
from .drawing import draw
from .engine import distinct_dates, execute, materialise
from .intervals import Z95

TIME_UNITS = {"D": 1.0, "W": 7.0}


# ----------------------------------------------------------------------------- RFM


def rfm_summary(orders, *, observation_end=None, time_unit: str = "W", calibration_end=None) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer (one row per customer).

    Orders on the same day are merged into one transaction. Then, with the first
    transaction at day 0:

    * ``frequency`` – repeat transactions (transactions after the first);
    * ``recency`` – time from the first to the last transaction;
    * ``T`` – time from the first transaction to the end of the (calibration) period;
    * ``monetary_value`` – mean revenue of the repeat transactions (0 without repeats).

    Times are in `time_unit` ("D" days, "W" weeks = days / 7, fractional, as in the
    published CDNOW summary). With `calibration_end`, the columns describe the
    calibration period (customers whose first order falls after it are left out) and
    ``frequency_holdout`` / ``monetary_value_holdout`` / ``duration_holdout`` describe
    (calibration_end, observation_end].

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b"],
    ...     "order_date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-01-08"], "revenue": [5.0, 5.0, 20.0, 7.0]})
    >>> rfm_summary(orders, observation_end="2024-01-29")
                 frequency  recency    T  monetary_value
    customer_id
    a                    1      2.0  4.0            20.0
    b                    0      0.0  3.0             0.0
    """
    if time_unit not in TIME_UNITS:
        raise ValueError(f"time_unit must be one of {', '.join(TIME_UNITS)}, not {time_unit!r}")
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    cal_end = pd.Timestamp(calibration_end).date() if calibration_end is not None else end
    t = o.table.filter(o.table.order_date <= end)
    passes = max(1, -(-o.rows_used // ORDERS_PER_PASS))
    holdout = calibration_end is not None
    frame = pd.concat([execute(_rfm_of(t if passes == 1 else t.filter(_customer_share(t.customer_id, passes) == part),
                                       cal_end, holdout=holdout, unit=TIME_UNITS[time_unit],
                                       duration_holdout=(pd.Timestamp(end) - pd.Timestamp(cal_end)).days))
                       for part in range(passes)])
    frame = frame.set_index("customer_id").sort_index()
    frame["frequency"] = frame["frequency"].astype("int64")
    if holdout:
        frame["frequency_holdout"] = frame["frequency_holdout"].astype("int64")
    frame.attrs.update(time_unit=time_unit, observation_end=end, calibration_end=cal_end)
    return frame


#: A customer's orders are gathered into one list per customer, so orders on the same day merge
#: without grouping every customer-day first (2.6x faster at 10M orders). A base of more orders
#: is summarised in passes over this many orders' worth of customers each, so the lists fit a
#: notebook's share of memory (100M orders in one pass need more than 3 GB).
ORDERS_PER_PASS = 25_000_000


def _customer_share(customer_id, parts: int):
    """Which of `parts` passes a customer belongs to (0 .. parts - 1), by a hash of the id."""
    return (customer_id.hash() % parts + parts) % parts


def _rfm_of(t, cal_end, *, holdout: bool, unit: float, duration_holdout: int):
    """The RFM columns of the customers in orders `t` (one row per customer whose first order is
    on or before `cal_end`)."""
    cal = (t.order_date <= cal_end) if holdout else None  # without a holdout every order is in the period
    agg = dict(first=t.order_date.min(), last_cal=t.order_date.max(where=cal), revenue_cal=t.revenue.sum(where=cal))
    if holdout:
        agg.update(revenue_holdout=t.revenue.sum(where=~cal))
    if order_key(t) == "order_date":  # every row is a customer-day already: a transaction of its own
        per = t.group_by("customer_id").aggregate(
            **agg, repeat=t.count(where=cal) - 1, first_revenue=t.revenue.argmin(t.order_date),
            **({"days_holdout": t.count(where=~cal)} if holdout else {}))
        return _rfm_columns(per.filter(per["first"] <= cal_end), cal_end, holdout, unit, duration_holdout)
    agg.update(orders_cal=ibis.struct({"day": t.order_date, "revenue": t.revenue}).collect(where=cal))
    if holdout:
        agg.update(days_holdout=t.order_date.collect(where=~cal))
    per = t.group_by("customer_id").aggregate(**agg)
    per = per.filter(per["first"] <= cal_end)
    per = per.mutate(  # in a step of their own, so the lists are read once (a column is not inlined)
        repeat=distinct_dates(per.orders_cal.map(lambda order: order.day)) - 1,
        first_revenue=per.orders_cal.map(lambda order: ibis.ifelse(order.day == per["first"], order.revenue, 0.0)).sums(),
        **({"days_holdout": distinct_dates(per.days_holdout).fill_null(0)} if holdout else {}),
    ).drop("orders_cal")
    return _rfm_columns(per, cal_end, holdout, unit, duration_holdout)


def _rfm_columns(per, cal_end, holdout: bool, unit: float, duration_holdout: int):
    """The RFM columns from a customer's first and last day, repeat transactions and revenue."""
    columns = dict(
        frequency=per.repeat,
        recency=per.last_cal.delta(per["first"], unit="day") / unit,
        T=ibis.literal(cal_end).delta(per["first"], unit="day") / unit,
        monetary_value=_per_transaction(per.revenue_cal - per.first_revenue, per.repeat),
    )
    if holdout:
        columns.update(frequency_holdout=per.days_holdout,
                       monetary_value_holdout=_per_transaction(per.revenue_holdout, per.days_holdout),
                       duration_holdout=ibis.literal(duration_holdout / unit))
    return per.select("customer_id", **columns)


def _per_transaction(revenue, transactions):
    """Mean revenue per transaction, 0 without transactions."""
    return ibis.ifelse(transactions > 0, revenue / transactions, 0.0)


# ----------------------------------------------------------------------------- fitting machinery


#: A parameter is not identified when its 95% interval spans more than this factor.
IDENTIFICATION_RATIO = 100


class UnidentifiedModelWarning(UserWarning):
    """A fitted model's parameters are not pinned down by the data."""


@dataclass
class _Fitted:
    """Shared shape of a fitted model: parameters, their standard errors, the log-likelihood."""

    params: dict
    std_errors: dict
    log_likelihood: float
    n: int
    converged: bool
    log_covariance: np.ndarray | None = field(default=None, repr=False)  # of the log-parameters, then coefficients
    coefficients: dict = field(default_factory=dict)         # covariate effects, "purchase: channel=social" -> value
    coefficient_errors: dict = field(default_factory=dict)
    design: list = field(default_factory=list, repr=False)   # retention_kit.covariates.design_spec of the fit
    lr_test: dict | None = None                              # against the same model without covariates
    fitted_on: int | None = None                             # customers of the estimation sample (None: all n)
    ridge: list = field(default_factory=list)                # parameters a search stopped on a ridge could not fix

    def parameter_draws(self, draws: int = 200, seed: int = 0) -> list:
        """`draws` copies of the model with parameters drawn from their estimated sampling
        distribution: log-parameters ~ Normal(estimate, inverse Hessian), the asymptotic
        distribution of the maximum-likelihood estimate. Predictions over the draws carry the
        parameter uncertainty (a parametric bootstrap)."""
        if self.log_covariance is None or not np.isfinite(self.log_covariance).all():
            raise ValueError(f"{type(self).__name__} has no covariance of its parameters to draw from")
        centre = np.r_[np.log(list(self.params.values())), list(self.coefficients.values())]
        rows = np.random.default_rng(seed).multivariate_normal(centre, self.log_covariance, size=draws)
        k = len(self.params)
        return [replace(self, params=dict(zip(self.params, np.exp(row[:k]).tolist())),
                        coefficients=dict(zip(self.coefficients, row[k:].tolist()))) for row in rows]

    def summary(self) -> pd.DataFrame:
        """Parameters with standard errors and 95% intervals (from the log-scale Hessian)."""
        rows = []
        for name, value in self.params.items():
            se = self.std_errors.get(name, np.nan)
            log_se = se / value if value else np.nan
            with np.errstate(over="ignore"):
                rows.append({"parameter": name, "estimate": value, "std_error": se,
                             "ci_low": value * np.exp(-Z95 * log_se), "ci_high": value * np.exp(Z95 * log_se)})
        for name, value in self.coefficients.items():
            se = self.coefficient_errors.get(name, np.nan)
            rows.append({"parameter": name, "estimate": value, "std_error": se,
                         "ci_low": value - Z95 * se, "ci_high": value + Z95 * se})
        table = pd.DataFrame(rows).set_index("parameter")
        table.attrs.update(log_likelihood=self.log_likelihood, n=self.n, lr_test=self.lr_test)
        return table

    @property
    def unidentified(self) -> list[str]:
        """Parameters the data cannot pin down: a 95% interval whose upper end is more than
        :data:`IDENTIFICATION_RATIO` times its lower end, or no standard error at all.
        Predictions of such a model are not
        to be trusted; its ``identified`` is False and reports say so."""
        table = self.summary().loc[list(self.params)]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = table.ci_high / table.ci_low
        return [name for name in table.index
                if not np.isfinite(ratio[name]) or ratio[name] > IDENTIFICATION_RATIO or name in self.ridge]

    @property
    def identified(self) -> bool:
        return not self.unidentified

    def _warn_if_unidentified(self) -> None:
        if self.unidentified:
            warnings.warn(
                f"{type(self).__name__}: the data do not pin down {', '.join(self.unidentified)} (95% interval wider "
                f"than a factor {IDENTIFICATION_RATIO}); do not trust its predictions. Typical causes: a short "
                "observation span, or few customers who stopped buying.", UnidentifiedModelWarning, stacklevel=3)

    def _repr_html_(self) -> str:
        return (f"<p><b>{type(self).__name__}</b>: n = {self.n:,}, log-likelihood = {self.log_likelihood:,.2f}</p>"
                + self.summary().to_html(float_format=lambda v: f"{v:.4f}"))


#: Log-parameters are searched within ±this bound (e^15 ≈ 3.3 million): data whose likelihood keeps
#: rising towards a parameter of zero or infinity (customers who never drop out) end the search there,
#: and the fit shows up as not identified.
LOG_BOUND = 15.0

#: Likelihood evaluations L-BFGS-B may spend per parameter (plus one): a fit still climbing after
#: them runs along a ridge (the parameters are not identified), where every evaluation is slow.
EVALUATIONS_PER_PARAMETER = 40


#: Seconds a fit may take, its standard errors included. Where the data cannot pin the parameters
#: down, the likelihood rises without end along a ridge; the search stops in time, keeps the best
#: point it found, and reports the parameters along the ridge as not identified.
FIT_SECONDS = 1.5


class _OutOfTime(Exception):
    """The search of a fit ran out of time."""


class _AtCap(_OutOfTime):
    """The search of a fit went on along a parameter's cap: the data do not pin that parameter down,
    and searching further along the cap (where the likelihood is slow) would not change that."""


def _stop_at_cap(at_cap, iterations: int = 2):
    """An L-BFGS-B callback that raises :class:`_AtCap` once `iterations` iterates in a row are
    at a cap (``at_cap(x)`` true): a search that only touches a cap once may still come back."""
    in_a_row = 0

    def callback(x):
        nonlocal in_a_row
        in_a_row = in_a_row + 1 if at_cap(x) else 0
        if in_a_row >= iterations:
            raise _AtCap
    return callback


class _Timed:
    """A function that remembers its best point and raises :class:`_OutOfTime` once the time left
    before `seconds` is what `reserve` more evaluations (the Hessian's) are expected to take, at the
    pace of the latest one (evaluations slow down as a search climbs a ridge). The search always
    has the time of `paced` evaluations at the pace of its fastest of the first :data:`PACING`
    ones (near the starting point, where the likelihood is cheap; the very first one also fills a
    likelihood's caches), however slow or busy the machine: a search that converges within its
    evaluation budget gives the same result everywhere, and only one that slows down on a ridge is
    cut short. Time is this process's processor time, so other work on the machine does not count.

    >>> timed = _Timed(lambda x: float(x[0] ** 2), seconds=60.0, reserve=0)
    >>> timed(np.array([3.0])), timed(np.array([1.0])), timed.best_x.tolist(), timed.calls
    (9.0, 1.0, [1.0], 2)
    """

    PACING = 3
    #: The pace is taken this many times slower than measured, so a busier moment of the machine
    #: during the search does not cut short a search that converges within its evaluation budget.
    HEADROOM = 2.0

    def __init__(self, f, seconds: float, reserve: int, paced: int = 0):
        self.f, self.begin, self.seconds, self.reserve, self.paced = f, time.process_time(), seconds, reserve, paced
        self.end = self.begin + seconds
        self.best_x, self.best, self.latest, self.pace, self.calls = None, np.inf, 0.0, np.inf, 0

    def __call__(self, x):
        start = time.process_time()
        if self.best_x is not None and start + self.latest * self.reserve > self.end:
            raise _OutOfTime
        value = self.f(x)
        self.latest = time.process_time() - start
        self.calls += 1
        if self.calls <= self.PACING:  # the machine's pace
            self.pace = min(self.pace, self.latest)
            self.end = self.begin + max(self.seconds, self.HEADROOM * self.paced * self.pace)
        if value < self.best:
            self.best_x, self.best = np.array(x, dtype=float), value
        return value


def _fit(neg_ll, x0: np.ndarray, names: list[str], coefficients: list[str] = (), seconds: float | None = None,
         upper: dict[str, float] | None = None) -> dict:
    """Minimise a negative log-likelihood over log-parameters (`names`), followed by unbounded
    `coefficients`, within `seconds` (:data:`FIT_SECONDS`, the Hessian included); `upper` caps
    some parameters (a parameter that ends at its cap is reported as not identified, and a search
    that stays at a cap stops there: :func:`_stop_at_cap`). Returns the
    fields of a :class:`_Fitted` but ``n``."""
    k = len(names)
    highs = np.array([min(LOG_BOUND, np.log((upper or {}).get(n, np.inf))) for n in names])
    bounds = [(-LOG_BOUND, h) for h in highs] + [(None, None)] * (len(x0) - k)  # a ridge to infinity ends
    # evaluations, finite-difference gradients included: CDNOW's Pareto/NBD converges in 120 of 200
    budget = EVALUATIONS_PER_PARAMETER * (len(x0) + 1)
    timed = _Timed(neg_ll, FIT_SECONDS if seconds is None else seconds, _hessian_evaluations(len(x0)), paced=budget)
    inside = lambda x: np.all((x[:k] > -LOG_BOUND + 1e-3) & (x[:k] < highs - 1e-3))
    capped = highs < LOG_BOUND
    at_a_cap = lambda x: bool(np.any(capped & (x[:k] >= highs - 1e-3)))
    try:
        result = optimize.minimize(timed, x0, method="L-BFGS-B", bounds=bounds, options={"maxfun": budget},
                                   callback=_stop_at_cap(at_a_cap))
        success = result.success  # a polish that ends on "precision loss" is still at the optimum
        if success and inside(result.x):  # polish an optimum inside the bounds, if there is time
            try:
                polished = optimize.minimize(timed, result.x, method="BFGS", options={"gtol": 1e-8, "maxiter": 40})
                result = polished if polished.fun <= result.fun and inside(polished.x) else result
            except _OutOfTime:
                pass
        log_params, value, jac = result.x, result.fun, result.jac
    except _OutOfTime:
        log_params, value, success, jac = timed.best_x, timed.best, False, np.full(len(x0), np.inf)
    hessian = _hessian(neg_ll, log_params)
    converged = bool(success or np.linalg.norm(jac) < 1e-3)
    at_cap = [n for n, x, h in zip(names, log_params[:k], highs) if h < LOG_BOUND and x >= h - 1e-3]
    flat = not converged or _too_flat(hessian[:k, :k])
    ridge = sorted(set(at_cap) | set(_ridge(hessian[:k, :k], names) if flat else []), key=names.index)
    try:
        cov = np.linalg.inv(hessian)
        log_se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        cov, log_se = None, np.full(len(names), np.nan)
    params = np.exp(log_params[:k])
    return dict(params=dict(zip(names, params.tolist())), std_errors=dict(zip(names, (params * log_se[:k]).tolist())),
                log_likelihood=float(-value), converged=converged,
                log_covariance=cov, coefficients=dict(zip(coefficients, log_params[k:].tolist())),
                coefficient_errors=dict(zip(coefficients, log_se[k:].tolist())), ridge=ridge)


def _too_flat(hessian: np.ndarray) -> bool:
    """Whether the likelihood is so flat along some direction of the log-parameters that a 95%
    interval along it spans more than :data:`IDENTIFICATION_RATIO` (a search may stop on such a
    ridge and call it converged: every step gains too little).

    >>> _too_flat(np.array([[4.0, 0.0], [0.0, 0.01]])), _too_flat(np.array([[4.0, 0.0], [0.0, 1.0]]))
    (True, False)
    """
    try:
        smallest = np.linalg.eigvalsh(hessian).min()
    except np.linalg.LinAlgError:
        return True
    return bool(smallest <= 0 or 2 * Z95 / np.sqrt(smallest) > np.log(IDENTIFICATION_RATIO))


def _ridge(hessian: np.ndarray, names: list[str]) -> list[str]:
    """The parameters along which the likelihood is flattest: those with a weight of more than 0.3
    in the Hessian's eigenvector of the smallest eigenvalue (on a ridge where s and beta grow
    together, both). A search that stopped before converging was climbing that way.

    >>> _ridge(np.array([[4.0, 0, 0], [0, 1.0, -0.999], [0, -0.999, 1.0]]), ["r", "s", "beta"])
    ['s', 'beta']
    """
    try:
        values, vectors = np.linalg.eigh(hessian)
    except np.linalg.LinAlgError:
        return list(names)
    flattest = vectors[:, np.argmin(values)]
    return [n for n, v in zip(names, flattest) if abs(v) > 0.3]


def _hessian_evaluations(n: int) -> int:
    """How many evaluations :func:`_hessian` makes for `n` parameters."""
    return 1 + 2 * n + n * (n - 1)


def _hessian(f, x: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Central finite-difference Hessian of a scalar function (a handful of parameters), second-order
    accurate, from ``1 + 2n + n(n-1)`` evaluations.

    >>> np.round(_hessian(lambda p: p[0] ** 2 + 3 * p[0] * p[1] + 2 * p[1] ** 2, np.array([1.0, 2.0])), 6)
    array([[2., 3.],
           [3., 4.]])
    """
    n = len(x)
    e = np.eye(n) * step
    centre = f(x)
    plus, minus = [f(x + e[i]) for i in range(n)], [f(x - e[i]) for i in range(n)]
    h = np.diag([(plus[i] - 2 * centre + minus[i]) / step ** 2 for i in range(n)])
    for i in range(n):
        for j in range(i + 1, n):
            both = f(x + e[i] + e[j]) + f(x - e[i] - e[j])
            h[i, j] = h[j, i] = (both - plus[i] - plus[j] - minus[i] - minus[j] + 2 * centre) / (2 * step ** 2)
    return h


def _columns(rfm, names):
    return [np.asarray(rfm[n], dtype=float) for n in names]


# ----------------------------------------------------------------------------- BG/NBD


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

    def plot(self, rfm: pd.DataFrame, *, ax=None, max_frequency: int = 7):
        """Calibration vs holdout: mean actual and predicted holdout purchases by calibration frequency."""
        return draw("calibration_holdout_plot", self, rfm, ax=ax, max_frequency=max_frequency)


def _individual(model, covariates, purchase: tuple, dropout: tuple) -> tuple:
    """The model's parameters with the two it scales per customer: (name, sign, effect) each."""
    params = dict(model.params)
    if not model.coefficients or covariates is None:
        return tuple(params.values())
    from .covariates import design_matrix, names

    z = design_matrix(covariates, model.design)
    for name, sign, effect in (purchase, dropout):
        gamma = np.array([model.coefficients[f"{effect}: {n}"] for n in names(model.design)])
        params[name] = params[name] * np.exp(sign * z @ gamma)
    return tuple(params.values())


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
    r = 0.243, alpha = 4.414, a = 0.793, b = 2.426; see tests/test_clv.py.
    """
    T = _columns(rfm, ["T"])[0]
    start = np.log([1.0, max(T.mean(), 1.0), 1.0, 1.0])
    model = _fit_with_covariates(BetaGeoModel, _bgnbd_ll, rfm, covariates, start, ["r", "alpha", "a", "b"])
    model._warn_if_unidentified()
    return model


def _fit_with_covariates(kind, log_likelihood, rfm, covariates, start, names_, upper=None):
    """Fit `kind` with `log_likelihood`(log_params, x, tx, T, z); with covariates, also without
    them for the likelihood-ratio test (and as the starting point)."""
    from .covariates import aligned, design_matrix, design_spec, lr_test, names

    n, unit = len(rfm), rfm.attrs.get("time_unit", "W")
    rfm, sampled = sample_customers(rfm, MAX_FIT_CUSTOMERS)
    fitted_on = len(rfm) if sampled else None
    columns = _columns(rfm, ["frequency", "recency", "T"])
    (x, tx, T), weight = _distinct_histories(columns)
    plain = _fit(lambda p: -(weight * log_likelihood(p, x, tx, T)).sum(), start, names_, upper=upper)
    if covariates is None:
        return kind(**plain, n=n, time_unit=unit, fitted_on=fitted_on)
    frame = aligned(covariates, rfm.index)
    spec = design_spec(frame)
    z = design_matrix(frame, spec)
    (x, tx, T, *levels), weight = _distinct_histories([*columns, *z.T])
    z = np.column_stack(levels) if levels else np.empty((len(x), 0))
    labels = [f"{effect}: {n}" for effect in ("purchase", "dropout") for n in names(spec)]
    x0 = np.r_[np.log(list(plain["params"].values())), np.zeros(len(labels))]
    fitted = _fit(lambda p: -(weight * log_likelihood(p, x, tx, T, z)).sum(), x0, names_, labels, upper=upper)
    return kind(**fitted, n=n, time_unit=unit, design=spec, fitted_on=fitted_on,
                lr_test=lr_test(fitted["log_likelihood"], plain["log_likelihood"], len(labels)))


#: Models are estimated on a random sample of this many customers when there are more: the
#: parameters are then as precise as a model's predictions need (a few per mille), the fit
#: takes seconds instead of minutes, and predictions still cover every customer.
MAX_FIT_CUSTOMERS = 50_000


def sample_customers(frame: pd.DataFrame, limit: int, seed: int = 0) -> tuple[pd.DataFrame, int | None]:
    """`frame` (one row per customer), or a seeded random sample of `limit` of its rows, and the
    number of customers the sample was drawn from (None when every customer is kept)."""
    if len(frame) <= limit:
        return frame, None
    return frame.sample(limit, random_state=seed), len(frame)


def sample_orders(orders, limit: int, *, acquired_by, seed: int = 0):
    """The orders of a seeded random sample of `limit` of the customers whose first order is on or
    before `acquired_by`, and how many such customers there are (None when all are kept). The
    customers are drawn in the engine, by a hash of their id and `seed`, so a large base never
    reaches pandas whole.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "c"], "revenue": [1.0, 2.0, 3.0, 4.0],
    ...                        "order_date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-01"]})
    >>> sampled, population = sample_orders(orders, 1, acquired_by="2024-01-31")
    >>> population, int(execute(sampled.table.customer_id.nunique()))
    (3, 1)
    """
    o = as_loaded(orders, "orders")
    t = o.table
    firsts = t.group_by("customer_id").aggregate(_first=t.order_date.min())
    eligible = firsts.filter(firsts._first <= pd.Timestamp(acquired_by).date())
    # the draw and the count in one pass over the orders; the sample's orders are stored, so the
    # queries that follow read them instead of grouping every order again
    key = (eligible.customer_id.cast("string") + ibis.literal(f"#{seed}")).hash()
    chosen = materialise(eligible.mutate(_key=key, _population=eligible.count().over(ibis.window()))
                         .order_by("_key", "customer_id").limit(limit).select("customer_id", "_population"))
    population = int(execute(chosen._population.max()) or 0)
    if population <= limit:
        return o, None
    return replace(o, table=materialise(t.semi_join(chosen.select("customer_id"), "customer_id"))), population


def _distinct_histories(columns: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct rows of `columns` (one per customer) and how many customers share each: a
    likelihood over customers is the same sum over their distinct histories, weighted.

    >>> (x, t), w = _distinct_histories([np.array([0., 2., 0.]), np.array([5., 3., 5.])])
    >>> x.tolist(), t.tolist(), w.tolist()
    ([0.0, 2.0], [5.0, 3.0], [2, 1])
    """
    rows, weight = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return list(rows.T), weight


# ----------------------------------------------------------------------------- Gamma-Gamma


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
    sample, sampled = sample_customers(used, MAX_FIT_CUSTOMERS)
    fitted_on = len(sample) if sampled else None
    x, m = _columns(sample, ["frequency", "monetary_value"])
    neg = lambda p: -_gg_ll(p, x, m).sum()
    return GammaGammaModel(**_fit(neg, np.log([1.0, 1.0, max(m.mean(), 1.0)]), ["p", "q", "v"]), n=len(used),
                           fitted_on=fitted_on)


# ----------------------------------------------------------------------------- CLV


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
    x, tx, T, m = _columns(rfm, ["frequency", "recency", "T", "monetary_value"])
    per_month = 30.4375 / TIME_UNITS[bgnbd.time_unit]
    spend = gamma_gamma.expected_spend(x, m)
    value = np.zeros(len(x))
    previous = np.zeros(len(x))
    for month in range(1, months + 1):
        cumulative = bgnbd.expected_purchases(month * per_month, x, tx, T)
        value += (cumulative - previous) * spend / (1 + monthly_discount_rate) ** month
        previous = cumulative
    return pd.Series(value, index=rfm.index, name="clv")


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
    x, tx, T = _columns(rfm, ["frequency", "recency", "T"])
    customers = pd.DataFrame({"clv": predict_clv(bgnbd, gamma_gamma, rfm, months, monthly_discount_rate).to_numpy(),
                              "p_alive": bgnbd.probability_alive(x, tx, T)}, index=rfm.index)
    try:
        spend_draws = [g for g in gamma_gamma.parameter_draws(4 * draws, seed + 1) if g.params["q"] > 1][:draws]
        purchase_draws = bgnbd.parameter_draws(draws, seed)
    except ValueError:  # no finite covariance: a model the data do not pin down
        spend_draws, purchase_draws = [], []
    if len(spend_draws) < draws:  # intervals cannot be drawn: left empty, and said so by .draws None
        return CLVIntervals(customers.assign(clv_ci_low=np.nan, clv_ci_high=np.nan, p_alive_ci_low=np.nan,
                                             p_alive_ci_high=np.nan), None)
    drawn, _ = sample_customers(rfm, MAX_DRAWN_CUSTOMERS, seed)
    x, tx, T = _columns(drawn, ["frequency", "recency", "T"])
    values = np.column_stack([predict_clv(b, g, drawn, months, monthly_discount_rate).to_numpy(dtype=np.float32)
                              for b, g in zip(purchase_draws, spend_draws)])
    alive = np.column_stack([b.probability_alive(x, tx, T).astype(np.float32) for b in purchase_draws])
    bounds = pd.DataFrame({"clv_ci_low": np.percentile(values, 2.5, axis=1), "clv_ci_high": np.percentile(values, 97.5, axis=1),
                           "p_alive_ci_low": np.percentile(alive, 2.5, axis=1),
                           "p_alive_ci_high": np.percentile(alive, 97.5, axis=1)}, index=drawn.index)
    customers = customers.join(bounds)
    return CLVIntervals(customers[["clv", "clv_ci_low", "clv_ci_high", "p_alive", "p_alive_ci_low", "p_alive_ci_high"]],
                        pd.DataFrame(values, index=drawn.index))


# ----------------------------------------------------------------------------- sBG


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

    def plot(self, periods: int | None = None, *, ax=None):
        return draw("sbg_projection_plot", self, periods or 2 * len(self.survivors), ax=ax)


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


def holdout_start(observation_end, holdout_weeks: int = 26) -> pd.Timestamp:
    """The calibration end that leaves `holdout_weeks` weeks of holdout before `observation_end`.

    Examples
    --------
    >>> holdout_start("2025-12-31", 26)
    Timestamp('2025-07-02 00:00:00')
    """
    return pd.Timestamp(observation_end) - pd.Timedelta(weeks=holdout_weeks)


def repeat_purchase_tracking(orders, model: BetaGeoModel, *, calibration_end, observation_end=None) -> pd.DataFrame:
    """Weekly cumulative repeat purchases: actual, and predicted by BG/NBD for the customers
    acquired by `calibration_end` (each from their own first purchase, eq. 9 of the paper).

    Columns: week (start), actual, predicted; ``attrs["calibration_end"]`` marks the split.
    """
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    cal = pd.Timestamp(calibration_end)
    t = o.table.filter(o.table.order_date <= end.date())
    days = t.select("customer_id", "order_date").distinct()
    first = days.group_by("customer_id").aggregate(first=days.order_date.min())
    d = days.join(first, "customer_id")
    d = d.filter(d.first <= cal.date())
    rep = d.filter(d.order_date > d.first)
    repeats = execute(rep.group_by("order_date").aggregate(n=rep.count()))
    acquired = first.filter(first.first <= cal.date())
    starts = execute(acquired.group_by("first").aggregate(n=acquired.count()))
    weeks = pd.date_range(pd.Timestamp(starts["first"].min()), end, freq="7D")
    actual = (repeats.assign(order_date=pd.to_datetime(repeats.order_date)).set_index("order_date")["n"]
              .sort_index().cumsum().reindex(weeks, method="ffill").fillna(0))
    unit = TIME_UNITS[model.time_unit]
    born = pd.to_datetime(starts["first"]).to_numpy()
    age = (weeks.to_numpy()[:, None] - born[None, :]) / np.timedelta64(1, "D") / unit
    expected = np.where(age > 0, model.expected_purchases(np.clip(age, 0, None)), 0.0)
    predicted = (expected * starts["n"].to_numpy()[None, :]).sum(axis=1)
    table = pd.DataFrame({"week": weeks, "actual": actual.to_numpy(), "predicted": predicted})
    table.attrs["calibration_end"] = cal
    return table


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
    from .formulas import clv_simple

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
