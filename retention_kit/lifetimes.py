"""The shape every lifetimes table has, whatever a lifetime is made of (orders or contracts): one
row per customer with ``duration`` (days, int) and ``event`` (bool), and the customer's attributes."""

from __future__ import annotations

import pandas as pd

from .engine import execute


def lifetimes_frame(frame, customers=None) -> pd.DataFrame:
    """A lifetimes expression (customer_id, duration, event, ...) with every non-date attribute of the
    `customers` table joined on, as a pandas frame sorted by customer, ``event`` bool, ``duration`` int."""
    if customers is not None:
        extra = [col for col in customers.columns if col != "customer_id" and not customers[col].type().is_temporal()
                 and col not in frame.columns]
        if extra:
            frame = frame.left_join(customers.select("customer_id", *extra), "customer_id").select(frame, *extra)
    result = execute(frame.order_by("customer_id")).reset_index(drop=True)
    result["event"] = result["event"].astype(bool)
    result["duration"] = result["duration"].astype("int64")
    return result
