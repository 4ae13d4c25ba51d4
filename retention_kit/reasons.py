"""Churn reasons: why customers leave, what it costs, and how the mix changes.

The marketing literature names five reasons customers leave (poor quality, poor
service, high prices, inconvenience, a better offer elsewhere); with "other" they
form the taxonomy :data:`REASON_CATEGORIES`. Free-text reasons (English or Dutch)
are mapped onto it by a transparent keyword list the user can extend; texts no
keyword matches are counted and listed, never dropped.

Examples
--------
>>> import pandas as pd
>>> mapped = normalize_reasons(pd.Series(["Te duur", "klantenservice reageerde niet", "found a cheaper shop", "??"]))
>>> mapped.categories.tolist()
['price', 'service', 'better_offer', 'unmapped']
>>> mapped.unmapped
  text  count
0   ??      1
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from .data import as_loaded
from .privacy import scrub
from .engine import execute
from .kpi import share_interval

REASON_CATEGORIES = ("quality", "service", "price", "convenience", "better_offer", "other")
UNMAPPED = "unmapped"

#: Keywords per category, English and Dutch, matched case-insensitively as regular expressions.
#: Categories are tried in this order, so "cheaper shop" is a better offer before it is a price.
DEFAULT_KEYWORDS: dict[str, list[str]] = {
    "better_offer": [r"cheaper", r"goedkoper", r"concurrent", r"competitor", r"elsewhere", r"elders", r"another",
                     r"\bandere (?:winkel|webshop|aanbieder)", r"switched", r"overgestapt", r"\bbij bol\b",
                     r"better (?:offer|deal)", r"beter aanbod"],
    "service": [r"service", r"staff", r"\brude\b", r"no help", r"geen hulp", r"reageerde niet", r"did not respond",
                r"not respond", r"onvriendelijk", r"support", r"helpdesk", r"complaint", r"klacht"],
    "quality": [r"quality", r"kwaliteit", r"\bbroke", r"defect", r"kapot", r"damaged", r"beschadigd", r"poor product"],
    "convenience": [r"website", r"\bapp\b", r"ingewikkeld", r"hard to use", r"complicated", r"delivery slot",
                    r"afhaalpunt", r"te ver", r"too far", r"inconvenient", r"onhandig", r"bestellen is"],
    "price": [r"expensive", r"\bduur\b", r"\bprice", r"\bprijs", r"prijzen", r"\bcosts?\b", r"kosten", r"too high",
              r"te hoog"],
    "other": [r"moving", r"moved", r"verhuisd", r"verhuizing", r"buitenland", r"abroad", r"geen behoefte",
              r"no longer need", r"persoonlijk", r"personal", r"overleden", r"passed away"],
}


@dataclass
class ReasonMapping:
    """The category of every text (same index as the input) and the texts no keyword matched."""

    categories: pd.Series
    unmapped: pd.DataFrame
    keywords: dict

    @property
    def unmapped_count(self) -> int:
        return int(self.unmapped["count"].sum())


def normalize_reasons(texts: pd.Series, mapping: dict[str, list[str]] | None = None) -> ReasonMapping:
    """Map free-text churn reasons onto :data:`REASON_CATEGORIES` with keyword patterns.

    Parameters
    ----------
    texts : free-text reasons (missing values stay missing: no reason given)
    mapping : extra patterns per category, e.g. ``{"price": ["te prijzig"]}``; they are
        tried before the defaults of that category. A category outside the taxonomy is
        added to it.

    Returns
    -------
    ReasonMapping with ``categories`` (``"unmapped"`` where nothing matched) and
    ``unmapped`` (each unmatched text with its count, most frequent first).
    """
    keywords = {k: list(v) for k, v in DEFAULT_KEYWORDS.items()}
    for category, extra in (mapping or {}).items():
        keywords[category] = list(extra) + keywords.get(category, [])
    text = texts.astype("string").str.strip().str.lower()
    result = pd.Series(pd.NA, index=texts.index, dtype="object")
    for category, patterns in keywords.items():  # one vectorised match per category
        hit = text.str.contains("|".join(f"(?:{p})" for p in patterns), regex=True, flags=re.IGNORECASE, na=False)
        result = result.mask(result.isna() & hit, category)
    given = text.notna() & (text != "")
    result = result.mask(result.isna() & given, UNMAPPED)
    unmapped = (scrub(texts[result == UNMAPPED].astype(str).str.strip()).value_counts()  # shown in reports
                .rename_axis("text").reset_index(name="count"))
    return ReasonMapping(result, unmapped, keywords)


# ----------------------------------------------------------------------------- churned customers


def churned_customers(customers, orders=None, *, mapping=None, observation_end=None, clv: pd.Series | None = None,
                      by: str | None = None) -> pd.DataFrame:
    """One row per customer who churned (has a ``churn_date``): reason category and lost revenue.

    ``lost_revenue_12m`` is the customer's revenue in the 12 months up to their churn
    date (computed in the engine); ``expected_value`` is their predicted remaining
    value when `clv` (indexed by customer_id) is given. ``tenure_days`` runs from
    ``signup_date`` (or the first order) to the churn date.
    """
    c = as_loaded(customers, "customers", observation_end=observation_end).table
    if "churn_date" not in c.columns:
        raise KeyError("customers: no column 'churn_date'; churn reasons need the date and reason of each "
                       "cancellation (map them with columns={...})")
    gone = c.filter(c.churn_date.notnull())
    columns = ["customer_id", "churn_date"] + [x for x in ("churn_reason", "signup_date", by) if x and x in c.columns]
    gone = gone.select(*columns)
    if orders is not None:
        o = as_loaded(orders, "orders").table
        j = o.join(gone.select("customer_id", cd=gone.churn_date), "customer_id")
        window = (j.order_date <= j.cd) & (j.order_date > j.cd - ibis.interval(days=365))
        spent = j.group_by("customer_id").aggregate(lost_revenue_12m=j.revenue.sum(where=window).fill_null(0),
                                                     first_order=j.order_date.min())
        gone = gone.left_join(spent, "customer_id").select(gone, spent.lost_revenue_12m, spent.first_order)
    frame = execute(gone).sort_values("customer_id").reset_index(drop=True)
    frame["churn_date"] = pd.to_datetime(frame["churn_date"])
    reasons = frame["churn_reason"] if "churn_reason" in frame else pd.Series(pd.NA, index=frame.index)
    frame["reason"] = normalize_reasons(reasons, mapping).categories.fillna("not_given")
    start = frame["signup_date"] if "signup_date" in frame else frame.get("first_order")
    if start is not None:
        frame["tenure_days"] = (frame["churn_date"] - pd.to_datetime(start)).dt.days
    if "lost_revenue_12m" in frame:
        frame["lost_revenue_12m"] = frame["lost_revenue_12m"].fillna(0.0)
    if clv is not None:
        frame["expected_value"] = clv.reindex(frame["customer_id"]).fillna(0.0).to_numpy()
    return frame


def unmapped_reasons(customers, *, mapping=None, observation_end=None) -> pd.DataFrame:
    """The churn-reason texts of `customers` that no keyword matches, with their counts."""
    c = as_loaded(customers, "customers", observation_end=observation_end).table
    texts = execute(c.filter(c.churn_reason.notnull()).select("churn_reason"))["churn_reason"]
    return normalize_reasons(texts, mapping).unmapped


def reason_table(churned: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Counts, shares (with 95% intervals) and lost revenue per reason (and group of `by`).

    Examples
    --------
    >>> import pandas as pd
    >>> churned = pd.DataFrame({"reason": ["price", "price", "service", "quality"],
    ...                         "lost_revenue_12m": [100.0, 50.0, 300.0, 0.0]})
    >>> reason_table(churned)[["customers", "share", "lost_revenue_12m"]]
             customers  share  lost_revenue_12m
    reason
    price            2   50.0             150.0
    service          1   25.0             300.0
    quality          1   25.0               0.0
    """
    keys = [by, "reason"] if by else ["reason"]
    agg = {"customers": ("reason", "size")}
    for value in ("lost_revenue_12m", "expected_value"):
        if value in churned:
            agg[value] = (value, "sum")
    table = churned.groupby(keys, observed=True).agg(**agg)
    totals = table.groupby(level=0).customers.transform("sum") if by else table.customers.sum()
    table["share"] = table.customers / totals * 100
    bounds = [share_interval(k, n) for k, n in zip(table.customers, np.broadcast_to(totals, len(table)))]
    table["share_low"], table["share_high"] = zip(*bounds) if bounds else ([], [])
    order = ["customers", "share", "share_low", "share_high"] + [v for v in ("lost_revenue_12m", "expected_value")
                                                                  if v in table]
    sort = ([by] if by else []) + ["customers"] + (["lost_revenue_12m"] if "lost_revenue_12m" in table else [])
    table = table[order].sort_values(sort, ascending=[True] * bool(by) + [False] * (len(sort) - bool(by)))
    return table


