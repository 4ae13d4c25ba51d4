"""English and Dutch labels for KPIs, table headers, axis titles and ledger reasons.

One table holds every label, so a chart, a report table and the notebook
narrative use the same words. Unknown keys fall back to the key itself, so a
missing translation shows up in a report instead of breaking it.

Examples
--------
>>> label("kpi.retention_rate", "nl")
'klantbehoudpercentage'
>>> label("kpi.retention_rate")
'customer retention rate'
"""

from __future__ import annotations

import numbers
import string

LANGS = ("en", "nl")

LABELS: dict[str, tuple[str, str]] = {
    # KPIs (KPI_GLOSSARY.md)
    "kpi.retention_rate": ("customer retention rate", "klantbehoudpercentage"),
    "kpi.churn_rate": ("churn rate", "churnrate"),
    "kpi.repeat_purchase_rate": ("repeat purchase rate", "herhaalaankooppercentage"),
    "kpi.repeat_customer_ratio": ("repeat customer ratio", "herhaalkopersratio"),
    "kpi.clv": ("customer lifetime value (CLV)", "klantwaarde (CLV)"),
    "kpi.clv_predicted": ("predicted CLV", "voorspelde klantwaarde"),
    "kpi.nps": ("Net Promoter Score", "Net Promoter Score"),
    "kpi.csat": ("customer satisfaction (CSAT)", "klanttevredenheid (CSAT)"),
    "kpi.retention_cost": ("customer retention cost", "klantbehoudkosten"),
    "kpi.upsell_ratio": ("upsell ratio", "upsell-ratio"),
    "kpi.cross_sell_ratio": ("cross-sell ratio", "cross-sell-ratio"),
    "kpi.loyalty_index": ("customer loyalty index", "klantloyaliteitsindex"),
    "kpi.purchase_frequency": ("purchase frequency", "aankoopfrequentie"),
    "kpi.orders_per_customer": ("orders per customer", "bestellingen per klant"),
    "kpi.average_order_value": ("average order value", "gemiddelde orderwaarde"),
    "kpi.revenue": ("revenue", "omzet"),
    "kpi.nrr": ("net revenue retention", "netto omzetbehoud"),
    "kpi.grr": ("gross revenue retention", "bruto omzetbehoud"),
    # customer base movements
    "base.start": ("customers at start", "klanten aan begin"),
    "base.new": ("new customers", "nieuwe klanten"),
    "base.reactivated": ("reactivated customers", "teruggekeerde klanten"),
    "base.lost": ("lost customers", "verloren klanten"),
    "base.end": ("customers at end", "klanten aan eind"),
    "base.active": ("active customers", "actieve klanten"),
    # kpi_table columns (English names are the column keys themselves)
    "col.period": ("period", "periode"),
    "col.segment": ("segment", "segment"),
    "col.complete": ("complete period", "volledige periode"),
    "col.customers_start": ("customers at start", "klanten aan begin"),
    "col.customers_new": ("new customers", "nieuwe klanten"),
    "col.customers_reactivated": ("reactivated customers", "teruggekeerde klanten"),
    "col.customers_lost": ("lost customers", "verloren klanten"),
    "col.customers_end": ("customers at end", "klanten aan eind"),
    "col.retention_rate": ("retention rate (%)", "klantbehoudpercentage (%)"),
    "col.churn_rate": ("churn rate (%)", "churnrate (%)"),
    "col.buyers": ("buying customers", "kopende klanten"),
    "col.orders": ("orders", "bestellingen"),
    "col.revenue": ("revenue (EUR)", "omzet (EUR)"),
    "col.orders_per_customer": ("orders per customer", "bestellingen per klant"),
    "col.average_order_value": ("average order value (EUR)", "gemiddelde orderwaarde (EUR)"),
    "col.repeat_buyers": ("repeat buyers", "herhaalkopers"),
    "col.one_time_buyers": ("one-time buyers", "eenmalige kopers"),
    "col.repeat_purchase_rate": ("repeat purchase rate (%)", "herhaalaankooppercentage (%)"),
    "col.repeat_customer_ratio": ("repeat customer ratio", "herhaalkopersratio"),
    "col.upsell_ratio": ("upsell ratio (%)", "upsell-ratio (%)"),
    "col.cross_sell_ratio": ("cross-sell ratio (%)", "cross-sell-ratio (%)"),
    "col.nps": ("NPS", "NPS"),
    "col.nps_ci_low": ("NPS 95% low", "NPS 95% onder"),
    "col.nps_ci_high": ("NPS 95% high", "NPS 95% boven"),
    "col.nps_answers": ("NPS answers", "NPS-antwoorden"),
    "col.csat": ("CSAT (%)", "klanttevredenheid (%)"),
    "col.csat_ci_low": ("CSAT 95% low", "CSAT 95% onder"),
    "col.csat_ci_high": ("CSAT 95% high", "CSAT 95% boven"),
    "col.csat_answers": ("CSAT answers", "CSAT-antwoorden"),
    "col.loyalty_index": ("loyalty index", "klantloyaliteitsindex"),
    "col.loyalty_index_ci_low": ("loyalty index 95% low", "loyaliteitsindex 95% onder"),
    "col.loyalty_index_ci_high": ("loyalty index 95% high", "loyaliteitsindex 95% boven"),
    "col.loyalty_index_answers": ("loyalty index answers", "loyaliteitsindex-antwoorden"),
    "col.retention_spend": ("retention spend (EUR)", "klantbehoudbudget (EUR)"),
    "col.retention_cost": ("retention cost per customer (EUR)", "klantbehoudkosten per klant (EUR)"),
    # loyalty-programme tables
    "col.outcome": ("outcome", "uitkomst"),
    "col.active": ("active (share)", "actief (aandeel)"),
    "col.members_after_joining": ("members after joining", "leden na aanmelding"),
    "col.non_members_after_start": ("non-members after the start", "niet-leden na de start"),
    "col.members_vs_non_members": ("members minus non-members", "leden min niet-leden"),
    "col.members_before_joining": ("members before joining", "leden vóór aanmelding"),
    "col.after_vs_before": ("after minus before", "na min vóór"),
    "col.method": ("method", "methode"),
    "col.estimate": ("estimate", "schatting"),
    "col.std_error": ("standard error", "standaardfout"),
    "col.ci_low": ("95% low", "95% onder"),
    "col.ci_high": ("95% high", "95% boven"),
    "col.n_obs": ("observations", "waarnemingen"),
    "col.members_mean": ("members", "leden"),
    "col.non_members_mean": ("non-members", "niet-leden"),
    "col.smd_before": ("standardised difference before", "gestandaardiseerd verschil vooraf"),
    "col.compared_members_mean": ("compared members", "vergeleken leden"),
    "col.weighted_non_members_mean": ("weighted non-members", "gewogen niet-leden"),
    "col.smd_after": ("standardised difference after", "gestandaardiseerd verschil na weging"),
    "col.frequency": ("repeat orders", "herhaalbestellingen"),
    "col.recency_days": ("days since last order", "dagen sinds laatste bestelling"),
    "col.tenure_days": ("tenure (days)", "klantduur (dagen)"),
    "col.spend": ("spend (EUR)", "besteding (EUR)"),
    "col.group": ("group", "groep"),
    "col.member": ("member", "lid"),
    "col.non-member": ("non-member", "niet-lid"),
    "col.customers": ("customers", "klanten"),
    "col.churned": ("churned", "vertrokken"),
    "col.median_days": ("median lifetime (days)", "mediane levensduur (dagen)"),
    "col.median_ci_low": ("median 95% low", "mediaan 95% onder"),
    "col.median_ci_high": ("median 95% high", "mediaan 95% boven"),
    "col.rmst_days": ("restricted mean (days)", "begrensd gemiddelde (dagen)"),
    "col.rmst_ci_low": ("restricted mean 95% low", "begrensd gemiddelde 95% onder"),
    "col.rmst_ci_high": ("restricted mean 95% high", "begrensd gemiddelde 95% boven"),
    "col.tau_days": ("horizon (days)", "horizon (dagen)"),
    "col.hazard_ratio": ("hazard ratio", "hazard ratio"),
    "col.value_per_member": ("value per member (EUR)", "waarde per lid (EUR)"),
    # survival, risk, CLV and reason tables
    "col.survival_91d": ("still active after 3 months", "nog actief na 3 maanden"),
    "col.survival_182d": ("still active after 6 months", "nog actief na 6 maanden"),
    "col.survival_365d": ("still active after 12 months", "nog actief na 12 maanden"),
    "col.group_a": ("group A", "groep A"),
    "col.group_b": ("group B", "groep B"),
    "col.statistic": ("test statistic", "toetsingsgrootheid"),
    "col.p_value": ("p-value", "p-waarde"),
    "col.p_adjusted": ("p-value (Holm)", "p-waarde (Holm)"),
    "col.covariate": ("attribute", "kenmerk"),
    "col.ph_p_value": ("proportional-hazards test p", "toets proportionele hazards p"),
    "col.share": ("share (%)", "aandeel (%)"),
    "col.share_ci_low": ("share 95% low", "aandeel 95% onder"),
    "col.share_ci_high": ("share 95% high", "aandeel 95% boven"),
    "col.mean_p_alive": ("mean P(alive)", "gemiddelde P(actief)"),
    "col.revenue_at_stake": ("revenue at stake, last 12 months (EUR)", "omzet op het spel, laatste 12 maanden (EUR)"),
    "col.purchase_frequency": ("orders per year", "bestellingen per jaar"),
    "col.yearly_churn_rate": ("yearly churn rate", "churnrate per jaar"),
    "col.lifespan_years": ("lifespan (years)", "levensduur (jaren)"),
    "col.clv": ("CLV (EUR)", "klantwaarde (EUR)"),
    # summary statistics (pandas describe())
    "stat.count": ("count", "aantal"),
    "stat.mean": ("mean", "gemiddelde"),
    "stat.std": ("standard deviation", "standaardafwijking"),
    "stat.min": ("minimum", "minimum"),
    "stat.max": ("maximum", "maximum"),
    "col.parameter": ("parameter", "parameter"),
    "col.lost_revenue_12m": ("lost revenue over 12 months (EUR)", "verloren omzet over 12 maanden (EUR)"),
    "col.cumulative_share": ("cumulative share (%)", "cumulatief aandeel (%)"),
    "col.reason": ("reason", "reden"),
    "col.text": ("text as typed", "tekst zoals getypt"),
    "col.count": ("customers", "klanten"),
    "col.new_customers": ("new customers", "nieuwe klanten"),
    "col.nrr": ("net revenue retention (%)", "netto omzetbehoud (%)"),
    "col.grr": ("gross revenue retention (%)", "bruto omzetbehoud (%)"),
    "col.mean_clv": ("mean CLV (EUR)", "gemiddelde klantwaarde (EUR)"),
    "col.total_clv": ("total CLV (EUR)", "totale klantwaarde (EUR)"),
    "col.max_acquisition_cost": ("acquisition cost ceiling (EUR)", "plafond acquisitiekosten (EUR)"),
    "col.cautious_max_acquisition_cost": ("cautious ceiling (EUR)", "voorzichtig plafond (EUR)"),
    # kpi_summary columns
    "summary.value": ("value", "waarde"),
    "summary.previous": ("previous period", "vorige periode"),
    "summary.change": ("change", "verschil"),
    "summary.target": ("target", "doel"),
    "summary.vs_target": ("vs target", "t.o.v. doel"),
    # definition_check
    "definition.crr_window": ("customer retention rate (the report's)", "klantbehoud (van dit rapport)"),
    "definition.crr_window_half": ("customer retention rate, half the active window",
                                   "klantbehoud, half het actieve venster"),
    "definition.crr_window_double": ("customer retention rate, twice the active window",
                                     "klantbehoud, twee keer het actieve venster"),
    "definition.kept_window": ("kept: still active at the end (100 - churn)", "behouden: aan het eind nog actief (100 - churn)"),
    "definition.bought_again": ("bought again: last period's buyers who bought in this one",
                                "opnieuw gekocht: kopers van de vorige periode die in deze kochten"),
    "definition.p_alive": ("purchase model: mean chance still active", "aankoopmodel: gemiddelde kans nog actief"),
    "col.definition": ("definition", "definitie"),
    "definitions.col.now": ("this period (%)", "deze periode (%)"),
    "definitions.col.before": ("period before (%)", "periode ervoor (%)"),
    "definitions.col.change": ("change (pp)", "verschil (procentpunt)"),
    "definitions.col.flips": ("opposite direction", "andere richting"),
    # cohort metrics
    "metric.customers": ("active customers per cohort", "actieve klanten per cohort"),
    "metric.retention": ("customer retention", "klantbehoud"),
    "metric.orders": ("orders per cohort", "bestellingen per cohort"),
    "metric.revenue": ("revenue per cohort (EUR)", "omzet per cohort (EUR)"),
    "metric.revenue_retention": ("net revenue retention", "netto omzetbehoud"),
    "metric.gross_revenue_retention": ("gross revenue retention", "bruto omzetbehoud"),
    "metric.mrr_retention": ("net MRR retention by start month", "netto MRR-behoud per startmaand"),
    "metric.mrr": ("MRR per cohort (EUR)", "MRR per cohort (EUR)"),
    # churn reasons
    "reason.other": ("other", "overig"),
    "reason.unmapped": ("unmapped text", "niet herkende tekst"),
    "reason.not_given": ("no reason given", "geen reden opgegeven"),
    "reason.axis": ("reason", "reden"),
    "reason.lost_revenue": ("lost revenue over 12 months (EUR)", "verloren omzet over 12 maanden (EUR)"),
    "reason.cumulative": ("cumulative share (%)", "cumulatief aandeel (%)"),
    "reason.incidence": ("cumulative incidence of churn", "cumulatieve kans op opzegging"),
    "reason.tenure": ("days since signup", "dagen sinds aanmelding"),
    "nps.detractor": ("detractors (0-6)", "criticasters (0-6)"),
    "nps.passive": ("passives (7-8)", "passieven (7-8)"),
    "nps.promoter": ("promoters (9-10)", "promotors (9-10)"),
    # loyalty programme
    "loyalty.truth": ("true effect (demo)", "echt effect (demo)"),
    "loyalty.effect": ("extra orders per member per month", "extra bestellingen per lid per maand"),
    "loyalty.event_time": ("months since joining", "maanden sinds aanmelding"),
    "loyalty.naive: members vs non-members": ("naive: members vs non-members", "naïef: leden vs niet-leden"),
    "loyalty.naive: members after vs before joining": ("naive: members after vs before joining",
                                                       "naïef: leden na vs voor aanmelding"),
    "loyalty.DiD, two-way FE, all non-members": ("DiD, all non-members", "DiD, alle niet-leden"),
    "loyalty.DiD, two-way FE, propensity-weighted": ("DiD, comparable non-members", "DiD, vergelijkbare niet-leden"),
    "loyalty.event study, propensity-weighted (Callaway-Sant'Anna)": (
        "event study, comparable non-members", "event study, vergelijkbare niet-leden"),
    # subscriptions (contracts)
    "kpi.revenue_churn_rate": ("revenue churn (MRR lost)", "omzetverloop (verloren MRR)"),
    "kpi.net_mrr_retention": ("net MRR retention", "netto MRR-behoud"),
    "kpi.gross_mrr_retention": ("gross MRR retention", "bruto MRR-behoud"),
    "kpi.quick_ratio": ("quick ratio", "quick ratio"),
    "kpi.mrr_end": ("MRR at the end of the period", "MRR aan het eind van de periode"),
    "kpi.arpa": ("average MRR per customer (ARPA)", "gemiddelde MRR per klant (ARPA)"),
    "col.customers_expanded": ("customers upgrading", "klanten die opwaarderen"),
    "col.customers_contracted": ("customers downgrading", "klanten die afwaarderen"),
    "col.mrr_start": ("MRR at start (EUR)", "MRR aan begin (EUR)"),
    "col.mrr_new": ("new MRR (EUR)", "nieuwe MRR (EUR)"),
    "col.mrr_expansion": ("expansion MRR (EUR)", "uitbreidings-MRR (EUR)"),
    "col.mrr_reactivation": ("reactivation MRR (EUR)", "heractiverings-MRR (EUR)"),
    "col.mrr_contraction": ("contraction MRR (EUR)", "krimp-MRR (EUR)"),
    "col.mrr_churned": ("churned MRR (EUR)", "verloren MRR (EUR)"),
    "col.mrr_end": ("MRR at end (EUR)", "MRR aan eind (EUR)"),
    "col.mrr": ("MRR (EUR)", "MRR (EUR)"),
    "col.revenue_churn_rate": ("revenue churn (%)", "omzetverloop (%)"),
    "col.net_mrr_retention": ("net MRR retention (%)", "netto MRR-behoud (%)"),
    "col.gross_mrr_retention": ("gross MRR retention (%)", "bruto MRR-behoud (%)"),
    "col.quick_ratio": ("quick ratio", "quick ratio"),
    "col.arpa": ("ARPA (EUR)", "ARPA (EUR)"),
    "col.contracts": ("contracts started", "gestarte contracten"),
    "col.plan": ("plan", "abonnement"),
    "col.billing_period": ("billing period", "betaaltermijn"),
    "col.first_mrr": ("first MRR (EUR)", "eerste MRR (EUR)"),
    "col.subscribers": ("active subscribers", "actieve abonnees"),
    "col.expected_remaining": ("expected months in the next 5 years", "verwachte maanden in de komende 5 jaar"),
    "col.clv_per_subscriber": ("value per subscriber (EUR)", "waarde per abonnee (EUR)"),
    "col.clv_total": ("value of the base (EUR)", "waarde van het bestand (EUR)"),
    "col.own_model": ("model of its own", "eigen model"),
    "col.mape": ("error of the total (%)", "fout in het totaal (%)"),
    "col.last_period_error": ("error in the last month (%)", "fout in de laatste maand (%)"),
    "col.holdout_log_likelihood": ("holdout log-likelihood", "log-likelihood achtergehouden maanden"),
    "col.log_likelihood": ("log-likelihood (fit)", "log-likelihood (schatting)"),
    "col.aic": ("AIC (lower fits better)", "AIC (lager past beter)"),
    "col.model": ("model", "model"),
    "model.sbg": ("sBG (constant churn per subscriber)", "sBG (constante churn per abonnee)"),
    "model.bdw": ("BdW (churn changes with tenure)", "BdW (churn verandert met looptijd)"),
    "word.contracts": ("contracts started", "gestarte contracten"),
    "word.mrr": ("MRR", "MRR"),
    "word.months_ahead": ("months after the calibration end", "maanden na het kalibratie-einde"),
    "word.subscribers_left": ("subscribers still active", "abonnees nog actief"),
    "word.tenure_months": ("months since the first contract", "maanden sinds het eerste contract"),
    "word.still_subscribed": ("still subscribed (%)", "nog geabonneerd (%)"),
    "word.kaplan_meier": ("observed (Kaplan-Meier)", "waargenomen (Kaplan-Meier)"),
    "mrr.start": ("MRR at start", "MRR aan begin"),
    "mrr.new": ("new", "nieuw"),
    "mrr.expansion": ("expansion", "uitbreiding"),
    "mrr.reactivation": ("reactivation", "heractivering"),
    "mrr.contraction": ("contraction", "krimp"),
    "mrr.churned": ("churned", "verloren"),
    "mrr.end": ("MRR at end", "MRR aan eind"),
    "mrr.title": ("MRR movements", "MRR-bewegingen"),
    "table.mrr_movements": ("MRR movements per period", "MRR-bewegingen per periode"),
    "table.contract_kpis": ("Contract KPIs per period", "Contract-KPI's per periode"),
    "table.plans": ("KPIs per plan, last complete quarter", "KPI's per abonnement, laatste volledige kwartaal"),
    "table.retention_models": ("Retention models judged on the held-out months",
                               "Behoudmodellen beoordeeld op de achtergehouden maanden"),
    "table.contract_clv": ("Value of the active subscribers (95% intervals)",
                           "Waarde van de actieve abonnees (95%-intervallen)"),
    "nb.01_subscriptions": ("Subscriber retention", "Abonneebehoud"),
    "tile.revenue_churn_rate": ("Revenue churn (MRR lost)", "Omzetverloop (verloren MRR)"),
    "tile.net_mrr_retention": ("Net MRR retention", "Netto MRR-behoud"),
    "tile.quick_ratio": ("Quick ratio (MRR won / lost)", "Quick ratio (MRR gewonnen / verloren)"),
    "tile.mrr_end": ("MRR", "MRR"),
    "tile.expected_remaining": ("Expected months per subscriber in the next 5 years",
                                "Verwachte maanden per abonnee in de komende 5 jaar"),
    "tile.contract_clv": ("Value per subscriber", "Waarde per abonnee"),
    # index tiles
    "tile.retention_rate": ("Customer retention rate", "Klantbehoudpercentage"),
    "tile.churn_rate": ("Churn rate", "Churnrate"),
    "tile.repeat_purchase_rate": ("Repeat purchase rate", "Herhaalaankooppercentage"),
    "tile.nps": ("Net Promoter Score", "Net Promoter Score"),
    "tile.clv": ("Predicted CLV, 12 months", "Voorspelde klantwaarde, 12 maanden"),
    "tile.loyalty_effect": ("Loyalty programme: extra orders per member per month",
                            "Loyaliteitsprogramma: extra bestellingen per lid per maand"),
    "tile.vs_previous": ("vs previous period", "t.o.v. vorige periode"),
    "tile.vs_period": ("vs {period}", "t.o.v. {period}"),
    "tile.reactivated": ("{share:.1f}% of the base came back (counted as kept; churn does not)",
                         "{share:.1f}% van het bestand kwam terug (telt als behouden; churn niet)"),
    "tile.vs_target": ("vs target", "t.o.v. doel"),
    # survival and risk
    "risk.high": ("high risk", "hoog risico"),
    "risk.medium": ("medium risk", "middelmatig risico"),
    "risk.low": ("low risk", "laag risico"),
    "surv.days": ("days since first order", "dagen sinds eerste bestelling"),
    "surv.days_contract": ("days since the first contract", "dagen sinds het eerste contract"),
    "surv.survival": ("share still active", "aandeel nog actief"),
    "surv.title": ("Customer survival (Kaplan-Meier)", "Klantoverleving (Kaplan-Meier)"),
    "surv.no_attributes": ("no customer attributes to compare", "geen klantkenmerken om te vergelijken"),
    "surv.hazard_ratio": ("hazard ratio (95% interval)", "hazard ratio (95%-interval)"),
    "clv.frequency": ("repeat purchases in calibration", "herhaalaankopen in kalibratie"),
    "clv.holdout": ("mean repeat purchases in holdout", "gemiddelde herhaalaankopen in controleperiode"),
    "clv.actual": ("actual", "werkelijk"),
    "clv.predicted": ("predicted (BG/NBD)", "voorspeld (BG/NBD)"),
    "clv.cumulative": ("cumulative repeat purchases", "cumulatieve herhaalaankopen"),
    "clv.value": ("predicted CLV (EUR)", "voorspelde klantwaarde (EUR)"),
    "sbg.observed": ("observed", "waargenomen"),
    "sbg.projected": ("projected (sBG)", "geprojecteerd (sBG)"),
    "sbg.period": ("period since start", "periode sinds start"),
    "sbg.survivors": ("customers still active", "klanten nog actief"),
    # general words
    "word.average": ("average", "gemiddelde"),
    "word.all_customers": ("all customers", "alle klanten"),
    "word.target": ("target", "doel"),
    "word.period": ("period", "periode"),
    "word.month": ("month", "maand"),
    "word.orders": ("orders", "bestellingen"),
    "word.customers": ("customers", "klanten"),
    "word.new_customers": ("new customers", "nieuwe klanten"),
    "word.rows": ("rows", "rijen"),
    "word.table": ("table", "tabel"),
    "word.rows_read": ("rows read", "rijen gelezen"),
    "word.rows_used": ("rows used", "rijen gebruikt"),
    "word.rows_set_aside": ("rows set aside", "rijen apart gezet"),
    "word.first_date": ("first date", "eerste datum"),
    "word.last_date": ("last date", "laatste datum"),
    "word.columns": ("columns", "kolommen"),
    "word.incomplete": ("incomplete period", "onvolledige periode"),
    "word.cohort": ("cohort", "cohort"),
    "word.periods_since": ("periods since first order", "perioden sinds eerste bestelling"),
    "word.periods_since_start": ("periods since the first contract", "perioden sinds het eerste contract"),
    "word.actual": ("actual", "werkelijk"),
    "word.or": ("or", "of"),
    "reason.price": ("price and charges", "prijs en kosten"),
    "reason.better_offer": ("a better offer elsewhere", "beter aanbod elders"),
    "reason.service": ("service and support", "service en ondersteuning"),
    "reason.quality": ("product and quality", "product en kwaliteit"),
    "reason.convenience": ("convenience", "gemak"),
    "reason.no_longer_needed": ("no longer needed", "niet meer nodig"),
    "reason.involuntary": ("involuntary (moved, deceased, payment failed)", "onvrijwillig (verhuisd, overleden, betaling mislukt)"),
    "reason.no_reason": ("no reason / don't know", "geen reden / weet niet"),
    "col.suggestion": ("suggested reason", "voorgestelde reden"),
    "col.reason_confidence": ("confidence", "zekerheid"),
    "word.count": ("count", "aantal"),
    "word.share": ("share", "aandeel"),
    "word.euro": ("EUR", "EUR"),
    # ledger
    "ledger.refund": ("Refunds (negative revenue)", "Terugbetalingen (negatieve omzet)"),
    "ledger.duplicate": ("Exact duplicate lines", "Exact dubbele regels"),
    "ledger.order_customers_missing": (
        "Customers with orders but no row in the customers table (kept; their segment is unknown)",
        "Klanten met bestellingen maar zonder rij in de klantentabel (behouden; hun segment is onbekend)"),
    "ledger.no_customer_id": ("Orders without a customer id (guest checkouts)", "Bestellingen zonder klantnummer (gastbestellingen)"),
    "ledger.return_netted": ("Returns netted against their purchase", "Retouren verrekend met hun aankoop"),
    "ledger.return_excess": ("Part of returns larger than their purchase (not subtracted; lines counted above)",
                             "Deel van retouren groter dan hun aankoop (niet verrekend; regels hierboven geteld)"),
    "ledger.return_unmatched": ("Returns without an earlier purchase (value not netted)",
                                "Retouren zonder eerdere aankoop (waarde niet verrekend)"),
    "ledger.cancelled": ("Purchase lines returned in full (their value is in the returns netted)",
                         "Volledig geretourneerde aankoopregels (hun waarde zit in de verrekende retouren)"),
    "ledger.after_end": ("Dated after the observation end", "Gedateerd na het einde van de observatieperiode"),
    "ledger.signup_after_end": ("Signed up after the observation end", "Aangemeld na het einde van de observatieperiode"),
    "ledger.churn_after_end": (
        "Churned after the observation end (counted as active)",
        "Opgezegd na het einde van de observatieperiode (telt als actief)",
    ),
    "ledger.join_after_end": (
        "Joined the loyalty programme after the observation end (counted as non-member)",
        "Lid van het loyaliteitsprogramma na het einde van de observatieperiode (telt als niet-lid)",
    ),
    "ledger.end_after_end": ("Contract ends after the observation end (active at that date)",
                             "Contracteinde na het einde van de observatieperiode (op die datum actief)"),
    "ledger.cancel_after_end": ("Notice given after the observation end (active at that date)",
                                "Opgezegd na het einde van de observatieperiode (op die datum actief)"),
    "ledger.overlap_clipped": ("Contract rows overlapping the customer's next row (ended where it starts)",
                               "Contractregels die de volgende regel van de klant overlappen (beëindigd waar die begint)"),
    "ledger.near_duplicate_ids": ("Ids that differ from another only in case or spaces (kept apart; ids='casefold' "
                                  "merges them)", "Klantnummers die alleen in hoofdletters of spaties van een ander "
                                  "verschillen (apart gehouden; ids='casefold' voegt ze samen)"),
    "ledger.in_file": ("Revenue in the file", "Omzet in het bestand"),
    "ledger.used": ("Revenue used in the analyses", "Omzet gebruikt in de analyses"),
    "ledger.set_aside": ("Revenue set aside (the rows above)", "Apart gezette omzet (de rijen hierboven)"),
    "ledger.returns_netted": ("Of the revenue used: returns netted against their purchase",
                              "Van de gebruikte omzet: retouren verrekend met hun aankoop"),
    "ledger.col.item": ("", ""),
    "ledger.nothing": ("No rows set aside", "Geen rijen apart gezet"),
    "ledger.col.table": ("table", "tabel"),
    "ledger.col.reason": ("reason", "reden"),
    "ledger.col.rows": ("rows", "rijen"),
    "ledger.col.revenue_set_aside": ("revenue set aside (EUR)", "apart gezette omzet (EUR)"),
    "ledger.col.revenue_adjusted": ("revenue netted (EUR)", "verrekende omzet (EUR)"),
    # report
    "report.title": ("Customer retention report", "Rapport klantbehoud"),
    "report.period": ("Observation end", "Einde observatieperiode"),
    "report.source": ("Data source", "Databron"),
    "report.ledger": ("Data quality: rows set aside", "Datakwaliteit: apart gezette rijen"),
    "report.sections": ("Reports", "Rapporten"),
    "surv.compared_with": ("Hazard ratios compared with {groups} (ratio 1)", "Hazardratio's vergeleken met {groups} (ratio 1)"),
    "word.on_or_after": ("ordered in that period or later", "besteld in die periode of later"),
    "report.settings": ("How these numbers were made", "Hoe deze cijfers zijn gemaakt"),
    "tile.not_available": ("not available", "niet beschikbaar"),
    "tile.unreliable": ("unreliable: the model does not fit these data", "onbetrouwbaar: het model past niet op deze data"),
    "report.tables": ("Data loaded", "Geladen data"),
    "report.skipped": ("not run, it needs these tables: ", "niet uitgevoerd, nodig zijn de tabellen: "),
    "report.generated": ("Generated", "Gemaakt op"),
    # report tables: titles and cell words
    "word.yes": ("yes", "ja"),
    "word.no": ("no", "nee"),
    "stat.25%": ("25th percentile", "25e percentiel"),
    "stat.50%": ("median", "mediaan"),
    "stat.75%": ("75th percentile", "75e percentiel"),
    "stat.90%": ("90th percentile", "90e percentiel"),
    "col.table": ("table", "tabel"),
    "col.rows_read": ("rows read", "rijen gelezen"),
    "col.rows_used": ("rows used", "rijen gebruikt"),
    "col.rows_set_aside": ("rows set aside", "rijen apart gezet"),
    "col.first_date": ("first date", "eerste datum"),
    "col.last_date": ("last date", "laatste datum"),
    "predictor.bgnbd": ("BG/NBD", "BG/NBD"),
    "predictor.mbgnbd": ("MBG/NBD", "MBG/NBD"),
    "predictor.boosting": ("gradient boosting (machine learning)", "gradient boosting (machine learning)"),
    "predictor.pareto_nbd": ("Pareto/NBD", "Pareto/NBD"),
    "predictor.past_rate": ("own past rate", "eigen eerdere tempo"),
    "predictor.recency_rule": ("recency rule", "recency-regel"),
    "col.predictor": ("prediction", "voorspelling"),
    "col.mae": ("mean absolute error per customer", "gemiddelde absolute fout per klant"),
    "col.trusted": ("identified at every date", "op elke datum geïdentificeerd"),
    "col.mae_sd": ("spread of that error over the dates (sd)", "spreiding van die fout over de datums (sd)"),
    "col.total_error": ("total error (%)", "totale fout (%)"),
    "col.brier": ("Brier score", "Brier-score"),
    "col.c_index": ("ranking (C-index)", "rangorde (C-index)"),
    "col.predicted": ("predicted purchases", "voorspelde aankopen"),
    "col.actual": ("actual purchases", "werkelijke aankopen"),
    "scorecard.title": ("Holdout check: predicted against actual purchases", "Controle: voorspelde tegen werkelijke aankopen"),
    "table.backtest": ("The same test at several calibration dates: mean scores",
                       "Dezelfde toets op meerdere kalibratiedatums: gemiddelde scores"),
    "table.scorecard": ("Which prediction to trust: scores on the holdout", "Welke voorspelling te vertrouwen: scores op de controleperiode"),
    "nb.04_retention_campaigns": ("Retention campaigns", "Behoudcampagnes"),
    "col.campaign": ("campaign", "campagne"),
    "col.arm": ("arm (mail)", "variant (mail)"),
    "col.treated": ("got the campaign", "kregen de campagne"),
    "col.controls": ("control group", "controlegroep"),
    "col.has_control": ("with a control group", "met controlegroep"),
    "col.retained_treatment": ("bought again, campaign (%)", "kocht opnieuw, campagne (%)"),
    "col.retained_control": ("bought again, control (%)", "kocht opnieuw, controle (%)"),
    "col.effect": ("effect (%-points)", "effect (%-punten)"),
    "col.revenue_treatment": ("revenue per customer, campaign (EUR)", "omzet per klant, campagne (EUR)"),
    "col.revenue_control": ("revenue per customer, control (EUR)", "omzet per klant, controle (EUR)"),
    "col.revenue_effect": ("extra revenue per customer (EUR)", "extra omzet per klant (EUR)"),
    "col.revenue_ci_low": ("extra revenue 95% low (EUR)", "extra omzet 95% onder (EUR)"),
    "col.revenue_ci_high": ("extra revenue 95% high (EUR)", "extra omzet 95% boven (EUR)"),
    "col.incremental_customers": ("customers kept by the campaign", "klanten behouden door de campagne"),
    "col.incremental_revenue": ("extra revenue (EUR)", "extra omzet (EUR)"),
    "col.cost": ("cost (EUR)", "kosten (EUR)"),
    "col.cost_per_retained": ("cost per customer kept (EUR)", "kosten per behouden klant (EUR)"),
    "col.roi": ("return on cost (%)", "rendement op kosten (%)"),
    "col.feature": ("before the campaign", "vóór de campagne"),
    "col.treatment_mean": ("campaign group", "campagnegroep"),
    "col.control_mean": ("control group", "controlegroep"),
    "col.smd": ("standardised difference", "gestandaardiseerd verschil"),
    "col.imbalanced": ("groups differ", "groepen verschillen"),
    "col.orders_before": ("orders in the year before", "bestellingen in het jaar ervoor"),
    "col.revenue_before": ("revenue in the year before (EUR)", "omzet in het jaar ervoor (EUR)"),
    "col.strategy": ("whom to target", "wie benaderen"),
    "col.targeted": ("customers targeted", "benaderde klanten"),
    "col.incremental_buyers": ("extra buyers", "extra kopers"),
    "col.incremental_profit": ("extra profit (EUR)", "extra winst (EUR)"),
    "strategy.expected_profit": ("highest expected profit (uplift model)", "hoogste verwachte winst (upliftmodel)"),
    "strategy.churn_risk": ("highest churn risk (longest silent)", "hoogste churnrisico (langst stil)"),
    "strategy.random": ("at random", "willekeurig"),
    "strategy.best_arm": ("the best mail per customer", "de beste mail per klant"),
    "strategy.only": ("{detail} only", "alleen {detail}"),
    "strategy.nothing": ("send nothing", "niets versturen"),
    "campaign.day": ("days since the campaign was sent", "dagen sinds de campagne verstuurd is"),
    "campaign.bought": ("bought again (%)", "opnieuw gekocht (%)"),
    "campaign.treatment": ("got the campaign", "kregen de campagne"),
    "campaign.control": ("control group", "controlegroep"),
    "campaign.difference": ("difference", "verschil"),
    "campaign.targeted": ("customers targeted, highest score first (%)", "benaderde klanten, hoogste score eerst (%)"),
    "campaign.incremental": ("extra buyers (% of customers)", "extra kopers (% van de klanten)"),
    "campaign.qini": ("Whom does the campaign move? (Qini curves)", "Wie beweegt de campagne? (Qini-curves)"),
    "table.campaigns": ("Did the campaigns keep customers?", "Hielden de campagnes klanten vast?"),
    "table.campaign_balance": ("Were the groups alike before the campaign?", "Waren de groepen gelijk vóór de campagne?"),
    "table.campaign_segments": ("Effect per segment", "Effect per segment"),
    "table.targeting": ("Same budget, different ways to choose whom to target", "Zelfde budget, verschillende keuzes wie te benaderen"),
    "bgbb.recency": ("opportunity of the last transaction", "kans van de laatste transactie"),
    "bgbb.frequency": ("transactions", "transacties"),
    "bgbb.alive": ("Still active at the next opportunity (BG/BB)", "Nog actief bij de volgende kans (BG/BB)"),
    "table.empty": ("Nothing to show for these data.", "Niets te tonen voor deze data."),
    "table.data_loaded": ("Tables loaded", "Geladen tabellen"),
    "table.revenue_balance": ("Revenue in the file = revenue used + revenue set aside",
                              "Omzet in het bestand = gebruikte omzet + apart gezette omzet"),
    "table.ledger": ("Rows set aside, and why", "Apart gezette rijen, en waarom"),
    "table.activity": ("Activity per period, last twelve periods", "Activiteit per periode, laatste twaalf periodes"),
    "table.definition_check": ("The headline retention under other honest definitions",
                               "Het kernbehoud volgens andere eerlijke definities"),
    "table.kpi_summary": ("Headline KPIs: the last complete period against the one before",
                          "Kern-KPI's: de laatste volledige periode tegenover de periode ervoor"),
    "table.base_movements": ("The customer base per period, last twelve periods",
                             "Het klantenbestand per periode, laatste twaalf periodes"),
    "table.segments": ("KPIs per segment, last complete quarter", "KPI's per segment, laatste volledige kwartaal"),
    "table.revenue_retention": ("Revenue retention by periods since the first order (mean over cohorts)",
                                "Omzetbehoud naar perioden sinds de eerste bestelling (gemiddelde over cohorten)"),
    "table.survival": ("Customer lifetimes per group (Kaplan-Meier)", "Klantlevensduur per groep (Kaplan-Meier)"),
    "table.logrank": ("Do the groups differ? Log-rank tests", "Verschillen de groepen? Logranktoetsen"),
    "table.churn_drivers": ("What goes with leaving sooner: hazard ratios (Cox model)",
                            "Wat samengaat met eerder vertrekken: hazardratio's (Cox-model)"),
    "table.risk_segments": ("Customers by churn risk", "Klanten naar churnrisico"),
    "table.simple_clv": ("Customer value by the simple formula", "Klantwaarde volgens de eenvoudige formule"),
    "table.bgnbd": ("BG/NBD model parameters", "Parameters van het BG/NBD-model"),
    "table.clv_distribution": ("Predicted CLV per customer: distribution", "Voorspelde klantwaarde per klant: verdeling"),
    "table.cac_ceiling": ("How much a new customer may cost", "Hoeveel een nieuwe klant mag kosten"),
    "table.unmapped": ("Churn reasons that matched no category", "Opzegredenen die bij geen categorie pasten"),
    "table.reasons": ("Churn reasons: customers and lost revenue", "Opzegredenen: klanten en verloren omzet"),
    "table.reasons_by_segment": ("Churn reasons per segment", "Opzegredenen per segment"),
    "table.incidence_365": ("Chance of leaving within a year of signing up, per reason",
                            "Kans op vertrek binnen een jaar na aanmelding, per reden"),
    "table.satisfaction_churn": ("Who leaves: churn per NPS group", "Wie vertrekt: churn per NPS-groep"),
    "table.satisfaction_link": ("Why they leave: reasons per NPS group (% of those who left)",
                                "Waarom ze vertrekken: redenen per NPS-groep (% van wie vertrok)"),
    "col.nps_group": ("NPS group", "NPS-groep"),
    "col.churn_share": ("left (%)", "vertrokken (%)"),
    "col.churn_ci_low": ("95% low", "95% onder"),
    "col.churn_ci_high": ("95% high", "95% boven"),
    "col.all_customers": ("all customers", "alle klanten"),
    "col.base_complete": ("retention measurable", "klantbehoud meetbaar"),
    "table.satisfaction_drivers": ("Satisfaction and leaving: hazard ratios", "Tevredenheid en vertrek: hazardratio's"),
    "table.naive": ("Naive comparisons (biased; shown to compare)", "Naïeve vergelijkingen (vertekend; ter vergelijking)"),
    "table.loyalty_effects": ("Effect of the programme, by method", "Effect van het programma, per methode"),
    "table.balance": ("Were members and non-members comparable?", "Waren leden en niet-leden vergelijkbaar?"),
    "table.landmark": ("Still active: members against non-members", "Nog actief: leden tegenover niet-leden"),
    "table.loyalty_hazard": ("Membership and leaving: hazard ratio", "Lidmaatschap en vertrek: hazardratio"),
    "table.loyalty_value": ("What the programme is worth per member", "Wat het programma per lid waard is"),
    "report.demo_source": ("demo shop (synthetic data)", "demowinkel (synthetische data)"),
    "report.demo_service": ("demo subscription service (synthetic data)", "demo-abonnementsdienst (synthetische data)"),
    "nb.00_data_overview": ("Data overview", "Overzicht van de data"),
    "nb.01_retention": ("Customer retention", "Klantbehoud"),
    "nb.02_churn_reasons": ("Churn reasons", "Redenen van klantverloop"),
    "nb.03_loyalty_programme": ("Loyalty programme", "Loyaliteitsprogramma"),
}


