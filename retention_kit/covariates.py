"""Time-invariant customer covariates for the purchase models: a design matrix (numbers as they
are, each level of a text column but the most common one as a 0/1 column) and the
likelihood-ratio test of a model with covariates against the same model without.

Examples
--------
>>> import pandas as pd
>>> spec = design_spec(pd.DataFrame({"channel": ["search", "social", "search"], "age": [30, 40, 50]}))
>>> spec
[('channel', 'social'), ('age', None)]
>>> design_matrix(pd.DataFrame({"channel": ["social", "email"], "age": [35, 45]}), spec).tolist()
[[1.0, 35.0], [0.0, 45.0]]
>>> names(spec)
['channel=social', 'age']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def design_spec(covariates: pd.DataFrame) -> list[tuple[str, object]]:
    """The columns of the design: (column, level) for every level of a text column but its most
    common one (the reference), (column, None) for a numeric column."""
    spec = []
    for column in covariates.columns:
        values = covariates[column]
        if values.isna().any():
            raise ValueError(f"covariate '{column}' has {int(values.isna().sum()):,} missing values; fill or drop "
                             "those customers first")
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            spec.append((column, None))
        else:
            counts = values.astype(str).value_counts()
            spec += [(column, level) for level in sorted(counts.index[1:])]
    return spec


def design_matrix(covariates: pd.DataFrame, spec: list[tuple[str, object]]) -> np.ndarray:
    """The covariates as numbers, one column per entry of `spec`."""
    columns = [covariates[c].astype(str).eq(level).to_numpy(dtype=float) if level is not None
               else covariates[c].to_numpy(dtype=float) for c, level in spec]
    return np.column_stack(columns) if columns else np.zeros((len(covariates), 0))


def names(spec: list[tuple[str, object]]) -> list[str]:
    """Readable names of the design columns: ``channel=social``, ``age``."""
    return [c if level is None else f"{c}={level}" for c, level in spec]


def aligned(covariates: pd.DataFrame, index: pd.Index, table: str = "covariates") -> pd.DataFrame:
    """`covariates` (indexed by customer_id, or with a customer_id column) in the order of `index`."""
    frame = covariates.set_index("customer_id") if "customer_id" in covariates.columns else covariates
    missing = index.difference(frame.index)
    if len(missing):
        raise ValueError(f"{table}: {len(missing):,} customers of the RFM table have no row, e.g. "
                         f"{list(missing[:3])}; give every customer a row")
    return frame.reindex(index)


def lr_test(full_log_likelihood: float, restricted_log_likelihood: float, df: int) -> dict:
    """Likelihood-ratio test: statistic 2 (LL_full - LL_restricted), its chi-squared p-value with
    `df` degrees of freedom.

    >>> lr_test(-100.0, -106.0, 2)["p_value"] < 0.01
    True
    """
    statistic = max(2 * (full_log_likelihood - restricted_log_likelihood), 0.0)
    return {"statistic": statistic, "df": df, "p_value": float(stats.chi2.sf(statistic, df))}
