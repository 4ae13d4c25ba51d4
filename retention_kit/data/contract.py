"""The data contract: the tables, their canonical columns and kinds, and the labels an export may use.

>>> [c.name for c in CONTRACT["orders"] if c.required]
['customer_id', 'order_date', 'revenue']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the contract: its kind (id, date, number, score, text) and its limits."""

    name: str
    kind: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    integer: bool = False


CONTRACT: dict[str, list[ColumnSpec]] = {
    "orders": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("order_date", "date", required=True),
        ColumnSpec("revenue", "number", required=True),
        ColumnSpec("quantity", "number"),
        ColumnSpec("unit_price", "number"),
        ColumnSpec("order_id", "id"),
    ],
    "subscriptions": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("start_date", "date", required=True),
        ColumnSpec("end_date", "date"),
        ColumnSpec("cancel_date", "date"),
        ColumnSpec("mrr", "number", low=0),
        ColumnSpec("amount", "number", low=0),
        ColumnSpec("billing_period", "label"),
        ColumnSpec("subscription_id", "id"),
    ],
    "customers": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("signup_date", "date"),
        ColumnSpec("churn_date", "date"),
        ColumnSpec("loyalty_join_date", "date"),
    ],
    "surveys": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("response_date", "date", required=True),
        ColumnSpec("nps", "score", low=0, high=10, integer=True),
        ColumnSpec("csat", "score", low=1, high=5, integer=True),
    ],
    "spend": [
        ColumnSpec("period", "date", required=True),
        ColumnSpec("retention_spend", "number", required=True, low=0),
    ],
    "campaigns": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("campaign", "label", required=True),
        ColumnSpec("sent_date", "date", required=True),
        ColumnSpec("group", "label", required=True),
        ColumnSpec("cost", "number", low=0),
    ],
    "events": [
        ColumnSpec("customer_id", "id", required=True),
        ColumnSpec("event_date", "date", required=True),
        ColumnSpec("event", "label"),
        ColumnSpec("value", "number"),
    ],
}


#: The group of a campaign held back at random, as the loaded table names it; every other group is an arm.
CONTROL = "control"


#: Labels that name the control group in exports (compared in lower case): one of them in a table
#: without the control label given is refused, so a control group never becomes an arm unnoticed.
CONTROL_LABELS = {"control", "holdout", "hold-out", "cg", "control group", "controle", "controlegroep", "geen mail",
                  "no mail", "no email", "not sent"}


#: Billing periods of a subscription's ``amount`` and the months each covers (MRR = amount / months),
#: in English and Dutch; compared in lower case.
BILLING_MONTHS = {
    "month": 1, "monthly": 1, "m": 1, "maand": 1, "maandelijks": 1, "per maand": 1,
    "quarter": 3, "quarterly": 3, "q": 3, "kwartaal": 3, "per kwartaal": 3,
    "half-year": 6, "half year": 6, "semiannual": 6, "halfjaar": 6, "halfjaarlijks": 6,
    "year": 12, "yearly": 12, "annual": 12, "annually": 12, "y": 12, "jaar": 12, "jaarlijks": 12, "per jaar": 12,
    "week": 12 / 52, "weekly": 12 / 52, "wekelijks": 12 / 52, "per week": 12 / 52,
}


#: The tables a dataset is built on: a shop sells orders, a service business has subscriptions (or both).
BASE_TABLES = ("orders", "subscriptions")


#: Every table of a dataset, in the order they are loaded.
TABLES = (*BASE_TABLES, "customers", "surveys", "spend", "campaigns")


#: Order lines without a revenue column: revenue is computed as quantity x unit_price.
PRICE_COLUMNS = ("quantity", "unit_price")


#: Survey columns starting with this prefix are loyalty-index items on a 1-6 scale.
LOYALTY_ITEM_PREFIX = "cli_"


#: Common names in exports, to suggest a `columns=` mapping when a required column is missing.
ALIASES = {
    "customer_id": ["customerid", "customer", "custid", "clientid", "userid", "klantid", "klantnummer", "klant"],
    "order_date": ["invoicedate", "orderdate", "date", "datum", "orderdatum", "purchasedate", "transactiondate"],
    "revenue": ["amount", "omzet", "bedrag", "sales", "total", "value", "ordervalue", "totaal"],
    "order_id": ["invoiceno", "invoice", "invoicenumber", "ordernumber", "orderno", "factuurnummer", "bestelnummer"],
    "quantity": ["qty", "aantal", "units"],
    "unit_price": ["unitprice", "price", "prijs", "stukprijs"],
    "product_id": ["stockcode", "sku", "productcode", "artikelnummer", "product"],
    "response_date": ["date", "datum", "surveydate", "responsedate", "answerdate"],
    "period": ["month", "maand", "date", "datum"],
    "retention_spend": ["spend", "cost", "costs", "kosten", "budget", "uitgaven"],
}


#: The source name that stands for the demo shop.
DEMO = "demo"