def pareto_table(churned: pd.DataFrame, *, value: str = "lost_revenue_12m") -> pd.DataFrame:
    """Reasons by `value` (lost revenue), largest first, with the cumulative share.

    Examples
    --------
    >>> import pandas as pd
    >>> churned = pd.DataFrame({"reason": ["price", "service", "service", "quality"],
    ...                         "lost_revenue_12m": [100.0, 300.0, 300.0, 300.0]})
    >>> pareto_table(churned)[["lost_revenue_12m", "cumulative_share"]]
             lost_revenue_12m  cumulative_share
    reason
    service             600.0              60.0
    quality             300.0              90.0
    price               100.0             100.0
    """
    table = churned.groupby("reason").agg(customers=("reason", "size"), **{value: (value, "sum")})
    table = table.sort_values(value, ascending=False)
    table["share"] = table[value] / table[value].sum() * 100
    table["cumulative_share"] = table["share"].cumsum()
    return table


def reasons_to_fix(pareto: pd.DataFrame, target_share: float = 70.0) -> list[str]:
    """The fewest reasons (largest first) that together cover `target_share` % of the Pareto value.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"cumulative_share": [60.0, 90.0, 100.0]}, index=["service", "quality", "price"])
    >>> reasons_to_fix(p, 70)
    ['service', 'quality']
    """
    needed = int(np.searchsorted(pareto["cumulative_share"].to_numpy(), target_share - 1e-9) + 1)
    return list(pareto.index[: min(needed, len(pareto))])


