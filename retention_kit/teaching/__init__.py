"""Course narrative in English and Dutch, stored once and rendered per language.

The teaching notebooks hold only calls such as ``rk.teaching.show("goals", lang)``;
the text lives here, so the English and Dutch course cannot drift apart (one
notebook, one parameter), and a test checks that every text exists in both.

Examples
--------
>>> text("crr", "nl").splitlines()[0]
'## Klantbehoudpercentage (CRR)'
"""

from __future__ import annotations

NARRATIVE: dict[str, dict[str, str]] = {
    "goals": {
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
    "crr": {
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
    "churn": {
        "en": "## Churn rate\n\n**Churn rate = customers lost in the period / customers at the start × 100.** "
              "A web shop has no contracts, so a customer counts as lost when they have not ordered for a year.\n\n"
              "*Worked example.* 1,000 customers at the start, 50 lost: 50 / 1,000 × 100 = **5 %**.",
        "nl": "## Churnrate\n\n**Churnrate = verloren klanten in de periode / klanten aan het begin × 100.** "
              "Een webwinkel heeft geen contracten: een klant telt als verloren als die een jaar niets besteld heeft.\n\n"
              "*Uitgewerkt voorbeeld.* 1.000 klanten aan het begin, 50 verloren: 50 / 1.000 × 100 = **5 %**.",
    },
    "nps": {
        "en": "## Net Promoter Score (NPS)\n\nCustomers answer 'how likely are you to recommend us?' from 0 to 10. "
              "**Promoters** answer 9-10, **detractors** 0-6. **NPS = % promoters − % detractors**, from −100 to 100.\n\n"
              "*Worked example.* 10, 9, 8, 7, 6, 3: two promoters (33 %) and two detractors (33 %), NPS = **0**.",
        "nl": "## Net Promoter Score (NPS)\n\nKlanten beantwoorden 'hoe waarschijnlijk raadt u ons aan?' van 0 tot 10. "
              "**Promotors** geven 9-10, **criticasters** 0-6. **NPS = % promotors − % criticasters**, van −100 tot 100.\n\n"
              "*Uitgewerkt voorbeeld.* 10, 9, 8, 7, 6, 3: twee promotors (33 %) en twee criticasters (33 %), NPS = **0**.",
    },
    "exercise": {
        "en": "### Exercise\n\n{question}\n\nType your answer after `answer =` in the next cell and run it.",
        "nl": "### Opdracht\n\n{question}\n\nTyp je antwoord achter `answer =` in de volgende cel en voer die uit.",
    },
    "data": {
        "en": "## A real-sized web shop\n\nThe demo shop has 20,000 customers over three years. The KPI table "
              "computes every measure per month; the last row is marked when the month is not complete.",
        "nl": "## Een webwinkel van echte omvang\n\nDe demowinkel heeft 20.000 klanten over drie jaar. De KPI-tabel "
              "berekent elke maatstaf per maand; de laatste rij is gemarkeerd als de maand nog niet compleet is.",
    },
    "cohorts": {
        "en": "## Cohorts\n\nA **cohort** is the group of customers who first ordered in the same month. Each row "
              "follows one cohort: the share that ordered again 1, 2, 3, ... months later. Read a column to compare "
              "cohorts at the same age.",
        "nl": "## Cohorten\n\nEen **cohort** is de groep klanten die in dezelfde maand voor het eerst bestelde. Elke rij "
              "volgt één cohort: het aandeel dat 1, 2, 3, ... maanden later opnieuw bestelde. Lees een kolom om cohorten "
              "van dezelfde leeftijd te vergelijken.",
    },
    "closing": {
        "en": "## What did you learn?\n\nRetention looks at the customers you had; churn at the ones you lost; NPS at "
              "how customers feel. A manager uses all three: a falling CRR with a stable NPS points at competition or "
              "price, a falling NPS warns before customers leave.",
        "nl": "## Wat heb je geleerd?\n\nKlantbehoud kijkt naar de klanten die je had; churn naar de klanten die je "
              "verloor; NPS naar hoe klanten zich voelen. Een manager gebruikt ze alle drie: een dalend "
              "klantbehoudpercentage bij een stabiele NPS wijst op concurrentie of prijs, een dalende NPS waarschuwt "
              "voordat klanten vertrekken.",
    },
}


def text(key: str, lang: str = "en", **values) -> str:
    """The narrative `key` in `lang` (Markdown), with `values` filled in."""
    return NARRATIVE[key][lang].format(**values) if values else NARRATIVE[key][lang]


def show(key: str, lang: str = "en", **values):
    """The narrative as rendered Markdown in a notebook."""
    from IPython.display import Markdown

    return Markdown(text(key, lang, **values))


def exercise(name: str, lang: str = "en"):
    """The exercise's question, rendered."""
    from .exercises import question

    return show("exercise", lang, question=question(name, lang))


def feedback(name: str, answer, lang: str = "en", show_solution: bool = False):
    """The check of a typed answer (and the solution in the teacher's copy), rendered."""
    from IPython.display import Markdown

    from .exercises import check, solution

    message = check(name, answer, lang)
    if show_solution:
        message += "\n\n" + ("**Solution:** " if lang == "en" else "**Uitwerking:** ") + solution(name, lang)
    return Markdown(message)
