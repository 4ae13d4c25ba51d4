"""Did the loyalty programme work? The naive answer first, then honest ones.

Comparing members before and after joining, or members with non-members,
misleads: the most loyal customers join first (self-selection), seasons and
trends move everyone, and a member cannot churn before joining (immortal time).
This module gives:

* :func:`loyalty_panel` – one row per customer and month (orders, revenue, member flag);
* :func:`naive_before_after` – members' months before vs after joining (labelled naive);
* :func:`did` – generic two-way fixed-effects difference-in-differences (linearmodels
  ``PanelOLS``, errors clustered by unit), or a 2x2 on repeated cross-sections (statsmodels);
* :func:`match_members` – non-members weighted to resemble members before the programme
  (propensity score, or coarsened exact matching), with a balance table;
* :func:`event_study` – effects by months since joining for staggered adoption
  (Callaway & Sant'Anna group-time averages against never-members, multiplier bootstrap);
* :func:`landmark_survival` / :func:`time_varying_cox` – retention without immortal-time bias.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import ibis
import numpy as np
import pandas as pd
from scipy.special import expit

from .compat import renamed_arguments
from .data import as_loaded
from .drawing import GREY, PALETTE, axes, words
from .engine import execute, period_number
from .intervals import Z95


# ----------------------------------------------------------------------------- panel


def loyalty_panel(orders, customers, *, programme_start=None, observation_end=None, months_before: int | None = None,
                  join_column: str = "loyalty_join_date") -> pd.DataFrame:
    """One row per customer and month: orders, revenue, member (joined by that month).

    Customers acquired before `programme_start` (default: the first join date) are
    followed from their first order (or from `months_before` months before the start)
    to the observation end. Columns: customer_id, month (first day), t (month number), orders,
    revenue, active (ordered), join_month (NaT for non-members), member (month >= join
    month), event_time (months since the join month), plus the customer's other columns.
    """
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end)
    c = as_loaded(customers, "customers", observation_end=end.date()).table
    if join_column not in c.columns:
        raise KeyError(f"customers: no column '{join_column}'; map the loyalty join date with columns={{...}}")
    if programme_start is None:
        programme_start = execute(c[join_column].min())
    start = pd.Timestamp(programme_start)
    t = o.table.filter(o.table.order_date <= end.date())
    earliest = pd.Timestamp(execute(t.order_date.min())) if months_before is None else start - pd.DateOffset(months=months_before)
    first_month = earliest.to_period("M").start_time
    firsts = t.group_by("customer_id").aggregate(first=t.order_date.min())
    eligible = firsts.filter(firsts["first"] < start.date())
    tm = t.mutate(t_=period_number(t.order_date, "M"))
    monthly = tm.group_by(["customer_id", "t_"]).aggregate(orders=tm.count(), revenue=tm.revenue.sum())
    months = pd.date_range(first_month, end, freq="MS")
    grid = ibis.memtable(pd.DataFrame({"month": months.date, "t_": months.year * 12 + months.month - 1}))
    grid = grid.mutate(month=grid.month.cast("date"))
    extra = [x for x in c.columns if x not in ("customer_id",) and not c[x].type().is_temporal() and x != "churn_reason"]
    cust = c.select("customer_id", joined_on=c[join_column], *extra)
    panel = eligible.cross_join(grid)
    panel = panel.filter(period_number(panel["first"], "M") <= panel.t_)
    panel = panel.left_join(monthly, ["customer_id", "t_"]).select(
        panel, orders=monthly.orders.fill_null(0), revenue=monthly.revenue.fill_null(0.0))
    panel = panel.left_join(cust, "customer_id").select(panel, cust.joined_on, *[cust[x] for x in extra])
    frame = execute(panel).rename(columns={"t_": "t"}).sort_values(["customer_id", "t"]).reset_index(drop=True)
    frame["month"] = pd.to_datetime(frame["month"])
    frame["join_month"] = pd.to_datetime(frame.pop("joined_on")).dt.to_period("M").dt.start_time
    join_t = frame.join_month.dt.year * 12 + frame.join_month.dt.month - 1
    frame["event_time"] = frame.t - join_t
    frame["member"] = (frame.event_time >= 0).astype(int)
    frame["active"] = (frame.orders > 0).astype(int)
    frame["first"] = pd.to_datetime(frame["first"])
    frame.attrs.update(programme_start=start, observation_end=end)
    return frame


# ----------------------------------------------------------------------------- naive


def naive_before_after(panel: pd.DataFrame, *, outcomes=("orders", "revenue", "active")) -> pd.DataFrame:
    """The two NAIVE comparisons managers make, per month and customer: members after joining
    vs non-members after the start, and members before vs after joining (join month left out).

    Both are shown to be corrected, not used: members chose to join because they buy more
    (the first is biased upwards), and buying changes over time for everyone (seasons,
    customers drifting away), which the second mistakes for an effect.
    """
    start = panel.attrs["programme_start"]
    member = panel.join_month.notna()
    after_join = member & (panel.event_time > 0)
    before_join = member & (panel.event_time < 0)
    non_members = ~member & (panel.month >= start)
    rows = []
    for outcome in outcomes:
        m_after, m_before = panel.loc[after_join, outcome].mean(), panel.loc[before_join, outcome].mean()
        others = panel.loc[non_members, outcome].mean()
        rows.append({"outcome": outcome, "members_after_joining": m_after, "non_members_after_start": others,
                     "members_vs_non_members": m_after - others, "members_before_joining": m_before,
                     "after_vs_before": m_after - m_before})
    table = pd.DataFrame(rows).set_index("outcome")
    table.attrs["label"] = "naive"
    return table


@renamed_arguments(segment="by")
def loyalty_effects(panel: pd.DataFrame, *, by: str | None = None, outcome: str = "orders",
                    bootstrap: int = 299, seed: int = 0, progress: bool = True) -> tuple[pd.DataFrame, Matching, EventStudy]:
    """The naive estimates and the honest ones side by side, each with a 95% interval.

    Rows: naive members vs non-members (Welch interval), naive after vs before joining
    (paired by member), two-way FE DiD against all non-members, the same after
    propensity weighting, and the event study (Callaway-Sant'Anna, weighted). The weighted
    rows are about the members with comparable non-members (``matching.compared_members``).
    Returns (table, matching, event study).
    """
    import scipy.stats as st

    start = panel.attrs["programme_start"]
    member = panel.join_month.notna()
    a = panel.loc[member & (panel.event_time > 0)].groupby("customer_id")[outcome].mean()
    b = panel.loc[~member & (panel.month >= start)].groupby("customer_id")[outcome].mean()
    diff = a.mean() - b.mean()
    se = np.sqrt(a.var() / len(a) + b.var() / len(b))
    before = panel.loc[member & (panel.event_time < 0)].groupby("customer_id")[outcome].mean()
    paired = (a - before).dropna()
    rows = [
        DidResult(diff, se, diff - Z95 * se, diff + Z95 * se, len(a) + len(b), "naive: members vs non-members"),
        DidResult(paired.mean(), paired.sem(), *st.t.interval(0.95, len(paired) - 1, paired.mean(), paired.sem()),
                  len(paired), "naive: members after vs before joining"),
        did(panel, "customer_id", "t", outcome, "member"),
    ]
    rows[-1].method = "DiD, two-way FE, all non-members"
    matching = match_members(panel, by=by)
    weighted = panel.assign(_w=panel.customer_id.map(matching.weights))
    rows.append(did(weighted[weighted._w > 0], "customer_id", "t", outcome, "member", weights="_w"))
    rows[-1].method = "DiD, two-way FE, propensity-weighted"
    study = event_study(panel, outcome, weights=matching.weights, lags=int(panel.event_time.max()),
                        bootstrap=bootstrap, seed=seed, reweigh=matching.reweigh, progress=progress)
    study.overall.method = "event study, propensity-weighted (Callaway-Sant'Anna)"
    rows.append(study.overall)
    table = pd.concat([r.summary() for r in rows]).set_index("method")
    return table, matching, study


def clv_effect(effect: DidResult, spend_per_order: float, months: int = 12, monthly_discount_rate: float = 0.01):
    """The loyalty effect on CLV per member over `months`: extra orders per month x spend per
    order x the discounted month count (the interval scales the same way).

    Examples
    --------
    >>> r = DidResult(0.05, 0.01, 0.03, 0.07, 100, "x")
    >>> [round(v, 2) for v in clv_effect(r, 60.0, months=12, monthly_discount_rate=0.0)]
    [36.0, 21.6, 50.4]
    """
    factor = spend_per_order * sum(1 / (1 + monthly_discount_rate) ** m for m in range(1, months + 1))
    return effect.estimate * factor, effect.ci_low * factor, effect.ci_high * factor


# ----------------------------------------------------------------------------- DiD


@dataclass
class DidResult:
    """A difference-in-differences estimate with its standard error and 95% interval."""

    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    n_obs: int
    method: str
    model: object = field(repr=False, default=None)

    @property
    def conf_int(self) -> tuple[float, float]:
        """(ci_low, ci_high), the name this interval had before every interval was ci_low / ci_high."""
        warnings.warn("DidResult.conf_int is now ci_low and ci_high", FutureWarning, stacklevel=2)
        return self.ci_low, self.ci_high

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([{"method": self.method, "estimate": self.estimate, "std_error": self.std_error,
                              "ci_low": self.ci_low, "ci_high": self.ci_high, "n_obs": self.n_obs}])

    def plot(self, *, ax=None, **labels):
        """The estimate with its 95% interval (:func:`effects_chart`). Labels: ``methods`` (a name
        per method), ``xlabel``."""
        return effects_chart(self.summary().set_index("method"), ax=ax, **labels)

    def _repr_html_(self) -> str:
        return self.summary().to_html(index=False, float_format=lambda v: f"{v:,.4f}")


def effects_chart(effects: pd.DataFrame, *, ax=None, truth: float | None = None, **labels):
    """Estimates with 95% intervals, one row per method (``estimate``, ``ci_low``, ``ci_high``, indexed
    by method, as :func:`loyalty_effects` gives them); naive rows in grey, `truth` (known for the demo
    shop) as a dashed line. Labels: ``methods`` (a name per method), ``xlabel``, ``truth_label``."""
    w = words(labels, methods={}, xlabel="effect", truth_label="true effect")
    ax = axes(ax)
    rows = effects.iloc[::-1]
    y = range(len(rows))
    colours = ["#a0aec0" if str(m).startswith("naive") else PALETTE[0] for m in rows.index]
    for yi, (_, r), colour in zip(y, rows.iterrows(), colours):
        ax.errorbar(r.estimate, yi, xerr=[[r.estimate - r.ci_low], [r.ci_high - r.estimate]], fmt="o",
                    color=colour, capsize=3)
    ax.axvline(0, color=GREY, linewidth=1)
    if truth is not None:
        ax.axvline(truth, color=PALETTE[1], linestyle="--", label=w["truth_label"])
        ax.legend(loc="lower right")
    ax.set_yticks(list(y), [w["methods"].get(m, m) for m in rows.index])
    ax.set_xlabel(w["xlabel"])
    return ax


def did(panel: pd.DataFrame, unit: str | None, time: str, outcome: str, treated: str, covariates=None,
        group: str | None = None, weights: str | None = None, cluster: str | None = "unit") -> DidResult:
    """Difference-in-differences with two-way fixed effects.

    * **Panel** (`unit` given): ``outcome ~ treated + covariates + unit FE + time FE`` with
      linearmodels ``PanelOLS``; standard errors clustered by unit (``cluster="unit"``) or
      conventional (``cluster=None``). `treated` is 1 for treated unit-periods.
    * **Repeated cross-section** (``unit=None``, `group` = the treated-group indicator):
      ``outcome ~ group + time FE + treated`` with statsmodels OLS (conventional errors,
      or heteroskedasticity-robust with ``cluster="robust"``), the textbook 2x2.

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"u": [1, 1, 2, 2, 3, 3, 4, 4], "t": [0, 1] * 4,
    ...                       "y": [1.0, 2.0, 2.0, 3.0, 1.0, 4.0, 2.0, 5.0], "d": [0, 0, 0, 0, 0, 1, 0, 1]})
    >>> round(did(panel, "u", "t", "y", "d").estimate, 6)   # (3 - 1) - (1 - 1)
    2.0
    """
    covariates = list(covariates or [])
    if unit is not None:
        from linearmodels import PanelOLS

        data = panel
        if not (pd.api.types.is_numeric_dtype(panel[time]) or pd.api.types.is_datetime64_any_dtype(panel[time])):
            # time fixed effects do not depend on the order of the periods: any labels ("Q32011") will do
            data = panel.assign(**{time: pd.factorize(panel[time], sort=True)[0]})
        data = data.set_index([unit, time])
        exog = data[[treated] + covariates].astype(float)
        w = data[weights] if weights else None
        model = PanelOLS(data[outcome].astype(float), exog, entity_effects=True, time_effects=True, weights=w,
                         drop_absorbed=True)
        fit = model.fit(cov_type="clustered", cluster_entity=True) if cluster == "unit" else model.fit()
        est, se = float(fit.params[treated]), float(fit.std_errors[treated])
        method = "two-way fixed effects (PanelOLS)"
    else:
        import statsmodels.formula.api as smf

        if group is None:
            raise ValueError("a repeated cross-section needs group= (the treated-group indicator)")
        terms = " + ".join([treated, group, f"C({time})"] + covariates)
        fit = smf.wls(f"{outcome} ~ {terms}", data=panel, weights=panel[weights] if weights else 1.0).fit(
            cov_type="HC1" if cluster == "robust" else "nonrobust")
        est, se = float(fit.params[treated]), float(fit.bse[treated])
        method = "2x2 repeated cross-section (OLS)"
    return DidResult(est, se, est - Z95 * se, est + Z95 * se, int(fit.nobs), method, fit)


# ----------------------------------------------------------------------------- matching


#: Bins for coarsened exact matching on pre-programme behaviour. Frequency, recency and
#: tenure are what buy-till-you-die models need to tell two customers apart (BG/NBD's x, t_x, T).
CEM_BINS = {
    "frequency": [-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 6.5, 8.5, 12.5, np.inf],  # repeat orders before the start
    "recency_days": [-1, 30, 60, 90, 150, 240, 365, np.inf],              # days since the last order
    "tenure_days": [-1, 90, 180, 270, 365, 450, np.inf],                  # days since the first order
    "spend": [-0.01, 0, 150, 400, 1000, np.inf],                          # revenue before the start
}


@dataclass
class Matching:
    """Weights per customer that make non-members comparable to members, and the balance they give."""

    weights: pd.Series
    balance: pd.DataFrame
    units: int            # customers (propensity) or strata (CEM) used
    matched_members: int
    members: int
    reweigh: object = field(default=None, repr=False)  # draw weights -> weights, for the bootstrap
    member_flag: pd.Series = field(default=None, repr=False)

    @property
    def compared_members(self) -> pd.Index:
        """The members the estimates are about: those with comparable non-members."""
        return self.weights.index[(self.member_flag == 1) & (self.weights > 0)]


@renamed_arguments(segment="by")
def pre_programme_profile(panel: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Per customer at the programme start: repeat orders and spend before it, recency and
    tenure in days, membership, and the group of `by`."""
    start = panel.attrs["programme_start"]
    before = panel[panel.month < start]
    per = before.groupby("customer_id").agg(frequency=("orders", "sum"), spend=("revenue", "sum"))
    per["frequency"] = per["frequency"] - 1
    last = before[before.orders > 0].groupby("customer_id").month.max()
    first = panel.groupby("customer_id")["first"].first()
    per = per.reindex(first.index, fill_value=0)
    per["recency_days"] = (start - last.reindex(per.index)).dt.days.fillna((start - first).dt.days)
    per["tenure_days"] = (start - first).dt.days
    per["member"] = panel.groupby("customer_id").join_month.first().notna().astype(int)
    if by:
        per[by] = panel.groupby("customer_id")[by].first()
    return per


