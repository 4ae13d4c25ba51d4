"""Customer lifetime value: RFM summaries and buy-till-you-die models fitted by maximum likelihood.

The package has one module per job: :mod:`~retention_kit.clv.rfm` (the summaries),
:mod:`~retention_kit.clv.sample` (the samples models are fitted on), :mod:`~retention_kit.clv.models`
(one module per model, on a shared base), :mod:`~retention_kit.clv.value` (CLV and its intervals),
:mod:`~retention_kit.clv.holdout` (calibration against holdout) and :mod:`~retention_kit.clv.risk`
(churn risk segments from P(alive)).

* :func:`rfm_summary` – frequency, recency, T and monetary value per customer
  (the conventions of the ``lifetimes`` package and pymc-marketing), in the engine.
* :func:`fit_bgnbd` – BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers
  the easy way"): how often a customer buys and whether they are still alive.
* :func:`fit_gamma_gamma` – spend per transaction (Fader & Hardie 2013).
* :func:`predict_clv` – discounted expected value over a horizon.
* :func:`fit_pareto_nbd`, :func:`fit_mbgnbd`, :func:`fit_bgbb` – Pareto/NBD, MBG/NBD and, for
  discrete opportunities, BG/BB.
* :func:`churn_risk` – P(alive) per customer, grouped into risk segments with the revenue at stake.
* :func:`fit_sbg` – shifted-beta-geometric (Fader & Hardie 2007) for contractual
  cohorts: survival and retention by period.

Each model is fitted with scipy on log-parameters; standard errors come from
the inverse Hessian of the negative log-likelihood (delta method back to the
parameters). Results follow the lifelines shape: ``.params``, ``.summary()``,
prediction methods, ``.plot(ax=)``.

Examples
--------
>>> model = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
>>> {k: round(v, 3) for k, v in model.params.items()}
{'alpha': 0.704, 'beta': 1.182}
"""

from .holdout import holdout_start, repeat_purchase_tracking
from .models import (IDENTIFICATION_RATIO, BetaGeoBetaBinomModel, BetaGeoModel, GammaGammaModel,
                     ModifiedBetaGeoModel, ParetoNBDModel, ShiftedBetaGeoModel, UnidentifiedModelWarning, fit_bgbb,
                     fit_bgnbd, fit_gamma_gamma, fit_mbgnbd, fit_pareto_nbd, fit_sbg, rfm_discrete)
from .rfm import TIME_UNITS, rfm_summary
from .risk import RISK_CUTOFFS, ChurnRisk, churn_risk
from .sample import MAX_FIT_CUSTOMERS, sample_customers, sample_orders
from .value import MAX_DRAWN_CUSTOMERS, CLVIntervals, cac_ceiling, clv_by_group, clv_intervals, predict_clv, simple_clv

__all__ = [
    "holdout", "models", "rfm", "risk", "sample", "value",  # the modules, each with its own page
    "IDENTIFICATION_RATIO", "MAX_DRAWN_CUSTOMERS", "MAX_FIT_CUSTOMERS", "RISK_CUTOFFS", "TIME_UNITS",
    "BetaGeoBetaBinomModel", "BetaGeoModel", "CLVIntervals", "ChurnRisk", "GammaGammaModel", "ModifiedBetaGeoModel",
    "ParetoNBDModel", "ShiftedBetaGeoModel", "UnidentifiedModelWarning",
    "cac_ceiling", "churn_risk", "clv_by_group", "clv_intervals", "fit_bgbb", "fit_bgnbd", "fit_gamma_gamma",
    "fit_mbgnbd", "fit_pareto_nbd", "fit_sbg", "holdout_start", "predict_clv", "repeat_purchase_tracking",
    "rfm_discrete", "rfm_summary", "sample_customers", "sample_orders", "simple_clv",
]
