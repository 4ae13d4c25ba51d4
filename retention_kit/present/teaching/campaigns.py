"""Narrative and exercises of the fourth course notebook: did the retention campaign work, and
whom should the next one target?

Keys are ``campaigns.<section>``; each text exists in English and Dutch.
"""

from __future__ import annotations

from functools import lru_cache

NARRATIVE: dict[str, dict[str, str]] = {
    "campaigns.goals": {
        "en": "# Retention campaigns: did it work, and whom next? A course on control groups and uplift\n\n"
              "**After this notebook you can**\n\n"
              "1. say why the customers who got a campaign cannot tell you alone whether it worked;\n"
              "2. compute a campaign's effect against its control group by hand;\n"
              "3. explain why the customers most at risk are often not the best ones to target;\n"
              "4. read a Qini curve.\n\n"
              "You only change the parameter `lang` and type answers into the marked cells. "
              "Run the cells from top to bottom (Shift + Enter).",
        "nl": "# Behoudcampagnes: werkte het, en wie is de volgende? Een les over controlegroepen en uplift\n\n"
              "**Na dit notebook kun je**\n\n"
              "1. uitleggen waarom de klanten die een campagne kregen je niet alleen kunnen vertellen of die werkte;\n"
              "2. het effect van een campagne tegenover de controlegroep met de hand berekenen;\n"
              "3. uitleggen waarom de klanten met het hoogste risico vaak niet de beste klanten zijn om te benaderen;\n"
              "4. een Qini-curve lezen.\n\n"
              "Je verandert alleen de parameter `lang` en typt antwoorden in de gemarkeerde cellen. "
              "Voer de cellen van boven naar beneden uit (Shift + Enter).",
    },
    "campaigns.control": {
        "en": "## Why a control group?\n\n"
              "A win-back mail went to 2,000 customers at risk and 38 % of them bought again within 90 days. Is that "
              "a success? We cannot tell: some of them would have bought again without the mail. So, before "
              "sending, we hold back a **control group** chosen at random. Chance makes the two groups alike in "
              "everything, so the difference in what they do afterwards is what the mail did.\n\n"
              "**Effect = share who bought again (campaign) − share who bought again (control)**, in percentage "
              "points.\n\n"
              "*Worked example.* Campaign: 760 of 2,000 bought again (38 %); control: 640 of 2,000 (32 %). "
              "Effect = 38 − 32 = **6 points**: the mail kept about 0.06 × 2,000 = 120 customers, not 760.",
        "nl": "## Waarom een controlegroep?\n\n"
              "Een win-backmail ging naar 2.000 klanten die dreigden te vertrekken en 38 % van hen kocht binnen 90 "
              "dagen opnieuw. Is dat een succes? Dat weten we niet: een deel van hen had ook zonder de mail opnieuw "
              "gekocht. Daarom houden we vóór het versturen een **controlegroep** achter, willekeurig gekozen. Het "
              "toeval maakt beide groepen in alles gelijk, dus het verschil in wat ze daarna doen is wat de mail "
              "deed.\n\n"
              "**Effect = aandeel dat opnieuw kocht (campagne) − aandeel dat opnieuw kocht (controle)**, in "
              "procentpunten.\n\n"
              "*Uitgewerkt voorbeeld.* Campagne: 760 van de 2.000 kochten opnieuw (38 %); controle: 640 van de "
              "2.000 (32 %). Effect = 38 − 32 = **6 punten**: de mail behield ongeveer 0,06 × 2.000 = 120 klanten, "
              "niet 760.",
    },
    "campaigns.demo": {
        "en": "## The demo shop's three campaigns\n\n"
              "The demo shop sent three win-back campaigns to its customers at risk, each with a random control "
              "group. The last one tried two mails at once: a discount (3 EUR per customer) and a plain reminder "
              "(0.50 EUR), each to a random third, the last third held back. The table gives, per campaign and mail, "
              "the share of each group that bought again within 90 days, the effect with its 95 % interval, and "
              "what each kept customer cost.",
        "nl": "## De drie campagnes van de demowinkel\n\n"
              "De demowinkel stuurde drie win-backcampagnes naar klanten die dreigden te vertrekken, elk met een "
              "willekeurige controlegroep. De laatste probeerde twee mails tegelijk: een korting (3 EUR per klant) en "
              "een gewone herinnering (0,50 EUR), elk naar een willekeurig derde, het laatste derde achtergehouden. "
              "De tabel geeft per campagne en mail het aandeel van elke groep dat binnen 90 dagen opnieuw kocht, het "
              "effect met 95%-interval, en wat elke behouden klant kostte.",
    },
    "campaigns.arms": {
        "en": "## Which mail to whom?\n\n"
              "With two mails, the question is no longer *send or not* but *which mail to whom*. For each customer, "
              "each mail has its own expected profit: **uplift of that mail × what the customer is worth − what the "
              "mail costs**. Send the mail with the highest expected profit, and none when no mail pays. A cheap "
              "mail that moves fewer customers can still be the better choice for many of them.\n\n"
              "*Worked example.* Customer D is worth 50 EUR. The discount (3 EUR) raises her chance to buy again "
              "by 8 points: 0.08 × 50 − 3 = 1.00 EUR. The reminder (0.50 EUR) raises it by 3 points: "
              "0.03 × 50 − 0.50 = 1.00 EUR. A tie: for her either mail is worth the same.",
        "nl": "## Welke mail naar wie?\n\n"
              "Met twee mails is de vraag niet meer *versturen of niet* maar *welke mail naar wie*. Voor elke klant "
              "heeft elke mail een eigen verwachte winst: **uplift van die mail × wat de klant waard is − wat de mail "
              "kost**. Stuur de mail met de hoogste verwachte winst, en geen als geen mail loont. Een goedkope mail "
              "die minder klanten beweegt, kan voor veel van hen toch de betere keuze zijn.\n\n"
              "*Uitgewerkt voorbeeld.* Klant D is 50 EUR waard. De korting (3 EUR) verhoogt haar kans om opnieuw te "
              "kopen met 8 punten: 0,08 × 50 − 3 = 1,00 EUR. De herinnering (0,50 EUR) verhoogt die met 3 punten: "
              "0,03 × 50 − 0,50 = 1,00 EUR. Gelijkspel: voor haar is elke mail evenveel waard.",
    },
    "campaigns.policies": {
        "en": "In the demo's autumn campaign, the table compares, for the same budget, sending every customer the "
              "mail with the highest expected profit with sending each mail on its own, a random mail and nothing. "
              "Each value is estimated on the experiment itself: the customers whose random group happens to match "
              "the choice stand for all the others (inverse-probability weighting), with a 95 % interval.",
        "nl": "Voor de herfstcampagne van de demo vergelijkt de tabel, met hetzelfde budget, elke klant de mail met "
              "de hoogste verwachte winst sturen met elke mail apart, een willekeurige mail en niets versturen. Elke "
              "waarde is geschat op het experiment zelf: de klanten die toevallig in de gekozen groep zaten, staan "
              "voor alle anderen (inverse-kansweging), met een 95%-interval.",
    },
    "campaigns.risk": {
        "en": "## Target the riskiest customers?\n\n"
              "It sounds right to send the next campaign to the customers most likely to leave. But a campaign pays "
              "off only where it *changes* what a customer does (its **uplift**). Customers who left long ago are "
              "the riskiest, and often cannot be won back; loyal customers would buy anyway. The customers a "
              "campaign moves are often in between.\n\n"
              "*Worked example.* Customer A leaves with 60 % chance without the mail and 58 % with it; customer B "
              "with 30 % and 20 %. A is riskier, but the mail lowers A's risk by 2 points and B's by 10: one mail to "
              "B keeps five times as much.",
        "nl": "## De klanten met het hoogste risico benaderen?\n\n"
              "Het klinkt logisch om de volgende campagne te sturen naar de klanten die het meest waarschijnlijk "
              "vertrekken. Maar een campagne loont alleen waar ze *verandert* wat een klant doet (haar **uplift**). "
              "Klanten die lang geleden vertrokken hebben het hoogste risico en zijn vaak niet terug te winnen; "
              "trouwe klanten kopen toch wel. De klanten die een campagne in beweging brengt, zitten vaak "
              "daartussen.\n\n"
              "*Uitgewerkt voorbeeld.* Klant A vertrekt zonder mail met 60 % kans en met mail met 58 %; klant B "
              "met 30 % en 20 %. A heeft het hoogste risico, maar de mail verlaagt het risico van A met 2 punten en "
              "dat van B met 10: één mail aan B behoudt vijf keer zoveel.",
    },
    "campaigns.qini": {
        "en": "## Reading a Qini curve\n\n"
              "An uplift model predicts each customer's uplift from their behaviour before the campaign. The Qini "
              "curve sorts customers by a score, highest first, and shows how many extra buyers (campaign minus "
              "control) you collect as you target more of them. Random targeting is the dotted straight line. A "
              "score that finds the customers the campaign moves rises steeply at first; ranking by churn risk "
              "(the longest silent first) hardly beats random, or falls below it.",
        "nl": "## Een Qini-curve lezen\n\n"
              "Een upliftmodel voorspelt de uplift van elke klant uit het gedrag vóór de campagne. De Qini-curve "
              "sorteert klanten op een score, de hoogste eerst, en laat zien hoeveel extra kopers (campagne min "
              "controle) je verzamelt naarmate je er meer benadert. Willekeurig benaderen is de gestippelde rechte "
              "lijn. Een score die de klanten vindt die de campagne in beweging brengt, stijgt eerst steil; "
              "rangschikken op churnrisico (de langst stille eerst) doet nauwelijks beter dan willekeurig, of "
              "slechter.",
    },
    "campaigns.closing": {
        "en": "## What did you learn?\n\n"
              "Without a control group, a campaign's success is a guess: count the customers it *kept*, not the "
              "customers who bought. And spend the next budget where the campaign changes behaviour, which is "
              "rarely where the risk is highest.",
        "nl": "## Wat heb je geleerd?\n\n"
              "Zonder controlegroep is het succes van een campagne een gok: tel de klanten die ze *behield*, niet de "
              "klanten die kochten. En besteed het volgende budget waar de campagne gedrag verandert; dat is zelden "
              "waar het risico het hoogst is.",
    },
}


