"""Synthetic order logs of 1M / 10M / 100M rows as Parquet, written in chunks (bounded memory).

Customers (one per ten orders) order on random days over three years; revenue is
Gamma-distributed. Each chunk holds whole customers, so per-customer logic sees
complete histories.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SIZES = {"1M": 1_000_000, "10M": 10_000_000, "100M": 100_000_000}
CHUNK = 5_000_000


def generate(rows: int, path: Path, seed: int = 0) -> Path:
    """Write `rows` orders to `path` (Parquet) unless it already exists; returns the path."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01")
    tmp = path.with_suffix(".part")
    writer = None
    written = 0
    while written < rows:
        n = min(CHUNK, rows - written)
        first_customer = written // 10
        customer = first_customer + np.sort(rng.integers(0, max(n // 10, 1), n))
        first_day = rng.integers(0, 1095, n // 10 + 1)
        day = np.minimum(first_day[customer - first_customer] + rng.exponential(120, n).astype(int), 1094)
        table = pa.table({
            "order_id": np.arange(written, written + n, dtype=np.int64),
            "customer_id": customer.astype(np.int64),
            "order_date": (start + day.astype("timedelta64[D]")).astype("datetime64[D]"),
            "revenue": np.round(rng.gamma(6.0, 10.0, n), 2),
        })
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table, row_group_size=1_000_000)
        written += n
    writer.close()
    tmp.rename(path)
    return path


def order_lines(orders: Path) -> Path:
    """The same orders as an order-line export (``<name>_lines.parquet``, written once): every third
    order split into three product lines that share its revenue, one order in 200 returned in full a
    week later by a line with negative revenue. Validating it groups the lines back into orders."""
    import duckdb

    orders = Path(orders)
    path = orders.with_name(orders.stem + "_lines.parquet")
    if path.exists():
        return path
    tmp = path.with_suffix(".part")
    duckdb.sql(f"""
        copy (
            select order_id, customer_id, order_date, round(revenue / if(order_id % 3 = 0, 3, 1), 2) as revenue,
                   'P' || g as product_id
            from read_parquet('{orders.as_posix()}'), range(3) t(g) where order_id % 3 = 0 or g = 0
            union all
            select order_id, customer_id, order_date + 7, -revenue, 'P0'
            from read_parquet('{orders.as_posix()}') where order_id % 200 = 1
        ) to '{tmp.as_posix()}' (format parquet)""")
    tmp.rename(path)
    return path


#: The shapes of an order log users export, next to the benchmark's own (``bench``: an integer
#: ``order_id`` on every row, dates without a time, customers sorted).
SHAPES = ("bench", "export", "export_csv", "lines")


def export_shape(orders: Path, shape: str) -> Path:
    """The same orders as users export them (written once, next to `orders`):

    - ``export``: Parquet without ``order_id`` (an order is a customer-day), a timestamp with a
      time of day, customers in no order;
    - ``export_csv``: the same as CSV, with text ids (``C00001234``) and times written as text;
    - ``lines``: an order-line export with returns (:func:`order_lines`).
    """
    import duckdb

    orders = Path(orders)
    if shape == "bench":
        return orders
    if shape == "lines":
        return order_lines(orders)
    suffix = {"export": ".parquet", "export_csv": ".csv"}[shape]
    path = orders.with_name(f"{orders.stem}_{shape}{suffix}")
    if path.exists():
        return path
    tmp = path.with_name(path.name + ".part")
    customer = "'C' || lpad(customer_id::varchar, 8, '0')" if shape == "export_csv" else "customer_id"
    stamp = "order_date::timestamp + to_seconds((hash(order_id) % 86400)::bigint)"
    if shape == "export_csv":
        stamp = f"strftime({stamp}, '%Y-%m-%d %H:%M:%S')"
    fmt = "format csv, header true" if shape == "export_csv" else "format parquet"
    duckdb.sql(f"""
        copy (
            select {customer} as customer_id, {stamp} as order_date, revenue
            from read_parquet('{orders.as_posix()}') order by hash(order_id * 7919)
        ) to '{tmp.as_posix()}' ({fmt})""")
    tmp.rename(path)
    return path


def course_shop(folder: Path, seed: int = 0) -> Path:
    """A course-sized shop as five CSV files (the demo with 3,000 customers), written once."""
    from retention_kit.demo import make_demo_data

    folder = Path(folder)
    if (folder / "orders.csv").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    demo = make_demo_data(n_customers=3000, seed=seed, campaigns=True)
    for name in ("orders", "customers", "surveys", "spend", "campaigns"):
        getattr(demo, name).to_csv(folder / f"{name}.csv", index=False)
    return folder
