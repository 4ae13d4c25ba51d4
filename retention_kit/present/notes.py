"""Sentences a report page shows about how its numbers were made, in English and Dutch:
the active window and its rule, whether retention can be measured yet, how returns were
treated, the currency, the targets, and guest checkouts.

Examples
--------
>>> from retention_kit.window import ActiveWindow
>>> print(window_note(ActiveWindow(120, "derived", 0.9, 101.0, 5234), "nl"))
Actief venster: **120 dagen**, afgeleid uit de data: 90% van de 5.234 herhaalbestellingen kwam binnen 101 dagen na de vorige bestelling van dezelfde klant, afgerond naar hele maanden van 30 dagen.
"""

from __future__ import annotations

import html
import math

from .catalogue import in_every_language, words
from .i18n import check_lang, currency_of, fill, label, term
from .languages import Note, markdown  # noqa: F401  (Note: what every note returns)

#: Every note by key: its English and Dutch text (the notes section of the catalogue).
TEXTS: dict[str, tuple[str, str]] = in_every_language("notes")


def text(key: str, lang: str = "en", **values) -> str:
    """The sentence `key` in `lang` with `values` filled in (numbers written the `lang` way). Text
    values, which may come from the data (a campaign, a segment, a plan), are escaped: Markdown
    shows them as typed, never as markup.

    >>> text("campaign.imbalanced", "en", campaigns="<script>x</script>", features="recency")[:49]
    '**The groups were not alike before &lt;script&gt;'
    """
    check_lang(lang)
    values = {k: html.escape(v, quote=False) if isinstance(v, str) else v for k, v in values.items()}
    return fill(words("notes", key, str(lang)), lang, **values)


@markdown
def window_note(window, lang: str = "en") -> str:
    """How the active window was chosen (:class:`retention_kit.window.ActiveWindow`)."""
    if window.rule == "given":
        return text("window.given", lang, days=window.days)
    if not window.gaps:
        return text("window.no_repeats", lang, days=window.days)
    return text("window.derived", lang, days=window.days, quantile=window.quantile, gaps=window.gaps,
                gap=window.gap_days)


@markdown
def measurability_note(window, first, end, lang: str = "en") -> str:
    """A warning when the data span less than two windows; empty when retention can be measured."""
    import pandas as pd

    if window.measurable(first, end):
        return ""
    span = (pd.Timestamp(end) - pd.Timestamp(first)).days + 1
    return text("window.not_measurable", lang, span=span, twice=2 * window.days)


@markdown
def settings_note(*, window, returns: str, targets: dict | None, lang: str = "en",
                  guest_share: float | None = None) -> str:
    """The settings of a report as a short Markdown list: window, returns, currency, targets, guests."""
    code = currency_of(lang)
    shown = ", ".join(f"{label('kpi.' + k, lang)} {fill('{v:,g}', lang, v=v)}" for k, v in (targets or {}).items())
    lines = [window_note(window, lang), text(f"returns.{returns}", lang),
             text("currency.code", lang, code=code) if code else text("currency.none", lang),
             text("targets.given", lang, targets=shown) if targets else text("targets.none", lang)]
    if guest_share is not None and not math.isnan(guest_share) and guest_share > 0:
        lines.append(text("guests", lang, share=guest_share))
    return "\n".join(f"* {line}" for line in lines)


@markdown
def contract_note(*, targets: dict | None, churn_at: str = "end", gap_days: int = 1, lang: str = "en",
                  snapshot: bool = False) -> str:
    """The settings of a subscription report as a short Markdown list: when churn counts, currency, targets,
    and, for a snapshot export, which numbers it cannot give."""
    code = currency_of(lang)
    shown = ", ".join(f"{label('kpi.' + k, lang)} {fill('{v:,g}', lang, v=v)}" for k, v in (targets or {}).items())
    lines = [text("contract.snapshot", lang)] if snapshot else []
    lines += [text(f"contract.{churn_at}", lang, gap=gap_days),
             text("currency.code", lang, code=code) if code else text("currency.none", lang),
             text("targets.given", lang, targets=shown) if targets else text("targets.none", lang)]
    return "\n".join(f"* {line}" for line in lines)


@markdown
def forecast_note(forecast, lang: str = "en") -> str:
    """Which retention model the held-out months favour, and by how much
    (:func:`retention_kit.contracts.retention_forecast`)."""
    best = forecast.best
    other = next(k for k in forecast.models if k != best)
    if not forecast.judged:
        return text("forecast.unjudged", lang, best=label(f"model.{best}", lang))
    return text("forecast.best", lang, calibration_end=forecast.calibration_end, months=len(forecast.tracking),
                best=label(f"model.{best}", lang), other=label(f"model.{other}", lang),
                best_error=forecast.scores.loc[best, "mape"], other_error=forecast.scores.loc[other, "mape"])


@markdown
def segment_note(requested: str | None, used: str | None, lang: str = "en") -> str:
    """Why a section is not split by the segment asked for; empty when it is."""
    if requested is not None and used is None:
        return text("segment.missing", lang, segment=requested)
    return "" if used is not None else text("segment.none", lang)


