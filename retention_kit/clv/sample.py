"""The random samples of customers (or of their orders) that models are fitted on when there are more."""

from __future__ import annotations

from dataclasses import replace

import ibis
import pandas as pd

from ..data import as_loaded
from ..engine import execute, materialise


#: Models are estimated on a random sample of this many customers when there are more: the
#: parameters are then as precise as a model's predictions need (a few per mille), the fit
#: takes seconds instead of minutes, and predictions still cover every customer.
MAX_FIT_CUSTOMERS = 50_000


def sample_customers(frame: pd.DataFrame, limit: int | None = None, seed: int = 0) -> tuple[pd.DataFrame, int | None]:
    """`frame` (one row per customer), or a seeded random sample of `limit` (default
    :data:`MAX_FIT_CUSTOMERS`) of its rows, and the number of customers the sample was drawn from
    (None when every customer is kept).

    >>> frame = pd.DataFrame({"customer_id": range(10)})
    >>> sample, population = sample_customers(frame, 4)
    >>> len(sample), population, sample_customers(frame)[1]
    (4, 10, None)
    """
    limit = MAX_FIT_CUSTOMERS if limit is None else limit
    if len(frame) <= limit:
        return frame, None
    return frame.sample(limit, random_state=seed), len(frame)


def sample_orders(orders, limit: int, *, acquired_by, seed: int = 0):
    """The orders of a seeded random sample of `limit` of the customers whose first order is on or
    before `acquired_by`, and how many such customers there are (None when all are kept). The
    customers are drawn in the engine, by a hash of their id and `seed`, so a large base never
    reaches pandas whole.

    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "b", "c", "c"], "revenue": [1.0, 2.0, 3.0, 4.0],
    ...                        "order_date": ["2024-01-01", "2024-01-02", "2024-01-03", "2024-02-01"]})
    >>> sampled, population = sample_orders(orders, 1, acquired_by="2024-01-31")
    >>> population, int(execute(sampled.table.customer_id.nunique()))
    (3, 1)
    """
    o = as_loaded(orders, "orders")
    t = o.table
    firsts = _first_orders(o)
    eligible = firsts.filter(firsts._first <= pd.Timestamp(acquired_by).date())
    # the draw and the count in one pass over the orders; the sample's orders are stored, so the
    # queries that follow read them instead of grouping every order again
    key = (eligible.customer_id.cast("string") + ibis.literal(f"#{seed}")).hash()
    chosen = materialise(eligible.mutate(_key=key, _population=eligible.count().over(ibis.window()))
                         .order_by("_key", "customer_id").limit(limit).select("customer_id", "_population"))
    population = int(execute(chosen._population.max()) or 0)
    if population <= limit:
        return o, None
    return replace(o, table=materialise(t.semi_join(chosen.select("customer_id"), "customer_id"))), population


def _first_orders(o):
    """Each customer's first order date (``_first``), kept with the loaded table: every sample of it
    (a definition check's two dates, a scorecard's origins) reads it instead of grouping every
    order again."""
    t = o.table
    return o.kept("first orders", lambda: materialise(t.group_by("customer_id").aggregate(_first=t.order_date.min())))