@renamed_arguments(segment="by")
def match_members(panel: pd.DataFrame, *, by: str | None = None, method: str = "propensity",
                  bins=None, overlap: float = 0.1) -> Matching:
    """Weights that make non-members comparable to members on pre-programme behaviour.

    * ``method="propensity"`` (default): a logistic regression of membership on repeat
      orders before the start (and their log and yearly rate), log recency, log tenure,
      log spend and `by` gives each customer's propensity e; members get weight 1,
      non-members e / (1 - e) (ATT weights). Customers with e > 1 - `overlap` are set aside
      (weight 0), members and non-members alike: nearly everyone like them joined, so no
      comparable non-members exist (Crump, Hotz, Imbens & Mitnik 2009, "Dealing with
      limited overlap"; 0.1 is their rule of thumb, and keeps every weight below 9). The estimates are then about the compared members
      (:attr:`Matching.compared_members`); capping the weights instead would keep those
      members but compare them with lighter buyers, which biases the effect.
    * ``method="cem"``: coarsened exact matching (Iacus, King & Porro 2012) on
      :data:`CEM_BINS` and `by`; strata without both groups are dropped; non-members
      get (members / non-members in stratum) x (matched non-members / matched members).

    The balance table gives standardised mean differences before and after weighting
    (|SMD| < 0.1 counts as balanced).
    """
    profile = pre_programme_profile(panel, by)
    if method == "propensity":
        design = _propensity_design(profile, by)
        chance, coefficients = _propensity(profile.member, design)
        weights, used = _att_weights(profile.member, chance, overlap), len(profile)

        def reweigh(draw: pd.Series) -> pd.Series:  # the same model, fitted with the draw's customer weights
            chance, _ = _propensity(profile.member, design, draw.reindex(profile.index).to_numpy(), coefficients)
            return _att_weights(profile.member, chance, overlap)
    elif method == "cem":
        weights, used = _cem_weights(profile, by, bins or CEM_BINS)
        reweigh = None
    else:
        raise ValueError(f"method must be 'propensity' or 'cem', not {method!r}")
    columns = list(CEM_BINS)
    controls, compared = (profile.member == 0) & (weights > 0), (profile.member == 1) & (weights > 0)
    balance = pd.DataFrame({
        "members_mean": [profile.loc[profile.member == 1, c].mean() for c in columns],
        "non_members_mean": [profile.loc[profile.member == 0, c].mean() for c in columns],
        "smd_before": [_smd(profile[c], profile.member, None) for c in columns],
        "compared_members_mean": [profile.loc[compared, c].mean() for c in columns],
        "weighted_non_members_mean": [np.average(profile.loc[controls, c], weights=weights[controls]) for c in columns],
        "smd_after": [_smd(profile[c], profile.member, weights) for c in columns],
    }, index=columns)
    matched = int(compared.sum())
    return Matching(weights, balance, used, matched, int(profile.member.sum()), reweigh, profile.member)