def reason_trend(churned: pd.DataFrame, *, period: str = "Q", observation_end=None) -> pd.DataFrame:
    """Churned customers per period and reason (wide), with the share of each reason and
    ``complete`` = False for a period that ends after the observation end.
    """
    end = pd.Timestamp(observation_end) if observation_end is not None else churned["churn_date"].max()
    frame = churned.assign(period=churned["churn_date"].dt.to_period({"M": "M", "Q": "Q", "Y": "Y", "W": "W"}[period])
                           .dt.start_time)
    counts = frame.pivot_table(index="period", columns="reason", values="churn_date", aggfunc="size", fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0) * 100
    table = shares.add_suffix("_share").join(counts)
    ends = pd.PeriodIndex(table.index, freq={"M": "M", "Q": "Q", "Y": "Y", "W": "W"}[period]).end_time.normalize()
    table["complete"] = ends <= end
    table.attrs["observation_end"] = end
    return table


# ----------------------------------------------------------------------------- competing risks


@dataclass
class CompetingRisks:
    """Cumulative incidence of churn for each reason over tenure (Aalen-Johansen)."""

    incidence: pd.DataFrame           # index tenure days, one column per reason
    overall_km: pd.Series             # 1 - Kaplan-Meier of churn for any reason
    fitters: dict

    def at(self, days: float) -> pd.Series:
        """Cumulative incidence of each reason by `days` of tenure."""
        return self.incidence[self.incidence.index <= days].iloc[-1]

    def plot(self, *, ax=None):
        from .present.plots import incidence_plot

        return incidence_plot(self, ax=ax)

    def _repr_html_(self) -> str:
        last = self.incidence.index.max()
        return self.at(last).to_frame(f"incidence_{last:.0f}d").to_html(float_format=lambda v: f"{v:.2%}")


