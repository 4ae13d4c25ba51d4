"""The segment of each customer that tables split by: a column of the customers table, or of the
customer's first order."""

from __future__ import annotations

import ibis.expr.types as ir

from .data import ValidatedTable, as_loaded, segment_table
from .engine import execute  # noqa: F401  (the example runs a query)


def customer_segment(orders, segment: str | None, customers=None) -> ir.Table | None:
    """customer_id -> ``segment`` value: from the customers table when it has the column,
    else the value on the customer's first order (ties: the smallest order key).

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_date": ["2024-02-01", "2024-01-05", "2024-01-09"],
    ...                   "revenue": 1.0, "country": ["BE", "NL", "DE"]})
    >>> execute(customer_segment(o, "country").order_by("customer_id")).values.tolist()
    [['a', 'NL'], ['b', 'DE']]
    """
    if segment is None:
        return None
    loaded = orders if isinstance(orders, ValidatedTable) else as_loaded(orders, "orders")
    return segment_table(loaded, segment, None if customers is None else as_loaded(customers, "customers"))
