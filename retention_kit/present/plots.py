"""One function per chart, in a language: each draws on `ax` (or a new Axes) and returns it.

An analysis result draws itself (``.plot(*, ax=None, **labels)``, see :mod:`retention_kit.drawing`);
its function here only gives it the words of `lang` and writes the numbers the `lang` way. Charts
of plain tables (KPI trends, cohorts, activity) are drawn here.

Matplotlib and seaborn are imported inside the functions, so ``import
retention_kit`` stays fast. The theme is opt-in: :func:`set_theme` or the
:func:`style` context; importing the package changes no global settings.

Examples
--------
>>> import pandas as pd
>>> from retention_kit.overview import activity_by_period
>>> orders = pd.DataFrame({"customer_id": [1, 2, 1], "order_date": ["2024-01-05", "2024-01-09", "2024-02-10"],
...                        "revenue": [10.0, 20.0, 5.0]})
>>> ax = activity_plot(activity_by_period(orders), lang="nl")
>>> ax.get_ylabel()
'bestellingen'
"""

from __future__ import annotations

import contextlib
import functools
import math

import pandas as pd

from ..drawing import PALETTE, axes as _axes
from .i18n import fill, label, number, term
from .languages import METADATA_KEY, several, single

def theme_rc() -> dict:
    """The matplotlib settings of the retention_kit theme."""
    return {
        "figure.figsize": (9, 4.5),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
    }


def set_theme() -> None:
    """Apply the retention_kit look (seaborn whitegrid, our palette) to all later charts."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=PALETTE, rc=theme_rc())


@contextlib.contextmanager
def style():
    """Use the retention_kit look inside a ``with`` block only."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    with plt.rc_context(theme_rc()), sns.axes_style("whitegrid"), sns.color_palette(PALETTE):
        yield


def _date_axis(ax):
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _localised(plot):
    """Write the numbers on the chart's value axes (and colour bars) the `lang` way: Dutch
    charts show 1.000 and 0,5."""

    @functools.wraps(plot)
    def draw(*args, lang: str = "en", **kwargs):
        langs = several(lang)
        if langs is not None:
            return _per_language(draw, args, kwargs, langs)
        lang = single(lang)
        ax = plot(*args, lang=lang, **kwargs)
        if lang != "en" and hasattr(ax, "figure"):
            for axes in ax.figure.axes:
                _number_ticks(axes.xaxis, lang)
                _number_ticks(axes.yaxis, lang)
        return ax

    return draw