def label(key: str, lang: str = "en") -> str:
    """The label for `key` in `lang` ("en" or "nl"); the key itself when unknown.
    Amounts are labelled in the currency of `lang` (a :class:`Locale`; none for a plain code)."""
    check_lang(lang)
    pair = LABELS.get(key)
    if pair is None:
        return key
    return in_currency(pair[LANGS.index(lang)], currency_of(lang))


class Locale(str):
    """A language code that also says what currency amounts are in: it goes wherever a `lang`
    goes (it is the code, for every comparison and lookup), and labels and sentences name amounts
    in its currency. A plain code names no currency.

    >>> gbp = Locale("nl", "gbp")
    >>> gbp == "nl", gbp.currency, label("col.revenue", gbp), label("col.revenue", "nl")
    (True, 'GBP', 'omzet (GBP)', 'omzet')
    """

    currency: str | None

    def __new__(cls, lang: str, currency: str | None = None):
        if currency is not None and not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
            raise ValueError(f"currency must be a three-letter ISO 4217 code such as 'EUR' or 'GBP', not {currency!r}")
        code = super().__new__(cls, lang)
        code.currency = currency.upper() if currency else None
        return code

    def __reduce__(self):
        return Locale, (str(self), self.currency)


def locale(lang, currency: str | None = None):
    """`lang` (one code, "en,nl" or a list of codes) with amounts in `currency` (an ISO 4217
    code; None: no currency sign): what a report notebook passes as `lang` everywhere.

    >>> locale("en,nl", "EUR")
    ['en', 'nl']
    >>> [code.currency for code in locale(["en", "nl"], "EUR")], locale("nl").currency
    (['EUR', 'EUR'], None)
    """
    codes = [one.strip() for one in (lang.split(",") if isinstance(lang, str) else lang) if one.strip()]
    located = [Locale(code, currency) for code in codes]
    return located[0] if len(located) == 1 and (isinstance(lang, str) and "," not in lang) else located