def _propensity_design(profile: pd.DataFrame, segment) -> pd.DataFrame:
    """The propensity model's covariates, with a constant: pre-programme repeat orders (and their
    log and yearly rate), log recency, log tenure, log spend and dummies of `segment`."""
    import statsmodels.api as sm

    x = profile.frequency.clip(lower=0)
    design = pd.DataFrame({
        "repeat_orders": x, "log_repeat_orders": np.log1p(x),
        "yearly_rate": x / np.maximum(profile.tenure_days, 91) * 365,
        "log_recency": np.log1p(profile.recency_days), "log_tenure": np.log1p(profile.tenure_days),
        "log_spend": np.log1p(profile.spend.clip(lower=0)),
    })
    if segment:
        design = design.join(pd.get_dummies(profile[segment].astype(str), prefix=segment, drop_first=True, dtype=float))
    return sm.add_constant(design)


def _propensity(member: pd.Series, design: pd.DataFrame, freq_weights=None, start=None):
    """(each customer's chance of membership, the coefficients) of a logistic regression.

    Without `freq_weights` statsmodels' Logit fits it; a bootstrap draw (customer weights) is the
    same likelihood, weighted, solved by Newton's method from the estimate's coefficients `start`:
    a few steps instead of a fresh fit, with the same maximum (tested against statsmodels' GLM).
    """
    if freq_weights is None:
        import statsmodels.api as sm

        coefficients = np.asarray(sm.Logit(member, design).fit(disp=0).params)
    else:
        coefficients = _weighted_logit(design.to_numpy(dtype=float), member.to_numpy(dtype=float),
                                       np.asarray(freq_weights, dtype=float), start)
    return expit(design.to_numpy(dtype=float) @ coefficients), coefficients


