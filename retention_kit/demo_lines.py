"""The demo shop's orders as a real shop exports them: order lines.

:func:`order_lines` turns the demo's order-level log into the line-level export
of a web shop, shaped like the public Online Retail data set: one row per
product in an invoice (``InvoiceNo``, ``StockCode``, ``Quantity``, ``UnitPrice``,
``InvoiceDate`` with a time of day, ``CustomerID``, ``Country``, ``Category``),
where

* every order becomes an invoice of one to six lines whose quantities times unit
  prices add up to the order's revenue to the cent;
* every refund of the order log becomes a cancellation invoice (``C`` + the invoice
  number) that returns every line of the refunded order with negative quantities;
* exact duplicate orders become exact duplicate lines;
* guest checkouts (about 3 % of invoices) have no customer id;
* ``Country`` is a trait of the customer (Netherlands, Belgium, Germany).

Loaded with :data:`LINE_COLUMNS`, the lines give the same orders as the order-level
log net of its refunds (see ``tests/test_lines.py``).

Examples
--------
>>> from retention_kit.demo import make_demo_data
>>> lines = order_lines(make_demo_data(n_customers=300, seed=3))
>>> list(lines.columns)
['InvoiceNo', 'StockCode', 'Category', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']
>>> bool(lines.InvoiceNo.str.startswith("C").any()), bool(lines.CustomerID.isna().any())
(True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["order_lines", "LINE_COLUMNS", "COUNTRIES"]

#: The `columns=` mapping that loads the line export into the data contract.
LINE_COLUMNS = {"InvoiceNo": "order_id", "StockCode": "product_id", "Category": "category",
                "Quantity": "quantity", "InvoiceDate": "order_date", "UnitPrice": "unit_price",
                "CustomerID": "customer_id", "Country": "country"}

COUNTRIES = ("Netherlands", "Belgium", "Germany")
_COUNTRY_SHARE = (0.8, 0.15, 0.05)
_GUEST_SHARE = 0.03
_PRODUCTS_PER_CATEGORY = 1000


def order_lines(demo, seed: int = 0) -> pd.DataFrame:
    """The demo's orders (``demo.orders``) as order lines; `seed` drives the split into lines.

    The order log itself is not changed; its random numbers are not used, so the
    demo's tables stay the same with or without a line export.
    """
    rng = np.random.default_rng([seed, 7919])
    orders = demo.orders
    categories = pd.Index(sorted(orders.category.unique()))
    buys = orders[orders.revenue >= 0].drop_duplicates("order_id")
    lines = _split(buys, categories, rng)
    lines["InvoiceNo"] = lines.order_id

    refunds = orders[orders.revenue < 0]
    returned = lines.merge(refunds[["order_id", "order_date"]], on="order_id", suffixes=("", "_refund"))
    returned = returned.assign(order_date=returned.order_date_refund, Quantity=-returned.Quantity,
                               InvoiceNo="C" + returned.order_id).drop(columns="order_date_refund")
    duplicated = orders[(orders.revenue >= 0) & orders.duplicated(keep="first")]
    copies = lines.merge(duplicated[["order_id"]], on="order_id")
    guests = _guests(lines, rng)
    lines = pd.concat([lines, returned, copies, guests], ignore_index=True)

    country = dict(zip(demo.customers.customer_id,
                       rng.choice(COUNTRIES, len(demo.customers), p=_COUNTRY_SHARE)))
    lines["Country"] = lines.customer_id.map(country).fillna(rng.choice(COUNTRIES))
    invoices = pd.Index(lines.InvoiceNo.unique())
    seconds = rng.integers(8 * 3600, 22 * 3600, len(invoices))[invoices.get_indexer(lines.InvoiceNo)]
    lines["InvoiceDate"] = pd.to_datetime(lines.order_date) + pd.to_timedelta(seconds, "s")  # one time per invoice
    lines = lines.sort_values(["InvoiceDate", "InvoiceNo", "StockCode"], kind="stable")
    lines = lines.rename(columns={"customer_id": "CustomerID", "category": "Category"})
    return lines[list(LINE_COLUMNS)].reset_index(drop=True)


def _split(buys: pd.DataFrame, categories: pd.Index, rng) -> pd.DataFrame:
    """Each order split into 1-6 lines of distinct products whose values add up to its revenue."""
    cents = np.round(buys.revenue.to_numpy() * 100).astype(np.int64)
    k = np.minimum(1 + rng.poisson(1.2, len(buys)), 6)
    k = np.where(cents >= k, k, 1)
    order = np.repeat(np.arange(len(buys)), k)
    position = np.arange(order.size) - np.repeat(np.cumsum(k) - k, k)
    weight = rng.uniform(0.2, 1.0, order.size)
    share = weight / np.bincount(order, weight)[order]
    spare = cents[order] - np.repeat(k, k)             # one cent per line is reserved, so no line is 0
    part = 1 + np.floor(share * spare).astype(np.int64)
    last = position == np.repeat(k, k) - 1
    part[last] += cents[order[last]] - np.bincount(order, part).astype(np.int64)[order[last]]
    quantity = rng.integers(1, 4, order.size)
    quantity = np.where(part % quantity == 0, quantity, 1)
    cat = categories.get_indexer(buys.category.to_numpy())[order]
    first = rng.integers(0, _PRODUCTS_PER_CATEGORY, len(buys))[order]
    product = (first + 7 * position) % _PRODUCTS_PER_CATEGORY     # distinct within an order
    return pd.DataFrame({
        "order_id": buys.order_id.to_numpy()[order],
        "customer_id": buys.customer_id.to_numpy()[order],
        "order_date": buys.order_date.to_numpy()[order],
        "category": buys.category.to_numpy()[order],
        "StockCode": ((cat + 1) * 10_000 + product).astype(str),
        "Quantity": quantity,
        "UnitPrice": part / quantity / 100,
    })


def _guests(lines: pd.DataFrame, rng) -> pd.DataFrame:
    """Guest checkouts: copies of randomly chosen lines under new invoices, without a customer id."""
    invoices = lines.order_id.unique()
    chosen = rng.choice(invoices, int(len(invoices) * _GUEST_SHARE), replace=False)
    guests = lines[lines.order_id.isin(chosen)].copy()
    guests["customer_id"] = None
    guests["InvoiceNo"] = "G" + guests.order_id.str[1:]
    return guests