def currency_of(lang) -> str | None:
    """The currency amounts are named in for `lang` (None for a plain code)."""
    return getattr(lang, "currency", None)


def in_currency(text: str, code: str | None) -> str:
    """`text` with its amounts named in `code`: "(EUR)" and "EUR 12" become "(GBP)" and "GBP 12",
    or disappear when `code` is None.

    >>> in_currency("revenue (EUR)", "GBP"), in_currency("revenue (EUR)", None)
    ('revenue (GBP)', 'revenue')
    """
    if code == "EUR" or "EUR" not in text:
        return text
    if code:
        return text.replace("EUR", code)
    return text.replace(" (EUR)", "").replace("(EUR)", "").replace("EUR ", "")


def localise(frame, lang: str = "en", index: str | None = None, columns: str = "col"):
    """`frame` with the column names that have a ``<columns>.`` label (``col.`` by default)
    written in `lang`, and with `index` the row labels that have an ``<index>.`` label;
    English comes back unchanged.

    >>> import pandas as pd
    >>> localise(pd.DataFrame({"estimate": [0.1]}, index=pd.Index(["member"], name="group")), "nl", index="col")
           schatting
    groep
    lid          0.1
    """
    if lang == "en":
        return frame
    out = frame.rename(columns=lambda key: term(key, lang, columns))
    if index:
        out = out.rename(index=lambda key: term(key, lang, index))
    out.index.names = [term(n, lang) if n is not None else None for n in out.index.names]
    return out


