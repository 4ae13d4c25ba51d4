"""Order lines in, orders counted right: a hand-worked line-level log and the demo's line export."""

import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit.demo_lines import LINE_COLUMNS

#: A web shop's export, January 2024. Lines, orders and customer-days all differ:
#: a: invoice 1 (P1 2 x 5.00, P2 1 x 20.00 = 30) on the 3rd; invoice 2 (P1 1 x 5.00) on the 10th,
#:    returned in full by C3 on the 12th (the latest earlier purchase of P1 by a);
#: b: invoice 4 (P3 3 x 4.00, P4 1 x 8.00 = 20) on the 15th; C5 returns P4 on the 20th (net 12);
#: c: invoices 6 (P1 4 x 5.00) and 7 (P2 1 x 20.00) on the same day, the 21st;
#: invoice 8 is a guest checkout (no customer id).
EXPORT = pd.DataFrame({
    "InvoiceNo": ["1", "1", "2", "C3", "4", "4", "C5", "6", "7", "8"],
    "StockCode": ["P1", "P2", "P1", "P1", "P3", "P4", "P4", "P1", "P2", "P2"],
    "Quantity": [2, 1, 1, -1, 3, 1, -1, 4, 1, 1],
    "UnitPrice": ["5.00", "20.00", "5.00", "5.00", "4.00", "8.00", "8.00", "5.00", "20.00", "20.00"],
    "InvoiceDate": ["2024-01-03 09:12", "2024-01-03 09:12", "2024-01-10 14:00", "2024-01-12 10:30",
                    "2024-01-15 16:45", "2024-01-15 16:45", "2024-01-20 11:00", "2024-01-21 08:00",
                    "2024-01-21 19:30", "2024-01-22 12:00"],
    "CustomerID": ["a", "a", "a", "a", "b", "b", "b", "c", "c", None],
})
MAPPING = {"InvoiceNo": "order_id", "StockCode": "product_id", "Quantity": "quantity", "UnitPrice": "unit_price",
           "InvoiceDate": "order_date", "CustomerID": "customer_id"}
SHOWN = ["buyers", "orders", "revenue", "orders_per_customer", "repeat_purchase_rate", "average_order_value"]


@pytest.mark.parametrize("returns, with_order_id, expected", [
    # net: a keeps invoice 1 (30), b invoice 4 net of P4 (12), c both invoices (20 + 20)
    ("net", True, [3, 4, 82.0, 4 / 3, 100 / 3, 82 / 4]),
    # gross: a's invoice 2 (5) and b's P4 (8) count; a and c are repeat buyers
    ("gross", True, [3, 5, 95.0, 5 / 3, 200 / 3, 95 / 5]),
    # without order ids an order is a customer-day: c's two invoices are one order
    ("net", False, [3, 3, 82.0, 1.0, 0.0, 82 / 3]),
    ("gross", False, [3, 4, 95.0, 4 / 3, 100 / 3, 95 / 4]),
])
def test_hand_worked_line_log_counts_orders_not_lines(returns, with_order_id, expected):
    mapping = MAPPING if with_order_id else {k: v for k, v in MAPPING.items() if v != "order_id"}
    export = EXPORT if with_order_id else EXPORT.drop(columns="InvoiceNo")
    orders = rk.load_orders(export, columns=mapping, returns=returns)
    kpis = rk.kpi_table(orders, active_window_days=30)
    assert kpis[SHOWN].iloc[0].tolist() == pytest.approx(expected)
    activity = rk.activity_by_period(orders)
    assert activity[["orders", "customers", "revenue"]].iloc[0].tolist() == pytest.approx(expected[1::-1] + [expected[2]])


def test_hand_worked_line_log_ledger():
    orders = rk.load_orders(EXPORT, columns=MAPPING)
    ledger = orders.ledger.to_frame().set_index("reason")
    assert ledger.loc["no_customer_id", ["rows", "revenue_set_aside"]].tolist() == [1, 20.0]
    assert ledger.loc["return_netted", ["rows", "revenue_adjusted"]].tolist() == [2, -13.0]
    assert ledger.loc["cancelled", "rows"] == 2
    assert (orders.rows_in, orders.rows_used) == (10, 5)  # invoice 2, P4 of invoice 4 and both returns folded in
    per_customer = rk.survival_frame(orders, active_window_days=30).set_index("customer_id").orders
    assert per_customer.to_dict() == {"a": 1, "b": 1, "c": 2}


def test_a_return_without_an_earlier_purchase_is_counted_not_netted():
    export = EXPORT.assign(InvoiceDate=EXPORT.InvoiceDate.where(EXPORT.InvoiceNo != "C3", "2024-01-01 08:00"))
    ledger = rk.load_orders(export, columns=MAPPING).ledger.to_frame().set_index("reason")
    assert ledger.loc["return_unmatched", ["rows", "revenue_set_aside"]].tolist() == [1, -5.0]
    assert ledger.loc["return_netted", ["rows", "revenue_adjusted"]].tolist() == [1, -8.0]


def test_revenue_is_quantity_times_unit_price_and_both_are_required():
    with pytest.raises(rk.errors.MissingColumnError, match="'revenue' is missing.*Or give 'quantity' and 'unit_price'"):
        rk.load_orders(EXPORT.drop(columns="UnitPrice"), columns={k: v for k, v in MAPPING.items() if k != "UnitPrice"})
    bad = EXPORT.assign(UnitPrice=EXPORT.UnitPrice.where(EXPORT.index != 1, "twenty"))
    with pytest.raises(rk.errors.NumericError, match=r"'unit_price' has 1 non-numeric values \(rows 2"):
        rk.load_orders(bad, columns=MAPPING)


