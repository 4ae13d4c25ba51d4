"""Narrative and exercises of the second course notebook: why customers leave.

Keys are ``reasons.<section>``; each text exists in English and Dutch.
"""

from __future__ import annotations

from functools import lru_cache

NARRATIVE: dict[str, dict[str, str]] = {
    "reasons.goals": {
        "en": "# Why customers leave: a course on churn reasons\n\n"
              "**After this notebook you can**\n\n"
              "1. turn the free-text reasons of customers who left into a handful of categories;\n"
              "2. rank the reasons by the revenue they cost and pick the few to fix first (the Pareto rule);\n"
              "3. read a survival curve: how long customers stay, and what 'censored' means;\n"
              "4. link satisfaction (NPS) to leaving, and say what a manager should do about it.\n\n"
              "You only change the parameter `lang` and type answers into the marked cells. "
              "Run the cells from top to bottom (Shift + Enter).",
        "nl": "# Waarom klanten vertrekken: een les over churnredenen\n\n"
              "**Na dit notebook kun je**\n\n"
              "1. de vrije-tekstredenen van vertrokken klanten terugbrengen tot een handvol categorieën;\n"
              "2. de redenen rangschikken naar de omzet die ze kosten en de paar kiezen die je eerst aanpakt "
              "(de Paretoregel);\n"
              "3. een overlevingscurve lezen: hoe lang klanten blijven, en wat 'gecensureerd' betekent;\n"
              "4. tevredenheid (NPS) koppelen aan vertrek, en zeggen wat een manager daarmee moet doen.\n\n"
              "Je verandert alleen de parameter `lang` en typt antwoorden in de gemarkeerde cellen. "
              "Voer de cellen van boven naar beneden uit (Shift + Enter).",
    },
    "reasons.categories": {
        "en": "## From free text to categories\n\n"
              "Customers who close their account type a reason in their own words: 'too expensive', 'te duur', "
              "'parcel came late'. Counting these texts as they are gives hundreds of reasons that say the same "
              "thing. The toolkit maps them to a few **categories** (price, delivery, service, product, competitor, "
              "other) by keywords in English and Dutch, and shows which texts it could not place, so you can add "
              "keywords instead of losing those customers.\n\n"
              "*Worked example.* 200 customers left: 70 named price, 50 delivery, 40 service, 25 the product and "
              "15 something else. Price and delivery together: (70 + 50) / 200 × 100 = **60 %** of the leavers.\n\n"
              "The demo shop's reasons, with a 95 % interval on each share:",
        "nl": "## Van vrije tekst naar categorieën\n\n"
              "Klanten die hun account opzeggen, typen een reden in hun eigen woorden: 'te duur', 'too expensive', "
              "'pakket kwam te laat'. Tel je die teksten zoals ze zijn, dan krijg je honderden redenen die hetzelfde "
              "zeggen. De toolkit brengt ze met trefwoorden in het Nederlands en Engels terug tot een paar "
              "**categorieën** (prijs, levering, service, product, concurrent, overig) en laat zien welke teksten hij "
              "niet kon plaatsen, zodat je trefwoorden toevoegt in plaats van die klanten kwijt te raken.\n\n"
              "*Uitgewerkt voorbeeld.* 200 klanten vertrokken: 70 noemden de prijs, 50 de levering, 40 de service, "
              "25 het product en 15 iets anders. Prijs en levering samen: (70 + 50) / 200 × 100 = **60 %** van de "
              "vertrekkers.\n\n"
              "De redenen in de demowinkel, met een 95 %-interval bij elk aandeel:",
    },
    "reasons.pareto": {
        "en": "## Fix the few reasons that cost the most (Pareto)\n\n"
              "Not every leaver costs the same: a customer who spent €2,000 a year weighs more than one who spent "
              "€20. Rank the reasons by the **revenue lost** (what the leavers spent in their last 12 months), "
              "largest first, and add up their shares. The reasons that together reach about 70-80 % are the ones to "
              "fix first; this is the Pareto or 80/20 rule.\n\n"
              "*Worked example.* Lost revenue: price €50,000, delivery €30,000, service €15,000, other €5,000 "
              "(total €100,000). Cumulative shares: 50 %, 80 %, 95 %, 100 %. Fixing price and delivery addresses "
              "**80 %** of the lost revenue.",
        "nl": "## Pak de paar redenen aan die het meest kosten (Pareto)\n\n"
              "Niet elke vertrekker kost evenveel: een klant die €2.000 per jaar besteedde, weegt zwaarder dan een "
              "die €20 besteedde. Rangschik de redenen naar de **verloren omzet** (wat de vertrekkers in hun laatste "
              "12 maanden besteedden), de grootste eerst, en tel hun aandelen op. De redenen die samen ongeveer "
              "70-80 % halen, pak je het eerst aan; dat is de Pareto- of 80/20-regel.\n\n"
              "*Uitgewerkt voorbeeld.* Verloren omzet: prijs €50.000, levering €30.000, service €15.000, overig "
              "€5.000 (totaal €100.000). Cumulatieve aandelen: 50 %, 80 %, 95 %, 100 %. Wie prijs en levering "
              "aanpakt, pakt **80 %** van de verloren omzet aan.",
    },
    "reasons.survival": {
        "en": "## How long do customers stay? Survival curves\n\n"
              "A **survival curve** shows, for every month since a customer's first order, the share of customers "
              "still with us. Where it crosses 50 % is the **median lifetime**. Many customers have not left yet "
              "when the data end: we know only that they stayed *at least* this long. They are **censored**, and the "
              "Kaplan-Meier method counts them for as long as we saw them instead of dropping them (dropping them "
              "would make lifetimes look shorter than they are).\n\n"
              "*Worked example.* After 12 months, 62 % of customers are still there. Of 5,000 new customers, "
              "0.62 × 5,000 = **3,100** are expected to still be customers a year later.\n\n"
              "The demo shop by acquisition channel:",
        "nl": "## Hoe lang blijven klanten? Overlevingscurves\n\n"
              "Een **overlevingscurve** laat voor elke maand sinds de eerste bestelling zien welk aandeel van de "
              "klanten er nog is. Waar de curve 50 % kruist, ligt de **mediane levensduur**. Veel klanten zijn nog "
              "niet vertrokken als de gegevens ophouden: we weten alleen dat ze *minstens* zo lang bleven. Ze zijn "
              "**gecensureerd**, en de Kaplan-Meiermethode telt ze mee zolang we ze zagen in plaats van ze weg te "
              "laten (weglaten zou levensduren korter laten lijken dan ze zijn).\n\n"
              "*Uitgewerkt voorbeeld.* Na 12 maanden is 62 % van de klanten er nog. Van 5.000 nieuwe klanten zijn er "
              "naar verwachting 0,62 × 5.000 = **3.100** een jaar later nog klant.\n\n"
              "De demowinkel per acquisitiekanaal:",
    },
    "reasons.satisfaction": {
        "en": "## Unhappy customers leave first\n\n"
              "Customers who answered the NPS question fall into three groups: promoters (9-10), passives (7-8) and "
              "detractors (0-6). If detractors leave far more often than promoters, the score is an early warning: "
              "it drops *before* the customers go. The table shows, per group, the share that has left (with a 95 % "
              "interval) and which reasons they gave.\n\n"
              "*Worked example.* 30 % of detractors and 10 % of promoters left: a detractor is 30 / 10 = **3 times** "
              "as likely to leave.",
        "nl": "## Ontevreden klanten vertrekken het eerst\n\n"
              "Klanten die de NPS-vraag beantwoordden, vallen in drie groepen: promotors (9-10), passieven (7-8) en "
              "criticasters (0-6). Vertrekken criticasters veel vaker dan promotors, dan is de score een vroeg "
              "waarschuwingssignaal: hij daalt *voordat* de klanten gaan. De tabel laat per groep zien welk aandeel "
              "vertrokken is (met een 95 %-interval) en welke redenen ze gaven.\n\n"
              "*Uitgewerkt voorbeeld.* 30 % van de criticasters en 10 % van de promotors vertrok: een criticaster "
              "vertrekt **3 keer** zo vaak.",
    },
    "reasons.closing": {
        "en": "## What did you learn?\n\n"
              "Count reasons only after grouping them, and weigh them by the revenue they cost: the biggest group of "
              "leavers is not always the most expensive one. Survival curves tell how long customers stay, and only "
              "if customers who have not left yet are counted too. A falling NPS warns before customers leave, so a "
              "manager acts on detractors while they are still customers.",
        "nl": "## Wat heb je geleerd?\n\n"
              "Tel redenen pas nadat je ze gegroepeerd hebt, en weeg ze naar de omzet die ze kosten: de grootste "
              "groep vertrekkers is niet altijd de duurste. Overlevingscurves vertellen hoe lang klanten blijven, en "
              "alleen als je de klanten die nog niet vertrokken zijn ook meetelt. Een dalende NPS waarschuwt voordat "
              "klanten vertrekken, dus een manager pakt criticasters aan terwijl ze nog klant zijn.",
    },
}