@markdown
def model_note(model, lang: str = "en") -> str:
    """What a fitted model's numbers rest on: the estimation sample when one was used, and a warning
    when its parameters are not identified; else empty."""
    from ..clv import IDENTIFICATION_RATIO

    missing = getattr(model, "unidentified", [])
    sample = getattr(model, "fitted_on", None)
    key = "drivers.sample" if hasattr(model, "hazard_ratios") else "model.sample"
    notes = [text(key, lang, sample=sample, n=model.n)] if sample else []
    if missing:
        notes.append(text("model.unidentified", lang, names=", ".join(missing), ratio=IDENTIFICATION_RATIO))
    return " ".join(notes)


@markdown
def fix_first(pareto, target_share: float = 70.0, lang: str = "en") -> str:
    """The reasons of :func:`retention_kit.reasons.reasons_to_fix` as one sentence, with the share
    of the lost revenue they cover together.

    >>> import pandas as pd
    >>> p = pd.DataFrame({"share": [60.0, 30.4, 9.6]}, index=["service", "quality", "price"])
    >>> fix_first(p, 70, "nl")
    'Pak deze eerst aan: service en ondersteuning en product en kwaliteit zijn samen goed voor 90% van de omzet die verloren ging om redenen waar het bedrijf iets aan kan doen (doel 70%).'
    """
    from ..reasons import fixable_shares, reasons_to_fix

    reasons = reasons_to_fix(pareto, target_share)
    if not reasons:
        return ""
    names = [term(r, lang, "reason") for r in reasons]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {text('word.and', lang)} {names[-1]}"
    return text("reasons.fix_many" if len(names) > 1 else "reasons.fix_one", lang, names=listed,
                share=fixable_shares(pareto)["cumulative_share"].iloc[len(reasons) - 1], target=target_share)


@markdown
def add_words_note(lang: str = "en") -> str:
    """How to place the texts the vocabulary missed: words in report.toml's ``[reasons]``."""
    return text("reasons.add_words", lang)


@markdown
def no_surveys_note(lang: str = "en") -> str:
    """Why a page has no sections on satisfaction."""
    return text("reasons.no_surveys", lang)


@markdown
def reason_groups_note(pareto, lang: str = "en") -> str:
    """Where the lost revenue went: reasons to fix, involuntary reasons, no reason, unplaced texts.

    >>> import pandas as pd
    >>> print(reason_groups_note(pd.DataFrame({"share": [70.0, 20.0, 10.0]}, index=["price", "involuntary", "unmapped"])))
    Of the revenue lost, **70%** went with reasons the business can act on, **20%** with involuntary reasons it cannot influence (moved, deceased, business closed, payment failed, illness) and **0%** with no reason given; **10%** with texts the vocabulary could not place (listed below).
    """
    from ..reasons import reason_groups

    groups = reason_groups(pareto) / 100
    return text("reasons.groups", lang, fix=groups["to_fix"], involuntary=groups["involuntary"],
                none=groups["no_reason"], unmapped=groups["unmapped"])


@markdown
def matching_summary(matching, lang: str = "en") -> str:
    """How many members the weighted loyalty estimates compare, and how many were set aside
    (:class:`retention_kit.loyalty.Matching`).

    >>> import pandas as pd
    >>> from retention_kit.loyalty import Matching
    >>> matching_summary(Matching(pd.Series(dtype=float), pd.DataFrame(), 0, matched_members=1367, members=1510))
    '1,367 of 1,510 members have comparable non-members; 143 set aside.'
    """
    return text("loyalty.matching", lang, **_member_counts(matching))


@markdown
def loyalty_conclusion(effects, value: tuple[float, float, float], months: int, lang: str = "en",
                       method: str = "event study, propensity-weighted (Callaway-Sant'Anna)", matching=None) -> str:
    """A paragraph for managers from the effects of :func:`retention_kit.loyalty_effects` and the
    value of :func:`retention_kit.clv_effect`; with `matching`, it says which members the honest
    estimates are about.

    >>> import pandas as pd
    >>> effects = pd.DataFrame({"estimate": [0.12, 0.05], "ci_low": [0.1, 0.02], "ci_high": [0.14, 0.08]},
    ...     index=["naive: members vs non-members", "event study, propensity-weighted (Callaway-Sant'Anna)"])
    >>> loyalty_conclusion(effects, (36.0, 14.4, 57.6), 12).split(". ")[-1]
    'The effect is clearly positive.'
    """
    row = effects.loc[method]
    verdict = "positive" if row.ci_low > 0 else "negative" if row.ci_high < 0 else "unclear"
    paragraph = text("loyalty.conclusion", lang, naive=effects.loc["naive: members vs non-members", "estimate"],
                     est=row.estimate, lo=row.ci_low, hi=row.ci_high, value=value[0], vlo=value[1], vhi=value[2],
                     months=months, verdict=text(f"loyalty.{verdict}", lang))
    if matching is not None and matching.matched_members < matching.members:
        paragraph += text("loyalty.compared", lang, **_member_counts(matching))
    return paragraph