def competing_risks(durations: pd.Series, reasons: pd.Series, by: pd.Series | None = None) -> CompetingRisks | dict:
    """Cumulative incidence of churn per reason over tenure, with reasons as competing events.

    `durations` are tenure days (to churn, or to the observation end for active
    customers), `reasons` the reason category of churned customers and missing for
    active (censored) ones. Each reason's incidence is estimated with lifelines'
    ``AalenJohansenFitter``; the incidences add up to the overall churn probability
    1 - KM. (1 - KM computed for one reason, treating the others as censored, answers
    "what if no other reason existed" and overstates each reason.)

    With `by`, a dict of results per group.
    """
    if by is not None:
        return {g: competing_risks(durations[by == g], reasons[by == g]) for g in pd.unique(by.dropna())}
    from lifelines import AalenJohansenFitter, KaplanMeierFitter

    codes = {r: i + 1 for i, r in enumerate(sorted(reasons.dropna().unique()))}
    events = reasons.map(codes).fillna(0).astype(int)
    durations = _untie(durations.astype(float).clip(lower=0.0), events > 0)
    curves, fitters = {}, {}
    for reason, code in codes.items():
        ajf = AalenJohansenFitter(calculate_variance=False)
        ajf.fit(durations, events, event_of_interest=code)
        fitters[reason] = ajf
        curves[reason] = ajf.cumulative_density_.iloc[:, 0]
    incidence = pd.DataFrame(curves).sort_index().ffill().fillna(0.0)
    km = KaplanMeierFitter().fit(durations, events > 0)  # on the same untied times
    overall = 1 - km.survival_function_.iloc[:, 0]
    incidence.index = np.maximum(incidence.index - _START, 0.0)
    overall.index = np.maximum(overall.index - _START, 0.0)
    return CompetingRisks(incidence, overall, fitters)


_START = 0.01  # days added to every time, so that lifelines counts churn on day 0


def _untie(durations: pd.Series, observed: pd.Series) -> pd.Series:
    """Make event times unique by adding a billionth of a day per earlier tie, in a fixed
    order, censored times after the events at the same time (the Kaplan-Meier convention),
    and move every time _START days later.

    Aalen-Johansen needs distinct event times (lifelines would jitter them at random)
    and ignores events at time 0 (churn on the signup day). Breaking ties this way, the
    same for every reason and for Kaplan-Meier, keeps the estimates of tied data (the
    product over tied events is the same); the results are indexed by the original days.
    """
    frame = pd.DataFrame({"t": durations.to_numpy(), "censored": ~observed.to_numpy()}, index=durations.index)
    frame = frame.sort_values(["t", "censored"], kind="stable")
    rank = frame.groupby("t").cumcount().to_numpy()
    frame["t"] = frame["t"] + _START + rank * 1e-9
    return frame["t"].reindex(durations.index)