def _per_language(draw, args, kwargs, langs: list[str]) -> None:
    """One chart per language, each shown at once tagged with its language (then closed, so the
    notebook does not show it a second time untagged)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    if kwargs.get("ax") is not None:
        raise ValueError("a chart in several languages draws its own figures; pass ax only with one language")
    for lang in langs:
        drawn = draw(*args, lang=lang, **kwargs)
        figure = getattr(drawn, "figure", None) or plt.gcf()
        display(figure, metadata={METADATA_KEY: lang})
        plt.close(figure)


def _number_ticks(axis, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    if not isinstance(axis.get_major_formatter(), ScalarFormatter):
        return
    ticks = [t for t in axis.get_majorticklocs() if math.isfinite(t)]
    steps = [abs(b - a) for a, b in zip(ticks, ticks[1:]) if b != a]
    decimals = max(0, -math.floor(math.log10(min(steps)))) if steps and min(steps) < 1 else 0
    axis.set_major_formatter(FuncFormatter(lambda value, _: number(value, f",.{decimals}f", lang)))


@_localised
def activity_plot(activity: pd.DataFrame, *, lang: str = "en", ax=None):
    """Orders (or contracts started) per period as bars and new customers as a line (from
    :func:`activity_by_period`)."""
    ax = _axes(ax)
    x = pd.to_datetime(activity["period"])
    bars = "orders" if "orders" in activity else "contracts"
    word = label(f"word.{bars}", lang)
    width = (x.diff().dt.days.median() if len(x) > 1 else 30) * 0.8
    ax.bar(x, activity[bars], width=width, color=PALETTE[0], alpha=0.8, label=word)
    ax.plot(x, activity["new_customers"], color=PALETTE[1], marker="o", ms=3, label=label("word.new_customers", lang))
    ax.set_ylabel(word)
    _date_axis(ax)
    ax.set_xlabel(label("word.period", lang))
    ax.set_title(f"{word} & {label('word.new_customers', lang)}".capitalize())
    ax.legend(loc="upper left")
    return ax


@_localised
def cohort_heatmap(table: pd.DataFrame, *, lang: str = "en", ax=None, average: bool = True, annot: bool | None = None):
    """A cohort matrix (from :func:`cohort_table`) as a heatmap, future cells left blank.

    Percent metrics are shown with a 0-100 colour scale; an average row (the mean of
    the cohorts observed at each age) is added at the bottom. Annotations shrink with
    the number of columns and are switched off beyond 24, so 36 cohorts stay readable.
    """
    import numpy as np
    import seaborn as sns

    data = table.copy()
    data.index = [d.strftime("%Y-%m-%d" if table.attrs.get("period") in ("D", "W") else "%Y-%m") for d in data.index]
    if average:
        data.loc[label("word.average", lang)] = table.mean(axis=0).to_numpy()
    percent = table.attrs.get("metric") in ("retention", "revenue_retention", "gross_revenue_retention",
                                            "mrr_retention")
    ax = _axes(ax)
    if ax.figure.get_figheight() < 0.25 * len(data) + 1:
        ax.figure.set_size_inches(max(ax.figure.get_figwidth(), 0.3 * data.shape[1] + 3), 0.25 * len(data) + 1.5)
    annot = data.shape[1] <= 24 if annot is None else annot
    sns.heatmap(
        data, ax=ax, mask=data.isna(), cmap="Blues", annot=annot, fmt=".0f", yticklabels=True,
        annot_kws={"fontsize": max(5, 10 - data.shape[1] // 4)}, linewidths=0.3, linecolor="white",
        vmin=0 if percent else None,
        vmax=min(100.0, float(np.nanmax(table.iloc[:, 1:].to_numpy()))) if percent and table.shape[1] > 1 else None,
        cbar_kws={"label": "%" if percent else label(f"metric.{table.attrs.get('metric', 'customers')}", lang)},
    )
    ax.grid(False)
    if average:
        ax.axhline(len(data) - 1, color="black", linewidth=1)
    ax.set_xlabel(label("word.periods_since_start" if table.attrs.get("basis") == "subscriptions"
                        else "word.periods_since", lang))
    ax.set_ylabel(label("word.cohort", lang))
    metric = table.attrs.get("metric", "customers")
    title = label(f"metric.{metric}", lang)
    title = title[:1].upper() + title[1:]
    if table.attrs.get("mode") == "on_or_after":  # the two retention heatmaps of a report differ in their title
        title += f" ({label('word.on_or_after', lang)})"
    ax.set_title(title)
    ax.tick_params(axis="y", labelsize=max(6, 10 - len(data) // 8))
    return ax


@_localised
def cohort_curves(table: pd.DataFrame, *, lang: str = "en", ax=None, highlight_average: bool = True):
    """One line per cohort over periods since acquisition, with the average in bold."""
    ax = _axes(ax)
    for cohort, row in table.iterrows():
        ax.plot(row.index, row.to_numpy(), color="#a0aec0", linewidth=0.8, alpha=0.7)
    if highlight_average:
        mean = table.mean(axis=0)
        ax.plot(mean.index, mean.to_numpy(), color=PALETTE[0], linewidth=2.5, label=label("word.average", lang))
        ax.legend(loc="upper right")
    ax.set_xlabel(label("word.periods_since", lang))
    metric = table.attrs.get("metric", "customers")
    ax.set_ylabel(label(f"metric.{metric}", lang) + (" (%)" if "retention" in metric else ""))
    ax.set_title(label(f"metric.{metric}", lang).capitalize())
    return ax


@_localised
def kpi_trend(kpis: pd.DataFrame, columns=("retention_rate", "churn_rate"), *, lang: str = "en", ax=None,
              target: float | None = None):
    """KPI lines per period from :func:`kpi_table` (English columns); the incomplete last period
    is drawn with a hollow marker and a dashed segment, so it is not read as a real drop. Retention
    and churn of periods whose base is not complete yet (``base_complete`` False: nobody could have
    lapsed) are left out of the line, not drawn at 100 %."""
    from ..kpi import BASE_KPIS

    ax = _axes(ax)
    x = pd.to_datetime(kpis["period"])
    complete = kpis["complete"].to_numpy()
    measured = kpis["base_complete"].to_numpy() if "base_complete" in kpis else complete | True
    for i, column in enumerate(columns):
        colour = PALETTE[i % len(PALETTE)]
        y = kpis[column].where(measured, float("nan")).to_numpy() if column in BASE_KPIS else kpis[column].to_numpy()
        full = complete.copy()
        ax.plot(x[full], y[full], color=colour, marker="o", ms=3, label=label(f"col.{column}", lang))
        if not complete.all():
            last_full = max(int(full.nonzero()[0].max()) if full.any() else 0, 0)
            ax.plot(x[last_full:], y[last_full:], color=colour, linestyle="--")
            ax.plot(x[~full], y[~full], linestyle="none", marker="o", ms=6, markerfacecolor="white", color=colour,
                    label=label("word.incomplete", lang) if i == 0 else None)
    if target is not None:
        ax.axhline(target, color="#718096", linestyle=":", label=label("word.target", lang))
    _date_axis(ax)
    ax.set_xlabel(label("word.period", lang))
    ax.legend(loc="best")
    return ax


@_localised
def base_waterfall(kpis: pd.DataFrame, period=None, *, lang: str = "en", ax=None):
    """Customer-base waterfall for one period of :func:`kpi_table`: start, + new, + reactivated,
    - lost, = end. Default: the last complete period."""
    ax = _axes(ax)
    rows = kpis[kpis["complete"]] if period is None else kpis[pd.to_datetime(kpis["period"]) == pd.Timestamp(period)]
    row = rows.iloc[-1]
    steps = [("base.start", row.customers_start, 0), ("base.new", row.customers_new, row.customers_start),
             ("base.reactivated", row.customers_reactivated, row.customers_start + row.customers_new),
             ("base.lost", -row.customers_lost, row.customers_start + row.customers_new + row.customers_reactivated),
             ("base.end", row.customers_end, 0)]
    colours = [PALETTE[0], PALETTE[2], PALETTE[3], PALETTE[1], PALETTE[0]]
    _waterfall(ax, steps, colours, ("base.new", "base.reactivated"), lang)
    ax.set_ylabel(label("word.customers", lang))
    ax.set_title(f"{label('base.active', lang).capitalize()}: {pd.Timestamp(row.period):%Y-%m}")
    return ax


def _waterfall(ax, steps: list, colours: list, gains: tuple, lang: str) -> None:
    """Bars from (label key, height, bottom) steps, each annotated (gains with a +), the value axis
    zoomed so that the flows between the first and the last bar stay visible."""
    for i, ((key, height, bottom), colour) in enumerate(zip(steps, colours)):
        ax.bar(i, height, bottom=bottom, color=colour, width=0.6)
        ax.annotate(f"{'+' if key in gains else ''}{number(height, ',.0f', lang)}", (i, bottom + max(height, 0)),
                    ha="center", va="bottom", fontsize=9)
    first, last = steps[0][1], steps[-1][1]
    flows = max(max(abs(height) for _, height, _ in steps[1:-1]), 1.0)
    ax.set_ylim(max(0.0, min(first, last) - 4 * flows), max(first, last) + 2 * flows)
    ax.set_xticks(range(len(steps)), [label(k, lang) for k, _, _ in steps], rotation=15)


@_localised
def mrr_waterfall(kpis: pd.DataFrame, period=None, *, lang: str = "en", ax=None):
    """MRR waterfall for one period of :func:`retention_kit.subscriptions.subscription_kpis`: MRR at
    start, + new, + expansion, + reactivation, - contraction, - churned, = MRR at end. Default:
    the last complete period."""
    ax = _axes(ax)
    rows = kpis[kpis["complete"]] if period is None else kpis[pd.to_datetime(kpis["period"]) == pd.Timestamp(period)]
    row = rows.iloc[-1]
    moves = [("mrr.new", row.mrr_new), ("mrr.expansion", row.mrr_expansion),
             ("mrr.reactivation", row.mrr_reactivation), ("mrr.contraction", -row.mrr_contraction),
             ("mrr.churned", -row.mrr_churned)]
    level, steps = row.mrr_start, [("mrr.start", row.mrr_start, 0.0)]
    for key, change in moves:
        steps.append((key, change, level))
        level += change
    steps.append(("mrr.end", row.mrr_end, 0.0))
    colours = [PALETTE[0], PALETTE[2], PALETTE[2], PALETTE[3], PALETTE[1], PALETTE[1], PALETTE[0]]
    _waterfall(ax, steps, colours, ("mrr.new", "mrr.expansion", "mrr.reactivation"), lang)
    ax.set_ylabel(label("col.mrr", lang))
    ax.set_title(f"{label('mrr.title', lang)}: {pd.Timestamp(row.period):%Y-%m}")
    return ax


@_localised
def retention_projection_plot(lifetimes: pd.DataFrame, models: dict, *, lang: str = "en", ax=None,
                              months: int = 60):
    """Kaplan-Meier survival of the subscribers (in months since the first contract) beside the
    retention models' projections S(t), in percent, to `months`."""
    from lifelines import KaplanMeierFitter

    ax = _axes(ax)
    kmf = KaplanMeierFitter().fit(lifetimes["tenure_months"], lifetimes["event"])
    curve = kmf.survival_function_.iloc[:, 0] * 100
    ax.step(curve.index, curve.to_numpy(), where="post", color="black", label=label("word.kaplan_meier", lang))
    for i, (kind, model) in enumerate(models.items()):
        model.plot(months, ax=ax, label=label(f"model.{kind}", lang), color=PALETTE[(i + 1) % len(PALETTE)],
                   linestyle="--")
    ax.axvline(lifetimes["tenure_months"].max(), color="#718096", linestyle=":")
    ax.set_xlim(0, months)
    ax.set_ylim(0, 102)
    ax.set_xlabel(label("word.tenure_months", lang))
    ax.set_ylabel(label("word.still_subscribed", lang))
    ax.legend(loc="best")
    return ax