def _member_counts(matching) -> dict[str, int]:
    """Members compared, all members and members set aside, for the sentences that report them."""
    return {"compared": matching.matched_members, "members": matching.members,
            "aside": matching.members - matching.matched_members}


@markdown
def scorecard_note(card, lang: str = "en") -> str:
    """Which prediction of a :func:`retention_kit.scorecard.score_models` scorecard to trust, and why."""
    best = card.best
    row = card.table.loc[best]
    sentence = text("scorecard.best", lang, weeks=card.holdout_weeks, best=label(f"predictor.{best}", lang),
                    customers=card.customers, mae=row["mae"], total=row["total_error"], c_index=row["c_index"])
    sentence += " " + text("scorecard.rule_wins" if best in ("past_rate", "recency_rule") else "scorecard.model_wins",
                           lang)
    if card.failed:
        sentence += " " + text("scorecard.failed", lang, models=", ".join(label(f"predictor.{m}", lang) for m in card.failed))
    if card.backtest is not None:
        origins = card.origins.index.get_level_values("origin").unique()
        row = card.backtest.loc[card.backtest_best]
        key = "scorecard.backtest_everywhere" if card.wins_everywhere else "scorecard.backtest_some"
        sentence += " " + text(key, lang, n=len(origins), first=f"{min(origins):%Y-%m-%d}",
                               last=f"{max(origins):%Y-%m-%d}", best=label(f"predictor.{card.backtest_best}", lang),
                               mae=row[("mae", "mean")], sd=row[("mae", "std")], wins=card.wins_at)
    if card.unlearned:
        sentence += " " + text("scorecard.unlearned", lang, weeks=card.holdout_weeks)
    if card.population:
        sentence += " " + text("scorecard.sample", lang, customers=card.customers, population=card.population)
    return sentence


@markdown
def definition_note(check, lang: str = "en") -> str:
    """Whether the change of the headline retention holds under every definition of
    :func:`retention_kit.definitions.definition_check`, and which definitions disagree."""
    if check.empty:  # too young a log: the table says so
        return ""
    values = dict(period=f"{check.attrs['period']:%Y-%m}", previous=f"{check.attrs['previous_period']:%Y-%m}")
    if check.attrs["robust"]:
        return text("definitions.robust", lang, **values)
    names = ", ".join(label(f"definition.{d}", lang) for d in check.attrs["flipped"])
    return text("definitions.depends", lang, names=names, **values)


@markdown
def campaign_note(evaluation, lang: str = "en") -> str:
    """One sentence per campaign of :func:`retention_kit.campaigns.evaluate_campaigns`."""
    days = evaluation.attrs.get("horizon_days") or 90
    lines = []
    for campaign, row in evaluation.iterrows():
        campaign = ": ".join(map(str, campaign)) if isinstance(campaign, tuple) else campaign  # campaign: arm
        values = dict(campaign=campaign, treated=row.retained_treatment, control=row.retained_control, days=days,
                      effect=row.effect, low=row.ci_low, high=row.ci_high, kept=row.incremental_customers,
                      cost_per=row.cost_per_retained if math.isfinite(row.cost_per_retained) else 0.0)
        key = ("campaign.no_control" if not row.has_control else
               "campaign.effect" if row.ci_low > 0 else "campaign.no_effect")
        lines.append(text(key, lang, **values))
    if evaluation.attrs.get("overlapping_customers"):
        lines.append(text("campaign.overlap", lang, customers=evaluation.attrs["overlapping_customers"], days=days))
    for campaign, arms in (evaluation.attrs.get("campaign_arms") or {}).items():
        if len(arms) > 1:
            lines.append(text("campaign.arms", lang, campaign=campaign, arms=len(arms)))
    return "\n\n".join(lines)


@markdown
def balance_note(balance, lang: str = "en") -> str:
    """Whether the groups were alike before each campaign (:func:`retention_kit.campaigns.balance`)."""
    off = balance[balance["imbalanced"]]
    if off.empty:
        return text("campaign.balanced", lang)
    campaigns = sorted(set(off.index.get_level_values(0)))
    features = ", ".join(label(f"col.{f}", lang) for f in sorted(set(off.index.get_level_values(1))))
    return text("campaign.imbalanced", lang, campaigns=", ".join(campaigns), features=features)


@markdown
def targeting_note(comparison, share: float, lang: str = "en") -> str:
    """The profit of the targeting rules of :func:`retention_kit.campaigns.compare_targeting`, or
    with several arms of the policies of :func:`retention_kit.targeting.compare_policies`."""
    profit = comparison["incremental_profit"]
    if "best_arm" not in comparison.index:
        return text("campaign.targeting", lang, share=share, profit=profit["expected_profit"],
                    risk=profit["churn_risk"], random=profit["random"])
    alone = [text("campaign.alone", lang, arm=name.partition(":")[2], profit=profit[name])
             for name in comparison.index if name.startswith("only:")]
    best = comparison.loc["best_arm"]
    return text("campaign.policy", lang, share=share, best=best["incremental_profit"], low=best["ci_low"],
                high=best["ci_high"], alone=", ".join(alone), random=profit["random"])
