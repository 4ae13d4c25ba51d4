"""Churn reasons: why customers leave, what it costs, and how the mix changes.

Free-text reasons (English or Dutch, as customers type them) are placed in the taxonomy
:data:`REASON_CATEGORIES`: price and charges, a better offer elsewhere, service and support,
product and quality, convenience, no longer needed, **involuntary** reasons the business cannot
influence (moved, deceased, business closed, payment failed, illness) and "no reason / don't know".
Matching (:func:`normalize_reasons`) folds case and accents, matches at word starts (and Dutch
compounds by their parts), ignores complaints that are negated ("not expensive, but ...") and
allows several categories per text with a main one (the first mentioned) and a confidence.
The vocabulary (:mod:`retention_kit.reason_vocabulary`) can be extended (`mapping=`), and
:func:`learn_reasons` trains a text classifier on texts the user labelled. Texts nothing places
are counted and listed as "unmapped", never dropped.

Examples
--------
>>> import pandas as pd
>>> mapped = normalize_reasons(pd.Series(["Te duur", "klantenservice reageerde niet", "found a cheaper shop",
...                                       "Not expensive, but the app keeps crashing", "??"]))
>>> mapped.categories.tolist()
['price', 'service', 'better_offer', 'quality', 'no_reason']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ibis
import numpy as np
import pandas as pd

from .compat import renamed_arguments
from .data import as_loaded
from .drawing import PALETTE, axes, words
from .privacy import scrub
from .engine import execute
from .formulas import share_interval
from .reason_vocabulary import APPROVAL, CATEGORIES, NEGATION, NOT_FIXABLE, VOCABULARY

#: The reason categories, in the order that breaks a tie (see :mod:`retention_kit.reason_vocabulary`).
REASON_CATEGORIES = CATEGORIES
UNMAPPED = "unmapped"
NOT_GIVEN = "not_given"

#: Categories that are not reasons to fix: involuntary, no reason, and texts nothing placed or none given.
NOT_TO_FIX = (*NOT_FIXABLE, UNMAPPED, NOT_GIVEN)

#: The patterns of each category of the default vocabulary.
DEFAULT_KEYWORDS: dict[str, list[str]] = {c: list(v["patterns"]) for c, v in VOCABULARY.items()}


@dataclass
class ReasonMapping:
    """The main category of every text (same index as the input), every category it mentions
    (``matches``, joined with "+"), a ``confidence`` (1 for one category, 1/k for k, 0.5 for general
    dissatisfaction only, 0 unmapped) and the texts nothing placed."""

    categories: pd.Series
    unmapped: pd.DataFrame
    keywords: dict
    matches: pd.Series = field(default=None, repr=False)
    confidence: pd.Series = field(default=None, repr=False)

    @property
    def unmapped_count(self) -> int:
        return int(self.unmapped["count"].sum())


def normalise_text(texts: pd.Series) -> pd.Series:
    """Lower case, accents removed (é -> e), curly quotes straightened, spaces collapsed.

    >>> normalise_text(pd.Series(["  Prijsverhóging’s  te HOOG "])).tolist()
    ["prijsverhoging's te hoog"]
    """
    text = texts.astype("string").str.replace("\u2019", "'", regex=False).str.replace("\u2018", "'", regex=False)
    text = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return text.str.lower().str.replace(r"\s+", " ", regex=True).str.strip()


def normalize_reasons(texts: pd.Series, mapping: dict[str, list[str]] | None = None) -> ReasonMapping:
    """Place free-text churn reasons in :data:`REASON_CATEGORIES` with the vocabulary.

    Parameters
    ----------
    texts : free-text reasons (missing values stay missing: no reason given)
    mapping : extra words, phrases or regular expressions per category, e.g. ``{"price": ["te prijzig"]}``
        (report.toml: a ``[reasons]`` section); they join the defaults of that category. A category
        outside the taxonomy is added to it (after the others when two match at the same place).

    Returns
    -------
    ReasonMapping with ``categories`` (the main category: the one mentioned first; ``"unmapped"``
    where nothing matched), ``matches``, ``confidence`` and ``unmapped`` (each unplaced text,
    scrubbed of ids and contact details, with its count, most frequent first).
    """
    vocabulary = {c: {k: list(v) for k, v in spec.items()} for c, spec in VOCABULARY.items()}
    for category, extra in (mapping or {}).items():
        spec = vocabulary.setdefault(category, {"patterns": []})
        spec["patterns"] = [_pattern(p) for p in extra] + spec["patterns"]
    texts = texts.where(texts.astype("string").str.strip().fillna("") != "")  # a blank reason is no reason given
    given = texts.dropna()
    unique = pd.Series(pd.unique(given.astype(str)))
    placed = _place(normalise_text(unique).fillna(""), vocabulary)
    placed.index = unique.to_numpy()
    lookup = texts.astype(object).where(texts.notna())
    result = pd.Series(lookup.map(placed["category"]), index=texts.index, dtype="object")
    matches = pd.Series(lookup.map(placed["matches"]), index=texts.index, dtype="object")
    confidence = pd.Series(lookup.map(placed["confidence"]), index=texts.index, dtype="float64")
    unmapped = (scrub(texts[result == UNMAPPED].astype(str).str.strip()).value_counts()  # shown in reports
                .rename_axis("text").reset_index(name="count"))
    keywords = {c: spec["patterns"] for c, spec in vocabulary.items()}
    return ReasonMapping(result, unmapped, keywords, matches, confidence)


def _pattern(entry: str) -> str:
    """A user's entry as a pattern: a plain word or phrase matches at a word start, in any case
    and with accents folded; an entry with regular-expression syntax is taken as it is."""
    if re.search(r"[\\\[\](){}|^$*+?]", entry):
        return entry
    return r"\b" + re.escape(normalise_text(pd.Series([entry])).iloc[0])


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def _place(text: pd.Series, vocabulary: dict) -> pd.DataFrame:
    """Category, all matches and confidence of each (normalised, unique) text: complaints that are
    negated or approved are blanked out first, then the category mentioned first wins (ties: the
    vocabulary's order)."""
    cleaned = text
    for spec in vocabulary.values():
        if spec.get("negatable"):
            words = "|".join(f"(?:{p})" for p in spec["negatable"])
            cleaned = cleaned.str.replace(f"(?:{NEGATION})(?:{words})", _blank, regex=True)
            cleaned = cleaned.str.replace(f"(?:{words}){APPROVAL}", _blank, regex=True)
    names = list(vocabulary)
    position = np.full((len(text), len(names)), np.inf)
    weak = np.zeros((len(text), len(names)), dtype=bool)
    for j, (category, spec) in enumerate(vocabulary.items()):
        pattern = "|".join(f"(?:{p})" for p in spec["patterns"])
        hit = cleaned.str.contains(pattern, regex=True).to_numpy(dtype=bool)
        before = cleaned.str.split(pattern, n=1, regex=True).str[0].str.len().to_numpy(dtype=float)
        position[:, j] = np.where(hit, before, np.inf)
        if spec.get("weak"):
            weak[:, j] = cleaned.str.contains("|".join(f"(?:{p})" for p in spec["weak"]), regex=True).to_numpy(dtype=bool)
    strong = np.isfinite(position)
    found = strong.sum(axis=1)
    order = np.lexsort((np.broadcast_to(np.arange(len(names)), position.shape), position), axis=1)[:, 0] \
        if len(text) else np.array([], dtype=int)
    only_weak = (found == 0) & weak.any(axis=1)
    main = np.where(found > 0, np.array(names, dtype=object)[order] if len(text) else [],
                    np.where(only_weak, np.array(names, dtype=object)[weak.argmax(axis=1)], UNMAPPED))
    mentioned = strong | (only_weak[:, None] & weak)
    listed = pd.Series("", index=range(len(text)), dtype="object")
    for j, name in enumerate(names):  # one vectorised step per category
        listed = listed + np.where(mentioned[:, j], name + "+", "")
    listed = listed.str.rstrip("+")
    confidence = np.where(found > 0, 1.0 / np.maximum(found, 1), np.where(only_weak, 0.5, 0.0))
    return pd.DataFrame({"category": main, "matches": listed.to_numpy(), "confidence": confidence})


# ----------------------------------------------------------------------------- churned customers


def churned_customers(customers, orders=None, *, mapping=None, observation_end=None, clv: pd.Series | None = None,
                      by: str | None = None, subscriptions=None, learned: "LearnedReasons | None" = None) -> pd.DataFrame:
    """One row per customer who churned (has a ``churn_date``): reason category and lost revenue.

    ``lost_revenue_12m`` is the customer's revenue in the 12 months up to their churn
    date (computed in the engine); ``expected_value`` is their predicted remaining
    value when `clv` (indexed by customer_id) is given. ``tenure_days`` runs from
    ``signup_date`` (or the first order) to the churn date. ``reason_confidence`` says how
    sure the placement is (see :func:`normalize_reasons`); with `learned`
    (:func:`learn_reasons`) the classifier places what the vocabulary cannot.

    With `subscriptions`, the subscribers whose contracts have all ended: ``churn_date`` is the
    end of their last contract, ``churn_reason`` its reason, ``lost_revenue_12m`` twelve times the
    MRR they had (:func:`churned_subscribers`).
    """
    if subscriptions is not None:
        return churned_subscribers(subscriptions, customers, mapping=mapping, observation_end=observation_end,
                                   by=by, learned=learned)
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
    _place_reasons(frame, mapping, learned)
    start = frame["signup_date"] if "signup_date" in frame else frame.get("first_order")
    if start is not None:
        frame["tenure_days"] = (frame["churn_date"] - pd.to_datetime(start)).dt.days
    if "lost_revenue_12m" in frame:
        frame["lost_revenue_12m"] = frame["lost_revenue_12m"].fillna(0.0)
    if clv is not None:
        frame["expected_value"] = clv.reindex(frame["customer_id"]).fillna(0.0).to_numpy()
    return frame


def _place_reasons(frame: pd.DataFrame, mapping, learned) -> None:
    """``reason`` (category, "not_given" without a text) and ``reason_confidence`` of each churned row."""
    reasons = frame["churn_reason"] if "churn_reason" in frame else pd.Series(pd.NA, index=frame.index)
    placed = learned.place(reasons, mapping) if learned is not None else normalize_reasons(reasons, mapping)
    frame["reason"] = placed.categories.fillna(NOT_GIVEN)
    frame["reason_confidence"] = placed.confidence


def churned_subscribers(subscriptions, customers=None, *, mapping=None, observation_end=None, by: str | None = None,
                        learned: "LearnedReasons | None" = None) -> pd.DataFrame:
    """One row per subscriber whose contracts have all ended by the observation end: ``churn_date``
    (the end of the last contract), ``churn_reason`` (its reason, when the log has one), ``reason``,
    ``lost_revenue_12m`` (12 x the MRR of the last contract: the recurring revenue a year without
    them), ``tenure_days`` (first start to the end) and `by` (from `customers` or the contracts).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"], "start_date": ["2024-01-01", "2024-03-01", "2024-02-01"],
    ...     "end_date": ["2024-03-01", "2024-05-01", None], "mrr": [10.0, 20.0, 5.0],
    ...     "churn_reason": [None, "Te duur", None]})
    >>> churned_subscribers(log, observation_end="2024-06-30")[["customer_id", "reason", "lost_revenue_12m"]].values.tolist()
    [['a', 'price', 240.0]]
    """
    from .subscriptions import _FAR, spells

    s = as_loaded(subscriptions, "subscriptions")
    t, end = spells(s, observation_end=observation_end)
    w = ibis.window(group_by="customer_id", order_by=[ibis.desc(t.stop.fill_null(_FAR)), ibis.desc("start_date")])
    ranked = t.mutate(_rn=ibis.row_number().over(w), _first=t.start_date.min().over(ibis.window(group_by="customer_id")))
    last = ranked.filter((ranked._rn == 0) & ranked.stop.notnull())
    columns = {"customer_id": last.customer_id, "churn_date": last.stop, "first_start": last._first,
               "lost_revenue_12m": last.mrr * 12}
    if "churn_reason" in last.columns:
        columns["churn_reason"] = last.churn_reason
    if by and by in last.columns:
        columns[by] = last[by]
    frame = execute(last.select(**columns)).sort_values("customer_id").reset_index(drop=True)
    frame["churn_date"] = pd.to_datetime(frame["churn_date"])
    frame["tenure_days"] = (frame["churn_date"] - pd.to_datetime(frame.pop("first_start"))).dt.days
    if by and by not in frame and customers is not None:
        c = execute(as_loaded(customers, "customers").table.select("customer_id", by))
        frame = frame.merge(c, on="customer_id", how="left")
    _place_reasons(frame, mapping, learned)
    return frame


def unmapped_reasons(customers, *, mapping=None, observation_end=None, subscriptions=None,
                     learned: "LearnedReasons | None" = None) -> pd.DataFrame:
    """The churn-reason texts that nothing places, with their counts (scrubbed of ids and contact
    details) and ``suggestion``: the category the vocabulary's neighbour, the classifier trained on
    everything the vocabulary did place, would choose."""
    if subscriptions is not None:
        s = as_loaded(subscriptions, "subscriptions").table
        texts = execute(s.filter(s.churn_reason.notnull()).select("churn_reason"))["churn_reason"] \
            if "churn_reason" in s.columns else pd.Series([], dtype=object)
    else:
        c = as_loaded(customers, "customers", observation_end=observation_end).table
        texts = execute(c.filter(c.churn_reason.notnull()).select("churn_reason"))["churn_reason"]
    placed = learned.place(texts, mapping) if learned is not None else normalize_reasons(texts, mapping)
    return _with_suggestions(placed, texts)


def _with_suggestions(placed: ReasonMapping, texts: pd.Series) -> pd.DataFrame:
    """The unplaced texts with the category a classifier trained on the placed texts would choose
    (none when fewer than two categories have two texts each)."""
    table = placed.unmapped.copy()
    known = pd.DataFrame({"text": texts, "category": placed.categories})
    known = known[~known.category.isin([UNMAPPED]) & known.category.notna()]
    counts = known.category.value_counts()
    if table.empty or (counts >= 2).sum() < 2:
        return table.assign(suggestion=pd.Series(dtype=object))
    known = known[known.category.isin(counts.index[counts >= 2])].drop_duplicates("text")
    if known.category.value_counts().min() < 2 or known.category.nunique() < 2:
        return table.assign(suggestion=pd.Series(dtype=object))
    model = _text_classifier().fit(normalise_text(known.text.astype(str)).fillna("").to_numpy(),
                                   known.category.astype(str).to_numpy())
    guess = model.predict(normalise_text(table.text.astype(str)).fillna("").to_numpy())
    return table.assign(suggestion=guess)


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
    table["share_ci_low"], table["share_ci_high"] = zip(*bounds) if bounds else ([], [])
    order = ["customers", "share", "share_ci_low", "share_ci_high"] + [v for v in ("lost_revenue_12m", "expected_value")
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
    """The fewest reasons the business can act on (largest first) that together cover `target_share` %
    of the Pareto value of those reasons; involuntary ones, "no reason" and unplaced texts
    (:data:`NOT_TO_FIX`) are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"share": [50.0, 30.0, 15.0, 5.0]}, index=["involuntary", "service", "quality", "price"])
    >>> reasons_to_fix(p, 70)
    ['service', 'quality']
    """
    fixable = fixable_shares(pareto)
    needed = int(np.searchsorted(fixable["cumulative_share"].to_numpy(), target_share - 1e-9) + 1)
    return list(fixable.index[: min(needed, len(fixable))])


def fixable_shares(pareto: pd.DataFrame) -> pd.DataFrame:
    """The reasons of a :func:`pareto_table` the business can act on, with their share and cumulative
    share of the value lost to those reasons alone (in percent)."""
    fixable = pareto[~pareto.index.isin(NOT_TO_FIX)]
    share = fixable["share"] / fixable["share"].sum() * 100
    return pd.DataFrame({"share": share, "cumulative_share": share.cumsum()})


def reason_groups(pareto: pd.DataFrame) -> pd.Series:
    """The share (%) of the Pareto value that went with reasons to fix, involuntary reasons, no reason,
    and texts nothing placed.

    >>> import pandas as pd
    >>> reason_groups(pd.DataFrame({"share": [50.0, 30.0, 20.0]}, index=["price", "involuntary", "unmapped"])).tolist()
    [50.0, 30.0, 0.0, 20.0]
    """
    share = pareto["share"]
    groups = {"to_fix": share[~share.index.isin(NOT_TO_FIX)].sum(), "involuntary": share.get("involuntary", 0.0),
              "no_reason": share[share.index.isin(["no_reason", NOT_GIVEN])].sum(), UNMAPPED: share.get(UNMAPPED, 0.0)}
    return pd.Series(groups, dtype="float64").rename_axis("group")


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

    def summary(self, days=(90, 180, 365)) -> pd.DataFrame:
        """Cumulative incidence of each reason (rows) by each of `days` of tenure (columns, share)."""
        return pd.DataFrame({f"{d}d": self.at(d) for d in days}).rename_axis("reason")

    def plot(self, *, ax=None, **labels):
        """Cumulative incidence of churn per reason over tenure, stacked; the top edge equals 1 - KM.
        Labels: ``xlabel``, ``ylabel``, ``reasons`` (a name per reason) and ``overall``."""
        w = words(labels, xlabel="days", ylabel="cumulative incidence", reasons={}, overall="1 - Kaplan-Meier")
        ax = axes(ax)
        inc = self.incidence
        ax.stackplot(inc.index, *[inc[c].to_numpy() for c in inc.columns],
                     labels=[w["reasons"].get(c, c) for c in inc.columns], colors=PALETTE[: len(inc.columns)] +
                     ["#a0aec0"] * max(0, len(inc.columns) - len(PALETTE)), alpha=0.85, step="post")
        ax.step(self.overall_km.index, self.overall_km.to_numpy(), where="post", color="black", linewidth=1,
                label=w["overall"])
        ax.set(xlabel=w["xlabel"], ylabel=w["ylabel"])
        ax.legend(loc="upper left", fontsize=8)
        return ax

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
    `customers`, with the reason categories of those who closed their account. Given subscriptions
    instead of orders: over each subscriber's first spell of contracts, with the reason of the
    contract that ended it (a spell that ended without a reason counts as "not given")."""
    from .subscriptions import is_subscriptions
    from .survival import survival_frame

    if is_subscriptions(orders):
        frame = survival_frame(orders, observation_end=observation_end)
        churned = churned_subscribers(orders, mapping=mapping, observation_end=observation_end, by=None)
        if by and customers is not None and by not in frame:
            frame = frame.merge(execute(as_loaded(customers, "customers").table.select("customer_id", by)),
                                on="customer_id", how="left")
    else:
        frame = survival_frame(orders, customers=customers, basis="contracts", observation_end=observation_end)
        churned = churned_customers(customers, mapping=mapping, observation_end=observation_end)
    churned = churned.set_index("customer_id")
    reasons = pd.Series(churned.reason.reindex(frame.customer_id).to_numpy(), index=frame.index)
    reasons = reasons.fillna(NOT_GIVEN).where(frame.event)
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


@renamed_arguments(segment="by")
def satisfaction_drivers(orders, customers, surveys, *, by: str | None = None, observation_end=None):
    """A Cox model of time to churn (account closing) with the NPS group (and `by`) as covariates,
    for the customers who answered a survey; the most common group is the reference."""
    from .survival import churn_drivers, survival_frame

    frame = survival_frame(orders, customers=customers, observation_end=observation_end)
    frame = frame[["customer_id", "duration", "event", *([by] if by and by in frame else [])]]
    answers = latest_answers(surveys, observation_end)[["customer_id", "nps_group"]]
    frame = frame.merge(answers, on="customer_id", how="inner")
    frame["nps_group"] = frame["nps_group"].astype(str)
    return churn_drivers(frame, ["nps_group"] + ([by] if by else []))


def satisfaction_link(customers, surveys, *, mapping=None, observation_end=None, subscriptions=None) -> pd.DataFrame:
    """Churn share (with 95% interval) and reason mix per NPS group (promoter 9-10, passive 7-8,
    detractor 0-6), using each customer's latest answer. With `subscriptions`, churned means all
    contracts ended (:func:`churned_subscribers`).
    """
    if subscriptions is not None:
        s = as_loaded(subscriptions, "subscriptions").table
        everyone = execute(s.select("customer_id").distinct())
        gone = churned_subscribers(subscriptions, observation_end=observation_end)
        people = everyone.merge(gone[["customer_id", "churn_date"] + (["churn_reason"] if "churn_reason" in gone else [])],
                                on="customer_id", how="left")
    else:
        c = as_loaded(customers, "customers", observation_end=observation_end).table
        cols = ["customer_id", "churn_date"] + (["churn_reason"] if "churn_reason" in c.columns else [])
        people = execute(c.select(*cols))
    frame = latest_answers(surveys, observation_end).merge(people, on="customer_id")
    frame["churned"] = frame["churn_date"].notna()
    frame["reason"] = normalize_reasons(frame.get("churn_reason", pd.Series(pd.NA, index=frame.index)),
                                        mapping).categories.where(frame["churned"])
    table = frame.groupby("nps_group", observed=True).agg(customers=("churned", "size"), churned=("churned", "sum"))
    table["churn_share"] = table.churned / table.customers * 100
    table["churn_ci_low"], table["churn_ci_high"] = zip(*[share_interval(k, n) for k, n in zip(table.churned, table.customers)])
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


# ----------------------------------------------------------------------------- learning from the user


#: A text the classifier places with less than this many times the chance level (1 / categories)
#: stays "unmapped" and is listed: twice chance, 0.25 with eight categories.
MIN_CONFIDENCE_OVER_CHANCE = 2.0


@dataclass
class LearnedReasons:
    """A text classifier trained on reasons the user labelled, and its cross-validated accuracy.

    :meth:`place` keeps what the vocabulary places and lets the classifier place the rest.
    """

    model: object
    accuracy: float
    ci_low: float
    ci_high: float
    texts: int
    folds: int
    confusion: pd.DataFrame = field(repr=False)

    def predict(self, texts: pd.Series) -> pd.DataFrame:
        """The classifier's category and its probability for each text."""
        probabilities = self.model.predict_proba(normalise_text(texts.astype(str)).fillna("").to_numpy())
        best = probabilities.argmax(axis=1)
        return pd.DataFrame({"category": self.model.classes_[best], "confidence": probabilities.max(axis=1)},
                            index=texts.index)

    def place(self, texts: pd.Series, mapping=None, min_confidence: float | None = None) -> ReasonMapping:
        """The vocabulary's placement, with the texts it leaves unmapped placed by the classifier when
        it is at least `min_confidence` sure (default: twice the chance level); the others stay
        unmapped and listed."""
        if min_confidence is None:
            min_confidence = MIN_CONFIDENCE_OVER_CHANCE / len(self.model.classes_)
        mapped = normalize_reasons(texts, mapping)
        missing = mapped.categories == UNMAPPED
        if missing.any():
            guess = self.predict(texts[missing])
            sure = guess.confidence >= min_confidence
            mapped.categories.loc[guess.index[sure]] = guess.category[sure]
            mapped.matches.loc[guess.index[sure]] = guess.category[sure]
            mapped.confidence.loc[guess.index] = np.where(sure, guess.confidence, 0.0)
            still = mapped.categories == UNMAPPED
            mapped.unmapped = (scrub(texts[still].astype(str).str.strip()).value_counts()
                               .rename_axis("text").reset_index(name="count"))
        return mapped

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame({"texts": [self.texts], "folds": [self.folds], "accuracy": [self.accuracy],
                             "ci_low": [self.ci_low], "ci_high": [self.ci_high]})


def learn_reasons(labelled: pd.DataFrame, *, text: str = "text", category: str = "category", folds: int = 5,
                  seed: int = 0) -> LearnedReasons:
    """Train a small text classifier on reasons the user labelled (a few hundred texts with their
    category): character n-grams (2-5, within words: robust to typos and Dutch compounds) and a
    logistic regression, no downloaded model. Accuracy is cross-validated over `folds` stratified
    folds and reported in percent with a 95% interval (Wilson).

    Examples
    --------
    >>> import pandas as pd
    >>> labelled = pd.DataFrame({"text": ["te duur", "too expensive", "prijs te hoog", "costs too much",
    ...     "slechte service", "rude staff", "support never answered", "klantenservice onvriendelijk"],
    ...     "category": ["price"] * 4 + ["service"] * 4})
    >>> learned = learn_reasons(labelled, folds=2)
    >>> learned.predict(pd.Series(["veel te duur"])).category.tolist()
    ['price']
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    frame = labelled[[text, category]].dropna()
    x = normalise_text(frame[text].astype(str)).fillna("").to_numpy()
    y = frame[category].astype(str).to_numpy()
    smallest = int(pd.Series(y).value_counts().min())
    if smallest < 2:
        raise ValueError(f"learn_reasons: every category needs at least two labelled texts; "
                         f"{pd.Series(y).value_counts().idxmin()!r} has {smallest}")
    model = _text_classifier()
    k = max(2, min(folds, smallest))
    predicted = cross_val_predict(model, x, y, cv=StratifiedKFold(k, shuffle=True, random_state=seed))
    right = int((predicted == y).sum())
    low, high = share_interval(right, len(y))
    model.fit(x, y)
    return LearnedReasons(model, right / len(y) * 100, low, high, len(y), k, pd.crosstab(pd.Series(y, name="label"),
                                                                                           pd.Series(predicted, name="predicted")))


def _text_classifier():
    """Character n-grams (2-5, within words: robust to typos and Dutch compounds) and a logistic
    regression: the classifier of :func:`learn_reasons` and of the suggestions for unplaced texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
                         LogisticRegression(C=10.0, max_iter=2000))