@_localised
def retention_forecast_plot(forecast, *, lang: str = "en", ax=None):
    """Subscribers of the calibration base still active per held-out month: actual against each model."""
    ax = _axes(ax)
    return forecast.plot(ax=ax, actual=label("word.actual", lang),
                         **{kind: label(f"model.{kind}", lang) for kind in forecast.models},
                         xlabel=label("word.months_ahead", lang), ylabel=label("word.subscribers_left", lang))


@_localised
def survival_plot(curves, *, ax=None, lang: str = "en", at_risk: bool = True):
    """Kaplan-Meier curves of :func:`survival_curves` with 95% bands, censor marks and an at-risk table."""
    days = "surv.days_contract" if curves.basis == "subscriptions" else "surv.days"
    return curves.plot(ax=ax, at_risk=at_risk, xlabel=label(days, lang), ylabel=label("surv.survival", lang),
                       title=label("surv.title", lang))


@_localised
def hazard_ratio_plot(drivers, *, ax=None, lang: str = "en"):
    """Hazard ratios of :func:`churn_drivers` with 95% intervals on a log scale; 1 = no effect."""
    from .tables import row_label

    references = drivers.hazard_ratios.attrs.get("references", {})  # a ratio means nothing without its base
    title = fill(label("surv.compared_with", lang), lang,
                 groups=", ".join(row_label(f"{k}={v}", lang) for k, v in references.items())) if references else ""
    return drivers.plot(ax=ax, xlabel=label("surv.hazard_ratio", lang), title=title,
                        rows={name: row_label(name, lang) for name in drivers.hazard_ratios.index},
                        empty=label("surv.no_attributes", lang))