def reason_incidence(orders, customers, *, mapping=None, by: str | None = None, observation_end=None):
    """:func:`competing_risks` over tenure (signup to account closing) for every customer in
    `customers`, with the reason categories of those who closed their account."""
    from .survival import survival_frame

    frame = survival_frame(orders, customers=customers, basis="contracts", observation_end=observation_end)
    churned = churned_customers(customers, mapping=mapping, observation_end=observation_end).set_index("customer_id")
    reasons = pd.Series(churned.reason.reindex(frame.customer_id).to_numpy(), index=frame.index).where(frame.event)
    groups = frame[by] if by else None
    return competing_risks(frame.duration, reasons, by=groups)


# ----------------------------------------------------------------------------- satisfaction


def latest_answers(surveys, observation_end=None) -> pd.DataFrame:
    """Each customer's latest survey answer with its NPS group (detractor 0-6, passive 7-8, promoter 9-10)."""
    s = as_loaded(surveys, "surveys", observation_end=observation_end).table
    ranked = s.mutate(_rn=ibis.row_number().over(ibis.window(group_by="customer_id", order_by=ibis.desc("response_date"))))
    latest = execute(ranked.filter(ranked._rn == 0).drop("_rn"))
    if "nps" in latest:
        latest["nps_group"] = pd.cut(latest["nps"], [-1, 6, 8, 10], labels=["detractor", "passive", "promoter"])
    return latest


def satisfaction_drivers(orders, customers, surveys, *, by: str | None = None, observation_end=None):
    """A Cox model of time to churn (account closing) with the NPS group (and `by`) as covariates,
    for the customers who answered a survey; the most common group is the reference."""
    from .survival import churn_drivers, survival_frame

    frame = survival_frame(orders, customers=customers, observation_end=observation_end)
    answers = latest_answers(surveys, observation_end)[["customer_id", "nps_group"]]
    frame = frame.merge(answers, on="customer_id", how="inner")
    frame["nps_group"] = frame["nps_group"].astype(str)
    return churn_drivers(frame, ["nps_group"] + ([by] if by else []))


def satisfaction_link(customers, surveys, *, mapping=None, observation_end=None) -> pd.DataFrame:
    """Churn share (with 95% interval) and reason mix per NPS group (promoter 9-10, passive 7-8,
    detractor 0-6), using each customer's latest answer.
    """
    c = as_loaded(customers, "customers", observation_end=observation_end).table
    cols = ["customer_id", "churn_date"] + (["churn_reason"] if "churn_reason" in c.columns else [])
    frame = latest_answers(surveys, observation_end).merge(execute(c.select(*cols)), on="customer_id")
    frame["churned"] = frame["churn_date"].notna()
    frame["reason"] = normalize_reasons(frame.get("churn_reason", pd.Series(pd.NA, index=frame.index)),
                                        mapping).categories.where(frame["churned"])
    table = frame.groupby("nps_group", observed=True).agg(customers=("churned", "size"), churned=("churned", "sum"))
    table["churn_share"] = table.churned / table.customers * 100
    table["churn_low"], table["churn_high"] = zip(*[share_interval(k, n) for k, n in zip(table.churned, table.customers)])
    mix = pd.crosstab(frame["nps_group"], frame["reason"], normalize="index") * 100
    return table.join(mix.add_prefix(REASON_SHARE))


#: The prefix of the reason-mix columns of :func:`satisfaction_link`.
REASON_SHARE = "reason_share_"


def reason_mix(link: pd.DataFrame) -> pd.DataFrame:
    """The reason mix of :func:`satisfaction_link`: one row per reason, one column per NPS
    group, each the % of that group's churned customers who gave the reason.

    >>> import pandas as pd
    >>> link = pd.DataFrame({"customers": [10], "reason_share_price": [75.0], "reason_share_service": [25.0]},
    ...                     index=pd.Index(["detractor"], name="nps_group"))
    >>> reason_mix(link)
    nps_group  detractor
    reason
    price           75.0
    service         25.0
    """
    mix = link[[c for c in link.columns if c.startswith(REASON_SHARE)]]
    return mix.rename(columns=lambda c: c.removeprefix(REASON_SHARE)).T.rename_axis("reason")
