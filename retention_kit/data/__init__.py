"""Load and validate the input tables once, at the door.

The data layer, one module per job: :mod:`.contract` (the tables and their columns),
:mod:`.load` (reading and validating), :mod:`.tables` (the validated tables and the dataset),
:mod:`.ledger` (what was set aside), :mod:`.lines` (order lines and returns), :mod:`.snapshot`
(validated tables saved for a report run). It builds on the engine only.

The data contract (canonical column names) is in DESIGN.md:

========== ============================================ ==============================================
table      required                                     optional
========== ============================================ ==============================================
orders     customer_id, order_date, revenue             order_id, category, quantity, channel
customers  customer_id                                  signup_date, churn_date, churn_reason,
                                                        loyalty_join_date, any segment column
surveys    customer_id, response_date                   nps (0-10), csat (1-5), cli_* items (1-6)
spend      period, retention_spend                      channel
========== ============================================ ==============================================

Validation runs in the engine (a Parquet file is checked without loading it
into pandas) and raises a :class:`~retention_kit.errors.DataError` subclass
that names the table, the column, the number of bad rows and examples. Rows
that can be set aside instead (refunds, exact duplicate lines, rows dated after
the observation end) are counted in a :class:`QualityLedger`. Input files are
only read.

Examples
--------
>>> import pandas as pd
>>> raw = pd.DataFrame({"CustID": [1, 1, 2], "Date": ["2024-01-03", "2024-02-01", "2024-01-09"],
...                     "Amount": [20.0, -20.0, 35.5]})
>>> orders = load_orders(raw, columns={"CustID": "customer_id", "Date": "order_date", "Amount": "revenue"})
>>> orders.rows_in, orders.rows_used
(3, 1)
>>> orders.ledger.to_frame()[["reason", "rows", "revenue_adjusted"]].values.tolist()
[['return_netted', 1, -20.0], ['cancelled', 1, nan]]
"""


from .contract import (ALIASES, BASE_TABLES, BILLING_MONTHS, CONTRACT, CONTROL, CONTROL_LABELS, DEMO,
                       LOYALTY_ITEM_PREFIX, PRICE_COLUMNS, TABLES, ColumnSpec)
from .ledger import QualityLedger
from .load import (IDS, NearDuplicateIdWarning, as_loaded, load_campaigns, load_customers,
                   load_dataset, load_events, load_orders, load_spend, load_subscriptions, load_surveys,
                   normalise_ids)
from .tables import Dataset, ValidatedTable, segment_table, takes_dataset
from ..compat import moved_names

#: customer_segment splits analyses by a segment; it lives on the analysis floor now
__getattr__ = moved_names(__name__, {"customer_segment": "retention_kit.segments"})

__all__ = [
    "ValidatedTable",
    "Dataset",
    "load_orders",
    "load_subscriptions",
    "load_customers",
    "load_surveys",
    "load_spend",
    "load_campaigns",
    "load_events",
    "load_dataset",
]