@_localised
def calibration_holdout_plot(model, rfm: pd.DataFrame, *, ax=None, max_frequency: int = 7, lang: str = "en"):
    """Mean actual vs BG/NBD-predicted holdout repeat purchases by calibration frequency
    (an RFM table from :func:`rfm_summary` with ``calibration_end``)."""
    return model.plot(rfm, ax=ax, max_frequency=max_frequency, actual=label("clv.actual", lang),
                      predicted=label("clv.predicted", lang), xlabel=label("clv.frequency", lang),
                      ylabel=label("clv.holdout", lang))


@_localised
def tracking_plot(tracking: pd.DataFrame, *, ax=None, lang: str = "en"):
    """Cumulative repeat purchases, actual vs predicted (from :func:`repeat_purchase_tracking`),
    with the end of the calibration period marked."""
    ax = _axes(ax)
    ax.plot(tracking["week"], tracking["actual"], color=PALETTE[0], label=label("clv.actual", lang))
    ax.plot(tracking["week"], tracking["predicted"], color=PALETTE[1], linestyle="--", label=label("clv.predicted", lang))
    if "calibration_end" in tracking.attrs:
        ax.axvline(pd.Timestamp(tracking.attrs["calibration_end"]), color="#718096", linestyle=":")
    _date_axis(ax)
    ax.set_ylabel(label("clv.cumulative", lang))
    ax.legend()
    return ax


