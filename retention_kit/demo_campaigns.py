"""Three past retention campaigns of the demo shop, each with a random control group, and the
truth per customer.

Each campaign goes to the customers at risk on its send date: bought before, silent for the
last 45 to 540 days, no closed account. The two spring and autumn win-backs of 2024 and 2025 send
one mail to a random half (``treatment``); the others are the ``control`` group. The autumn 2025
win-back has two arms and a control group, a random third each: a ``discount`` mail (3 EUR) and a
plain ``reminder`` (0.50 EUR).

A campaign can only win back a customer who would not have bought again within 90 days anyway;
it does so with a probability (the customer's uplift). The discount's uplift does **not** follow
churn risk: it peaks for customers silent for about four months and fades for the long-silent
(the riskiest, who cannot be saved), is four times smaller for unhappy customers, and a little
larger for customers acquired by e-mail. The reminder only moves the recently silent (about two
months) and the customers acquired by e-mail, who read their mail. A won-back customer places one
order within 60 days of the sending.

The truth records per customer, campaign and arm the uplift, whether they would have bought again
anyway (``base_bought``), the expected effect on buying again within 90 days (uplift x (1 -
base_bought)) and, for the arm they got, whether the campaign did win them back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: name, send date, cost per treated customer (EUR) of each arm, prefix of the won-back orders' ids
CAMPAIGNS = (("Win-back 2024", "2024-10-01", {"treatment": 3.0}, "K2024"),
             ("Win-back 2025", "2025-05-01", {"treatment": 3.0}, "K2025"),
             ("Win-back autumn 2025", "2025-09-01", {"discount": 3.0, "reminder": 0.5}, "KA2025"))
HORIZON_DAYS = 90
AT_RISK_DAYS = (45, 540)


def uplift(recency_days: np.ndarray, satisfaction: np.ndarray, email: np.ndarray, arm: str = "treatment") -> np.ndarray:
    """The true chance that the campaign's `arm` wins back a customer who would not have come back
    (``treatment`` and ``discount`` are the same mail)."""
    if arm == "reminder":
        bump = np.exp(-(((recency_days - 60.0) / 35.0) ** 2))
        return np.clip(0.22 * bump * np.where(satisfaction > -0.3, 1.0, 0.5) + 0.10 * email, 0.0, 1.0)
    bump = np.exp(-(((recency_days - 120.0) / 75.0) ** 2))
    return np.clip(0.35 * bump * np.where(satisfaction > -0.3, 1.0, 0.25) + 0.04 * email, 0.0, 1.0)


def add_campaigns(demo, seed: int) -> None:
    """Run the campaigns on `demo` (a :class:`retention_kit.demo.DemoData`): add the won-back
    orders to ``demo.orders``, set ``demo.campaigns`` and ``demo.truth.campaigns``."""
    rng = np.random.default_rng([seed, 2018])  # its own stream: the rest of the shop stays as it was
    latent = demo.truth.customers.set_index("customer_id")
    customers = demo.customers.set_index("customer_id")
    orders = demo.orders
    sent_rows, truth_rows, added = [], [], []
    for name, sent, costs, prefix in CAMPAIGNS:
        sent = pd.Timestamp(sent)
        dates = pd.to_datetime(orders.order_date)
        before = orders[(dates < sent) & (orders.revenue > 0)]
        last = pd.to_datetime(before.groupby("customer_id").order_date.max())
        recency = (sent - last).dt.days
        closed = pd.to_datetime(customers.churn_date).reindex(recency.index)
        eligible = recency[(recency >= AT_RISK_DAYS[0]) & (recency <= AT_RISK_DAYS[1])
                           & ~(closed <= sent)].sort_index()
        ids = eligible.index.to_numpy()
        arms = list(costs)
        if len(arms) == 1:  # a random half gets the mail
            group = np.where(rng.permutation(len(ids)) < len(ids) // 2, arms[0], "control")
        else:  # a random share each: the control group and every arm
            group = np.array(["control", *arms])[rng.permutation(len(ids)) % (len(arms) + 1)]
        after = orders[(dates > sent) & (dates <= sent + pd.Timedelta(days=HORIZON_DAYS)) & (orders.revenue > 0)]
        base_bought = pd.Index(ids).isin(after.customer_id.unique())
        satisfaction = latent.satisfaction.reindex(ids).to_numpy()
        email = (customers.channel.reindex(ids) == "email").to_numpy()
        chance = {arm: uplift(eligible.to_numpy(float), satisfaction, email, arm) for arm in arms}
        draw = rng.uniform(size=len(ids))
        got = np.select([group == arm for arm in arms], [chance[arm] for arm in arms], 0.0)
        won = (group != "control") & ~base_bought & (draw < got)
        day = sent + pd.to_timedelta(rng.integers(1, 61, len(ids)), "D")
        won &= np.asarray(day <= pd.Timestamp(demo.end))
        nu = latent.nu.reindex(ids).to_numpy()
        added.append(pd.DataFrame({
            "customer_id": ids[won], "order_date": day[won].date,
            "revenue": np.round(rng.gamma(6.0, 1.0 / nu[won]), 2), "category": "fashion", "quantity": 1}))
        sent_rows.append(pd.DataFrame({"customer_id": ids, "campaign": name, "sent_date": sent.date(),
                                       "group": group, "cost": pd.Series(group).map(costs).fillna(0.0).to_numpy(),
                                       "channel": "email"}))
        truth_rows += [pd.DataFrame({"customer_id": ids, "campaign": name, "arm": arm, "recency_days": eligible.to_numpy(),
                                     "uplift": chance[arm], "base_bought": base_bought,
                                     "effect": chance[arm] * ~base_bought, "won_back": won & (group == arm)})
                       for arm in arms]
        orders = _with_orders(orders, added[-1], prefix)
    demo.orders = orders
    demo.campaigns = pd.concat(sent_rows, ignore_index=True)
    demo.truth.campaigns = pd.concat(truth_rows, ignore_index=True)


def _with_orders(orders: pd.DataFrame, new: pd.DataFrame, prefix: str) -> pd.DataFrame:
    new = new.assign(order_id=[f"{prefix}{i:06d}" for i in range(1, len(new) + 1)])
    combined = pd.concat([orders, new[orders.columns]], ignore_index=True)
    return combined.sort_values(["order_date", "order_id"], kind="stable").reset_index(drop=True)
