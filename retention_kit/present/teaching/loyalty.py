"""Narrative and exercises of the third course notebook: did the loyalty programme work?

Keys are ``loyalty.<section>``; each text exists in English and Dutch.
"""

from __future__ import annotations

from functools import lru_cache

NARRATIVE: dict[str, dict[str, str]] = {
    "loyalty.goals": {
        "en": "# Did the loyalty programme work? A course on honest before/after comparisons\n\n"
              "**After this notebook you can**\n\n"
              "1. say why 'members buy more than non-members' does not prove that a programme works;\n"
              "2. compute a difference-in-differences by hand;\n"
              "3. read an event-study chart and check the trends before joining;\n"
              "4. explain immortal-time bias, and why members seem to stay longer than they do.\n\n"
              "You only change the parameter `lang` and type answers into the marked cells. "
              "Run the cells from top to bottom (Shift + Enter).",
        "nl": "# Werkte het loyaliteitsprogramma? Een les over eerlijke voor/na-vergelijkingen\n\n"
              "**Na dit notebook kun je**\n\n"
              "1. uitleggen waarom 'leden kopen meer dan niet-leden' niet bewijst dat een programma werkt;\n"
              "2. een verschil-in-verschillen met de hand berekenen;\n"
              "3. een event-studygrafiek lezen en de trends vóór het lid worden controleren;\n"
              "4. immortal-time bias uitleggen, en waarom leden langer lijken te blijven dan ze doen.\n\n"
              "Je verandert alleen de parameter `lang` en typt antwoorden in de gemarkeerde cellen. "
              "Voer de cellen van boven naar beneden uit (Shift + Enter).",
    },
    "loyalty.naive": {
        "en": "## The number managers see first\n\n"
              "The demo shop launched its programme in April 2024; customers joined from then on. The quick "
              "comparison: orders per customer per month of members after joining against non-members, and of "
              "members after joining against before. Both differences are large. This table is labelled **naive** on "
              "purpose:",
        "nl": "## Het getal dat managers als eerste zien\n\n"
              "De demowinkel startte zijn programma in april 2024; klanten werden vanaf toen lid. De snelle "
              "vergelijking: bestellingen per klant per maand van leden na het lid worden tegenover niet-leden, en "
              "van leden na tegenover vóór het lid worden. Beide verschillen zijn groot. Deze tabel heet met opzet "
              "**naïef**:",
    },
    "loyalty.why_wrong": {
        "en": "## Why the naive number is wrong\n\n"
              "1. **Self-selection.** The customers who join are the ones who already bought most. Members would "
              "have bought more than non-members even without the programme.\n"
              "2. **Time moves everything.** December sells more, and customers drift away as they age. A "
              "before/after comparison mistakes these changes for an effect of the programme.\n"
              "3. **Immortal time.** A customer can only join while still a customer, so members are 'immortal' "
              "until they join. Counting that time for the members makes them look loyal.\n\n"
              "The honest comparison asks: how did members change *compared with how similar non-members changed "
              "over the same months*?",
        "nl": "## Waarom het naïeve getal niet klopt\n\n"
              "1. **Zelfselectie.** De klanten die lid worden, zijn de klanten die al het meest kochten. Leden "
              "hadden ook zonder programma meer gekocht dan niet-leden.\n"
              "2. **De tijd verandert alles.** In december wordt meer verkocht, en klanten haken af naarmate ze "
              "langer klant zijn. Een voor/na-vergelijking ziet die veranderingen aan voor een effect van het "
              "programma.\n"
              "3. **Onsterfelijke tijd.** Een klant kan alleen lid worden zolang hij nog klant is, dus leden zijn "
              "'onsterfelijk' tot ze lid worden. Telt die tijd mee voor de leden, dan lijken ze trouw.\n\n"
              "De eerlijke vergelijking vraagt: hoe veranderden leden *vergeleken met hoe vergelijkbare niet-leden "
              "veranderden in dezelfde maanden*?",
    },
    "loyalty.did": {
        "en": "## Difference in differences\n\n"
              "Take the change of the members and subtract the change of the non-members over the same time; what "
              "both groups share (the season, the trend) drops out.\n\n"
              "**DiD = (members after − members before) − (non-members after − non-members before)**\n\n"
              "*Worked example.* Members bought 2.0 orders a month before and 2.6 after; non-members 1.5 and 1.8. "
              "DiD = (2.6 − 2.0) − (1.8 − 1.5) = 0.6 − 0.3 = **0.3 orders per member per month**. The naive "
              "before/after number (0.6) was twice as large.",
        "nl": "## Verschil in verschillen\n\n"
              "Neem de verandering bij de leden en trek de verandering bij de niet-leden in dezelfde tijd ervan af; "
              "wat beide groepen delen (het seizoen, de trend) valt weg.\n\n"
              "**DiD = (leden na − leden voor) − (niet-leden na − niet-leden voor)**\n\n"
              "*Uitgewerkt voorbeeld.* Leden kochten eerst 2,0 bestellingen per maand en daarna 2,6; niet-leden 1,5 "
              "en 1,8. DiD = (2,6 − 2,0) − (1,8 − 1,5) = 0,6 − 0,3 = **0,3 bestellingen per lid per maand**. Het "
              "naïeve voor/na-getal (0,6) was twee keer zo groot.",
    },
    "loyalty.honest": {
        "en": "## The honest estimates, side by side\n\n"
              "The toolkit computes the naive numbers and three honest ones, each with a 95 % interval: DiD against "
              "all non-members; DiD against non-members weighted to look like the members before the launch "
              "(propensity weighting: same recency, frequency, spend and tenure); and an **event study** that "
              "compares each member with similar customers who never joined, month by month since joining. The honest "
              "estimates are far smaller than the naive ones. They leave out the heaviest buyers: nearly all of them "
              "joined, so there is no one to compare them with, and the weighted estimates are about the other "
              "members (the matching summary says how many).",
        "nl": "## De eerlijke schattingen naast elkaar\n\n"
              "De toolkit berekent de naïeve getallen en drie eerlijke, elk met een 95 %-interval: DiD tegenover alle "
              "niet-leden; DiD tegenover niet-leden die zo gewogen zijn dat ze vóór de start op de leden lijken "
              "(propensity-weging: dezelfde recency, frequentie, besteding en klantduur); en een **event study** die "
              "elk lid maand voor maand sinds het lid worden vergelijkt met vergelijkbare klanten die nooit lid werden. "
              "De eerlijke schattingen zijn veel kleiner dan de naïeve. De grootste kopers vallen erbuiten: bijna "
              "allemaal werden ze lid, dus er is niemand om ze mee te vergelijken, en de gewogen schattingen gaan "
              "over de andere leden (de samenvatting van de weging zegt hoeveel).",
    },
    "loyalty.event_study": {
        "en": "## Month by month: the event study\n\n"
              "Left of zero are the months *before* joining. If members and their comparison customers moved in "
              "parallel before joining, those points lie around zero, and we trust the points right of zero as the "
              "programme's effect. Points far from zero before joining would warn that the groups differ in a way "
              "the comparison does not remove.",
        "nl": "## Maand voor maand: de event study\n\n"
              "Links van nul staan de maanden *vóór* het lid worden. Als leden en hun vergelijkingsklanten vóór het "
              "lid worden gelijk opliepen, liggen die punten rond nul, en vertrouwen we de punten rechts van nul als "
              "het effect van het programma. Punten ver van nul vóór het lid worden zouden waarschuwen dat de groepen "
              "verschillen op een manier die de vergelijking niet wegneemt.",
    },
    "loyalty.immortal": {
        "en": "## Do members stay longer? Mind the immortal time\n\n"
              "Comparing how long members and non-members stay, *from the launch*, gives members a head start: a "
              "customer who joins six months after the launch cannot have left in those six months, or she could "
              "not have joined. A fair comparison starts the clock at the same moment for both groups: a "
              "**landmark** a few months after the launch, with membership as it was on that day. The curves below "
              "follow customers from the landmark.",
        "nl": "## Blijven leden langer? Let op de onsterfelijke tijd\n\n"
              "Wie vergelijkt hoe lang leden en niet-leden blijven *vanaf de start*, geeft leden een voorsprong: een "
              "klant die zes maanden na de start lid wordt, kan in die zes maanden niet vertrokken zijn, anders was "
              "ze geen lid geworden. Een eerlijke vergelijking start de klok voor beide groepen op hetzelfde moment: "
              "een **ijkpunt** (landmark) enkele maanden na de start, met het lidmaatschap zoals het op die dag was. "
              "De curves hieronder volgen klanten vanaf het ijkpunt.",
    },
    "loyalty.closing": {
        "en": "## What did you learn?\n\n"
              "Members buying more than non-members is what you would see even if the programme did nothing: the "
              "best customers join. Compare changes, not levels, against customers who were similar before, and "
              "check the months before joining. The honest effect is smaller, but it is the one a budget can rely "
              "on.",
        "nl": "## Wat heb je geleerd?\n\n"
              "Dat leden meer kopen dan niet-leden zie je ook als het programma niets doet: de beste klanten worden "
              "lid. Vergelijk veranderingen, geen niveaus, met klanten die vooraf vergelijkbaar waren, en controleer "
              "de maanden vóór het lid worden. Het eerlijke effect is kleiner, maar het is het effect waarop een "
              "budget kan bouwen.",
    },
}


