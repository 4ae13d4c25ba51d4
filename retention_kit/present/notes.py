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

from .i18n import check_lang, currency_of, fill, label, term
from .languages import Note, markdown  # noqa: F401  (Note: what every note returns)



TEXTS = {
    "window.given": ("Active window: **{days:,} days** (set for this report).",
                     "Actief venster: **{days:,} dagen** (ingesteld voor dit rapport)."),
    "window.derived": (
        "Active window: **{days:,} days**, derived from the data: {quantile:.0%} of the {gaps:,} repeat orders came "
        "within {gap:,.0f} days of the same customer's previous order, rounded up to whole months of 30 days.",
        "Actief venster: **{days:,} dagen**, afgeleid uit de data: {quantile:.0%} van de {gaps:,} herhaalbestellingen "
        "kwam binnen {gap:,.0f} dagen na de vorige bestelling van dezelfde klant, afgerond naar hele maanden van 30 dagen."),
    "window.no_repeats": (
        "Active window: **{days:,} days** (no customer ordered twice, so the data give no rule; one year is used).",
        "Actief venster: **{days:,} dagen** (geen klant bestelde twee keer, dus de data geven geen regel; "
        "een jaar wordt gebruikt)."),
    "window.not_measurable": (
        "**Retention cannot be measured yet.** The data cover {span:,} days, less than two active windows "
        "({twice:,} days): nobody can have been inactive long enough to count as lost, so retention would "
        "show 100 % and churn 0 %. Set a shorter window (`--active-window-days`) or wait for more data.",
        "**Klantbehoud is nog niet te meten.** De data beslaan {span:,} dagen, minder dan twee actieve vensters "
        "({twice:,} dagen): niemand kan lang genoeg inactief zijn geweest om als verloren te tellen, dus "
        "klantbehoud zou 100 % en churn 0 % tonen. Kies een korter venster (`--active-window-days`) of wacht op meer data."),
    "returns.net": ("Returns are **netted**: each return is subtracted from the purchase it returns; an order "
                    "returned in full does not count.",
                    "Retouren zijn **verrekend**: elke retour gaat af van de aankoop die wordt teruggestuurd; een "
                    "volledig geretourneerde bestelling telt niet mee."),
    "returns.gross": ("Returns are kept **gross**: purchases count in full, returns are set aside in the ledger.",
                      "Retouren blijven **bruto**: aankopen tellen volledig, retouren staan apart in het overzicht."),
    "contract.end": ("Contracts: a customer counts as lost when their last contract **ends** (service stops); "
                     "a contract that starts within {gap:,} day(s) of the previous one's end continues it "
                     "(a plan change), a later one is a reactivation.",
                     "Contracten: een klant telt als verloren wanneer het laatste contract **afloopt** (de dienst "
                     "stopt); een contract dat binnen {gap:,} dag(en) na het einde van het vorige begint, zet het "
                     "voort (een planwijziging), een later contract is een heractivering."),
    "contract.cancel": ("Contracts: a customer counts as lost when they **give notice** (the cancellation date), "
                        "not when the service ends; a contract that starts within {gap:,} day(s) of the previous "
                        "one's end continues it (a plan change), a later one is a reactivation.",
                        "Contracten: een klant telt als verloren op het moment van **opzeggen**, niet wanneer de "
                        "dienst stopt; een contract dat binnen {gap:,} dag(en) na het einde van het vorige begint, "
                        "zet het voort (een planwijziging), een later contract is een heractivering."),
    "reasons.groups": (
        "Of the revenue lost, **{fix:.0%}** went with reasons the business can act on, **{involuntary:.0%}** with "
        "involuntary reasons it cannot influence (moved, deceased, business closed, payment failed, illness) and "
        "**{none:.0%}** with no reason given; **{unmapped:.0%}** with texts the vocabulary could not place (listed below).",
        "Van de verloren omzet ging **{fix:.0%}** samen met redenen waar het bedrijf iets aan kan doen, **{involuntary:.0%}** "
        "met onvrijwillige redenen waar het geen invloed op heeft (verhuisd, overleden, bedrijf gestopt, betaling "
        "mislukt, ziekte) en **{none:.0%}** met geen opgegeven reden; **{unmapped:.0%}** met teksten die de woordenlijst "
        "niet kon plaatsen (hieronder vermeld)."),
    "reasons.add_words": (
        "Add words for these texts in report.toml, for example `[reasons]` with `price = [\"contributie\", "
        "\"maandbedrag\"]`; the suggestion is the category a classifier trained on the placed texts would choose.",
        "Voeg woorden voor deze teksten toe in report.toml, bijvoorbeeld `[reasons]` met `price = [\"contributie\", "
        "\"maandbedrag\"]`; de suggestie is de categorie die een classificator, getraind op de geplaatste teksten, zou kiezen."),
    "reasons.no_surveys": (
        "There are no survey answers, so the sections on satisfaction and leaving are left out.",
        "Er zijn geen enquêteantwoorden, dus de secties over tevredenheid en vertrek ontbreken."),
    "contract.snapshot": (
        "**A snapshot export**: every cancellation is dated on the last day of the data, and customers who left "
        "earlier are not in it. Only the last period's churn is known; earlier periods show none, so read the "
        "survival curves by group and the projection, not the trend of churn.",
        "**Een momentopname**: elke opzegging staat op de laatste dag van de data, en klanten die eerder "
        "vertrokken, staan er niet in. Alleen de churn van de laatste periode is bekend; eerdere periodes tonen "
        "geen churn, dus lees de overlevingscurves per groep en de projectie, niet het verloop van de churn."),
    "forecast.unjudged": (
        "Nobody cancelled before the last months of the data (as in a snapshot export, where every cancellation "
        "is dated at the snapshot), so held-out months cannot judge the models. Both were fitted on all data; "
        "**{best}** fits better for its number of parameters (AIC) and is used below, untested on later months.",
        "Niemand zegde op vóór de laatste maanden van de data (zoals in een momentopname, waarin elke opzegging op "
        "de datum van de momentopname staat), dus achtergehouden maanden kunnen de modellen niet beoordelen. Beide "
        "zijn geschat op alle gegevens; **{best}** past beter voor zijn aantal parameters (AIC) en wordt hieronder "
        "gebruikt, niet getoetst op latere maanden."),
    "forecast.best": (
        "Fitted on the data up to {calibration_end} and judged on the {months:,} months after it, the held-out "
        "months favour **{best}**: it gave what subscribers did (stay or leave, month by month) the higher "
        "likelihood, and its forecast of the subscribers still active was off by {best_error:.1f} % on average "
        "against {other_error:.1f} % for {other}. Its projection is used below.",
        "Geschat op de gegevens tot {calibration_end} en beoordeeld op de {months:,} maanden daarna, wijzen de "
        "achtergehouden maanden op **{best}**: dat gaf wat abonnees deden (blijven of vertrekken, maand na maand) "
        "de hogere aannemelijkheid, en de voorspelling van het aantal nog actieve abonnees zat er gemiddeld "
        "{best_error:.1f} % naast, tegen {other_error:.1f} % voor {other}. De projectie hieronder gebruikt dit model."),
    "currency.none": ("Amounts carry no currency (none was given).", "Bedragen hebben geen valuta (er is er geen opgegeven)."),
    "currency.code": ("Amounts in {code}.", "Bedragen in {code}."),
    "targets.none": ("No targets were given.", "Er zijn geen doelen opgegeven."),
    "targets.given": ("Targets: {targets}.", "Doelen: {targets}."),
    "guests": ("Orders without a customer id (guest checkouts) hold **{share:.1%}** of the revenue read; they "
               "are not in the customer analyses.",
               "Bestellingen zonder klantnummer (gastbestellingen) zijn goed voor **{share:.1%}** van de gelezen "
               "omzet; ze tellen niet mee in de klantanalyses."),
    "segment.missing": ("This section is not split by segment: '{segment}' is a column of neither the customers "
                        "nor the orders table.",
                        "Deze sectie is niet per segment uitgesplitst: '{segment}' is geen kolom van de klanten- "
                        "of de bestellingentabel."),
    "drivers.sample": (
        "The Cox model was fitted on a random sample of {sample:,} of the {n:,} customers: its hazard ratios are "
        "precise to a few per cent, as their intervals show.",
        "Het Coxmodel is geschat op een willekeurige steekproef van {sample:,} van de {n:,} klanten: de hazard "
        "ratios zijn tot op enkele procenten nauwkeurig, zoals hun intervallen laten zien."),
    "model.sample": (
        "The model was estimated on a random sample of {sample:,} of the {n:,} customers: enough for parameters "
        "precise to a few per mille; its predictions cover every customer.",
        "Het model is geschat op een willekeurige steekproef van {sample:,} van de {n:,} klanten: genoeg voor "
        "parameters tot op enkele promilles nauwkeurig; de voorspellingen gelden voor elke klant."),
    "model.unidentified": (
        "**Do not use these predictions.** The data do not pin down the model's {names} (their 95 % intervals are "
        "wider than a factor {ratio:,}), so P(alive), the risk segments and the predicted CLV are unreliable. "
        "Typical causes: a short observation span, or few customers who have stopped buying yet.",
        "**Gebruik deze voorspellingen niet.** De data leggen de parameters {names} van het model niet vast (hun "
        "95%-intervallen zijn breder dan een factor {ratio:,}), dus P(actief), de risicogroepen en de voorspelde "
        "klantwaarde zijn onbetrouwbaar. Gebruikelijke oorzaken: een korte observatieperiode, of nog weinig klanten "
        "die gestopt zijn met kopen."),
    "reasons.all_mapped": ("Every churn reason matched one of the categories: no text is left unmapped.",
                           "Elke opzegreden past in een van de categorieën: er blijft geen tekst over."),
    "segment.none": ("No segment was chosen, so all customers form one group.",
                     "Er is geen segment gekozen, dus alle klanten vormen één groep."),
    "reasons.fix_one": (
        "Fix this first: {names} accounts for {share:.0f}% of the revenue lost to reasons the business can act on "
        "(target {target:.0f}%).",
        "Pak dit eerst aan: {names} is goed voor {share:.0f}% van de omzet die verloren ging om redenen waar het "
        "bedrijf iets aan kan doen (doel {target:.0f}%)."),
    "reasons.fix_many": (
        "Fix these first: {names} together account for {share:.0f}% of the revenue lost to reasons the business "
        "can act on (target {target:.0f}%).",
        "Pak deze eerst aan: {names} zijn samen goed voor {share:.0f}% van de omzet die verloren ging om redenen "
        "waar het bedrijf iets aan kan doen (doel {target:.0f}%)."),
    "word.and": ("and", "en"),
    "campaign.effect": (
        "**{campaign}**: {treated:.1f} % of the customers who got it bought again within {days:,} days, against "
        "{control:.1f} % of the control group: {effect:+.1f} points (95 % interval {low:+.1f} to {high:+.1f}), "
        "about {kept:,.0f} customers kept at {cost_per:,.2f} EUR each.",
        "**{campaign}**: {treated:.1f} % van de klanten die hem kregen kocht binnen {days:,} dagen opnieuw, tegen "
        "{control:.1f} % van de controlegroep: {effect:+.1f} punten (95%-interval {low:+.1f} tot {high:+.1f}), "
        "ongeveer {kept:,.0f} behouden klanten à {cost_per:,.2f} EUR per klant."),
    "campaign.no_effect": (
        "**{campaign}**: {treated:.1f} % bought again against {control:.1f} % of the control group; the interval "
        "({low:+.1f} to {high:+.1f} points) includes zero, so the data do not show that it kept customers.",
        "**{campaign}**: {treated:.1f} % kocht opnieuw tegen {control:.1f} % van de controlegroep; het interval "
        "({low:+.1f} tot {high:+.1f} punten) bevat nul, dus de data laten niet zien dat de campagne klanten hield."),
    "campaign.no_control": (
        "**{campaign}** had no control group: {treated:.1f} % of its customers bought again, but without a "
        "group held back at random nobody can say how many would have bought anyway.",
        "**{campaign}** had geen controlegroep: {treated:.1f} % van de klanten kocht opnieuw, maar zonder een "
        "willekeurig achtergehouden groep kan niemand zeggen hoeveel er toch wel hadden gekocht."),
    "campaign.overlap": ("**{customers:,} customers were in two campaigns within {days} days of each other:** their "
                         "purchases count for both, so the effects above are not fully separate.",
                         "**{customers:,} klanten zaten binnen {days} dagen in twee campagnes:** hun aankopen tellen "
                         "voor beide, dus de effecten hierboven zijn niet helemaal los van elkaar."),
    "campaign.arms": ("{campaign}: each of its {arms} arms is compared with the same control group; so that the "
                      "intervals hold together with 95 % certainty, each is widened (Bonferroni), and the p-values "
                      "are adjusted for the several comparisons (Holm).",
                      "{campaign}: elk van de {arms} varianten wordt vergeleken met dezelfde controlegroep; opdat de "
                      "intervallen samen met 95 % zekerheid kloppen, is elk verbreed (Bonferroni), en de p-waarden "
                      "zijn gecorrigeerd voor de meerdere vergelijkingen (Holm)."),
    "campaign.balanced": ("Before the campaigns the two groups bought alike (every standardised difference within "
                          "0.1): the comparison is fair.",
                          "Vóór de campagnes kochten beide groepen hetzelfde (elk gestandaardiseerd verschil binnen "
                          "0,1): de vergelijking is eerlijk."),
    "campaign.imbalanced": (
        "**The groups were not alike before {campaigns}** ({features}): the split into campaign and control "
        "group was not random, so the effect above is not to be trusted.",
        "**De groepen waren niet gelijk vóór {campaigns}** ({features}): de verdeling over campagne- en "
        "controlegroep was niet willekeurig, dus het effect hierboven is niet te vertrouwen."),
    "campaign.policy": (
        "With the same budget (at most {share:.0f} % of the customers), sending each customer the mail with the "
        "highest expected profit, or none where no mail pays, would have won an estimated EUR {best:,.0f} of "
        "extra profit (95 % interval EUR {low:,.0f} to EUR {high:,.0f}); each mail on its own: {alone}; a random "
        "mail to random customers: EUR {random:,.0f}. Estimated on the experiment's customers by weighting those "
        "whose random group matches the choice (inverse-probability weighting, corrected by the uplift models).",
        "Met hetzelfde budget (hoogstens {share:.0f} % van de klanten) had elke klant de mail sturen met de hoogste "
        "verwachte winst, of geen waar geen mail loont, naar schatting EUR {best:,.0f} extra winst opgeleverd "
        "(95%-interval EUR {low:,.0f} tot EUR {high:,.0f}); elke mail apart: {alone}; een willekeurige mail naar "
        "willekeurige klanten: EUR {random:,.0f}. Geschat op de klanten van het experiment door wie toevallig in "
        "de gekozen groep zat te wegen (inverse-kansweging, gecorrigeerd met de upliftmodellen)."),
    "campaign.alone": ("{arm} EUR {profit:,.0f}", "{arm} EUR {profit:,.0f}"),
    "campaign.targeting": (
        "With the same budget ({share:.0f} % of the customers), choosing by expected profit would have won "
        "{profit:,.0f} EUR of extra profit, against {risk:,.0f} EUR when choosing the customers most at risk "
        "and {random:,.0f} EUR at random (measured on the experiment). The riskiest customers are not the ones "
        "a campaign moves.",
        "Met hetzelfde budget ({share:.0f} % van de klanten) had kiezen op verwachte winst {profit:,.0f} EUR "
        "extra winst opgeleverd, tegen {risk:,.0f} EUR bij de klanten met het hoogste risico en {random:,.0f} "
        "EUR willekeurig (gemeten op het experiment). De klanten met het hoogste risico zijn niet de klanten die "
        "een campagne in beweging brengt."),
    "definitions.too_short": ("The data do not yet hold two complete periods whose base is complete: the headline "
                              "cannot be checked against other definitions yet.",
                              "De data bevatten nog geen twee volledige perioden met een volledig bestand: het "
                              "kerncijfer kan nog niet met andere definities vergeleken worden."),
    "definitions.robust": (
        "**The headline holds:** from {previous} to {period}, every definition in the table moves the same way as "
        "the report's retention rate (or stays flat).",
        "**Het kerncijfer houdt stand:** van {previous} naar {period} beweegt elke definitie in de tabel dezelfde "
        "kant op als het klantbehoud van dit rapport (of blijft gelijk)."),
    "definitions.depends": (
        "**The direction depends on the definition:** from {previous} to {period}, {names} moved the other way "
        "than the report's retention rate; read its change with care.",
        "**De richting hangt af van de definitie:** van {previous} naar {period} bewoog {names} de andere kant op "
        "dan het klantbehoud van dit rapport; lees die verandering met zorg."),
    "scorecard.best": (
        "Fitted on the data before the last {weeks:,.0f} weeks and checked on those weeks, **{best}** predicted the "
        "repeat purchases of the {customers:,} customers best: off by {mae:.2f} purchases per customer on average "
        "({total:+.0f} % in total), and it ranks {c_index:.0%} of customer pairs the right way round.",
        "Geschat op de data vóór de laatste {weeks:,.0f} weken en gecontroleerd op die weken, voorspelde **{best}** "
        "de herhaalaankopen van de {customers:,} klanten het best: gemiddeld {mae:.2f} aankopen per klant ernaast "
        "({total:+.0f} % in totaal), en het zet {c_index:.0%} van de klantparen in de goede volgorde."),
    "scorecard.failed": ("Left out: {models}; fitted to these data, its formulas give no finite predictions.",
                         "Weggelaten: {models}; geschat op deze data geven de formules geen eindige voorspellingen."),
    "scorecard.backtest_everywhere": (
        "Repeated at {n} calibration dates ({first} to {last}), **{best}** has the lowest mean error "
        "({mae:.2f} ± {sd:.2f} purchases per customer) and is the best at every one of them.",
        "Herhaald op {n} kalibratiedatums ({first} tot {last}) heeft **{best}** de laagste gemiddelde fout "
        "({mae:.2f} ± {sd:.2f} aankopen per klant) en is op elk ervan het best."),
    "scorecard.backtest_some": (
        "Repeated at {n} calibration dates ({first} to {last}), **{best}** has the lowest mean error "
        "({mae:.2f} ± {sd:.2f} purchases per customer), but it is the best at only {wins} of them: the winner "
        "depends on the period.",
        "Herhaald op {n} kalibratiedatums ({first} tot {last}) heeft **{best}** de laagste gemiddelde fout "
        "({mae:.2f} ± {sd:.2f} aankopen per klant), maar is maar op {wins} ervan het best: de winnaar hangt af "
        "van de periode."),
    "scorecard.no_backtest": ("The data are too short to repeat this test at earlier calibration dates.",
                              "De data zijn te kort om deze toets op eerdere kalibratiedatums te herhalen."),
    "scorecard.unlearned": ("Gradient boosting is left out: it learns from the {weeks:,.0f} weeks before the "
                            "calibration end, and too few customers bought before them.",
                            "Gradient boosting is weggelaten: het leert van de {weeks:,.0f} weken vóór het einde van "
                            "de kalibratie, en daarvóór kochten te weinig klanten."),
    "scorecard.sample": ("The scorecard uses a random sample of {customers:,} of the {population:,} customers.",
                         "De scorekaart gebruikt een willekeurige steekproef van {customers:,} van de {population:,} "
                         "klanten."),
    "scorecard.model_wins": ("Use it for P(alive), the risk segments and CLV on these data.",
                             "Gebruik dat model voor P(actief), de risicogroepen en de klantwaarde op deze data."),
    "scorecard.rule_wins": (
        "A simple rule beats the models here: read the model-based risk segments and CLV as rough guides only.",
        "Een eenvoudige regel doet het hier beter dan de modellen: lees de risicogroepen en klantwaarde uit de "
        "modellen alleen als ruwe indicatie."),
    "loyalty.matching": ("{compared:,} of {members:,} members have comparable non-members; {aside:,} set aside.",
                         "{compared:,} van de {members:,} leden hebben vergelijkbare niet-leden; {aside:,} apart gezet."),
    "loyalty.conclusion": (
        "Members bought {naive:.2f} more orders per month than non-members, but most of that gap existed before "
        "the programme: loyal customers join first. Compared with similar non-members, the programme added "
        "{est:.3f} orders per member per month (95% interval {lo:.3f} to {hi:.3f}), worth about EUR {value:,.0f} "
        "per member over the next {months} months (interval EUR {vlo:,.0f} to {vhi:,.0f}). {verdict}",
        "Leden kochten {naive:.2f} bestellingen per maand meer dan niet-leden, maar het grootste deel van dat "
        "verschil bestond al voor het programma: trouwe klanten worden het eerst lid. Vergeleken met "
        "vergelijkbare niet-leden voegde het programma {est:.3f} bestellingen per lid per maand toe (95%-interval "
        "{lo:.3f} tot {hi:.3f}), ongeveer EUR {value:,.0f} per lid over de komende {months} maanden (interval "
        "EUR {vlo:,.0f} tot {vhi:,.0f}). {verdict}"),
    "loyalty.compared": (
        " These estimates are about the {compared:,} of {members:,} members who had comparable non-members; for the "
        "other {aside:,}, the heaviest buyers, nearly every customer like them joined, so there is nobody to compare "
        "them with.",
        " Deze schattingen gaan over de {compared:,} van de {members:,} leden voor wie vergelijkbare niet-leden "
        "bestaan; voor de andere {aside:,}, de grootste kopers, werd vrijwel elke vergelijkbare klant lid, zodat er "
        "niemand is om ze mee te vergelijken."),
    "loyalty.positive": ("The effect is clearly positive.", "Het effect is duidelijk positief."),
    "loyalty.unclear": ("The interval includes zero: the data do not show a clear effect.",
                        "Het interval bevat nul: de data laten geen duidelijk effect zien."),
    "loyalty.negative": ("The effect is negative.", "Het effect is negatief."),
}


def text(key: str, lang: str = "en", **values) -> str:
    """The sentence `key` in `lang` with `values` filled in (numbers written the `lang` way). Text
    values, which may come from the data (a campaign, a segment, a plan), are escaped: Markdown
    shows them as typed, never as markup.

    >>> text("campaign.imbalanced", "en", campaigns="<script>x</script>", features="recency")[:49]
    '**The groups were not alike before &lt;script&gt;'
    """
    check_lang(lang)
    values = {k: html.escape(v, quote=False) if isinstance(v, str) else v for k, v in values.items()}
    return fill(TEXTS[key][0 if lang == "en" else 1], lang, **values)


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