def _weighted_logit(X: np.ndarray, y: np.ndarray, w: np.ndarray, start=None, tol: float = 1e-10,
                    max_steps: int = 100) -> np.ndarray:
    """The coefficients maximising sum w * (y log p + (1 - y) log(1 - p)), p = expit(X b), by Newton's
    method (step halving keeps every step uphill).

    >>> X = np.column_stack([np.ones(4), [0.0, 1, 2, 3]])
    >>> b = _weighted_logit(X, np.array([0.0, 1, 0, 1]), np.ones(4))
    >>> bool(abs(X.T @ (np.array([0.0, 1, 0, 1]) - expit(X @ b))).max() < 1e-8)   # the score is zero
    True
    """
    def loglik(b):
        z = X @ b
        return float(w @ (y * z - np.logaddexp(0.0, z)))

    b = np.zeros(X.shape[1]) if start is None else np.array(start, dtype=float)
    current = loglik(b)
    for _ in range(max_steps):
        p = expit(X @ b)
        score = X.T @ (w * (y - p))
        information = (X * (w * p * (1 - p))[:, None]).T @ X
        step = np.linalg.lstsq(information, score, rcond=None)[0]
        for _ in range(30):  # halve until the likelihood does not fall
            candidate = loglik(b + step)
            if candidate >= current - 1e-12:
                break
            step = step / 2
        b, current = b + step, candidate
        if np.abs(step).max() < tol:
            break
    return b


