"""retention_kit: customer-retention analytics for marketing.

KPIs and cohort tables, survival curves, CLV models, churn reasons and honest
loyalty-programme comparisons, on any order log: a pandas DataFrame, a CSV /
Parquet / Excel file, or a warehouse table through Ibis.

What the reports show (screenshots of the demo): [data overview](../pages/00_data_overview.png),
[retention](../pages/01_retention.png), [subscriptions](../pages/01_subscriptions.png),
[churn reasons](../pages/02_churn_reasons.png), [loyalty programme](../pages/03_loyalty_programme.png),
[retention campaigns](../pages/04_retention_campaigns.png), [index](../pages/index.png).

The lessons (notebooks for a course, in English and Dutch):
[retention](../../notebooks/teaching/01_retention_course.ipynb),
[churn reasons](../../notebooks/teaching/02_churn_reasons_course.ipynb),
[loyalty](../../notebooks/teaching/03_loyalty_course.ipynb),
[campaigns](../../notebooks/teaching/04_campaigns_course.ipynb),
[subscriptions](../../notebooks/teaching/05_subscriptions_course.ipynb).

Examples
--------
>>> import retention_kit as rk
>>> data = rk.load_dataset("demo")
>>> data.orders.rows_used > 0
True
"""

import sys as _sys

from .compat import MovedModules as _MovedModules

if not any(isinstance(f, _MovedModules) for f in _sys.meta_path):  # old module paths still import
    _sys.meta_path.append(_MovedModules())

from . import campaigns, clv, contracts, loyalty, present, reasons, subscriptions
from .present import display, exercises, headlines, notes, plots, tables, teaching
from .clv import (
    cac_ceiling,
    churn_risk,
    clv_by_group,
    fit_bgbb,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_pareto_nbd,
    fit_sbg,
    clv_intervals,
    predict_clv,
    repeat_purchase_tracking,
    rfm_discrete,
    rfm_summary,
    simple_clv,
)
from .campaigns import campaign_balance, campaign_curve, campaign_outcomes, evaluate_campaigns, target_next
from .cohorts import cohort_table, revenue_retention
from .data import (Dataset, ValidatedTable, load_campaigns, load_customers, load_dataset, load_events, load_orders,
                   load_spend, load_subscriptions, load_surveys)
from .demo import DemoData, make_demo_data
from .engine import as_table, get_backend, set_backend
from .errors import DataError
from .compat import set_currency  # noqa: F401 (gone; warns)
from .present.i18n import Locale, label, locale, localise
from .present.tables import table
from .formulas import (
    churn_rate,
    clv_simple,
    csat,
    loyalty_index,
    nps,
    repeat_customer_ratio,
    repeat_purchase_rate,
    retention_cost,
    retention_rate,
)
from .kpi import kpi_summary, kpi_table, segment_summary
from .definitions import definition_check
from .data.ledger import QualityLedger
from .settings import LoadOptions, ReportSettings
from .loyalty import (
    clv_effect,
    did,
    event_study,
    landmark_survival,
    loyalty_effects,
    loyalty_panel,
    match_members,
    membership_survival,
    naive_before_after,
    time_varying_cox,
)
from .overview import activity_by_period
from .scorecard import score_models
from .reasons import (
    churned_customers,
    competing_risks,
    normalize_reasons,
    pareto_table,
    reason_incidence,
    reason_table,
    reason_trend,
    reasons_to_fix,
    learn_reasons,
    churned_subscribers,
    satisfaction_drivers,
    satisfaction_link,
    unmapped_reasons,
)
from .subscriptions import (mrr_movements, subscription_cohorts, subscription_kpis, subscription_lifetimes,
                            subscriptions_from_snapshot)
from .contracts import contract_clv, fit_retention_model, retention_forecast, tenures_from_lifetimes
from .survival import churn_drivers, survival_curves, survival_frame
from .window import active_window

__version__ = "0.1.0"

__all__ = [
    "contract_clv",
    "fit_retention_model",
    "retention_forecast",
    "tenures_from_lifetimes",
    "load_subscriptions",
    "mrr_movements",
    "subscription_cohorts",
    "subscription_kpis",
    "subscription_lifetimes",
    "subscriptions_from_snapshot",
    "DataError",
    "Dataset",
    "LoadOptions",
    "ReportSettings",
    "definition_check",
    "DemoData",
    "QualityLedger",
    "ValidatedTable",
    "activity_by_period",
    "active_window",
    "locale",
    "Locale",
    "churn_rate",
    "clv_simple",
    "cohort_table",
    "csat",
    "kpi_summary",
    "kpi_table",
    "loyalty_index",
    "nps",
    "repeat_customer_ratio",
    "repeat_purchase_rate",
    "retention_cost",
    "retention_rate",
    "revenue_retention",
    "segment_summary",
    "as_table",
    "cac_ceiling",
    "churn_drivers",
    "churn_risk",
    "churned_customers",
    "clv_by_group",
    "clv_effect",
    "did",
    "event_study",
    "landmark_survival",
    "loyalty_effects",
    "loyalty_panel",
    "match_members",
    "membership_survival",
    "naive_before_after",
    "time_varying_cox",
    "competing_risks",
    "normalize_reasons",
    "pareto_table",
    "reason_incidence",
    "reason_table",
    "reason_trend",
    "reasons_to_fix",
    "learn_reasons",
    "churned_subscribers",
    "satisfaction_drivers",
    "satisfaction_link",
    "unmapped_reasons",
    "fit_bgnbd",
    "fit_bgbb",
    "campaign_balance",
    "campaign_curve",
    "campaign_outcomes",
    "evaluate_campaigns",
    "target_next",
    "load_campaigns",
    "load_events",
    "fit_pareto_nbd",
    "score_models",
    "rfm_discrete",
    "fit_gamma_gamma",
    "fit_sbg",
    "predict_clv",
    "clv_intervals",
    "repeat_purchase_tracking",
    "rfm_summary",
    "simple_clv",
    "survival_curves",
    "survival_frame",
    "get_backend",
    "label",
    "localise",
    "table",
    "load_customers",
    "load_dataset",
    "load_orders",
    "load_spend",
    "load_surveys",
    "make_demo_data",
    "plots",
    "set_backend",
]

display.register()  # loaded data shows as labelled tables in a notebook