@_localised
def sbg_projection_plot(model, periods: int, *, ax=None, lang: str = "en"):
    """Observed and sBG-projected survivors of a contractual cohort."""
    return model.plot(periods, ax=ax, observed=label("sbg.observed", lang), projected=label("sbg.projected", lang),
                      xlabel=label("sbg.period", lang), ylabel=label("sbg.survivors", lang))


@_localised
def clv_by_group_plot(clv: pd.DataFrame, *, ax=None, lang: str = "en"):
    """Mean predicted CLV per group with 95% intervals (from :func:`clv_by_group`)."""
    ax = _axes(ax)
    ax.barh(clv.index.astype(str), clv["mean_clv"], xerr=[clv["mean_clv"] - clv["ci_low"], clv["ci_high"] - clv["mean_clv"]],
            color=PALETTE[0], alpha=0.85, capsize=3)
    ax.set_xlabel(label("clv.value", lang))
    return ax


@_localised
def pareto_plot(pareto: pd.DataFrame, value: str = "lost_revenue_12m", *, ax=None, lang: str = "en",
                target_share: float = 70.0):
    """Bars of lost revenue per reason, largest first, with the cumulative share as a line
    and the `target_share` line ("fix these reasons to address 70%")."""
    ax = _axes(ax)
    names = [label(f"reason.{r}", lang) if f"reason.{r}" in _known() else str(r) for r in pareto.index]
    from ..reasons import NOT_TO_FIX

    colours = ["#a0aec0" if r in NOT_TO_FIX else PALETTE[0] for r in pareto.index]  # grey: nothing to fix
    ax.bar(names, pareto[value], color=colours, alpha=0.85)
    ax.set_ylabel(label("reason.lost_revenue", lang))
    ax.tick_params(axis="x", rotation=20)
    twin = ax.twinx()
    twin.plot(names, pareto["cumulative_share"], color=PALETTE[1], marker="o")
    twin.axhline(target_share, color="#718096", linestyle=":")
    twin.set_ylim(0, 105)
    twin.set_ylabel(label("reason.cumulative", lang))
    twin.grid(False)
    return ax


@_localised
def incidence_plot(risks, *, ax=None, lang: str = "en"):
    """Cumulative incidence of churn per reason over tenure, stacked; the top edge equals 1 - KM."""
    return risks.plot(ax=ax, reasons={c: label(f"reason.{c}", lang) for c in risks.incidence.columns},
                      xlabel=label("reason.tenure", lang), ylabel=label("reason.incidence", lang))


def _known():
    from .i18n import LABELS

    return LABELS


@_localised
def reason_trend_plot(trend: pd.DataFrame, *, ax=None, lang: str = "en"):
    """Share of each churn reason per period (from :func:`reason_trend`, English columns) as
    stacked bars; an incomplete last period is hatched."""
    ax = _axes(ax)
    shares = trend[[c for c in trend.columns if c.endswith("_share")]]
    x = range(len(shares))
    bottom = pd.Series(0.0, index=shares.index)
    for i, column in enumerate(shares.columns):
        reason = column[: -len("_share")]
        bars = ax.bar(x, shares[column], bottom=bottom, color=(PALETTE + ["#a0aec0", "#2d3748"])[i % 8],
                      label=label(f"reason.{reason}", lang))
        for bar, complete in zip(bars, trend["complete"]):
            if not complete:
                bar.set_hatch("//")
                bar.set_alpha(0.6)
        bottom += shares[column]
    ax.set_xticks(list(x), [f"{pd.Timestamp(p):%Y-%m}" for p in shares.index], rotation=45)
    ax.set_ylabel(label("word.share", lang) + " (%)")
    ax.set_ylim(0, 100)
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5), fontsize=8)
    return ax