@pytest.fixture(scope="module")
def shop():
    demo = rk.make_demo_data(seed=21, n_customers=3_000, lines=True)
    return demo, rk.load_orders(demo.orders), rk.load_orders(demo.lines, columns=LINE_COLUMNS)


def test_line_export_gives_the_orders_of_the_order_log(shop):
    demo, orders, lines = shop
    a = orders.to_pandas().sort_values("order_id").reset_index(drop=True)
    b = lines.to_pandas().sort_values("order_id").reset_index(drop=True)
    assert a.order_id.tolist() == b.order_id.tolist()
    assert (a.order_date == b.order_date).all() and np.allclose(a.revenue, b.revenue)
    guests = lines.ledger.to_frame().set_index("reason").loc["no_customer_id"]
    assert guests.rows == demo.lines.CustomerID.isna().sum()


def test_line_export_gives_the_same_kpis_cohorts_and_rfm(shop):
    _, orders, lines = shop
    pd.testing.assert_frame_equal(rk.kpi_table(lines, active_window_days=90), rk.kpi_table(orders, active_window_days=90))
    pd.testing.assert_frame_equal(rk.cohort_table(lines, metric="retention"), rk.cohort_table(orders, metric="retention"))
    pd.testing.assert_frame_equal(rk.cohort_table(lines, metric="revenue"), rk.cohort_table(orders, metric="revenue"))
    pd.testing.assert_frame_equal(rk.rfm_summary(lines), rk.rfm_summary(orders))


def test_lines_without_a_product_id_are_kept_and_a_missing_order_id_is_an_error():
    fee = EXPORT.assign(StockCode=EXPORT.StockCode.where(EXPORT.InvoiceNo != "6"))  # c's invoice 6 has no product
    kpis = rk.kpi_table(rk.load_orders(fee, columns=MAPPING), active_window_days=30)
    assert kpis[["orders", "revenue"]].iloc[0].tolist() == [4, 82.0]
    no_id = EXPORT.assign(InvoiceNo=EXPORT.InvoiceNo.where(EXPORT.index != 4))
    with pytest.raises(rk.errors.MissingValueError, match=r"'order_id' has 1 missing values \(rows 5"):
        rk.load_orders(no_id, columns=MAPPING)


def test_the_written_line_export_keeps_invoice_times_and_exact_duplicates(tmp_path):
    demo = rk.make_demo_data(seed=4, n_customers=800, lines=True)
    path = demo.write(tmp_path, formats=("csv",))["order_lines.csv"]
    text = path.read_text().splitlines()
    assert text[1].count(":") == 2  # 2023-01-01 14:02:11
    loaded = rk.load_orders(path, columns=LINE_COLUMNS)
    duplicates = loaded.ledger.to_frame().set_index("reason").loc["duplicate", "rows"]
    assert duplicates == demo.lines.duplicated().sum() > 0


def test_the_revenue_in_the_file_is_the_revenue_used_plus_the_revenue_set_aside_by_hand():
    """Refunds larger than their purchase, zero-amount lines, a guest, a late order, a duplicate line
    and a return without a purchase: the ledger's set-aside column and the revenue used add up to the
    file, worked by hand."""
    export = pd.DataFrame({
        "customer_id": ["a", "a", "b", "b", "b", None, "c", "c", "d", "e"],
        "order_date": ["2024-01-02", "2024-01-09", "2024-01-03", "2024-01-03", "2024-01-04", "2024-01-05",
                       "2024-01-06", "2024-01-06", "2024-01-07", "2024-03-01"],
        "revenue": [50.0, -80.0, 0.0, 0.0, 30.0, 20.0, 12.0, 12.0, -7.0, 99.0],
    })
    # file 136; a: 50 bought, -80 returned -> 50 netted, 30 beyond the purchase; b: zero lines (an exact
    # duplicate of one) and 30; guest 20; c: one duplicate of 12; d: -7 without a purchase; e after the end
    loaded = rk.load_orders(export, observation_end="2024-02-29")
    ledger = loaded.ledger.to_frame().set_index("reason")
    assert ledger.revenue_set_aside.to_dict() == pytest.approx(
        {"no_customer_id": 20.0, "after_end": 99.0, "duplicate": 12.0, "return_netted": float("nan"),
         "return_excess": -30.0, "return_unmatched": -7.0, "cancelled": float("nan")}, nan_ok=True)
    assert ledger.loc["return_netted", "revenue_adjusted"] == -50.0
    balance = loaded.revenue_balance().set_index("item").revenue
    assert balance.tolist() == pytest.approx([136.0, 42.0, 94.0, -50.0])  # in file, used, set aside, netted
    assert balance["in_file"] == export.revenue.sum() == balance["used"] + balance["set_aside"]
    assert loaded.revenue_balance().attrs["difference"] == 0.0


def test_the_line_level_demo_revenue_adds_up():
    demo = rk.make_demo_data(seed=4, n_customers=800, lines=True)
    loaded = rk.load_orders(demo.lines, columns=LINE_COLUMNS)
    balance = loaded.revenue_balance().set_index("item").revenue
    expected = (demo.lines.Quantity * demo.lines.UnitPrice).sum() if "revenue" not in LINE_COLUMNS.values() \
        else demo.lines[[k for k, v in LINE_COLUMNS.items() if v == "revenue"][0]].sum()
    assert balance["in_file"] == pytest.approx(expected)
    assert balance["used"] + balance["set_aside"] == pytest.approx(expected)
    assert balance["returns_netted"] < 0 and balance["set_aside"] != 0