def _att_weights(member: pd.Series, chance: np.ndarray, overlap: float) -> pd.Series:
    """ATT weights: members 1, non-members e / (1 - e); 0 for everyone with e above 1 - `overlap`."""
    weights = np.where(member == 1, 1.0, chance / (1 - chance))
    return pd.Series(np.where(chance > 1 - overlap, 0.0, weights), index=member.index)


def _cem_weights(profile: pd.DataFrame, segment, bins):
    keys = [pd.cut(profile[c], b, labels=False).astype(str) for c, b in bins.items()]
    if segment:
        keys.append(profile[segment].astype(str))
    stratum = pd.Series(["|".join(parts) for parts in zip(*keys)], index=profile.index)
    counts = pd.crosstab(stratum, profile.member).reindex(columns=[0, 1], fill_value=0)
    usable = counts[(counts[0] > 0) & (counts[1] > 0)]
    matched = stratum.isin(usable.index)
    ratio = (usable[1] / usable[0]) * (usable[0].sum() / usable[1].sum())
    weights = pd.Series(0.0, index=profile.index)
    weights[matched & (profile.member == 1)] = 1.0
    controls = matched & (profile.member == 0)
    weights[controls] = stratum[controls].map(ratio).to_numpy()
    return weights, len(usable)


def _smd(x: pd.Series, member: pd.Series, weights) -> float:
    w = pd.Series(1.0, index=x.index) if weights is None else weights
    t, c = (member == 1) & (w > 0), (member == 0) & (w > 0)
    mt, mc = np.average(x[t], weights=w[t]), np.average(x[c], weights=w[c])
    pooled = np.sqrt((x[member == 1].var() + x[member == 0].var()) / 2)
    return float((mt - mc) / pooled) if pooled else 0.0