@_localised
def effects_plot(effects: pd.DataFrame, *, ax=None, truth: float | None = None, lang: str = "en"):
    """Estimates with 95% intervals, one row per method (from :func:`loyalty_effects`);
    naive rows in grey. `truth` (known for the demo shop) is drawn as a dashed line."""
    from ..loyalty import effects_chart

    return effects_chart(effects, ax=ax, truth=truth, methods={m: label(f"loyalty.{m}", lang) for m in effects.index},
                         xlabel=label("loyalty.effect", lang), truth_label=label("loyalty.truth", lang))


@_localised
def event_study_plot(study, *, ax=None, lang: str = "en"):
    """Effect by months since joining with 95% intervals; months before joining check parallel trends."""
    return study.plot(ax=ax, xlabel=label("loyalty.event_time", lang), ylabel=label("loyalty.effect", lang))


@_localised
def scorecard_plot(card, *, ax=None, lang: str = "en"):
    """Mean holdout repeat purchases per past-frequency group: what happened (black) and what
    each predictor of a :class:`retention_kit.scorecard.Scorecard` said."""
    return card.plot(ax=ax, actual=label("clv.actual", lang), xlabel=label("clv.frequency", lang),
                     predictors={name: label(f"predictor.{name}", lang) for name in card.by_frequency.columns},
                     ylabel=label("clv.holdout", lang), title=label("scorecard.title", lang))


@_localised
def campaign_curve_plot(curve: pd.DataFrame, *, ax=None, lang: str = "en", title: str | None = None):
    """The share of each group that bought again by day since sending (from
    :func:`retention_kit.campaigns.campaign_curve`), and their difference."""
    ax = _axes(ax)
    ax.plot(curve.index, curve["treatment"], color=PALETTE[0], label=label("campaign.treatment", lang))
    ax.plot(curve.index, curve["control"], color=PALETTE[5], label=label("campaign.control", lang))
    ax.fill_between(curve.index, curve["control"], curve["treatment"], color=PALETTE[0], alpha=0.15,
                    label=label("campaign.difference", lang))
    ax.set_xlabel(label("campaign.day", lang))
    ax.set_ylabel(label("campaign.bought", lang))
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


@_localised
def qini_plot(curves: dict, *, ax=None, lang: str = "en"):
    """Qini curves (from :func:`retention_kit.campaigns.qini_curve`), one per ranking or arm in
    `curves` (name -> curve), with the line of random targeting."""
    ax = _axes(ax)
    for i, (name, curve) in enumerate(curves.items()):
        ax.plot(curve["targeted"], curve["incremental"], color=PALETTE[i % len(PALETTE)],
                label=term(name, lang, "strategy"))
    ends = {float(curve["random"].iloc[-1]) for curve in curves.values()}
    for i, curve in enumerate(curves.values()):  # one random line, or one per arm (each arm its own total)
        if len(ends) > 1 or i == 0:
            ax.plot(curve["targeted"], curve["random"], color="grey" if len(ends) == 1 else PALETTE[i % len(PALETTE)],
                    linestyle=":", label=label("strategy.random", lang) if i == 0 else None)
    ax.set_xlabel(label("campaign.targeted", lang))
    ax.set_ylabel(label("campaign.incremental", lang))
    ax.set_title(label("campaign.qini", lang))
    ax.legend()
    return ax


@_localised
def bgbb_alive_plot(model, periods: int, *, ax=None, lang: str = "en"):
    """P(alive at the next opportunity) of a BG/BB model as a heatmap over recency (columns)
    and frequency (rows) after `periods` opportunities; impossible cells (frequency above
    recency) stay empty."""
    return model.plot(periods, ax=ax, xlabel=label("bgbb.recency", lang), ylabel=label("bgbb.frequency", lang),
                      title=label("bgbb.alive", lang))