@lru_cache(maxsize=1)
def _demo_naive():
    """The naive comparison of the demo shop's members and non-members."""
    from ...loyalty import loyalty_panel, naive_before_after
    from . import demo_data

    data = demo_data()
    return naive_before_after(loyalty_panel(data.orders, data.customers, observation_end=data.observation_end))


EXERCISES: dict[str, dict] = {
    "did_worked": dict(
        question={"en": "Members bought 1.2 orders a month before the launch and 1.5 after; non-members 1.0 and 1.1. "
                        "What is the difference-in-differences estimate (orders per member per month)?",
                  "nl": "Leden kochten vóór de start 1,2 bestellingen per maand en daarna 1,5; niet-leden 1,0 en 1,1. "
                        "Wat is de verschil-in-verschillenschatting (bestellingen per lid per maand)?"},
        answer=lambda: 0.2,
        hint={"en": "Members' change minus non-members' change.",
              "nl": "De verandering bij de leden min de verandering bij de niet-leden."},
        explanation={"en": "(1.5 - 1.2) - (1.1 - 1.0) = 0.3 - 0.1 = 0.2.",
                     "nl": "(1,5 - 1,2) - (1,1 - 1,0) = 0,3 - 0,1 = 0,2."},
        tolerance=0.005,
    ),
    "demo_naive_gap": dict(
        question={"en": "In the demo shop's naive table, how many more orders per month does a member place after "
                        "joining than a non-member (row orders, two decimals)?",
                  "nl": "Hoeveel bestellingen per maand plaatst een lid in de naïeve tabel van de demowinkel na het "
                        "lid worden meer dan een niet-lid (rij bestellingen, twee decimalen)?"},
        answer=lambda: round(float(_demo_naive().loc["orders", "members_vs_non_members"]), 2),
        hint={"en": "Row orders, column members_vs_non_members.",
              "nl": "Rij bestellingen, kolom 'leden min niet-leden'."},
        explanation={"en": "Read from rk.naive_before_after(panel); the honest estimates below are far smaller.",
                     "nl": "Af te lezen uit rk.naive_before_after(panel); de eerlijke schattingen hieronder zijn "
                           "veel kleiner."},
        tolerance=0.005,
    ),
    "immortal_worked": dict(
        question={"en": "A customer joins the programme 4 months after the launch and leaves the shop 10 months after "
                        "the launch. Compared from the launch, how many months does she count as a member although "
                        "she had not joined yet?",
                  "nl": "Een klant wordt 4 maanden na de start lid en vertrekt 10 maanden na de start bij de winkel. "
                        "Hoeveel maanden telt ze, vergeleken vanaf de start, als lid terwijl ze nog geen lid was?"},
        answer=lambda: 4.0,
        hint={"en": "The months between the launch and her joining.",
              "nl": "De maanden tussen de start en het moment dat ze lid werd."},
        explanation={"en": "The 4 months before she joined: she had to stay a customer to be able to join.",
                     "nl": "De 4 maanden voordat ze lid werd: ze moest klant blijven om lid te kunnen worden."},
    ),
}
