"""Narrative of the first course notebook: retention rate, churn rate, NPS and cohorts.

Keys are ``retention.<section>``; each text exists in English and Dutch.
"""

from __future__ import annotations

from functools import lru_cache

NARRATIVE: dict[str, dict[str, str]] = {
    "retention.goals": {
        "en": "# Customer retention: a first course\n\n"
              "**After this notebook you can**\n\n"
              "1. explain the customer retention rate, churn rate and Net Promoter Score in words and as formulas;\n"
              "2. compute each by hand for a small example;\n"
              "3. read a KPI table and a cohort heatmap of a real-sized web shop;\n"
              "4. say what the numbers mean for a marketing manager.\n\n"
              "You only change the parameter `lang` and type answers into the marked cells. "
              "Run the cells from top to bottom (Shift + Enter).",
        "nl": "# Klantbehoud: een eerste les\n\n"
              "**Na dit notebook kun je**\n\n"
              "1. het klantbehoudpercentage, de churnrate en de Net Promoter Score uitleggen in woorden en als formule;\n"
              "2. elk daarvan met de hand berekenen voor een klein voorbeeld;\n"
              "3. een KPI-tabel en een cohort-heatmap van een webwinkel van echte omvang lezen;\n"
              "4. uitleggen wat de cijfers betekenen voor een marketingmanager.\n\n"
              "Je verandert alleen de parameter `lang` en typt antwoorden in de gemarkeerde cellen. "
              "Voer de cellen van boven naar beneden uit (Shift + Enter).",
    },
    "retention.crr": {
        "en": "## Customer retention rate (CRR)\n\n"
              "How many of the customers we had at the start of a period did we keep?\n\n"
              "**CRR = ((E − N) / S) × 100**, with S the customers at the start, N the new customers won during "
              "the period and E the customers at the end. New customers are taken off first: they were not there "
              "to be kept.\n\n"
              "*Worked example.* S = 100, N = 20, E = 120 gives ((120 − 20) / 100) × 100 = **100 %**: "
              "every customer from the start is still there. The toolkit computes the same:",
        "nl": "## Klantbehoudpercentage (CRR)\n\n"
              "Hoeveel van de klanten die we aan het begin van een periode hadden, hebben we behouden?\n\n"
              "**CRR = ((E − N) / S) × 100**, met S de klanten aan het begin, N de nieuwe klanten in de periode en "
              "E de klanten aan het eind. Nieuwe klanten gaan er eerst af: zij waren er niet om behouden te worden.\n\n"
              "*Uitgewerkt voorbeeld.* S = 100, N = 20, E = 120 geeft ((120 − 20) / 100) × 100 = **100 %**: "
              "elke klant van het begin is er nog. De toolkit rekent hetzelfde uit:",
    },
    "retention.churn": {
        "en": "## Churn rate\n\n**Churn rate = customers lost in the period / customers at the start × 100.** "
              "A web shop has no contracts, so a customer counts as lost when they have not ordered for a year.\n\n"
              "*Worked example.* 1,000 customers at the start, 50 lost: 50 / 1,000 × 100 = **5 %**.",
        "nl": "## Churnrate\n\n**Churnrate = verloren klanten in de periode / klanten aan het begin × 100.** "
              "Een webwinkel heeft geen contracten: een klant telt als verloren als die een jaar niets besteld heeft.\n\n"
              "*Uitgewerkt voorbeeld.* 1.000 klanten aan het begin, 50 verloren: 50 / 1.000 × 100 = **5 %**.",
    },
    "retention.nps": {
        "en": "## Net Promoter Score (NPS)\n\nCustomers answer 'how likely are you to recommend us?' from 0 to 10. "
              "**Promoters** answer 9-10, **detractors** 0-6. **NPS = % promoters − % detractors**, from −100 to 100.\n\n"
              "*Worked example.* 10, 9, 8, 7, 6, 3: two promoters (33 %) and two detractors (33 %), NPS = **0**.",
        "nl": "## Net Promoter Score (NPS)\n\nKlanten beantwoorden 'hoe waarschijnlijk raadt u ons aan?' van 0 tot 10. "
              "**Promotors** geven 9-10, **criticasters** 0-6. **NPS = % promotors − % criticasters**, van −100 tot 100.\n\n"
              "*Uitgewerkt voorbeeld.* 10, 9, 8, 7, 6, 3: twee promotors (33 %) en twee criticasters (33 %), NPS = **0**.",
    },
    "retention.data": {
        "en": "## A real-sized web shop\n\nThe demo shop has 20,000 customers over three years. The KPI table "
              "computes every measure per month; the last row is marked when the month is not complete.",
        "nl": "## Een webwinkel van echte omvang\n\nDe demowinkel heeft 20.000 klanten over drie jaar. De KPI-tabel "
              "berekent elke maatstaf per maand; de laatste rij is gemarkeerd als de maand nog niet compleet is.",
    },
    "retention.cohorts": {
        "en": "## Cohorts\n\nA **cohort** is the group of customers who first ordered in the same month. Each row "
              "follows one cohort: the share that ordered again 1, 2, 3, ... months later. Read a column to compare "
              "cohorts at the same age.",
        "nl": "## Cohorten\n\nEen **cohort** is de groep klanten die in dezelfde maand voor het eerst bestelde. Elke rij "
              "volgt één cohort: het aandeel dat 1, 2, 3, ... maanden later opnieuw bestelde. Lees een kolom om cohorten "
              "van dezelfde leeftijd te vergelijken.",
    },
    "retention.closing": {
        "en": "## What did you learn?\n\nRetention looks at the customers you had; churn at the ones you lost; NPS at "
              "how customers feel. A manager uses all three: a falling CRR with a stable NPS points at competition or "
              "price, a falling NPS warns before customers leave.",
        "nl": "## Wat heb je geleerd?\n\nKlantbehoud kijkt naar de klanten die je had; churn naar de klanten die je "
              "verloor; NPS naar hoe klanten zich voelen. Een manager gebruikt ze alle drie: een dalend "
              "klantbehoudpercentage bij een stabiele NPS wijst op concurrentie of prijs, een dalende NPS waarschuwt "
              "voordat klanten vertrekken.",
    },
}


