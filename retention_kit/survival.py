"""Survival analysis of customer lifetimes: who stays, for how long, and what drives churn.

* :func:`survival_frame` – one row per customer with ``duration`` (days) and ``event``
  (churned), built in the engine, for non-contractual buyers (inactivity) or
  contracts (signup and churn dates).
* :func:`survival_curves` – Kaplan-Meier curves per group (lifelines) with 95% bands,
  medians and restricted mean survival times with intervals, survival at horizons,
  and pairwise log-rank tests with Holm's correction.
* :func:`churn_drivers` – a Cox model of time to churn with hazard ratios and the
  proportional-hazards check.

**Censoring.** A customer who has not churned by the observation end has a lifetime
of *at least* their duration so far; Kaplan-Meier and Cox use that information
instead of dropping those customers or treating them as churned.

Examples
--------
>>> import pandas as pd
>>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c"],
...     "order_date": ["2024-01-01", "2024-02-01", "2024-01-15", "2024-03-01", "2024-06-20"],
...     "revenue": [10.0, 12.0, 8.0, 30.0, 20.0]})
>>> survival_frame(orders, active_window_days=90, observation_end="2024-06-30")[["customer_id", "duration", "event"]]
  customer_id  duration  event
0           a        31   True
1           b         0   True
2           c       121  False
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import ibis
import numpy as np
import pandas as pd

from .compat import moved_names, renamed_arguments
from .data import as_loaded, takes_dataset
from .drawing import GREY, PALETTE, axes, words
from .intervals import Z95
from .lifetimes import lifetimes_frame
from .window import window_days

#: Columns of a lifetimes frame that follow from the outcome (a subscriber's tenure, the MRR still
#: running at the end) or that a plan already tells (its first MRR): not drivers by default.
OUTCOMES = ("tenure_months", "mrr", "first_mrr")

#: churn_risk (P(alive) from BG/NBD) lives with the purchase models now
__getattr__ = moved_names(__name__, dict.fromkeys(["churn_risk", "ChurnRisk", "RISK_CUTOFFS"], "retention_kit.clv.risk"))


# ----------------------------------------------------------------------------- survival frame


@takes_dataset("customers")
@renamed_arguments(inactivity_days="active_window_days")
def survival_frame(orders, *, active_window_days: int | None = None, observation_end=None, customers=None,
                   basis: str | None = None) -> pd.DataFrame:
    """One row per customer: ``duration`` in days, ``event`` (True = churned), plus segment columns.

    * ``basis="orders"`` (non-contractual): a customer has churned when they placed no
      order in the `active_window_days` up to `observation_end` (default: the window derived from
      the data, :mod:`retention_kit.window`); the duration runs from the
      first to the last order for churned customers and to `observation_end` for the
      others (censored).
    * ``basis="contracts"``: from ``signup_date`` to ``churn_date`` (churned) or to
      `observation_end` (censored), from the `customers` table.

    Default: contracts when `customers` has ``signup_date`` and ``churn_date``, else orders.
    Every non-date column of `customers` (channel, region, ...) is carried along.

    Given a subscriptions table: each customer's first spell of contracts, from the first start to
    the end of service (churned) or to `observation_end` (censored), with the first contract's plan
    and every other column (:func:`retention_kit.subscriptions.subscription_lifetimes`).
    """
    from .subscriptions import is_subscriptions, subscription_lifetimes

    if is_subscriptions(orders):
        return subscription_lifetimes(orders, customers=customers, observation_end=observation_end)
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    c = as_loaded(customers, "customers", observation_end=end).table if customers is not None else None
    if basis is None:
        basis = "contracts" if c is not None and {"signup_date", "churn_date"} <= set(c.columns) else "orders"
    end_lit = ibis.literal(end)
    if basis == "orders":
        active_window_days = window_days(o, active_window_days, end)
        t = o.table.filter(o.table.order_date <= end)
        per = t.group_by("customer_id").aggregate(first=t.order_date.min(), last=t.order_date.max(),
                                                  orders=t.count(), revenue=t.revenue.sum())
        event = per["last"] <= end_lit - ibis.interval(days=active_window_days)
        frame = per.select("customer_id", "orders", "revenue", event=event,
                           duration=ibis.ifelse(event, per["last"], end_lit).delta(per["first"], unit="day"))
    elif basis == "contracts":
        if c is None:
            raise ValueError("basis='contracts' needs a customers table with signup_date and churn_date")
        c2 = c.filter(c.signup_date <= end)
        event = c2.churn_date.notnull() & (c2.churn_date <= end_lit)
        frame = c2.select("customer_id", event=event,
                          duration=ibis.ifelse(event, c2.churn_date, end_lit).delta(c2.signup_date, unit="day"))
    else:
        raise ValueError(f"basis must be 'orders' or 'contracts', not {basis!r}")
    result = lifetimes_frame(frame, c)
    result.attrs.update(basis=basis, observation_end=end, active_window_days=active_window_days)
    return result


# ----------------------------------------------------------------------------- Kaplan-Meier


@dataclass
class SurvivalCurves:
    """Kaplan-Meier curves per group and the tables that summarise them (durations in days)."""

    fitters: dict
    by: str | None
    medians: pd.DataFrame
    rmst: pd.DataFrame
    at_horizons: pd.DataFrame
    logrank: pd.DataFrame
    basis: str = "orders"  # what a lifetime starts with: "orders" (first order) or "subscriptions" (first contract)

    @property
    def survival(self) -> pd.DataFrame:
        """The curves as a tidy table: group, days, survival, ci_low, ci_high, at_risk."""
        frames = []
        for group, kmf in self.fitters.items():
            ci = kmf.confidence_interval_survival_function_
            frames.append(pd.DataFrame({
                "group": group, "days": kmf.survival_function_.index,
                "survival": kmf.survival_function_.iloc[:, 0].to_numpy(),
                "ci_low": ci.iloc[:, 0].to_numpy(), "ci_high": ci.iloc[:, 1].to_numpy(),
                "at_risk": kmf.event_table["at_risk"].reindex(kmf.survival_function_.index).to_numpy(),
            }))
        return pd.concat(frames, ignore_index=True)

    def plot(self, *, ax=None, at_risk: bool = True, **labels):
        """Kaplan-Meier curves with 95% bands, censor marks and (`at_risk`) an at-risk table.
        Labels: ``xlabel``, ``ylabel``, ``title``."""
        w = words(labels, xlabel="days", ylabel="survival", title="")
        ax = axes(ax)
        many = sum(len(k.durations) for k in self.fitters.values()) > 5_000
        for i, kmf in enumerate(self.fitters.values()):
            kmf.plot_survival_function(ax=ax, ci_show=True, show_censors=not many, color=PALETTE[i % len(PALETTE)],
                                       censor_styles={"ms": 4, "marker": "|"})
        if at_risk:
            from lifelines.plotting import add_at_risk_counts

            add_at_risk_counts(*self.fitters.values(), ax=ax, rows_to_show=["At risk"])
        ax.set_ylim(0, 1.02)
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"], title=w["title"])
        return ax

    def summary(self) -> pd.DataFrame:
        """Median lifetime, RMST and survival at the horizons, one row per group."""
        wide = self.at_horizons.pivot(index="group", columns="days", values="survival")
        wide.columns = [f"survival_{d}d" for d in wide.columns]
        return self.medians.join(self.rmst, rsuffix="_rmst").join(wide)

    def _repr_html_(self) -> str:
        return self.summary().to_html(float_format=lambda v: f"{v:,.3f}")


def survival_curves(frame: pd.DataFrame, *, by: str | None = None, horizons=(91, 182, 365),
                    tau: float | None = None, alpha: float = 0.05) -> SurvivalCurves:
    """Kaplan-Meier survival per group of `by` (or overall), with everything a report needs.

    * ``medians``: median lifetime per group with its 95% interval (NaN when the curve
      stays above 50%: more than half the customers are still active);
    * ``rmst``: restricted mean survival time up to `tau` days (default: the shortest
      group's longest follow-up), the expected lifetime within that window, with 95% interval;
    * ``at_horizons``: survival at `horizons` days with 95% intervals;
    * ``logrank``: pairwise log-rank tests, p-values adjusted with Holm's method.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"duration": [5, 8, 12, 20, 25, 30], "event": [1, 1, 0, 1, 0, 0]})
    >>> curves = survival_curves(frame, horizons=(10,))
    >>> round(float(curves.at_horizons.survival.iloc[0]), 4)  # (1 - 1/6)(1 - 1/5)
    0.6667
    """
    from lifelines import KaplanMeierFitter
    from lifelines.utils import median_survival_times

    groups = {"all": frame} if by is None else {str(k): g for k, g in frame.groupby(by, observed=True)}
    fitters = {name: KaplanMeierFitter(alpha=alpha).fit(g["duration"], g["event"], label=name)
               for name, g in groups.items()}
    if tau is None:
        tau = float(min(g["duration"].max() for g in groups.values()))
    medians, rmst, horizon_rows = [], [], []
    for name, kmf in fitters.items():
        ci = median_survival_times(kmf.confidence_interval_)
        medians.append({"group": name, "customers": int(len(groups[name])), "churned": int(groups[name]["event"].sum()),
                        "median_days": kmf.median_survival_time_,
                        "median_ci_low": float(ci.iloc[0, 0]), "median_ci_high": float(ci.iloc[0, 1])})
        mean, var = rmst_with_variance(kmf, tau)
        half = Z95 * np.sqrt(var)
        rmst.append({"group": name, "rmst_days": float(mean), "rmst_ci_low": float(mean - half),
                     "rmst_ci_high": float(mean + half), "tau_days": tau})
        band = kmf.confidence_interval_survival_function_
        for days in horizons:
            at = band[band.index <= days].iloc[-1] if (band.index <= days).any() else pd.Series([1.0, 1.0])
            horizon_rows.append({"group": name, "days": days, "survival": float(kmf.survival_function_at_times(days).iloc[0]),
                                 "ci_low": float(at.iloc[0]), "ci_high": float(at.iloc[1])})
    return SurvivalCurves(
        fitters=fitters, by=by,
        medians=pd.DataFrame(medians).set_index("group"), rmst=pd.DataFrame(rmst).set_index("group"),
        at_horizons=pd.DataFrame(horizon_rows), logrank=_pairwise_logrank(groups),
        basis="subscriptions" if frame.attrs.get("basis") == "subscriptions" else "orders",
    )


def rmst_with_variance(kmf, tau: float) -> tuple[float, float]:
    """Restricted mean survival time up to `tau` and the variance of that estimate.

    RMST = ∫_0^tau S(t) dt (the area under the Kaplan-Meier step curve); its variance
    is Σ_{t_i <= tau} A_i² d_i / (n_i (n_i - d_i)) with A_i = ∫_{t_i}^tau S(t) dt
    (Klein & Moeschberger 2003, eq. 4.5.2).

    Examples
    --------
    >>> from lifelines import KaplanMeierFitter
    >>> kmf = KaplanMeierFitter().fit([5, 8, 12, 20, 25, 30], [1, 1, 0, 1, 0, 0])
    >>> [round(v, 3) for v in rmst_with_variance(kmf, 30)]
    [19.944, 18.48]
    """
    table = kmf.event_table
    times = table.index.to_numpy(dtype=float)
    keep = times <= tau
    times = times[keep]
    surv = kmf.survival_function_.iloc[:, 0].reindex(table.index).to_numpy()[keep]  # S just after each time
    n = table["at_risk"].to_numpy(dtype=float)[keep]
    d = table["observed"].to_numpy(dtype=float)[keep]
    pieces = surv * np.diff(np.append(times, tau))        # S is constant on [t_k, t_k+1)
    head = times[0] if len(times) and times[0] > 0 else 0.0  # S = 1 before the first time
    area_after = pieces[::-1].cumsum()[::-1]                # A_k = ∫_{t_k}^tau S
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where((d > 0) & (n > d), area_after**2 * d / (n * (n - d)), 0.0)
    return float(head + pieces.sum()), float(terms.sum())


def _pairwise_logrank(groups: dict) -> pd.DataFrame:
    from lifelines.statistics import logrank_test
    from statsmodels.stats.multitest import multipletests

    rows = []
    for (a, ga), (b, gb) in combinations(groups.items(), 2):
        test = logrank_test(ga["duration"], gb["duration"], ga["event"], gb["event"])
        rows.append({"group_a": a, "group_b": b, "statistic": float(test.test_statistic), "p_value": float(test.p_value)})
    table = pd.DataFrame(rows, columns=["group_a", "group_b", "statistic", "p_value"])
    if len(table):
        table["p_adjusted"] = multipletests(table.p_value, method="holm")[1]
    return table


# ----------------------------------------------------------------------------- Cox model


@dataclass
class ChurnDrivers:
    """A Cox proportional-hazards model of time to churn."""

    model: object
    hazard_ratios: pd.DataFrame
    ph_test: pd.DataFrame
    n: int = 0                     # customers in the frame
    fitted_on: int | None = None   # customers of the random sample the model was fitted on (None: all)

    @property
    def ph_violations(self) -> list[str]:
        """Covariates whose proportional-hazards test has p < 0.05 (interpret their hazard ratio as an average)."""
        return sorted(set(self.ph_test.index[self.ph_test.p_value < 0.05]))

    def summary(self) -> pd.DataFrame:
        return self.hazard_ratios.join(self.ph_test.rename(columns={"p_value": "ph_p_value"})[["ph_p_value"]])

    def plot(self, *, ax=None, **labels):
        """Hazard ratios with 95% intervals on a log scale; 1 = no effect. Labels: ``xlabel``,
        ``title`` (default: the reference levels), ``rows`` (a name per covariate) and ``empty``
        (shown when there is none)."""
        references = self.hazard_ratios.attrs.get("references", {})  # a ratio means nothing without its base
        w = words(labels, xlabel="hazard ratio", rows={}, empty="no covariates",
                  title="reference: " + ", ".join(f"{k}={v}" for k, v in references.items()) if references else "")
        ax = axes(ax)
        hr = self.hazard_ratios.iloc[::-1]
        if hr.empty:
            ax.text(0.5, 0.5, w["empty"], ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return ax
        y = range(len(hr))
        ax.errorbar(hr.hazard_ratio, y, xerr=[hr.hazard_ratio - hr.ci_low, hr.ci_high - hr.hazard_ratio],
                    fmt="o", color=PALETTE[0], capsize=3)
        ax.axvline(1, color=GREY, linestyle="--")
        ax.set_xscale("log")
        from matplotlib.ticker import FormatStrFormatter, LogLocator

        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0, 3.0)))
        ax.xaxis.set_major_formatter(FormatStrFormatter("%.2g"))
        ax.xaxis.set_minor_formatter(FormatStrFormatter(""))
        ax.set_yticks(list(y), [w["rows"].get(name, name) for name in hr.index])
        ax.set_xlabel(w["xlabel"])
        if w["title"]:
            ax.set_title(w["title"], fontsize=10)
        return ax

    def _repr_html_(self) -> str:
        return self.summary().to_html(float_format=lambda v: f"{v:,.3f}")


#: A text attribute with more distinct values than this is an id or free text, not a group to compare:
#: left out of the default Cox covariates (name it in `covariates` to use it anyway).
MAX_LEVELS = 20

#: Cox models are fitted on a random sample of this many customers at most: the fit's cost grows
#: faster than the number of customers (787k subscribers: 400 s; 50k: 1.4 s), hazard ratios from
#: 50,000 customers are precise to a few per cent.
MAX_COX_CUSTOMERS = 50_000


def churn_drivers(frame: pd.DataFrame, covariates: list[str] | None = None, *, penalizer: float = 0.0,
                  max_customers: int = MAX_COX_CUSTOMERS, seed: int = 0) -> ChurnDrivers:
    """Fit a Cox model of time to churn on customer attributes (lifelines ``CoxPHFitter``).

    Without `covariates`, every customer attribute in the frame is used (none: an empty result), but
    text columns with more than :data:`MAX_LEVELS` distinct values (ids, free text). Categorical
    covariates are one-hot encoded against their most common value (the
    reference level, hazard ratio 1). A hazard ratio of 1.3 means a 30% higher churn
    hazard at any moment than the reference. The proportional-hazards assumption is
    checked with lifelines' ``proportional_hazard_test`` (rank time transform); its
    p-values are reported beside the hazard ratios, not hidden. A frame of more than
    `max_customers` customers is fitted on a random sample of that many (``fitted_on``).
    """
    from lifelines import CoxPHFitter
    from lifelines.statistics import proportional_hazard_test

    if covariates is None:  # every customer attribute carried in the frame, but ids and free text
        covariates = [c for c in frame.columns if c not in ("customer_id", "duration", "event", "orders", "revenue",
                                                            "churn_reason", *OUTCOMES) and frame[c].nunique() > 1
                      and (frame[c].dtype.kind in "biuf" or frame[c].nunique() <= MAX_LEVELS)]
    if not covariates:  # nothing to compare: an empty result says so instead of failing a report
        empty = pd.DataFrame(columns=["hazard_ratio", "ci_low", "ci_high", "p_value"]).rename_axis("covariate")
        return ChurnDrivers(None, empty, pd.DataFrame(columns=["test_statistic", "p_value"]).rename_axis("covariate"))
    n = len(frame)
    sampled = n > max_customers
    if sampled:
        frame = frame.sample(max_customers, random_state=seed)
    design = frame[["duration", "event"]].copy()
    design["duration"] = design["duration"].clip(lower=0.5)  # a lifetime of 0 days is half a day
    references = {}
    for column in covariates:
        values = frame[column]
        if values.dtype.kind in "biuf":
            design[column] = values.astype(float)
        else:
            reference = references[column] = values.value_counts().index[0]
            dummies = pd.get_dummies(values.astype(str), prefix=column, prefix_sep="=", dtype=float)
            design = design.join(dummies.drop(columns=f"{column}={reference}"))
    cph = CoxPHFitter(penalizer=penalizer).fit(design, duration_col="duration", event_col="event")
    s = cph.summary
    ratios = pd.DataFrame({
        "hazard_ratio": s["exp(coef)"], "ci_low": s["exp(coef) lower 95%"], "ci_high": s["exp(coef) upper 95%"],
        "p_value": s["p"],
    })
    ratios.index.name = "covariate"
    ratios.attrs["references"] = {k: str(v) for k, v in references.items()}  # the level each ratio compares with
    ph = proportional_hazard_test(cph, design, time_transform="rank").summary[["test_statistic", "p"]]
    ph = ph.rename(columns={"p": "p_value"})
    ph.index.name = "covariate"
    return ChurnDrivers(cph, ratios, ph, n=n, fitted_on=max_customers if sampled else None)