@lru_cache(maxsize=1)
def _demo():
    """The demo shop's churned customers (with reasons and lost revenue) and the NPS link."""
    from ...reasons import churned_customers, pareto_table, satisfaction_link
    from . import demo_data

    data = demo_data()
    churned = churned_customers(data.customers, data.orders, observation_end=data.observation_end)
    return pareto_table(churned), satisfaction_link(data.customers, data.surveys)


EXERCISES: dict[str, dict] = {
    "reasons_share_worked": dict(
        question={"en": "Of 250 customers who left, 100 named price, 60 service, 50 delivery and 40 something else. "
                        "What share (in %) named service or delivery?",
                  "nl": "Van 250 vertrokken klanten noemden 100 de prijs, 60 de service, 50 de levering en 40 iets "
                        "anders. Welk aandeel (in %) noemde service of levering?"},
        answer=lambda: 44.0,
        hint={"en": "Add the two groups, divide by all leavers, times 100.",
              "nl": "Tel de twee groepen op, deel door alle vertrekkers, maal 100."},
        explanation={"en": "(60 + 50) / 250 x 100 = 44%.", "nl": "(60 + 50) / 250 x 100 = 44%."},
    ),
    "pareto_worked": dict(
        question={"en": "Lost revenue per reason: delivery €40,000, price €25,000, service €20,000, other €15,000. "
                        "What cumulative share (in %) of lost revenue do the two largest reasons cover?",
                  "nl": "Verloren omzet per reden: levering €40.000, prijs €25.000, service €20.000, overig €15.000. "
                        "Welk cumulatief aandeel (in %) van de verloren omzet dekken de twee grootste redenen?"},
        answer=lambda: 65.0,
        hint={"en": "Total first (€100,000); then the two largest together as a share of it.",
              "nl": "Eerst het totaal (€100.000); dan de twee grootste samen als aandeel daarvan."},
        explanation={"en": "(40,000 + 25,000) / 100,000 x 100 = 65%.",
                     "nl": "(40.000 + 25.000) / 100.000 x 100 = 65%."},
    ),
    "demo_top_reason_share": dict(
        question={"en": "In the demo shop's Pareto chart, what share (in %, one decimal) of lost revenue comes from "
                        "the largest reason?",
                  "nl": "Welk aandeel (in %, één decimaal) van de verloren omzet komt in de Paretografiek van de "
                        "demowinkel van de grootste reden?"},
        answer=lambda: round(float(_demo()[0]["share"].iloc[0]), 1),
        hint={"en": "Look at the first row of the Pareto table, column share.",
              "nl": "Kijk naar de eerste rij van de Paretotabel, kolom share (aandeel)."},
        explanation={"en": "Read from rk.pareto_table(churned).", "nl": "Af te lezen uit rk.pareto_table(churned)."},
    ),
    "survival_worked": dict(
        question={"en": "After 6 months, 75% of customers are still there. Of 2,400 customers who placed a first "
                        "order in January, how many do you expect to still be customers in July?",
                  "nl": "Na 6 maanden is 75% van de klanten er nog. Hoeveel van de 2.400 klanten die in januari een "
                        "eerste bestelling plaatsten, verwacht je in juli nog als klant?"},
        answer=lambda: 1800.0,
        hint={"en": "Multiply the number of customers by the share still there.",
              "nl": "Vermenigvuldig het aantal klanten met het aandeel dat er nog is."},
        explanation={"en": "0.75 x 2,400 = 1,800.", "nl": "0,75 x 2.400 = 1.800."},
        tolerance=0.5,
    ),
    "demo_detractor_churn": dict(
        question={"en": "In the demo shop, what share (in %, one decimal) of detractors has left?",
                  "nl": "Welk aandeel (in %, één decimaal) van de criticasters is in de demowinkel vertrokken?"},
        answer=lambda: round(float(_demo()[1].loc["detractor", "churn_share"]), 1),
        hint={"en": "Look at the detractor row, column churn_share.",
              "nl": "Kijk naar de rij criticasters, kolom churn_share (aandeel vertrokken)."},
        explanation={"en": "Read from rk.satisfaction_link(data.customers, data.surveys).",
                     "nl": "Af te lezen uit rk.satisfaction_link(data.customers, data.surveys)."},
    ),
}