# ----------------------------------------------------------------------------- event study


@dataclass
class EventStudy:
    """Effects by months since joining (event time), their overall average, and intervals."""

    by_event_time: pd.DataFrame
    overall: DidResult
    cohorts: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """The effect by months since joining, with its interval (the overall average is ``.overall``)."""
        return self.by_event_time

    def plot(self, *, ax=None, **labels):
        """The effect by months since joining with 95% intervals; the months before joining check
        parallel trends. Labels: ``xlabel``, ``ylabel``."""
        w = words(labels, xlabel="months since joining", ylabel="effect")
        ax = axes(ax)
        t = self.by_event_time
        ax.fill_between(t.index, t.ci_low, t.ci_high, color=PALETTE[0], alpha=0.2, step=None)
        ax.plot(t.index, t.estimate, marker="o", ms=3, color=PALETTE[0])
        ax.axhline(0, color=GREY, linewidth=1)
        ax.axvline(-0.5, color=GREY, linestyle=":")
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"])
        return ax

    def _repr_html_(self) -> str:
        return self.overall._repr_html_() + self.by_event_time.to_html(float_format=lambda v: f"{v:,.4f}")


def event_study(panel: pd.DataFrame, outcome: str = "orders", weights: pd.Series | None = None,
                leads: int = 6, lags: int = 12, bootstrap: int = 499, seed: int = 0, reweigh=None,
                progress: bool = True) -> EventStudy:
    """Callaway & Sant'Anna (2021) group-time effects against never-members, by event time.

    For each join-month cohort g and month t: ATT(g, t) = the change of the cohort's mean
    outcome from month g-1 to t, minus the same change among never-members, both weighted
    by `weights` (e.g. from :func:`match_members`; weight 0 sets a customer aside). Averaging ATT(g, g+e) over cohorts (by
    cohort size) gives the effect e months after joining; e < 0 are pre-trend checks
    (about 0 when trends are parallel; e = -1 is 0 by construction). The overall effect
    averages every post-join cell (e >= 1, the join month being partly before joining).
    Unlike a two-way fixed-effects regression, this never uses early joiners as controls
    for late ones, so it stays valid when effects differ by cohort and over time.
    Intervals: multiplier bootstrap over customers (exponential weights), `bootstrap` draws;
    with `reweigh` (``Matching.reweigh``) the control weights are estimated again in every
    draw, so the intervals include the uncertainty of the matching.
    """
    wide = panel.pivot(index="customer_id", columns="t", values=outcome)
    join = panel.groupby("customer_id").join_month.first().reindex(wide.index)
    g = (join.dt.year * 12 + join.dt.month - 1).to_numpy()
    w = np.ones(len(wide)) if weights is None else weights.reindex(wide.index).fillna(0.0).to_numpy()
    member = ~np.isnan(g)
    keep = (w > 0) | member | (reweigh is not None)  # a draw may weigh any customer
    Y, g, w, member = wide.to_numpy()[keep], g[keep], w[keep], member[keep]
    t_index = wide.columns.to_numpy()
    cohorts = np.unique(g[member])
    rng = np.random.default_rng(seed)
    draws = np.vstack([np.ones(len(Y)), rng.exponential(size=(bootstrap, len(Y)))])  # row 0: the estimate
    units = wide.index[keep]
    if reweigh is None:
        W = np.broadcast_to(w, draws.shape)
    else:
        from tqdm.auto import tqdm

        W = np.vstack([w] + [reweigh(pd.Series(d, index=units)).reindex(units).fillna(0.0).to_numpy()
                             for d in tqdm(draws[1:], desc="bootstrap", disable=not progress, leave=False)])
    DW = draws * W
    event_times = range(-leads, lags + 1)
    num = {e: 0.0 for e in event_times}
    den = {e: 0.0 for e in event_times}
    post_num, post_den = 0.0, 0.0
    rows = []
    controls = ~member
    for cohort in cohorts:
        base_col = np.searchsorted(t_index, cohort - 1)
        if base_col >= len(t_index) or t_index[base_col] != cohort - 1:
            continue
        in_g = member & (g == cohort)
        size = DW[:, in_g].sum(axis=1)                              # cohort size per draw
        for e in event_times:
            col = np.searchsorted(t_index, cohort + e)
            if col >= len(t_index) or t_index[col] != cohort + e or e == -1:
                continue
            change = Y[:, col] - Y[:, base_col]
            ok = ~np.isnan(change)
            tg, tc = in_g & ok, controls & ok
            if tg.sum() == 0 or tc.sum() == 0:
                continue
            tw, cw = DW[:, tg], DW[:, tc]
            cells = tw.sum(axis=1)                                  # weighted members in the cell, per draw
            with np.errstate(invalid="ignore", divide="ignore"):     # a draw without (weighted) members adds nothing
                att = np.where(cells > 0, tw @ change[tg] / cells - cw @ change[tc] / cw.sum(axis=1), 0.0)
            num[e] = num[e] + att * size
            den[e] = den[e] + size
            if e >= 1:
                post_num, post_den = post_num + att * cells, post_den + cells
            if cells[0] > 0:
                rows.append({"cohort": cohort, "event_time": e, "att": float(att[0]), "members": int((tw[0] > 0).sum())})
    table = []
    for e in event_times:
        if e == -1:
            table.append({"event_time": -1, "estimate": 0.0, "std_error": 0.0, "ci_low": 0.0, "ci_high": 0.0})
            continue
        if np.isscalar(den[e]):
            continue
        est = num[e] / den[e]
        table.append({"event_time": e, "estimate": float(est[0]), "std_error": float(est[1:].std(ddof=1)),
                      "ci_low": float(np.percentile(est[1:], 2.5)), "ci_high": float(np.percentile(est[1:], 97.5))})
    overall = post_num / post_den
    se = float(overall[1:].std(ddof=1))
    result = DidResult(float(overall[0]), se, float(np.percentile(overall[1:], 2.5)), float(np.percentile(overall[1:], 97.5)),
                       int((W[0][member] > 0).sum()), "event study (Callaway-Sant'Anna, never-members)")
    return EventStudy(pd.DataFrame(table).set_index("event_time"), result, pd.DataFrame(rows))