@lru_cache(maxsize=1)
def _demo_evaluation():
    """The demo shop's campaigns evaluated against their control groups."""
    from ...campaigns import campaign_outcomes, evaluate_campaigns
    from . import demo_data

    data = demo_data()
    return evaluate_campaigns(campaign_outcomes(data.orders, data.campaigns))


EXERCISES: dict[str, dict] = {
    "control_worked": dict(
        question={"en": "A mail went to 1,500 customers and 540 bought again; of the 1,500 held back, 450 bought "
                        "again. What is the campaign's effect, in percentage points?",
                  "nl": "Een mail ging naar 1.500 klanten en 540 kochten opnieuw; van de 1.500 achtergehouden "
                        "klanten kochten er 450 opnieuw. Wat is het effect van de campagne, in procentpunten?"},
        answer=lambda: 6.0,
        hint={"en": "540 / 1,500 and 450 / 1,500 as percentages, then subtract.",
              "nl": "540 / 1.500 en 450 / 1.500 als percentage, dan aftrekken."},
        explanation={"en": "36 % - 30 % = 6 points: about 90 customers kept, not 540.",
                     "nl": "36 % - 30 % = 6 punten: ongeveer 90 behouden klanten, niet 540."},
        tolerance=0.05,
    ),
    "demo_campaign_effect": dict(
        question={"en": "In the demo shop's table, what is the effect of the campaign Win-back 2025 (percentage "
                        "points, one decimal)?",
                  "nl": "Wat is in de tabel van de demowinkel het effect van de campagne Win-back 2025 (procentpunten, "
                        "één decimaal)?"},
        answer=lambda: round(float(_demo_evaluation().loc[("Win-back 2025", "treatment"), "effect"]), 1),
        hint={"en": "Row Win-back 2025, the effect column.", "nl": "Rij Win-back 2025, de kolom effect."},
        explanation={"en": "Read from rk.evaluate_campaigns(...); its interval lies above zero: the campaign kept "
                           "customers.",
                     "nl": "Af te lezen uit rk.evaluate_campaigns(...); het interval ligt boven nul: de campagne "
                           "behield klanten."},
        tolerance=0.05,
    ),
    "two_mails_worked": dict(
        question={"en": "Customer E is worth 40 EUR. The discount mail (3 EUR) raises her chance to buy again by 10 "
                        "points, the reminder (0.50 EUR) by 4 points. What is the expected profit of the better mail "
                        "for her, in EUR?",
                  "nl": "Klant E is 40 EUR waard. De kortingsmail (3 EUR) verhoogt haar kans om opnieuw te kopen met "
                        "10 punten, de herinnering (0,50 EUR) met 4 punten. Wat is de verwachte winst van de betere "
                        "mail voor haar, in EUR?"},
        answer=lambda: 1.1,
        hint={"en": "For each mail: uplift (as a share) × 40 − its cost; keep the larger.",
              "nl": "Per mail: uplift (als aandeel) × 40 − de kosten; neem de grootste."},
        explanation={"en": "Discount: 0.10 × 40 − 3 = 1.00 EUR; reminder: 0.04 × 40 − 0.50 = 1.10 EUR. The cheap "
                           "reminder wins for her, though it moves her less.",
                     "nl": "Korting: 0,10 × 40 − 3 = 1,00 EUR; herinnering: 0,04 × 40 − 0,50 = 1,10 EUR. Voor haar wint "
                           "de goedkope herinnering, al beweegt die haar minder."},
        tolerance=0.05,
    ),
    "uplift_worked": dict(
        question={"en": "Without the mail customer C leaves with 50 % chance, with the mail with 35 %. By how many "
                        "percentage points does the mail lower her chance to leave (her uplift)?",
                  "nl": "Zonder de mail vertrekt klant C met 50 % kans, met de mail met 35 %. Met hoeveel "
                        "procentpunten verlaagt de mail haar kans om te vertrekken (haar uplift)?"},
        answer=lambda: 15.0,
        hint={"en": "The chance without minus the chance with the mail.",
              "nl": "De kans zonder min de kans met de mail."},
        explanation={"en": "50 - 35 = 15 points.", "nl": "50 - 35 = 15 punten."},
        tolerance=0.05,
    ),
}
