"""What every fitted model shares: maximum likelihood on log-parameters within a time budget,
standard errors from the Hessian, the parameters the data do not pin down, covariates."""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import optimize

from ...intervals import Z95
from ..sample import sample_customers


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


def _individual(model, covariates, purchase: tuple, dropout: tuple) -> tuple:
    """The model's parameters with the two it scales per customer: (name, sign, effect) each."""
    params = dict(model.params)
    if not model.coefficients or covariates is None:
        return tuple(params.values())
    from ...covariates import design_matrix, names

    z = design_matrix(covariates, model.design)
    for name, sign, effect in (purchase, dropout):
        gamma = np.array([model.coefficients[f"{effect}: {n}"] for n in names(model.design)])
        params[name] = params[name] * np.exp(sign * z @ gamma)
    return tuple(params.values())


def _fit_with_covariates(kind, log_likelihood, rfm, covariates, start, names_, upper=None):
    """Fit `kind` with `log_likelihood`(log_params, x, tx, T, z); with covariates, also without
    them for the likelihood-ratio test (and as the starting point)."""
    from ...covariates import aligned, design_matrix, design_spec, lr_test, names

    n, unit = len(rfm), rfm.attrs.get("time_unit", "W")
    rfm, sampled = sample_customers(rfm)
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

def _distinct_histories(columns: list[np.ndarray], inverse: bool = False):
    """The distinct rows of `columns` (one per customer) and how many customers share each: a
    likelihood over customers is the same sum over their distinct histories, weighted. With
    `inverse`, also each customer's row among them (a prediction per distinct history, spread back).

    >>> (x, t), w = _distinct_histories([np.array([0., 2., 0.]), np.array([5., 3., 5.])])
    >>> x.tolist(), t.tolist(), w.tolist()
    ([0.0, 2.0], [5.0, 3.0], [2, 1])
    >>> _distinct_histories([np.array([0., 2., 0.]), np.array([5., 3., 5.])], inverse=True)[2].tolist()
    [0, 1, 0]
    """
    # each column is hashed on its own and the codes are combined into one integer per row, hashed
    # once more: 0.7 s for 15M customers, against 6.6 s for a group-by of the columns together
    columns = [np.asarray(c) for c in columns]
    row, width = np.zeros(len(columns[0]), dtype=np.int64), 1  # width: how many codes `row` holds
    for column in columns:
        code, distinct = pd.factorize(column, use_na_sentinel=False)
        if width * len(distinct) >= 2 ** 62:  # renumbered before the combined code could overflow
            row, seen = pd.factorize(row)
            width = len(seen)
        row, width = row * len(distinct) + code, width * len(distinct)
    back, combined = pd.factorize(row)
    first = np.empty(len(combined), dtype=np.int64)
    first[back[::-1]] = np.arange(len(back))[::-1]  # each history's first customer (the last write wins)
    rows, counts = [column[first] for column in columns], np.bincount(back, minlength=len(combined))
    return (rows, counts, back) if inverse else (rows, counts)


def calibration_holdout(model, rfm: pd.DataFrame, *, ax=None, max_frequency: int = 7, **labels):
    """Mean actual against predicted holdout repeat purchases by calibration frequency (an RFM table
    from :func:`~retention_kit.clv.rfm_summary` with ``calibration_end``): the check of a purchase
    model's ``.plot``. Labels: ``actual``, ``predicted``, ``xlabel``, ``ylabel``."""
    from ...drawing import PALETTE, axes, words

    w = words(labels, actual="actual", predicted="predicted", xlabel="repeat purchases in the calibration period",
              ylabel="mean repeat purchases in the holdout")
    ax = axes(ax)
    predicted = model.expected_purchases(rfm["duration_holdout"], rfm["frequency"], rfm["recency"], rfm["T"])
    table = pd.DataFrame({"x": rfm["frequency"].clip(upper=max_frequency), "actual": rfm["frequency_holdout"],
                          "predicted": predicted}).groupby("x").mean()
    ax.plot(table.index, table.actual, marker="o", color=PALETTE[0], label=w["actual"])
    ax.plot(table.index, table.predicted, marker="s", linestyle="--", color=PALETTE[1], label=w["predicted"])
    ax.set_xticks(list(table.index), [str(i) if i < max_frequency else f"{i}+" for i in table.index])
    ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"])
    ax.legend()
    return ax
