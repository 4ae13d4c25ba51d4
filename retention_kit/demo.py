"""A reproducible synthetic Dutch web shop with its generative truth attached.

The shop sells fashion, electronics, home & garden, sports and beauty products
to customers in the Netherlands over three years. It is simulated so that the
analyses of this package can be checked against known answers:

* **Buying** follows the BG/NBD process (Fader, Hardie & Lee 2005): each
  customer buys at a Poisson rate λ ~ Gamma(r, α) (per week) and, after each
  repeat purchase, drops out with probability p ~ Beta(a, b). Rates follow the
  season (December peak), with the yearly mean equal to λ.
* **Spend per order** follows the Gamma-Gamma model (Fader, Hardie & Lee 2005b):
  order value z ~ Gamma(p, ν) with ν ~ Gamma(q, γ).
* **Acquisition** grows over time and peaks in the gift season. The acquisition
  channel (search, social, email, referral) correlates with a customer's
  dropout probability (social buyers leave sooner, referred buyers stay), so
  channels differ in retention while the population still follows BG/NBD exactly.
* **Account closing**: part of the customers who drop out close their account
  some weeks after their last order and give a free-text reason (English or
  Dutch) from quality, service, price, convenience, better offer elsewhere or
  other. Reason probabilities depend on satisfaction and channel.
* **Surveys**: a share of customers answer once (NPS 0-10, CSAT 1-5, three
  loyalty-index items 1-6). Satisfaction is lower for customers with a higher
  dropout probability, so detractors churn more, as in reality.
* **Loyalty programme** launched in the second year: existing customers opt in
  with a probability that rises with their purchase frequency before the
  launch (self-selection), on a staggered date (an e-mail invitation: customers
  who silently stopped buying can sign up too). Membership multiplies the
  purchase rate and the dropout probability by known factors; the truth also
  records the effect on orders per member-month, measured against the same
  customers' counterfactual (same random numbers, no programme).
* **Data-quality noise**: refunds (negative revenue lines) and exact duplicate lines.
* **Retention spend** per month and channel.

Examples
--------
>>> demo = make_demo_data(n_customers=500, seed=7)
>>> sorted(demo.orders.columns)
['category', 'customer_id', 'order_date', 'order_id', 'quantity', 'revenue']
>>> demo.truth.bgnbd
{'r': 0.9, 'alpha': 10.0, 'a': 1.0, 'b': 4.0}
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["make_demo_data", "DemoData", "DemoTruth", "REASON_CATEGORIES"]

#: The reason categories the simulation draws from (the last one's texts are split by what they say:
#: moving and death are involuntary, no longer needing the shop is its own category).
_DRAWN_CATEGORIES = ("quality", "service", "price", "convenience", "better_offer", "other")

#: The reason categories of the demo's truth (the taxonomy of :mod:`retention_kit.reasons`).
REASON_CATEGORIES = ("quality", "service", "price", "convenience", "better_offer", "no_longer_needed", "involuntary")

#: Of the drawn "other" texts (five variants, equally likely), which are involuntary.
_INVOLUNTARY_VARIANTS = (0, 1, 4)

CHANNELS = ("search", "social", "email", "referral")
_CHANNEL_SHARE = np.array([0.40, 0.25, 0.15, 0.20])
_CHANNEL_DROPOUT_TILT = np.array([0.0, 0.7, -0.2, -0.6])  # logit tilt per sd of logit(p)

REGIONS = ("Noord-Holland", "Zuid-Holland", "Utrecht", "Noord-Brabant", "Gelderland", "Overig")
_REGION_SHARE = np.array([0.20, 0.22, 0.08, 0.15, 0.12, 0.23])

CATEGORIES = ("fashion", "electronics", "home & garden", "sports", "beauty")

#: Purchase-rate factor per calendar month (mean 1 over the year): December peak.
SEASONALITY = np.array([0.85, 0.85, 0.95, 0.95, 1.0, 0.9, 0.85, 0.9, 1.0, 1.05, 1.25, 1.45])
SEASONALITY = SEASONALITY / SEASONALITY.mean()

_REASON_BASE = np.array([0.18, 0.17, 0.27, 0.12, 0.16, 0.10])

#: Free-text reasons as customers type them, per category, in English and Dutch.
REASON_TEXTS = {
    "quality": ["Product quality was poor", "items broke quickly", "slechte kwaliteit",
                "Kwaliteit viel tegen", "product was defect"],
    "service": ["customer service did not respond", "Klantenservice reageerde niet",
                "slechte service", "rude staff on the phone", "Levering kwam te laat, geen hulp van de service"],
    "price": ["too expensive", "Te duur", "prijzen zijn gestegen", "shipping costs too high",
              "Verzendkosten te hoog"],
    "convenience": ["website is hard to use", "app werkt niet goed", "Bestellen is te ingewikkeld",
                    "Delivery slots never suit me", "afhaalpunt te ver weg"],
    "better_offer": ["found a cheaper shop", "Concurrent is goedkoper", "better offer elsewhere",
                     "Ik bestel nu bij bol", "switched to another webshop"],
    "other": ["moving abroad", "Verhuisd naar het buitenland", "geen behoefte meer",
              "no longer needed", "Overleden, opgezegd door familie"],
}


@dataclass
class DemoTruth:
    """The parameters and latent quantities the demo shop was generated from."""

    bgnbd: dict
    gamma_gamma: dict
    seasonality: np.ndarray
    loyalty_launch: _dt.date
    loyalty_rate_multiplier: float
    loyalty_dropout_multiplier: float
    loyalty_att_orders_per_member_month: float
    loyalty_opt_in: dict
    reason_probabilities: pd.DataFrame
    customers: pd.DataFrame = field(repr=False)
    campaigns: pd.DataFrame | None = field(default=None, repr=False)  # per customer and campaign

    def campaign_effect(self, campaign: str, arm: str | None = None) -> float:
        """The true effect of `campaign` (of its `arm`, when it has several) on the share who buy
        again within 90 days of its sending, in percentage points, over every customer it was sent
        or held back from (what a comparison of the random groups estimates)."""
        rows = self.campaigns[self.campaigns.campaign == campaign]
        arms = rows.arm.unique()
        if arm is None and len(arms) > 1:
            raise ValueError(f"{campaign} has the arms {', '.join(arms)}; pass arm=")
        rows = rows if arm is None else rows[rows.arm == arm]
        return float(rows.effect.mean() * 100)

    def loyalty_att(self, members=None) -> float:
        """Extra orders per member-month caused by the programme, over all members or over
        the customer ids in `members` (e.g. the members an estimator compared).

        >>> truth = make_demo_data(seed=1, n_customers=2000).truth
        >>> abs(truth.loyalty_att() - truth.loyalty_att_orders_per_member_month) < 1e-12
        True
        """
        c = self.customers[self.customers.is_member]
        if members is not None:
            c = c[c.customer_id.isin(pd.Index(members))]
        return float(c.loyalty_extra_orders.sum() / c.loyalty_member_months.sum())

    def summary(self) -> pd.DataFrame:
        """The scalar truths as a two-column table."""
        rows = [(f"bgnbd.{k}", v) for k, v in self.bgnbd.items()]
        rows += [(f"gamma_gamma.{k}", v) for k, v in self.gamma_gamma.items()]
        rows += [("loyalty.launch", str(self.loyalty_launch)),
                 ("loyalty.rate_multiplier", self.loyalty_rate_multiplier),
                 ("loyalty.dropout_multiplier", self.loyalty_dropout_multiplier),
                 ("loyalty.att_orders_per_member_month", self.loyalty_att_orders_per_member_month)]
        return pd.DataFrame(rows, columns=["truth", "value"])


@dataclass
class DemoData:
    """The demo shop's tables (orders, customers, surveys, spend) and its truth."""

    orders: pd.DataFrame
    customers: pd.DataFrame
    surveys: pd.DataFrame
    spend: pd.DataFrame
    truth: DemoTruth
    start: _dt.date
    end: _dt.date
    lines: pd.DataFrame | None = None
    campaigns: pd.DataFrame | None = None

    TABLES = ("orders", "customers", "surveys", "spend")

    def write(self, out: str | Path, formats: tuple[str, ...] = ("csv", "parquet")) -> dict[str, Path]:
        """Write every table as ``<name>.csv`` and ``<name>.parquet`` into `out` (with order
        lines, also ``order_lines.*``, loaded with ``columns=retention_kit.demo_lines.LINE_COLUMNS``);
        returns the paths."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = {}
        extra = tuple(name for name in ("lines", "campaigns") if getattr(self, name) is not None)
        for name in self.TABLES + extra:
            frame = getattr(self, name)
            name = "order_lines" if name == "lines" else name
            if "csv" in formats:
                paths[f"{name}.csv"] = out / f"{name}.csv"
                frame.to_csv(paths[f"{name}.csv"], index=False, float_format="%.2f",
                             date_format="%Y-%m-%d %H:%M:%S" if name == "order_lines" else "%Y-%m-%d")
            if "parquet" in formats:
                paths[f"{name}.parquet"] = out / f"{name}.parquet"
                frame.to_parquet(paths[f"{name}.parquet"], index=False)
        return paths


def make_demo_data(
    seed: int = 42,
    n_customers: int = 20_000,
    start: str | _dt.date = "2023-01-01",
    end: str | _dt.date = "2025-12-31",
    loyalty_launch: str | _dt.date | None = None,
    lines: bool = False,
    campaigns: bool = False,
    kind: str = "shop",
) -> DemoData:
    """Simulate the demo shop; the same arguments give the same tables, byte for byte.

    ``kind="subscriptions"`` simulates the subscription demo instead (three plans, monthly and
    yearly billing, plan changes, reactivations, cancellations with reasons; see
    :mod:`retention_kit.demo_subscriptions`): a :class:`~retention_kit.demo_subscriptions.SubscriptionDemo`.

    Parameters
    ----------
    seed : random seed
    n_customers : customers acquired over the whole period
    start, end : first and last day of the shop's history
    loyalty_launch : launch of the loyalty programme; default 15 months after `start`
    lines : also export the orders as a real shop does, as order lines with cancellation
        invoices and guest checkouts (``lines``; see :mod:`retention_kit.demo_lines`)
    campaigns : also run three retention campaigns with random control groups, the last with two
        arms (``campaigns``, their won-back orders in ``orders``, the truth in ``truth.campaigns``;
        see :mod:`retention_kit.demo_campaigns`)

    Returns
    -------
    DemoData with ``orders``, ``customers``, ``surveys``, ``spend``, ``truth`` and, with
    `lines`, ``lines`` (whose orders, net of refunds, are ``orders``).
    """
    if kind == "subscriptions":
        from .demo_subscriptions import make_subscription_demo

        return make_subscription_demo(seed=seed, n_customers=n_customers, start=start, end=end)
    if kind != "shop":
        raise ValueError(f"kind must be 'shop' or 'subscriptions', not {kind!r}")
    demo = _Simulation(seed, n_customers, pd.Timestamp(start), pd.Timestamp(end), loyalty_launch).run()
    if campaigns:
        from .demo_campaigns import add_campaigns

        add_campaigns(demo, seed)
    if lines:
        from .demo_lines import order_lines

        demo.lines = order_lines(demo, seed=seed)
    return demo


class _Simulation:
    r, alpha, a, b = 0.9, 10.0, 1.0, 4.0          # BG/NBD, rates per week
    gg_p, gg_q, gg_gamma = 6.0, 4.0, 30.0          # Gamma-Gamma: mean order value p*gamma/(q-1) = 60 EUR
    rate_multiplier, dropout_multiplier = 1.3, 0.6  # loyalty membership effects
    opt_in_intercept, opt_in_slope = -1.2, 0.4      # logit P(join) = b0 + b1 * repeat orders per year before launch
    join_delay_days = 75.0
    close_share, close_delay_days = 0.45, 40.0
    survey_share = 0.35
    refund_share, duplicate_share = 0.015, 0.004

    def __init__(self, seed, n, start, end, launch):
        self.rng = np.random.default_rng(seed)
        self.n, self.start, self.end = n, start, end
        self.days = (end - start).days + 1
        self.launch = pd.Timestamp(launch) if launch is not None else start + pd.DateOffset(months=15)
        self.launch_day = (self.launch - start).days

    # -------------------------------------------------------------- customers
    def run(self) -> DemoData:
        rng, n = self.rng, self.n
        lam = rng.gamma(self.r, 1.0 / self.alpha, n) / 7.0            # purchases per day
        p = rng.beta(self.a, self.b, n)
        nu = rng.gamma(self.gg_q, 1.0 / self.gg_gamma, n)
        z_p = _standardise(np.log(p / (1 - p)))
        acq = self._acquisition_days()
        channel = _choose(rng, np.log(_CHANNEL_SHARE)[None, :] + np.outer(z_p, _CHANNEL_DROPOUT_TILT))
        region = rng.choice(len(REGIONS), n, p=_REGION_SHARE)
        satisfaction = -0.8 * z_p + rng.normal(0, 0.6, n)
        favourite = rng.integers(0, len(CATEGORIES), n)

        cand = self._candidates(lam, acq)
        base = self._purchases(cand, p, join=np.full(n, np.inf), effect=False)
        join = self._loyalty_joins(cand, base, acq)
        actual = self._purchases(cand, p, join=join, effect=True)
        extra_orders, member_months = self._loyalty_gain(cand, base, actual, join)

        orders = self._orders(cand, actual, acq, nu, favourite)
        dropout = actual["dropout_time"]
        close_t, reason_cat, reason_text, reason_probs = self._closures(dropout, actual["last_time"], satisfaction, channel)
        customers = pd.DataFrame({
            "customer_id": _ids("C", n),
            "signup_date": self._date(acq),
            "channel": np.array(CHANNELS)[channel],
            "region": np.array(REGIONS)[region],
            "churn_date": self._date(close_t),
            "churn_reason": reason_text,
            "loyalty_join_date": self._date(np.floor(join)),
        })
        surveys = self._surveys(acq, actual["last_time"], satisfaction)
        spend = self._spend()
        truth_customers = pd.DataFrame({
            "customer_id": customers.customer_id, "lambda_per_week": lam * 7, "p": p, "nu": nu,
            "satisfaction": satisfaction, "dropout_date": self._date(dropout),
            "churn_category": reason_cat, "is_member": np.isfinite(join),
            "loyalty_extra_orders": extra_orders, "loyalty_member_months": member_months,
        })
        truth = DemoTruth(
            bgnbd={"r": self.r, "alpha": self.alpha, "a": self.a, "b": self.b},
            gamma_gamma={"p": self.gg_p, "q": self.gg_q, "v": self.gg_gamma},
            seasonality=SEASONALITY.copy(),
            loyalty_launch=self.launch.date(),
            loyalty_rate_multiplier=self.rate_multiplier,
            loyalty_dropout_multiplier=self.dropout_multiplier,
            loyalty_att_orders_per_member_month=float(extra_orders.sum() / member_months.sum()),
            loyalty_opt_in={"intercept": self.opt_in_intercept, "slope_per_yearly_repeat_order": self.opt_in_slope,
                            "mean_delay_days": self.join_delay_days},
            reason_probabilities=reason_probs,
            customers=truth_customers,
        )
        return DemoData(orders, customers, surveys, spend, truth, self.start.date(), self.end.date())

    def _acquisition_days(self) -> np.ndarray:
        """Acquisition day (0 = start) for each customer: growing 30% a year, seasonal."""
        day = np.arange(self.days)
        dates = self.start + pd.to_timedelta(day, "D")
        weight = (1 + 0.3 * day / 365.25) * SEASONALITY[dates.month - 1]
        chosen = self.rng.choice(self.days, self.n, p=weight / weight.sum())
        return np.sort(chosen).astype(float)

    # -------------------------------------------------------------- purchases
    def _candidates(self, lam, acq) -> dict:
        """Candidate purchase times of a Poisson process at the highest possible rate (to be thinned)."""
        rng = self.rng
        ceiling = SEASONALITY.max() * self.rate_multiplier
        horizon = self.days - acq                      # from the first order to the end
        count = rng.poisson(lam * ceiling * horizon)
        cust = np.repeat(np.arange(self.n), count)
        t = acq[cust] + rng.uniform(0, 1, cust.size) * horizon[cust]
        order = np.lexsort((t, cust))
        cust, t = cust[order], t[order]
        month = (self.start + pd.to_timedelta(np.floor(t), "D")).month.to_numpy() - 1
        return {"cust": cust, "t": t, "season": SEASONALITY[month], "ceiling": ceiling,
                "u_accept": rng.uniform(size=cust.size), "u_drop": rng.uniform(size=cust.size)}

    def _purchases(self, cand, p, join, effect: bool) -> dict:
        """Thin the candidates into repeat purchases and apply BG/NBD dropout (with or without membership)."""
        cust, t = cand["cust"], cand["t"]
        member = (t >= join[cust]) if effect else np.zeros(t.size, bool)
        rate = cand["season"] * np.where(member, self.rate_multiplier, 1.0)
        accepted = cand["u_accept"] < rate / cand["ceiling"]
        p_drop = p[cust] * np.where(member, self.dropout_multiplier, 1.0)
        drops = accepted & (cand["u_drop"] < p_drop)
        # a purchase is made while no earlier accepted purchase ended in dropout
        cum = np.cumsum(drops)
        first = np.searchsorted(cust, np.arange(self.n))
        before = np.where(first > 0, cum[np.maximum(first - 1, 0)], 0)
        earlier_drops = cum - drops - before[cust]
        kept = accepted & (earlier_drops == 0)
        dropout_time = np.full(self.n, np.inf)
        final = kept & drops
        dropout_time[cust[final]] = t[final]
        last_time = np.full(self.n, np.nan)
        last_time[cust[kept]] = t[kept]  # sorted by time within customer: the last write wins
        return {"kept": kept, "dropout_time": dropout_time, "last_time": last_time}

    def _loyalty_joins(self, cand, base, acq) -> np.ndarray:
        """Join day per customer (inf = never): existing customers self-select on past frequency."""
        rng = self.rng
        cust, t = cand["cust"], cand["t"]
        pre = base["kept"] & (t < self.launch_day)
        repeat_before = np.bincount(cust[pre], minlength=self.n)
        tenure_years = np.maximum((self.launch_day - acq) / 365.25, 0.25)
        rate = repeat_before / tenure_years
        prob = 1 / (1 + np.exp(-(self.opt_in_intercept + self.opt_in_slope * rate)))
        invited = acq < self.launch_day
        opt_in = invited & (rng.uniform(size=self.n) < prob)
        join = self.launch_day + rng.exponential(self.join_delay_days, self.n)
        # signing up is a click in an invitation e-mail: customers who silently stopped buying
        # can join too (and then buy nothing), so membership does not imply being still active
        ok = opt_in & (join < self.days)
        return np.where(ok, join, np.inf)

    def _loyalty_gain(self, cand, base, actual, join) -> tuple[np.ndarray, np.ndarray]:
        """Per customer: extra orders after joining (actual minus the no-programme
        counterfactual, same random draws) and months of membership up to the end."""
        member_rows = np.isfinite(join[cand["cust"]]) & (cand["t"] >= join[cand["cust"]])
        gain = (actual["kept"] & member_rows).astype(int) - (base["kept"] & member_rows).astype(int)
        extra = np.bincount(cand["cust"], weights=gain, minlength=self.n)
        months = np.where(np.isfinite(join), (self.days - join) / (365.25 / 12), 0.0)
        return extra, months

    def _orders(self, cand, actual, acq, nu, favourite) -> pd.DataFrame:
        rng = self.rng
        cust = np.concatenate([np.arange(self.n), cand["cust"][actual["kept"]]])
        t = np.concatenate([acq, cand["t"][actual["kept"]]])
        order = np.lexsort((cust, t))
        cust, t = cust[order], t[order]
        value = np.round(rng.gamma(self.gg_p, 1.0 / nu[cust]), 2)
        category = np.where(rng.uniform(size=cust.size) < 0.6, favourite[cust],
                            rng.integers(0, len(CATEGORIES), cust.size))
        quantity = 1 + rng.poisson(0.6, cust.size)
        orders = pd.DataFrame({
            "order_id": _ids("O", cust.size),
            "customer_id": _ids("C", self.n)[cust],
            "order_date": self._date(np.floor(t)),
            "revenue": value,
            "category": np.array(CATEGORIES)[category],
            "quantity": quantity,
        })
        refund_rows = np.flatnonzero(rng.uniform(size=len(orders)) < self.refund_share)
        refunds = orders.iloc[refund_rows].copy()
        refund_day = np.floor(t[refund_rows]) + rng.integers(3, 21, refund_rows.size)
        keep = refund_day < self.days
        refunds = refunds[keep]
        refunds["order_date"] = self._date(refund_day[keep]).to_numpy()
        refunds["revenue"] = -refunds["revenue"]
        refunds["quantity"] = -refunds["quantity"]
        dup_rows = np.flatnonzero(rng.uniform(size=len(orders)) < self.duplicate_share)
        combined = pd.concat([orders, refunds, orders.iloc[dup_rows]], ignore_index=True)
        return combined.sort_values(["order_date", "order_id"], kind="stable").reset_index(drop=True)

    # -------------------------------------------------------------- churn, surveys, spend
    def _closures(self, dropout, last_time, satisfaction, channel):
        """Some dropouts close their account and say why."""
        rng = self.rng
        close_t = np.where(np.isfinite(dropout), dropout + rng.exponential(self.close_delay_days, self.n), np.inf)
        closes = (rng.uniform(size=self.n) < self.close_share) & (close_t < self.days)
        close_t = np.where(closes, np.floor(close_t), np.nan)
        probs = _reason_probabilities(satisfaction < -0.5, channel == CHANNELS.index("social"))
        category = _choose(rng, np.log(probs))
        drawn = np.where(closes, np.array(_DRAWN_CATEGORIES, dtype=object)[category], None)
        variant = rng.integers(0, 5, self.n)
        texts = np.array([text for name in _DRAWN_CATEGORIES for text in REASON_TEXTS[name]], dtype=object)
        text = np.where(closes, texts[np.where(closes, category, 0) * 5 + variant], None)
        other = drawn == "other"
        category_name = np.where(other, np.where(np.isin(variant, _INVOLUNTARY_VARIANTS), "involuntary",
                                                 "no_longer_needed"), drawn)
        grid = pd.MultiIndex.from_product([CHANNELS, ("unhappy", "other")], names=["channel", "satisfaction"])
        table = pd.DataFrame(
            _reason_probabilities(grid.get_level_values(1) == "unhappy", grid.get_level_values(0) == "social"),
            index=grid, columns=list(_DRAWN_CATEGORIES),
        )
        share = len(_INVOLUNTARY_VARIANTS) / 5  # the variant is drawn independently of the category
        table["involuntary"] = table.pop("other") * share
        table.insert(len(table.columns) - 1, "no_longer_needed", table["involuntary"] / share * (1 - share))
        table = table[list(REASON_CATEGORIES)].reset_index()
        return close_t, category_name, text, table

    def _surveys(self, acq, last_time, satisfaction) -> pd.DataFrame:
        rng = self.rng
        answers = np.flatnonzero(rng.uniform(size=self.n) < self.survey_share)
        upper = np.minimum(np.nan_to_num(last_time[answers], nan=acq[answers]) + 30, self.days - 1)
        day = np.floor(acq[answers] + rng.uniform(size=answers.size) * (upper - acq[answers]))
        s = satisfaction[answers]
        noise = lambda sd: rng.normal(0, sd, answers.size)
        frame = pd.DataFrame({
            "customer_id": _ids("C", self.n)[answers],
            "response_date": self._date(day),
            "nps": np.clip(np.round(7.2 + 1.8 * s + noise(1.0)), 0, 10).astype(int),
            "csat": np.clip(np.round(3.8 + 0.8 * s + noise(0.5)), 1, 5).astype(int),
            "cli_recommend": np.clip(np.round(4.2 + 0.9 * s + noise(0.7)), 1, 6).astype(int),
            "cli_buy_again": np.clip(np.round(4.4 + 0.9 * s + noise(0.7)), 1, 6).astype(int),
            "cli_buy_other": np.clip(np.round(3.9 + 0.7 * s + noise(0.8)), 1, 6).astype(int),
        })
        return frame.sort_values(["response_date", "customer_id"], kind="stable").reset_index(drop=True)

    def _spend(self) -> pd.DataFrame:
        months = pd.date_range(self.start, self.end, freq="MS")
        base = {"email": 1800.0, "direct mail": 2500.0, "app push": 600.0, "loyalty programme": 4000.0}
        rows = []
        for channel, amount in base.items():
            growth = 1 + 0.25 * np.arange(len(months)) / 12
            value = amount * growth * self.rng.lognormal(0, 0.1, len(months))
            if channel == "loyalty programme":
                value = np.where(months >= self.launch, value, 0.0)
            rows.append(pd.DataFrame({"period": months.date, "channel": channel, "retention_spend": np.round(value, 2)}))
        return pd.concat(rows, ignore_index=True).sort_values(["period", "channel"]).reset_index(drop=True)

    def _date(self, day: np.ndarray) -> pd.Series:
        day = np.asarray(day, float)
        finite = np.isfinite(day)
        out = pd.Series(pd.NaT, index=range(day.size), dtype="datetime64[ns]")
        out[finite] = self.start + pd.to_timedelta(day[finite], "D")
        return out.dt.date.astype(object).where(finite, None)


def _reason_probabilities(unhappy: np.ndarray, social: np.ndarray) -> np.ndarray:
    """Reason probabilities per customer: unhappy customers cite quality and service 1.8x as
    often, social-media customers price and better offers 1.5x as often (satisfaction < -0.5 is unhappy)."""
    weights = np.tile(_REASON_BASE, (len(unhappy), 1))
    weights[np.asarray(unhappy), 0:2] *= 1.8
    social = np.asarray(social)
    weights[social, 2] *= 1.5
    weights[social, 4] *= 1.5
    return weights / weights.sum(axis=1, keepdims=True)


def _choose(rng, logits: np.ndarray) -> np.ndarray:
    """One categorical draw per row from unnormalised log-probabilities (Gumbel-max)."""
    return np.argmax(logits + rng.gumbel(size=logits.shape), axis=1)


def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std()


def _ids(prefix: str, n: int) -> np.ndarray:
    width = max(6, len(str(n)))
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width)).astype(object)