@lru_cache(maxsize=1)
def _demo_kpis():
    from ...kpi import kpi_table
    from . import demo_data

    data = demo_data()
    return kpi_table(data.orders, period="M", surveys=data.surveys)


def _demo_row(month: str, column: str) -> float:
    table = _demo_kpis()
    return float(table.loc[table.period == month, column].iloc[0])


EXERCISES: dict[str, dict] = {
    "crr_worked": dict(
        question={"en": "A shop starts the year with 200 customers, wins 30 new ones and ends with 190. "
                        "What is its customer retention rate (in %)?",
                  "nl": "Een winkel begint het jaar met 200 klanten, wint er 30 nieuwe en eindigt met 190. "
                        "Wat is het klantbehoudpercentage (in %)?"},
        answer=lambda: 80.0,
        hint={"en": "CRR = ((E - N) / S) x 100: take the new customers off the end count first.",
              "nl": "CRR = ((E - N) / S) x 100: trek eerst de nieuwe klanten af van het aantal aan het eind."},
        explanation={"en": "((190 - 30) / 200) x 100 = 80%.", "nl": "((190 - 30) / 200) x 100 = 80%."},
    ),
    "churn_worked": dict(
        question={"en": "Of 400 customers at the start of a month, 18 are lost during it. What is the churn rate (in %)?",
                  "nl": "Van 400 klanten aan het begin van een maand gaan er 18 verloren. Wat is de churnrate (in %)?"},
        answer=lambda: 4.5,
        hint={"en": "Churn rate = lost / customers at the start x 100.",
              "nl": "Churnrate = verloren klanten / klanten aan het begin x 100."},
        explanation={"en": "18 / 400 x 100 = 4.5%.", "nl": "18 / 400 x 100 = 4,5%."},
    ),
    "nps_worked": dict(
        question={"en": "Ten answers to 'how likely are you to recommend us': 10, 9, 9, 8, 7, 7, 6, 5, 3, 10. "
                        "What is the NPS?",
                  "nl": "Tien antwoorden op 'hoe waarschijnlijk raadt u ons aan': 10, 9, 9, 8, 7, 7, 6, 5, 3, 10. "
                        "Wat is de NPS?"},
        answer=lambda: 10.0,
        hint={"en": "Promoters score 9-10, detractors 0-6; NPS = % promoters - % detractors.",
              "nl": "Promotors geven 9-10, criticasters 0-6; NPS = % promotors - % criticasters."},
        explanation={"en": "4 promoters (40%) - 3 detractors (30%) = 10.",
                     "nl": "4 promotors (40%) - 3 criticasters (30%) = 10."},
    ),
    "demo_churn_nov_2025": dict(
        question={"en": "In the demo shop's KPI table, what was the churn rate in November 2025 (in %, one decimal)?",
                  "nl": "Wat was in de KPI-tabel van de demowinkel de churnrate in november 2025 (in %, één decimaal)?"},
        answer=lambda: round(_demo_row("2025-11-01", "churn_rate"), 1),
        hint={"en": "Look up the row with period 2025-11-01 and the column churn_rate.",
              "nl": "Zoek de rij met periode 2025-11-01 en de kolom churnrate."},
        explanation={"en": "Read from rk.kpi_table(data.orders).", "nl": "Af te lezen uit rk.kpi_table(data.orders)."},
    ),
}