@renamed_arguments(inactivity_days="active_window_days")
def membership_survival(orders, customers, *, landmark, active_window_days: int | None = None, observation_end=None):
    """Per customer: start (first order), end (last order if churned, else the observation end),
    event (churned: no order in the last `active_window_days`, by default the window derived from the
    data) and join_date, for
    :func:`landmark_survival`, :func:`time_varying_cox` and the naive comparison."""
    from .survival import survival_frame

    frame = survival_frame(orders, active_window_days=active_window_days, observation_end=observation_end, basis="orders")
    o = as_loaded(orders, "orders").table
    firsts = execute(o.group_by("customer_id").aggregate(start=o.order_date.min())).set_index("customer_id")
    c = as_loaded(customers, "customers", observation_end=observation_end).table
    joins = execute(c.select("customer_id", "loyalty_join_date")).set_index("customer_id")
    frame = frame.set_index("customer_id").join(firsts).join(joins)
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = frame["start"] + pd.to_timedelta(frame["duration"], unit="D")
    frame["join_date"] = pd.to_datetime(frame["loyalty_join_date"])
    return frame.reset_index()[["customer_id", "start", "end", "event", "duration", "join_date"]]


# ----------------------------------------------------------------------------- survival without immortal time


def landmark_survival(frame: pd.DataFrame, landmark, *, join_column: str = "join_date", start_column: str = "start"):
    """Kaplan-Meier of members vs non-members from a landmark date, without immortal-time bias.

    Only customers still active at the landmark are compared, grouped by membership AT the
    landmark; time runs from the landmark. (Grouping by membership at any time would
    credit members with the time before they joined, when they could not have churned
    as members: the immortal time.) `frame` has one row per customer with `start_column`,
    ``end`` (churn or censoring date), ``event`` and `join_column` (NaT: never joined).
    """
    from .survival import survival_curves

    landmark = pd.Timestamp(landmark)
    at_risk = frame[(pd.to_datetime(frame[start_column]) <= landmark) & (pd.to_datetime(frame["end"]) > landmark)]
    joined = pd.to_datetime(at_risk[join_column])
    data = pd.DataFrame({
        "duration": (pd.to_datetime(at_risk["end"]) - landmark).dt.days,
        "event": at_risk["event"].astype(bool),
        "group": np.where(joined.notna() & (joined <= landmark), "member", "non-member"),
    })
    return survival_curves(data, by="group")