def term(key, lang: str = "en", prefix: str = "col"):
    """The label of ``<prefix>.<key>`` in `lang`, or `key` itself when there is none
    (a value that is already translated, or a name of the user's own).

    >>> term("price", "nl", "reason"), term("my_column", "nl")
    ('prijs en kosten', 'my_column')
    """
    return label(f"{prefix}.{key}", lang) if f"{prefix}.{key}" in LABELS else key


_DUTCH_MARKS = str.maketrans(",.", ".,")


def number(value, spec: str = ",.2f", lang: str = "en") -> str:
    """`value` written with format `spec` and the decimal mark and thousands separator of
    `lang` (Dutch writes 1.234,5).

    >>> number(1234.5, ",.1f", "nl"), number(0.052, ".1%", "nl"), number(1234.5, ",.1f")
    ('1.234,5', '5,2%', '1,234.5')
    """
    text = format(value, spec)
    return text.translate(_DUTCH_MARKS) if lang == "nl" else text


class _NumberFormatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec):
        if spec and isinstance(value, numbers.Real) and not isinstance(value, bool):
            return number(value, spec, self.lang)
        return super().format_field(value, spec)


def fill(template: str, lang: str = "en", **values) -> str:
    """``template.format(**values)`` with numbers written the `lang` way.

    >>> fill("{n:,} leden, {share:.1%} apart gezet", "nl", n=1367, share=0.0947)
    '1.367 leden, 9,5% apart gezet'
    """
    check_lang(lang)
    return _NumberFormatter(lang).format(in_currency(template, currency_of(lang)), **values)


def check_lang(lang: str) -> None:
    """Raises a ValueError that lists the languages when `lang` is not one of them.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ValueError: lang must be one of ('en', 'nl'), not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def labels(keys, lang: str = "en") -> dict[str, str]:
    """A mapping key -> label, handy for ``DataFrame.rename(columns=...)``."""
    return {k: label(k, lang) for k in keys}
