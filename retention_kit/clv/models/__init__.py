"""The buy-till-you-die models and the shifted-beta-geometric, one module each, fitted on the shared
base (:mod:`~retention_kit.clv.models.base`): maximum likelihood within a time budget, standard errors,
the parameters the data do not pin down."""

from .base import IDENTIFICATION_RATIO, UnidentifiedModelWarning
from .bgbb import BetaGeoBetaBinomModel, fit_bgbb, rfm_discrete
from .bgnbd import BetaGeoModel, fit_bgnbd
from .gamma_gamma import GammaGammaModel, fit_gamma_gamma
from .mbgnbd import ModifiedBetaGeoModel, fit_mbgnbd
from .pareto_nbd import ParetoNBDModel, fit_pareto_nbd
from .sbg import ShiftedBetaGeoModel, fit_sbg

__all__ = ["base", "bgbb", "bgnbd", "gamma_gamma", "mbgnbd", "pareto_nbd", "sbg",  # the modules, a page each
           "IDENTIFICATION_RATIO", "BetaGeoBetaBinomModel", "BetaGeoModel", "GammaGammaModel", "ModifiedBetaGeoModel",
           "ParetoNBDModel", "ShiftedBetaGeoModel", "UnidentifiedModelWarning", "fit_bgbb", "fit_bgnbd",
           "fit_gamma_gamma", "fit_mbgnbd", "fit_pareto_nbd", "fit_sbg", "rfm_discrete"]