def time_varying_cox(frame: pd.DataFrame, *, join_column: str = "join_date", start_column: str = "start"):
    """Cox model with membership as a time-varying covariate (lifelines ``CoxTimeVaryingFitter``).

    Each member's history is split at the join date: before it they count as
    non-members. Returns (hazard ratio of membership, 95% interval low, high).
    """
    from lifelines import CoxTimeVaryingFitter

    start = pd.to_datetime(frame[start_column])
    stop = (pd.to_datetime(frame["end"]) - start).dt.days.astype(float).clip(lower=0.5)
    join = ((pd.to_datetime(frame[join_column]) - start).dt.days).to_numpy(dtype=float)
    ids = np.arange(len(frame))
    split = ~np.isnan(join) & (join > 0) & (join < stop.to_numpy())
    before = pd.DataFrame({"id": ids, "start": 0.0, "stop": np.where(split, join, stop),
                           "event": np.where(split, False, frame["event"].to_numpy()),
                           "member": np.where(~np.isnan(join) & (join <= 0), 1, 0)})
    after = pd.DataFrame({"id": ids[split], "start": join[split], "stop": stop.to_numpy()[split],
                          "event": frame["event"].to_numpy()[split], "member": 1})
    long = pd.concat([before, after], ignore_index=True)
    ctv = CoxTimeVaryingFitter().fit(long, id_col="id", start_col="start", stop_col="stop", event_col="event")
    s = ctv.summary.loc["member"]
    return float(s["exp(coef)"]), float(s["exp(coef) lower 95%"]), float(s["exp(coef) upper 95%"])


# ----------------------------------------------------------------------------- report helpers


def landmark_date(panel: pd.DataFrame, months: int = 3) -> pd.Timestamp:
    """The landmark: `months` months after the programme start."""
    return pd.Timestamp(panel.attrs["programme_start"]) + pd.DateOffset(months=months)


def hazard_ratio_table(hazard_ratio: tuple[float, float, float]) -> pd.DataFrame:
    """The membership hazard ratio of :func:`time_varying_cox` as a one-row table."""
    return pd.DataFrame([hazard_ratio], columns=["hazard_ratio", "ci_low", "ci_high"], index=["member"])


def value_table(value: tuple[float, float, float], months: int) -> pd.DataFrame:
    """The CLV effect of :func:`clv_effect` as a one-row table (EUR per member)."""
    return pd.DataFrame([value], columns=["value_per_member", "ci_low", "ci_high"], index=[f"{months} months"])
