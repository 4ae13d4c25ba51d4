"""How long will subscribers stay? Cohort retention models on tenures, their holdout check, and
contractual CLV.

Two models of the number of periods T a subscriber stays (Fader & Hardie 2007; Fader, Hardie,
Liu, Davin & Steenburgh 2018):

* **shifted-beta-geometric (sBG)**: each subscriber churns at the end of a period with a constant
  probability theta, theta ~ Beta(alpha, beta) across subscribers. The *cohort's* retention rate
  still rises with tenure, because the subscribers most likely to leave leave first;
  S(t) = B(alpha, beta + t) / B(alpha, beta).
* **beta-discrete-Weibull (BdW)**: each subscriber's own churn probability also changes with
  tenure (c < 1: it falls, c > 1: it rises); S(t) = B(alpha, beta + t^c) / B(alpha, beta); c = 1 is the sBG.

Both are fitted by maximum likelihood to every customer's tenure in whole periods: a customer
who churned after t periods contributes P(T = t) = S(t - 1) - S(t), one still active after n
periods contributes S(n) (censored), so cohorts of every start month count with their own horizon.
Tenures repeat heavily, so the likelihood runs over unique (tenure, churned) rows with weights.

Examples
--------
>>> import numpy as np
>>> survivors = np.array([1000, 869, 743, 653, 593, 551, 517, 491])   # Fader & Hardie (2007), "high end"
>>> tenures = tenures_from_survivors(survivors)
>>> m = fit_retention_model(tenures, "sbg")
>>> round(m.params["alpha"], 3), round(m.params["beta"], 3)
(0.668, 3.806)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from .clv.models.base import _Fitted, _fit
from .subscriptions import MONTH_DAYS

#: The models :func:`fit_retention_model` knows, with their parameters.
MODELS = {"sbg": ["alpha", "beta"], "bdw": ["alpha", "beta", "c"]}

#: Periods summed for an expected remaining lifetime (with monthly periods: 100 years).
HORIZON = 1200


@dataclass
class RetentionModel(_Fitted):
    """A fitted sBG or BdW model of tenure in periods (``kind``)."""

    kind: str = "sbg"

    def survival(self, t) -> np.ndarray:
        """S(t): the share of a starting cohort still subscribed after t periods."""
        return np.exp(_log_survival(t, *self._abc()))

    def _abc(self):
        p = self.params
        return p["alpha"], p["beta"], p.get("c", 1.0)

    def retention_rate(self, t) -> np.ndarray:
        """r(t) = S(t) / S(t - 1): the share of those active after t - 1 periods who stay another."""
        t = np.asarray(t, dtype=float)
        return self.survival(t) / self.survival(t - 1)

    def expected_remaining(self, tenure, *, discount: float = 0.0, horizon: int = HORIZON) -> np.ndarray:
        """Expected number of further periods a subscriber active after `tenure` periods pays for,
        each discounted by ``1 / (1 + discount)`` per period:
        sum over t > n of S(t) / S(n) / (1 + discount)^(t - n - 1) (the discounted expected residual
        lifetime, DERL, of Fader & Hardie 2010), summed over `horizon` periods."""
        n = np.atleast_1d(np.asarray(tenure, dtype=float))
        steps = np.arange(1, horizon + 1)
        ratio = self.survival(n[:, None] + steps[None, :]) / self.survival(n)[:, None]
        weights = (1.0 + discount) ** -(steps - 1.0)
        return ratio @ weights

    def projection(self, periods: int, size: float = 1.0) -> pd.DataFrame:
        """Survivors of a cohort of `size` for periods 0..`periods`."""
        t = np.arange(periods + 1)
        return pd.DataFrame({"period": t, "projected": size * self.survival(t)})

    def plot(self, periods: int = 36, *, ax=None, label: str | None = None, **kwargs):
        """S(t) in percent against tenure; returns the Axes."""
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        frame = self.projection(periods, 100.0)
        ax.plot(frame.period, frame.projected, label=label or self.kind, **kwargs)
        return ax


def _log_survival(t, alpha, beta, c):
    with np.errstate(over="ignore"):  # t^c beyond floats: survival 0 (log -inf), as it should be
        return special.betaln(alpha, beta + np.asarray(t, dtype=float) ** c) - special.betaln(alpha, beta)


def _neg_ll(log_params, kind, periods, churned, weight):
    alpha, beta = np.exp(log_params[:2])
    c = np.exp(log_params[2]) if kind == "bdw" else 1.0
    log_s = _log_survival(periods, alpha, beta, c)
    log_before = _log_survival(np.maximum(periods - 1, 0), alpha, beta, c)  # only read where churned (t >= 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_p = log_before + np.log1p(-np.exp(log_s - log_before))  # log(S(t-1) - S(t))
    ll = np.where(churned, log_p, log_s)
    value = -np.sum(weight * ll)
    return value if np.isfinite(value) else 1e300


def fit_retention_model(tenures: pd.DataFrame, kind: str = "sbg") -> RetentionModel:
    """Fit the sBG (``kind="sbg"``) or BdW (``"bdw"``) model to tenures in whole periods.

    `tenures` has ``periods`` (churned after that many periods, at least 1, or active after that
    many, 0 or more), ``churned`` (bool) and optionally ``customers`` (a weight per row), as
    :func:`tenures_from_lifetimes` and :func:`tenures_from_survivors` make them.
    """
    if kind not in MODELS:
        raise ValueError(f"kind must be one of {', '.join(MODELS)}, not {kind!r}")
    t = pd.DataFrame(tenures)
    weight = t["customers"].to_numpy(float) if "customers" in t else np.ones(len(t))
    periods, churned = t["periods"].to_numpy(float), t["churned"].to_numpy(bool)
    if len(t) == 0 or not churned.any():
        raise ValueError("a retention model needs customers who churned; none of these tenures ends in churn")
    if np.any(periods[churned] < 1):
        raise ValueError("a churned customer stayed at least one period: periods must be 1 or more where churned")
    start = np.log([1.0, 1.0] + ([1.0] if kind == "bdw" else []))
    fitted = _fit(lambda x: _neg_ll(x, kind, periods, churned, weight), start, MODELS[kind])
    model = RetentionModel(**fitted, n=int(weight.sum()), kind=kind)
    model._warn_if_unidentified()
    return model


def tenures_from_survivors(survivors) -> pd.DataFrame:
    """Tenures of one cohort from its survivor counts n_0, n_1, ..., n_T (a published table):
    n_(t-1) - n_t churned after t periods, n_T active after T."""
    n = np.asarray(survivors, dtype=float)
    lost = -np.diff(n)
    t = np.arange(1, len(n))
    frame = pd.DataFrame({"periods": np.r_[t, len(n) - 1], "churned": np.r_[np.ones(len(t), bool), False],
                          "customers": np.r_[lost, n[-1]]})
    return frame[frame.customers > 0].reset_index(drop=True)


def tenures_from_lifetimes(lifetimes: pd.DataFrame, *, period_days: float = MONTH_DAYS) -> pd.DataFrame:
    """Whole-period tenures of :func:`retention_kit.subscriptions.subscription_lifetimes`: a churned
    customer stayed ``ceil(duration / period_days)`` periods (at least 1: the first is paid), an active
    one ``floor(duration / period_days)``; counted per (periods, churned)."""
    churned = lifetimes["event"].to_numpy(bool)
    periods = lifetimes["duration"].to_numpy(float) / period_days
    whole = np.where(churned, np.maximum(1, np.ceil(periods - 1e-9)), np.floor(periods + 1e-9)).astype("int64")
    frame = pd.DataFrame({"periods": whole, "churned": churned})
    return frame.value_counts().rename("customers").reset_index().sort_values(["periods", "churned"],
                                                                                ignore_index=True)


# ----------------------------------------------------------------------------- holdout


@dataclass
class RetentionForecast:
    """Both models fitted on the data up to a calibration end and judged on the periods after it."""

    models: dict
    tracking: pd.DataFrame = field(repr=False)   # per holdout period: actual and each model's survivors
    scores: pd.DataFrame = field(repr=False)     # per model: mean absolute percentage error, log-likelihood
    calibration_end: object = None

    @property
    def judged(self) -> bool:
        """Whether held-out months judged the models (False: nobody cancelled before them, as in a
        snapshot export; the models were then fitted on all data and compared by AIC)."""
        return "holdout_log_likelihood" in self.scores

    @property
    def best(self) -> str:
        """The model whose forecasts gave the subscribers' holdout outcomes (stayed or left, month by
        month) the higher likelihood: a score per subscriber, so less noisy than the error of the total.
        Without held-out months: the lower AIC (2 x parameters - 2 x log-likelihood)."""
        if not self.judged:
            return self.scores["aic"].idxmin()
        return self.scores["holdout_log_likelihood"].idxmax()

    def summary(self) -> pd.DataFrame:
        return self.scores

    def plot(self, *, ax=None, **labels):
        """Actual against projected survivors of the calibration base per holdout period."""
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        if not self.judged:
            ax.set_axis_off()
            return ax
        ax.plot(self.tracking.period, self.tracking.actual, "o-", color="black", label=labels.get("actual", "actual"))
        for kind in self.models:
            ax.plot(self.tracking.period, self.tracking[kind], "--", label=labels.get(kind, kind))
        ax.set_xlabel(labels.get("xlabel", "periods after the calibration end"))
        ax.set_ylabel(labels.get("ylabel", "subscribers still active"))
        ax.legend()
        return ax


def retention_forecast(subscriptions, *, holdout_periods: int = 6, period_days: float = MONTH_DAYS,
                       observation_end=None, churn_at: str = "end") -> RetentionForecast:
    """Fit sBG and BdW on tenures up to `holdout_periods` periods before the observation end and
    compare their forecasts of how many of the subscribers active then are still active 1, 2, ...
    periods later with what happened (``mape``: mean absolute percentage error over the holdout
    periods; ``holdout_log_likelihood`` of the subscribers' holdout outcomes)."""
    from .data import as_loaded
    from .subscriptions import subscription_lifetimes

    s = as_loaded(subscriptions, "subscriptions")
    end = pd.Timestamp(observation_end or s.observation_end)
    cal_end = end - pd.Timedelta(days=round(holdout_periods * period_days))
    cal = subscription_lifetimes(s, observation_end=cal_end.date(), churn_at=churn_at)
    full = subscription_lifetimes(s, observation_end=end.date(), churn_at=churn_at).set_index("customer_id")
    if not cal.event.any():  # nobody cancelled before the held-out months (a snapshot export): compare fits
        models = {kind: fit_retention_model(tenures_from_lifetimes(full.reset_index(), period_days=period_days), kind)
                  for kind in MODELS}
        scores = {kind: {"log_likelihood": m.log_likelihood, "aic": 2 * len(m.params) - 2 * m.log_likelihood}
                  for kind, m in models.items()}
        return RetentionForecast(models=models, tracking=pd.DataFrame(columns=["period", "actual", *MODELS]),
                                 scores=pd.DataFrame.from_dict(scores, orient="index").rename_axis("model"))
    models = {kind: fit_retention_model(tenures_from_lifetimes(cal, period_days=period_days), kind) for kind in MODELS}
    alive = cal[~cal.event]
    n = np.floor(alive.duration.to_numpy(float) / period_days + 1e-9)
    later = full.loc[alive.customer_id]
    h = np.arange(1, holdout_periods + 1)
    still = (~later.event.to_numpy()[:, None]) | (later.duration.to_numpy(float)[:, None]
                                                  > alive.duration.to_numpy(float)[:, None] + h[None, :] * period_days)
    rows = {"period": h, "actual": still.sum(axis=0)}
    scores = {}
    for kind, model in models.items():
        ratio = model.survival(n[:, None] + h[None, :]) / model.survival(n)[:, None]
        rows[kind] = ratio.sum(axis=0)
        errors = np.abs(rows[kind] - rows["actual"]) / np.maximum(rows["actual"], 1) * 100
        p_stay = np.clip(ratio, 1e-12, 1 - 1e-12)
        scores[kind] = {"mape": float(errors.mean()), "last_period_error": float(errors[-1]),
                        "holdout_log_likelihood": float(np.sum(np.where(still, np.log(p_stay), np.log1p(-p_stay)))),
                        "log_likelihood": model.log_likelihood}
    return RetentionForecast(models=models, tracking=pd.DataFrame(rows),
                             scores=pd.DataFrame.from_dict(scores, orient="index").rename_axis("model"),
                             calibration_end=cal_end.date())


# ----------------------------------------------------------------------------- value


#: A group of :func:`contract_clv` gets a model of its own with at least this many churned subscribers.
MIN_CHURNED = 100


def contract_clv(model: RetentionModel | str, lifetimes: pd.DataFrame, *, by: str | None = None, margin: float = 1.0,
                 yearly_discount: float = 0.10, period_days: float = MONTH_DAYS, draws: int = 200,
                 seed: int = 0, horizon: int = 60) -> pd.DataFrame:
    """Residual value of the active subscribers: discounted expected remaining periods x MRR x margin.

    For each active subscriber (tenure n whole periods, their current ``mrr``), expected remaining
    periods from :meth:`RetentionModel.expected_remaining` (discounted at `yearly_discount` a year,
    converted to the period). `model` is a fitted model for every group, or a kind (``"sbg"``,
    ``"bdw"``) fitted per group of `by` (on the group's lifetimes; a group with fewer than
    :data:`MIN_CHURNED` churned subscribers uses the model of all, ``own_model`` False).

    One row per group of `by` (or one for all): ``subscribers``, ``mrr``, ``expected_remaining``
    (the mean undiscounted number of the next `horizon` periods, five years of months, they stay),
    ``clv_per_subscriber`` with its 95% interval (``ci_low``, ``ci_high``, from `draws` parameter draws:
    the model's sampling distribution; the total's interval is subscribers times it) and ``clv_total``.
    Subscribers are those whose first spell still runs; reactivated ones are left out.
    """
    if "mrr" not in lifetimes:
        raise KeyError("contract_clv needs the subscribers' mrr; give an mrr (or amount and billing_period) column")
    discount = (1 + yearly_discount) ** (period_days / 365.25) - 1
    groups = lifetimes[by].astype(str) if by else pd.Series("all", index=lifetimes.index)
    pooled = model if isinstance(model, RetentionModel) else None
    rows = {}
    for name in sorted(groups[~lifetimes.event].unique()):
        members = lifetimes[groups == name]
        own = pooled is None and int(members.event.sum()) >= MIN_CHURNED
        if own:
            fitted = fit_retention_model(tenures_from_lifetimes(members, period_days=period_days), model)
        else:
            if pooled is None:
                pooled = fit_retention_model(tenures_from_lifetimes(lifetimes, period_days=period_days), model)
            fitted = pooled
        active = members[~members.event]
        n = np.floor(active.duration.to_numpy(float) / period_days + 1e-9)
        tenures, index = np.unique(n, return_inverse=True)
        value = active["mrr"].to_numpy(float) * margin
        per_subscriber = lambda m: (m.expected_remaining(tenures, discount=discount)[index] * value).mean()
        try:
            sampled = [per_subscriber(m) for m in fitted.parameter_draws(draws, seed)]
            low, high = np.quantile(sampled, [0.025, 0.975])
        except ValueError:  # no covariance to draw from: no interval
            low = high = np.nan
        centre = per_subscriber(fitted)
        rows[name] = {"subscribers": len(active), "mrr": float(active["mrr"].sum()),
                      "expected_remaining": float(fitted.expected_remaining(tenures, horizon=horizon)[index].mean()),
                      "clv_per_subscriber": centre, "ci_low": low, "ci_high": high, "clv_total": centre * len(active),
                      "own_model": own}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(by or "group")
