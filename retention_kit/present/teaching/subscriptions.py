"""Narrative of the subscriptions course: logo versus revenue churn, MRR movements by hand, and why a
constant churn rate understates how long a base stays (heterogeneity, the sBG).

Keys are ``subscriptions.<section>``; each text exists in English and Dutch.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

NARRATIVE: dict[str, dict[str, str]] = {
    "subscriptions.goals": {
        "en": "# Subscriptions: retention when customers cancel\n\n"
              "**After this notebook you can**\n\n"
              "1. tell logo churn (customers lost) from revenue churn (recurring revenue lost) and say why they differ;\n"
              "2. split a month's change in MRR into new, expansion, reactivation, contraction and churned MRR by hand;\n"
              "3. compute net MRR retention and the quick ratio;\n"
              "4. explain why a constant churn rate understates how long subscribers stay, and read an sBG projection.\n\n"
              "You only change the parameter `lang` and type answers into the marked cells. "
              "Run the cells from top to bottom (Shift + Enter).",
        "nl": "# Abonnementen: klantbehoud als klanten opzeggen\n\n"
              "**Na dit notebook kun je**\n\n"
              "1. klantverloop (verloren klanten) onderscheiden van omzetverloop (verloren terugkerende omzet) en "
              "uitleggen waarom ze verschillen;\n"
              "2. de verandering van de MRR in een maand met de hand verdelen over nieuw, uitbreiding, heractivering, "
              "krimp en verloren MRR;\n"
              "3. het netto MRR-behoud en de quick ratio berekenen;\n"
              "4. uitleggen waarom een constante churnrate onderschat hoe lang abonnees blijven, en een sBG-projectie lezen.\n\n"
              "Je verandert alleen de parameter `lang` en typt antwoorden in de gemarkeerde cellen. "
              "Voer de cellen van boven naar beneden uit (Shift + Enter).",
    },
    "subscriptions.logo_revenue": {
        "en": "## Logo churn and revenue churn\n\n"
              "A subscriber cancels on a date: churn is an event, not a guess from silence as in a web shop. Two "
              "rates describe a month:\n\n"
              "* **logo churn** = subscribers lost / subscribers at the start × 100: every customer counts once;\n"
              "* **revenue churn** = (churned MRR + contraction MRR) / MRR at the start × 100: every euro of "
              "monthly recurring revenue (MRR) counts once, and a downgrade loses revenue without losing the customer.\n\n"
              "*Worked example.* 10 subscribers: eight pay 10 a month, two pay 50 (MRR 180). One 50-subscriber "
              "leaves: logo churn is 1 / 10 = **10 %**, revenue churn 50 / 180 = **27.8 %**. Losing your largest "
              "customers hurts more than the logo count shows; losing many small ones hurts less.",
        "nl": "## Klantverloop en omzetverloop\n\n"
              "Een abonnee zegt op een datum op: churn is een gebeurtenis, geen gok uit stilte zoals bij een webwinkel. "
              "Twee percentages beschrijven een maand:\n\n"
              "* **klantverloop** = verloren abonnees / abonnees aan het begin × 100: elke klant telt één keer;\n"
              "* **omzetverloop** = (verloren MRR + krimp-MRR) / MRR aan het begin × 100: elke euro maandelijks "
              "terugkerende omzet (MRR) telt één keer, en een afwaardering kost omzet zonder de klant te verliezen.\n\n"
              "*Uitgewerkt voorbeeld.* 10 abonnees: acht betalen 10 per maand, twee betalen 50 (MRR 180). Eén "
              "50-abonnee vertrekt: het klantverloop is 1 / 10 = **10 %**, het omzetverloop 50 / 180 = **27,8 %**. "
              "Je grootste klanten verliezen doet meer pijn dan het aantal laat zien; veel kleine verliezen minder.",
    },
    "subscriptions.movements": {
        "en": "## MRR movements, by hand and by the toolkit\n\n"
              "Between the last day of one month and the last day of the next, every subscriber's MRR moves once:\n\n"
              "**MRR at the end = MRR at the start + new + expansion + reactivation − contraction − churned.**\n\n"
              "* **new**: a first contract ever; **reactivation**: a former subscriber back;\n"
              "* **expansion** / **contraction**: an upgrade or a downgrade of someone who stays;\n"
              "* **churned**: the MRR of those who left.\n\n"
              "**Net MRR retention** = (start + expansion − contraction − churned) / start × 100: what the base you "
              "had is worth now; above 100 % upgrades outweigh losses. **Quick ratio** = (new + expansion + "
              "reactivation) / (contraction + churned): MRR won per euro lost.\n\n"
              "The small log below has seven customers over three months (a yearly plan counts for a twelfth of its "
              "price each month). The toolkit's movements for February and March:",
        "nl": "## MRR-bewegingen, met de hand en met de toolkit\n\n"
              "Tussen de laatste dag van de ene maand en de laatste dag van de volgende beweegt de MRR van elke abonnee "
              "één keer:\n\n"
              "**MRR aan het eind = MRR aan het begin + nieuw + uitbreiding + heractivering − krimp − verloren.**\n\n"
              "* **nieuw**: een allereerste contract; **heractivering**: een oud-abonnee die terugkomt;\n"
              "* **uitbreiding** / **krimp**: een op- of afwaardering van iemand die blijft;\n"
              "* **verloren**: de MRR van wie vertrok.\n\n"
              "**Netto MRR-behoud** = (begin + uitbreiding − krimp − verloren) / begin × 100: wat het bestand dat je "
              "had nu waard is; boven 100 % wegen opwaarderingen zwaarder dan verliezen. **Quick ratio** = (nieuw + "
              "uitbreiding + heractivering) / (krimp + verloren): gewonnen MRR per verloren euro.\n\n"
              "Het kleine logboek hieronder heeft zeven klanten over drie maanden (een jaarabonnement telt elke maand "
              "voor een twaalfde van de prijs). De bewegingen van de toolkit voor februari en maart:",
    },
    "subscriptions.heterogeneity": {
        "en": "## Why a constant churn rate understates how long subscribers stay\n\n"
              "Subscribers differ. Suppose half of a cohort of 200 cancels with a chance of 10 % a month and the other "
              "half with 50 %. In month 1 the cohort loses 10 + 50 = 60 (churn 30 %). But the survivors are now "
              "mostly loyal ones (90 against 50), so in month 2 the cohort loses only 9 + 25 = 34 of 140: churn "
              "falls to 24.3 % **without any subscriber changing**. A manager who projects 30 % churn forever "
              "underestimates how long the base stays, and what it is worth.\n\n"
              "The **shifted-beta-geometric (sBG)** model (Fader & Hardie 2007) gives every subscriber their own "
              "constant monthly churn chance, spread across subscribers by a beta distribution; the "
              "**beta-discrete-Weibull (BdW)** also lets each subscriber's chance change with tenure.",
        "nl": "## Waarom een constante churnrate onderschat hoe lang abonnees blijven\n\n"
              "Abonnees verschillen. Stel dat de helft van een cohort van 200 opzegt met een kans van 10 % per maand "
              "en de andere helft met 50 %. In maand 1 verliest het cohort 10 + 50 = 60 (churn 30 %). Maar de "
              "blijvers zijn nu vooral trouwe abonnees (90 tegen 50), dus in maand 2 verliest het cohort er maar "
              "9 + 25 = 34 van de 140: de churn daalt tot 24,3 % **zonder dat er één abonnee verandert**. Een manager "
              "die 30 % churn voor altijd doortrekt, onderschat hoe lang het bestand blijft, en wat het waard is.\n\n"
              "Het **shifted-beta-geometric (sBG)**-model (Fader & Hardie 2007) geeft elke abonnee een eigen constante "
              "kans om per maand op te zeggen, over de abonnees verdeeld volgens een bètaverdeling; het "
              "**beta-discrete-Weibull (BdW)**-model laat die kans ook per abonnee met de looptijd veranderen.",
    },
    "subscriptions.demo": {
        "en": "## A real-sized subscription service\n\nThe subscription demo has 20,000 subscribers over three years, "
              "three plans (Basis, Plus, Premium), monthly and yearly billing, upgrades, downgrades and comebacks. "
              "Its contract KPIs per month:",
        "nl": "## Een abonnementsdienst van echte omvang\n\nDe abonnementsdemo heeft 20.000 abonnees over drie jaar, "
              "drie abonnementen (Basis, Plus, Premium), maandelijkse en jaarlijkse betaling, op- en afwaarderingen "
              "en terugkeerders. De contract-KPI's per maand:",
    },
    "subscriptions.projection": {
        "en": "## How long will they stay?\n\nBoth models are fitted on the data up to six months before the end and "
              "judged on those six months; then, fitted on all data, they project the share of a starting cohort "
              "still subscribed. Compare both curves with the observed one (black): where they part, the choice of "
              "model matters for the value of the base.",
        "nl": "## Hoe lang blijven ze nog?\n\nBeide modellen worden geschat op de gegevens tot zes maanden voor het "
              "einde en beoordeeld op die zes maanden; daarna, geschat op alle gegevens, projecteren ze het aandeel "
              "van een startend cohort dat nog geabonneerd is. Vergelijk beide curves met de waargenomen (zwart): "
              "waar ze uiteenlopen, doet de keuze van het model ertoe voor de waarde van het bestand.",
    },
    "subscriptions.closing": {
        "en": "## What did you learn?\n\nLogo churn counts customers, revenue churn counts recurring revenue: report "
              "both. MRR movements explain every change of MRR, and the quick ratio tells whether growth outruns "
              "losses. Because the subscribers most likely to leave leave first, a cohort's churn falls with tenure: "
              "project with a model of heterogeneity (sBG, BdW), never with a constant rate.",
        "nl": "## Wat heb je geleerd?\n\nKlantverloop telt klanten, omzetverloop telt terugkerende omzet: rapporteer "
              "beide. MRR-bewegingen verklaren elke verandering van de MRR, en de quick ratio laat zien of de groei "
              "de verliezen voorblijft. Omdat de abonnees die het eerst zouden vertrekken ook eerst vertrekken, daalt "
              "de churn van een cohort met de looptijd: projecteer met een model van verschillen tussen abonnees "
              "(sBG, BdW), nooit met een constant percentage.",
    },
}

#: The small log of the lesson's MRR movements (the same as the unit test's hand-worked log).
EXAMPLE_LOG = pd.DataFrame([
    ("A", "2024-01-05", "2024-02-15", 10.0, "month"), ("A", "2024-02-15", None, 25.0, "month"),
    ("B", "2024-01-10", None, 240.0, "year"),
    ("C", "2024-01-20", "2024-03-01", 30.0, "month"), ("C", "2024-03-02", None, 12.0, "month"),
    ("D", "2024-01-02", "2024-03-10", 15.0, "month"),
    ("E", "2024-01-03", "2024-02-05", 40.0, "month"), ("E", "2024-03-20", None, 35.0, "month"),
    ("F", "2024-03-05", None, 50.0, "month"),
], columns=["customer_id", "start_date", "end_date", "amount", "billing_period"])


def example_log() -> pd.DataFrame:
    """The lesson's small subscription log (observation end 2024-03-31)."""
    return EXAMPLE_LOG.copy()


