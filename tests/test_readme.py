"""Every Python block of the README runs, in order, against files made from the demo data under the
names the README uses (the Spark block needs a Spark session and is left out)."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit.demo_lines import order_lines

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)

pytestmark = pytest.mark.slow


def _files(folder: Path) -> None:
    """The files the README names, from a small demo shop and service."""
    shop = rk.make_demo_data(n_customers=2_000, campaigns=True)
    sales = shop.orders.rename(columns={"customer_id": "CustID", "order_date": "Datum", "revenue": "Bedrag"})
    sales["Datum"] = pd.to_datetime(sales["Datum"]).dt.strftime("%d-%m-%Y")
    sales.to_csv(folder / "sales.csv", index=False)
    shop.customers.to_excel(folder / "customers.xlsx", index=False)
    shop.campaigns.to_csv(folder / "campaigns.csv", index=False)
    order_lines(shop).to_csv(folder / "online_retail.csv", index=False)
    labelled = rk.churned_customers(shop.customers, shop.orders)[["churn_reason", "reason"]]
    labelled.columns = ["text", "category"]
    labelled.head(400).to_csv(folder / "labelled_reasons.csv", index=False)
    rng = np.random.default_rng(0)
    panel = pd.DataFrame([(s, q) for s in range(12) for q in range(8)], columns=["state", "quarter"])
    panel["d"] = ((panel.state < 6) & (panel.quarter >= 4)).astype(int)
    panel["y"] = 1.0 + 0.1 * panel.state + 0.05 * panel.quarter + 2.0 * panel.d + rng.normal(0, 0.1, len(panel))
    panel.to_csv(folder / "state_panel.csv", index=False)
    service = rk.make_demo_data(n_customers=1_500, kind="subscriptions")
    service.subscriptions.rename(columns={"customer_id": "KlantNr", "start_date": "Ingangsdatum",
                                          "end_date": "Einddatum"}).to_csv(folder / "contracts.csv", index=False)
    service.customers.rename(columns={"customer_id": "KlantNr"}).to_csv(folder / "customers.csv", index=False)
    import duckdb

    with duckdb.connect(str(folder / "warehouse.duckdb")) as con:
        con.register("shop_orders", shop.orders)
        con.execute("create table orders as select * from shop_orders")


def test_the_readme_names_its_blocks():
    assert len(BLOCKS) >= 7 and "load_dataset" in BLOCKS[0]


def test_every_python_block_of_the_readme_runs(tmp_path, monkeypatch):
    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    backend = rk.get_backend()
    try:
        for block in BLOCKS:
            if "SparkSession" in block:
                continue
            exec(compile(block, str(README), "exec"), namespace)
            rk.set_backend(backend)  # a block that connects a warehouse stands alone
    finally:
        rk.set_backend(backend)
    assert namespace["data"].orders.rows_used > 0 and namespace["service"].subscriptions.rows_used > 0
    assert (tmp_path / "targets.csv").exists()
