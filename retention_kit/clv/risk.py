"""Churn risk: P(alive) per customer from BG/NBD, grouped into risk segments with the revenue at stake."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import as_loaded, takes_dataset
from ..engine import execute
from .models.bgnbd import fit_bgnbd
from .rfm import rfm_summary

#: Risk segments of :func:`churn_risk`: P(alive) below 0.5 is high risk, 0.5 to 0.8 medium, 0.8 and up low.
RISK_CUTOFFS = (0.5, 0.8)


@dataclass
class ChurnRisk:
    """P(alive) per customer and the risk segments built from it."""

    customers: pd.DataFrame
    segments: pd.DataFrame
    model: object

    @property
    def reliable(self) -> bool:
        """False when the model's parameters are not identified: the segments are then not to be used."""
        return bool(getattr(self.model, "identified", True))

    def summary(self) -> pd.DataFrame:
        """The risk segments: customers, share, mean P(alive) and revenue at stake per segment."""
        return self.segments

    def _repr_html_(self) -> str:
        return self.segments.to_html(float_format=lambda v: f"{v:,.2f}")


@takes_dataset("customers")
def churn_risk(orders, *, observation_end=None, customers=None, cutoffs=RISK_CUTOFFS, model=None) -> ChurnRisk:
    """Score every customer with P(alive) from BG/NBD and group them into risk segments.

    Segments: **high** risk when P(alive) < cutoffs[0] (default 0.5), **medium** up to
    cutoffs[1] (0.8), **low** above. Customers who closed their account (a
    ``churn_date`` in `customers`) are left out: they are lost, not at risk. Per
    segment: customers, their share, mean P(alive), and the revenue at stake: their
    revenue in the 12 months before the observation end.

    The customer-level table (``.customers``) is for targeting campaigns; reports show
    ``.segments`` only.
    """
    o = as_loaded(orders, "orders")
    end = pd.Timestamp(observation_end or o.observation_end).date()
    rfm = rfm_summary(o, observation_end=end)
    model = model or fit_bgnbd(rfm)
    scored = rfm  # a copy of its own: columns are added in place (a copy of 15M rows costs seconds)
    scored["p_alive"] = model.probability_alive(rfm.frequency, rfm.recency, rfm["T"])
    t = o.table.filter((o.table.order_date <= end) & (o.table.order_date > end - pd.Timedelta(days=365)))
    trailing = execute(t.group_by("customer_id").aggregate(revenue_12m=t.revenue.sum()), index="customer_id")
    scored["revenue_12m"] = trailing.revenue_12m.reindex(scored.index, fill_value=0.0).to_numpy()
    if customers is not None:
        c = as_loaded(customers, "customers", observation_end=end).table
        if "churn_date" in c.columns:
            closed = execute(c.filter(c.churn_date.notnull()).select("customer_id"))["customer_id"]
            scored = scored[~scored.index.isin(set(closed))]
    low, high = cutoffs
    keys = np.select([scored.p_alive < low, scored.p_alive < high], ["high", "medium"], "low")
    scored["risk"] = pd.Categorical(keys, categories=["high", "medium", "low"], ordered=True)
    segments = scored.groupby("risk", observed=False).agg(
        customers=("p_alive", "size"), mean_p_alive=("p_alive", "mean"), revenue_at_stake=("revenue_12m", "sum"))
    segments["share"] = segments.customers / segments.customers.sum() * 100
    segments = segments[["customers", "share", "mean_p_alive", "revenue_at_stake"]]
    segments.index = pd.Index(segments.index.astype(str), name="risk")
    return ChurnRisk(scored, segments, model)
