"""Order lines to orders: returns netted against purchases, one row per order.

Real exports hold order lines: several lines per order, returns and
cancellations as negative lines. The loader (:func:`retention_kit.data.load_orders`)
uses this module so that every analysis counts **orders**, not lines:

* **An order** is a distinct ``order_id`` of a customer; without an ``order_id``,
  a customer-day (all purchases of a customer on one day). :func:`orders_from_lines`
  gives one row per order: its first date, its (net) revenue, its total quantity and,
  for every other column, the smallest value of its lines.
* **Returns** (lines with negative revenue) are netted (``returns="net"``, the number
  a finance team reports) by :func:`net_returns`. A return is matched to one purchase
  of the same customer (and the same ``product_id`` where present), dated on or
  before the return: the purchase with the same ``order_id`` as the return if there
  is one, otherwise the latest one (ties broken by the larger ``order_id``). Its
  value is subtracted from that purchase; a purchase whose whole value is returned
  is cancelled: it no longer counts as an order line, and an order whose lines are
  all cancelled no longer counts as an order nor makes its customer active. Value
  returned beyond what the purchase was worth, and returns without an earlier
  purchase, are counted in the ledger as unmatched. With ``returns="gross"`` returns
  are set aside and purchases keep their full value.

Examples
--------
>>> import pandas as pd
>>> from retention_kit.engine import as_table, execute
>>> lines = as_table(pd.DataFrame({
...     "customer_id": ["a", "a", "a", "a"], "order_id": ["1", "1", "2", "C9"],
...     "product_id": ["p", "q", "p", "q"],
...     "order_date": pd.to_datetime(["2024-01-02", "2024-01-02", "2024-01-20", "2024-01-25"]).date,
...     "revenue": [10.0, 5.0, 7.0, -5.0]}))
>>> net, stats = net_returns(lines)
>>> stats["return_netted"], stats["cancelled"]
((1, -5.0), (1, 5.0))
>>> execute(orders_from_lines(net).order_by("order_id"))[["order_id", "revenue"]].values.tolist()
[['1', 10.0], ['2', 7.0]]
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..engine import execute, materialise

__all__ = ["RETURNS", "order_key", "net_returns", "orders_from_lines"]

#: How returns are treated: netted against purchases, or set aside with purchases kept whole.
RETURNS = ("net", "gross")

#: Line-level columns that do not describe an order as a whole.
LINE_COLUMNS = ("unit_price", "product_id")


def order_key(t: ir.Table) -> str:
    """The column that tells orders of one customer apart: ``order_id``, else ``order_date``."""
    return "order_id" if "order_id" in t.columns else "order_date"


def orders_from_lines(lines: ir.Table, rows: str | None = None) -> ir.Table:
    """One row per order (see the module text): customer_id, the order key, order_date
    (the first line's date), revenue and quantity summed, other columns their smallest value;
    with `rows`, a column of that name counts each order's lines."""
    key = order_key(lines)
    summed = {c: lines[c].sum() for c in ("revenue", "quantity") if c in lines.columns}
    first = {"order_date": lines.order_date.min()} if key != "order_date" else {}
    rest = {c: lines[c].min() for c in lines.columns
            if c not in {"customer_id", key, "order_date", *summed, *LINE_COLUMNS}}
    counted = {rows: lines.count()} if rows else {}
    return lines.group_by(["customer_id", key]).aggregate(**first, **summed, **rest, **counted)


def net_returns(lines: ir.Table, *, any_returns: bool = True) -> tuple[ir.Table, dict[str, tuple[int, float]]]:
    """Purchase lines net of their returns, and what happened to the returns.

    Returns the purchase lines (revenue >= 0) with each line's revenue reduced by
    its share of the returns matched to it, fully returned purchases left out, and
    ``{"return_netted": (lines, value subtracted from purchases), "return_excess": (0 lines, the
    part of returns larger than their purchase), "return_unmatched": (lines, value),
    "cancelled": (purchase lines, their value before the return)}``; netted + excess + unmatched
    is the value of every return line. ``any_returns=False`` (no negative revenue was counted while
    validating) skips the query that looks for them.
    """
    key = order_key(lines)
    columns = lines.columns
    if "product_id" in columns:  # lines without a product (fees, adjustments) match each other, not nothing
        lines = lines.mutate(product_id=lines.product_id.cast("string").fill_null(""))
    match_on = ["customer_id"] + (["product_id"] if "product_id" in columns else [])
    unit_cols = match_on + ([key] if key not in match_on else [])
    buys, rets = lines.filter(lines.revenue >= 0), lines.filter(lines.revenue < 0)
    if not any_returns or not int(execute(rets.count())):
        return buys.select(*columns), {"return_netted": (0, 0.0), "return_excess": (0, 0.0),
                                       "return_unmatched": (0, 0.0), "cancelled": (0, 0.0)}

    # a purchase unit: one product (or, without product_id, one order) of one order of one customer;
    # only the purchases of customers (and products) that have a return can be touched
    touched = buys.semi_join(rets.select(*match_on).distinct(), match_on)
    units = touched.group_by(unit_cols).aggregate(gross=touched.revenue.sum(), bought=touched.order_date.min())
    # a return unit: the return lines of one customer (and product) in one return order on one day
    ret_units = rets.group_by([*match_on, "order_date", *([key] if key != "order_date" else [])]).aggregate(
        value=rets.revenue.sum(), n=rets.count())
    r = ret_units.rename({"r_date": "order_date", "r_key": key} if key != "order_date" else {"r_date": "order_date"})
    if key == "order_date":
        r = r.mutate(r_key=r.r_date)
    u = units.rename({f"u_{c}": c for c in match_on})
    pairs = r.join(u, [r[c] == u[f"u_{c}"] for c in match_on] + [u.bought <= r.r_date])
    same = (pairs[key] == pairs.r_key).cast("int64")
    ranked = pairs.mutate(_rk_rank=ibis.row_number().over(ibis.window(
        group_by=[*match_on, "r_date", "r_key"], order_by=[ibis.desc(same), ibis.desc("bought"), ibis.desc(key)])))
    matched = ranked.filter(ranked._rk_rank == 0)
    applied = matched.group_by(unit_cols).aggregate(returned=matched.value.sum(), ret_lines=matched.n.sum())
    units = units.left_join(applied, unit_cols).select(
        units, returned=applied.returned.fill_null(0.0), ret_lines=applied.ret_lines.fill_null(0))
    units = units.mutate(net=ibis.greatest(units.gross + units.returned, 0.0),
                         cancelled=(units.returned < 0) & (units.gross + units.returned <= 0))

    changed = units.filter(units.returned < 0)
    shares = materialise(changed.select(  # the purchase units a return changed, computed once
        *unit_cols, "cancelled", "gross", "net", "returned", "ret_lines",
        factor=ibis.ifelse(changed.gross > 0, changed.net / changed.gross, 1.0)))
    cancelled = touched.semi_join(shares.filter(shares.cancelled), unit_cols)
    t = execute(shares.aggregate(
        netted=(shares.net - shares.gross).sum().fill_null(0.0), netted_lines=shares.ret_lines.sum().fill_null(0),
        excess=(shares.gross - shares.net + shares.returned).sum().fill_null(0.0),
        cancelled_value=shares.gross.sum(where=shares.cancelled).fill_null(0.0)
    ).cross_join(rets.aggregate(n=rets.count(), value=rets.revenue.sum().fill_null(0.0))
    ).cross_join(cancelled.aggregate(cancelled_lines=cancelled.count()))).iloc[0]
    cancelled_lines = int(t["cancelled_lines"])
    shares = shares.select(*unit_cols, "cancelled", "factor")
    kept = buys.left_join(shares, unit_cols).select(buys, cancelled=shares.cancelled.fill_null(False),
                                                    factor=shares.factor.fill_null(1.0))
    kept = kept.filter(~kept.cancelled)
    net = kept.mutate(revenue=kept.revenue * kept.factor).select(*columns)
    netted_lines, netted, excess = int(t["netted_lines"]), float(t["netted"]), float(t["excess"])
    stats = {
        "return_netted": (netted_lines, netted),
        "return_excess": (0, excess),
        "return_unmatched": (int(t["n"]) - netted_lines, float(t["value"]) - netted - excess),
        "cancelled": (cancelled_lines, float(t["cancelled_value"])),
    }
    return net, stats