@lru_cache(maxsize=1)
def demo_data():
    """The subscription demo the lesson's data exercise is computed from (loaded once per process)."""
    from ...data import load_dataset

    return load_dataset(subscriptions="demo", observation_end="2025-12-31")


@lru_cache(maxsize=1)
def _demo_kpis():
    from ...subscriptions import subscription_kpis

    return subscription_kpis(demo_data().subscriptions)


EXERCISES: dict[str, dict] = {
    "revenue_churn_worked": dict(
        question={"en": "20 subscribers: 15 pay 20 a month, 5 pay 100 (MRR 800). In a month 4 of the 20-payers "
                        "leave and one 100-payer downgrades to 60. Logo churn is 4 / 20 = 20 %. What is the revenue "
                        "churn (in %)?",
                  "nl": "20 abonnees: 15 betalen 20 per maand, 5 betalen 100 (MRR 800). In een maand vertrekken 4 "
                        "van de 20-betalers en waardeert één 100-betaler af naar 60. Het klantverloop is 4 / 20 = "
                        "20 %. Wat is het omzetverloop (in %)?"},
        answer=lambda: 15.0,
        hint={"en": "Revenue churn = (churned MRR + contraction MRR) / MRR at the start x 100.",
              "nl": "Omzetverloop = (verloren MRR + krimp-MRR) / MRR aan het begin x 100."},
        explanation={"en": "(4 x 20 + 40) / 800 x 100 = 15%: lower than logo churn, because the cheapest left.",
                     "nl": "(4 x 20 + 40) / 800 x 100 = 15%: lager dan het klantverloop, omdat de goedkoopste vertrokken."},
    ),
    "nrr_worked": dict(
        question={"en": "MRR at the start of a month is 10,000; expansion 800, contraction 300, churned 700, new 1,500. "
                        "What is the net MRR retention (in %)?",
                  "nl": "De MRR aan het begin van een maand is 10.000; uitbreiding 800, krimp 300, verloren 700, "
                        "nieuw 1.500. Wat is het netto MRR-behoud (in %)?"},
        answer=lambda: 98.0,
        hint={"en": "New MRR does not count: (start + expansion - contraction - churned) / start x 100.",
              "nl": "Nieuwe MRR telt niet mee: (begin + uitbreiding - krimp - verloren) / begin x 100."},
        explanation={"en": "(10,000 + 800 - 300 - 700) / 10,000 x 100 = 98%.",
                     "nl": "(10.000 + 800 - 300 - 700) / 10.000 x 100 = 98%."},
    ),
    "quick_ratio_worked": dict(
        question={"en": "In the example log, what is the quick ratio of March 2024 (two decimals)?",
                  "nl": "Wat is in het voorbeeldlogboek de quick ratio van maart 2024 (twee decimalen)?"},
        answer=lambda: round((50 + 0 + 35) / (18 + 15), 2),
        hint={"en": "Read new, expansion and reactivation MRR (won) and contraction and churned MRR (lost) from "
                    "the March row, then divide won by lost.",
              "nl": "Lees nieuwe, uitbreidings- en heractiverings-MRR (gewonnen) en krimp- en verloren MRR (verloren) "
                    "af uit de rij van maart en deel gewonnen door verloren."},
        explanation={"en": "(50 + 0 + 35) / (18 + 15) = 2.58: 2.58 euro of MRR won for every euro lost.",
                     "nl": "(50 + 0 + 35) / (18 + 15) = 2,58: 2,58 euro MRR gewonnen per verloren euro."},
        tolerance=0.01,
    ),
    "heterogeneity_worked": dict(
        question={"en": "In the two-group cohort above (100 subscribers at 10 % and 100 at 50 % churn a month), what "
                        "share of the subscribers left after month 2 stays through month 3 (in %, one decimal)?",
                  "nl": "Welk deel van de abonnees die na maand 2 over zijn, blijft in het cohort met twee groepen "
                        "hierboven (100 abonnees met 10 % en 100 met 50 % churn per maand) ook maand 3 (in %, één "
                        "decimaal)?"},
        answer=lambda: round((81 * 0.9 + 25 * 0.5) / (81 + 25) * 100, 1),
        hint={"en": "After month 2: 81 loyal and 25 others are left. Each group keeps its own rate in month 3.",
              "nl": "Na maand 2 zijn er 81 trouwe en 25 andere over. Elke groep houdt in maand 3 haar eigen kans."},
        explanation={"en": "(72.9 + 12.5) / 106 = 80.6%: retention keeps rising as the cohort sorts itself.",
                     "nl": "(72,9 + 12,5) / 106 = 80,6%: het behoud blijft stijgen doordat het cohort zichzelf sorteert."},
        tolerance=0.1,
    ),
    "demo_revenue_churn_nov_2025": dict(
        question={"en": "In the subscription demo's KPI table, what was the revenue churn in November 2025 "
                        "(in %, one decimal)?",
                  "nl": "Wat was in de KPI-tabel van de abonnementsdemo het omzetverloop in november 2025 "
                        "(in %, één decimaal)?"},
        answer=lambda: round(float(_demo_kpis().set_index("period").loc["2025-11-01", "revenue_churn_rate"]), 1),
        hint={"en": "Look up the row with period 2025-11-01 and the column revenue churn.",
              "nl": "Zoek de rij met periode 2025-11-01 en de kolom omzetverloop."},
        explanation={"en": "Read from rk.subscription_kpis(data.subscriptions).",
                     "nl": "Af te lezen uit rk.subscription_kpis(data.subscriptions)."},
    ),
}
