"""Loading and validation: every contract violation gets a clear error; set-aside rows reach the ledger."""

import datetime as dt
import hashlib
import re

import ibis
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import errors as E


def orders_frame(**overrides):
    frame = pd.DataFrame({
        "customer_id": ["a", "a", "b", "c"],
        "order_date": ["2024-01-05", "2024-02-10", "2024-01-20", "2024-03-01"],
        "revenue": [10.0, 20.0, 30.0, 40.0],
    })
    for column, values in overrides.items():
        frame[column] = values
    return frame


# ------------------------------------------------------------------ sources


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(E.SourceError, match=r"orders: file '.*nope\.csv' does not exist"):
        rk.load_orders(tmp_path / "nope.csv")


def test_empty_file_is_reported(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("")
    with pytest.raises(E.SourceError, match="is empty"):
        rk.load_orders(path)


def test_file_that_is_not_a_table(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("just one line of prose without any separators\nand another\n")
    with pytest.raises(E.SourceError, match="does not look like a table"):
        rk.load_orders(path)


def test_unknown_extension(tmp_path):
    path = tmp_path / "orders.json"
    path.write_text("{}")
    with pytest.raises(E.SourceError, match="extension '.json'"):
        rk.load_orders(path)


def test_every_source_kind_gives_the_same_rows(tmp_path):
    frame = orders_frame()
    frame.to_csv(tmp_path / "o.csv", index=False)
    parsed = frame.assign(order_date=pd.to_datetime(frame.order_date))
    parsed.to_parquet(tmp_path / "o.parquet")
    parsed.to_excel(tmp_path / "o.xlsx", index=False)
    (tmp_path / "parts").mkdir()
    parsed.iloc[:2].to_parquet(tmp_path / "parts" / "p1.parquet")
    parsed.iloc[2:].to_parquet(tmp_path / "parts" / "p2.parquet")
    sources = [frame, tmp_path / "o.csv", str(tmp_path / "o.parquet"), tmp_path / "o.xlsx",
               ibis.memtable(frame), str(tmp_path / "parts" / "*.parquet"), tmp_path / "parts"]
    for source in sources:
        loaded = rk.load_orders(source)
        got = loaded.to_pandas().sort_values("revenue")
        assert got.revenue.tolist() == [10.0, 20.0, 30.0, 40.0], source
        assert pd.Timestamp(got.order_date.iloc[0]) == pd.Timestamp("2024-01-05"), source


def test_input_file_is_unchanged_after_loading(tmp_path):
    path = tmp_path / "orders.csv"
    orders_frame(revenue=[10.0, -10.0, 30.0, 30.0]).to_csv(path, index=False)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    mtime = path.stat().st_mtime_ns
    rk.load_orders(path, observation_end="2024-02-01")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert path.stat().st_mtime_ns == mtime


# ------------------------------------------------------------------ columns


def test_missing_required_column_suggests_a_mapping():
    frame = orders_frame().rename(columns={"customer_id": "CustomerID"})
    with pytest.raises(E.MissingColumnError, match=r"'customer_id' is missing.*columns=\{'CustomerID': 'customer_id'\}"):
        rk.load_orders(frame)


def test_columns_mapping_and_day_first_dates_and_decimal_comma():
    frame = pd.DataFrame({"Klant": ["a", "b"], "Datum": ["31-01-2024", "01-02-2024"], "Bedrag": ["12,50", "1.234,00"]})
    loaded = rk.load_orders(frame, columns={"Klant": "customer_id", "Datum": "order_date", "Bedrag": "revenue"},
                            date_format="%d-%m-%Y", decimal=",")
    got = loaded.to_pandas()
    assert list(pd.to_datetime(got.order_date)) == [pd.Timestamp("2024-01-31"), pd.Timestamp("2024-02-01")]
    assert got.revenue.tolist() == [12.5, 1234.0]


def test_mapping_a_column_that_does_not_exist():
    with pytest.raises(E.MissingColumnError, match="maps 'CustID' to 'customer_id'"):
        rk.load_orders(orders_frame().drop(columns="customer_id"), columns={"CustID": "customer_id"})


def test_extra_columns_are_carried_along():
    loaded = rk.load_orders(orders_frame(store=["x", "y", "x", "z"]))
    assert "store" in loaded.columns


# ------------------------------------------------------------------ bad values


def test_unparseable_dates_name_column_count_rows_and_examples():
    frame = orders_frame(order_date=["2024-01-05", "05/13/2024", "2024-01-20", "yesterday"])
    with pytest.raises(E.DateParseError) as info:
        rk.load_orders(frame)
    message = str(info.value)
    assert "orders: column 'order_date' has 2 values that cannot be read" in message
    assert "rows 2, 4: '05/13/2024', 'yesterday'" in message
    assert "date_format=" in message


def test_non_numeric_amounts():
    with pytest.raises(E.NumericError, match=r"'revenue' has 1 non-numeric values \(rows 3: 'abc'\)"):
        rk.load_orders(orders_frame(revenue=["10", "20", "abc", "40"]))


def test_rows_without_a_customer_id_are_guest_checkouts_in_the_ledger():
    loaded = rk.load_orders(orders_frame(customer_id=["a", None, "  ", "c"], revenue=[10.0, 20.0, 30.0, 40.0]))
    ledger = loaded.ledger.to_frame().set_index("reason")
    assert ledger.loc["no_customer_id", ["rows", "revenue_set_aside"]].tolist() == [2, 50.0]
    assert (loaded.rows_in, loaded.rows_used) == (4, 2)
    with pytest.raises(E.MissingValueError, match="'customer_id' is empty in all 4 rows"):
        rk.load_orders(orders_frame(customer_id=[None, "", " ", None]))


def test_missing_amounts():
    with pytest.raises(E.MissingValueError, match="'revenue' has 1 missing values"):
        rk.load_orders(orders_frame(revenue=[10.0, None, 30.0, 40.0]))


def test_all_problems_are_listed_in_one_message():
    frame = orders_frame(order_date=["bad", "2024-01-01", "2024-01-02", "2024-01-03"], revenue=["1", "x", "3", "4"])
    with pytest.raises(E.DateParseError) as info:
        rk.load_orders(frame)
    assert "order_date" in str(info.value) and "'revenue' has 1 non-numeric" in str(info.value)


def test_nps_outside_0_to_10():
    surveys = pd.DataFrame({"customer_id": ["a", "b", "c"], "response_date": ["2024-01-01"] * 3, "nps": [10, 11, -1]})
    with pytest.raises(E.RangeError, match=r"surveys: column 'nps' has 2 values outside 0-10"):
        rk.load_surveys(surveys)


def test_csat_outside_1_to_5():
    surveys = pd.DataFrame({"customer_id": ["a", "b"], "response_date": ["2024-01-01"] * 2, "csat": [0, 5]})
    with pytest.raises(E.RangeError, match=r"'csat' has 1 values outside 1-5 .*rows 1: 0"):
        rk.load_surveys(surveys)


def test_loyalty_items_outside_1_to_6():
    surveys = pd.DataFrame({"customer_id": ["a"], "response_date": ["2024-01-01"], "cli_recommend": [7]})
    with pytest.raises(E.RangeError, match="'cli_recommend' has 1 values outside 1-6"):
        rk.load_surveys(surveys)


def test_negative_spend():
    spend = pd.DataFrame({"period": ["2024-01-01", "2024-02-01"], "retention_spend": [100.0, -5.0]})
    with pytest.raises(E.RangeError, match="'retention_spend' has 1 values below 0"):
        rk.load_spend(spend)


def test_duplicate_customer_ids():
    customers = pd.DataFrame({"customer_id": ["a", "a", "b"], "channel": ["search", "social", "email"]})
    with pytest.raises(E.DuplicateKeyError, match=r"customers: column 'customer_id' has 1 ids that occur more than once.*'a'"):
        rk.load_customers(customers)


def test_churn_before_signup():
    customers = pd.DataFrame({"customer_id": ["a"], "signup_date": ["2024-03-01"], "churn_date": ["2024-01-01"]})
    with pytest.raises(E.DateOrderError, match="'churn_date' has 1 dates before the signup_date"):
        rk.load_customers(customers)


def test_dates_after_observation_end_raise_when_asked():
    with pytest.raises(E.DateAfterEndError, match=r"'order_date' has 2 dates after the observation end 2024-01-31"):
        rk.load_orders(orders_frame(), observation_end="2024-01-31", after_end="error")


# ------------------------------------------------------------------ the ledger


@pytest.mark.parametrize("ids", ["int", "str"])
def test_integer_order_ids_are_checked_for_repeats_in_one_pass_with_the_same_result(ids, monkeypatch):
    """Unique order ids prove there are no exact duplicates (the rows are the orders); a repeated
    id sends the table through the full check, whatever path counted the ids."""
    from retention_kit.data import load as loader

    order_id = [7, 8, 9, 9, 12, 1_000]                          # 9 twice: one exact duplicate row
    frame = pd.DataFrame({"customer_id": [1, 1, 2, 2, 3, 4], "order_id": order_id,
                          "order_date": ["2024-01-05", "2024-01-09", "2024-01-20", "2024-01-20", "2024-02-01",
                                         "2024-02-10"],
                          "revenue": [10.0, 20.0, 30.0, 30.0, 40.0, 5.0]})
    frame["order_id"] = frame.order_id.astype(ids)
    unique = frame.drop(index=3)
    duplicated = rk.load_orders(frame)
    assert duplicated.ledger.to_frame().set_index("reason").loc["duplicate", ["rows", "revenue_set_aside"]].tolist() == [1, 30.0]
    assert (duplicated.rows_used, rk.load_orders(unique).rows_used) == (5, 5)
    assert loader._one_row_per_order(rk.load_orders(unique).table, 5, (7, 1_000)) is True
    assert loader._one_row_per_order(rk.load_orders(frame, returns="gross").lines.union(
        rk.load_orders(unique).lines.limit(1)), 6, (7, 1_000)) is False
    monkeypatch.setattr(loader, "distinct_integers", lambda *a: None)  # the hash count gives the same
    pd.testing.assert_frame_equal(rk.load_orders(frame).ledger.to_frame(), duplicated.ledger.to_frame())

def test_ledger_counts_refunds_duplicates_and_late_orders_by_hand():
    frame = pd.DataFrame({
        "customer_id": ["a", "a", "b", "b", "c", "d"],
        "order_date": ["2024-01-05", "2024-01-09", "2024-01-20", "2024-01-20", "2024-03-01", "2024-01-10"],
        "revenue": [10.0, -10.0, 30.0, 30.0, 40.0, 5.0],
    })  # 105.0 in the file
    loaded = rk.load_orders(frame, observation_end="2024-02-29", returns="gross")
    ledger = loaded.ledger.to_frame().set_index("reason")
    # one refund (-10), one order after the end (40 on 2024-03-01), one duplicate line (30)
    assert ledger.loc["refund", ["rows", "revenue_set_aside"]].tolist() == [1, -10.0]
    assert ledger.loc["after_end", ["rows", "revenue_set_aside"]].tolist() == [1, 40.0]
    assert ledger.loc["duplicate", ["rows", "revenue_set_aside"]].tolist() == [1, 30.0]
    assert (loaded.rows_in, loaded.rows_used) == (6, 3)
    assert sorted(loaded.to_pandas().revenue) == [5.0, 10.0, 30.0]
    # netted (the default), the refund cancels a's order of 10 on 2024-01-05
    net = rk.load_orders(frame, observation_end="2024-02-29")
    ledger = net.ledger.to_frame().set_index("reason")
    assert ledger.loc["return_netted", ["rows", "revenue_adjusted"]].tolist() == [1, -10.0]
    assert ledger.loc["cancelled", "rows"] == 1 and ledger.loc["cancelled", ["revenue_set_aside", "revenue_adjusted"]].isna().all()
    assert (net.rows_in, net.rows_used) == (6, 2)
    assert sorted(net.to_pandas().revenue) == [5.0, 30.0]


def test_observation_end_defaults_to_last_order_date():
    assert rk.load_orders(orders_frame()).observation_end == dt.date(2024, 3, 1)


def test_late_churn_and_join_dates_count_as_not_yet_happened():
    customers = pd.DataFrame({
        "customer_id": ["a", "b", "c"], "signup_date": ["2024-01-01", "2024-01-01", "2024-06-01"],
        "churn_date": ["2024-02-01", "2024-05-01", None], "churn_reason": ["price", "service", None],
        "loyalty_join_date": [None, "2024-04-01", None],
    })
    loaded = rk.load_customers(customers, observation_end="2024-03-31")
    got = loaded.to_pandas().set_index("customer_id")
    assert list(got.index) == ["a", "b"]                     # c signed up after the end
    assert pd.isna(got.loc["b", "churn_date"]) and pd.isna(got.loc["b", "churn_reason"])
    assert pd.isna(got.loc["b", "loyalty_join_date"])
    reasons = set(loaded.ledger.to_frame().reason)
    assert {"signup_after_end",
            "churn_after_end"} <= reasons


def test_ledger_labels_in_dutch():
    loaded = rk.load_orders(orders_frame(revenue=[10.0, -10.0, 30.0, 40.0]), returns="gross")
    shown = rk.tables.cells(loaded.ledger.to_frame(), rk.locale("nl", "EUR"), columns="ledger.col")
    assert shown["reden"].tolist() == ["Terugbetalingen (negatieve omzet)"]
    assert shown["apart gezette omzet (EUR)"].tolist() == ["-10,00"]


def test_dataset_shares_the_orders_observation_end(demo):
    data = rk.load_dataset(demo.orders, demo.customers, demo.surveys, demo.spend, observation_end="2024-12-31")
    assert {t.observation_end for t in data.tables} == {dt.date(2024, 12, 31)}
    assert data.surveys.last_date > dt.date(2024, 12, 31)  # read, then set aside
    assert data.surveys.rows_used < data.surveys.rows_in


def test_loaded_tables_render_as_html_with_their_ledger():
    from IPython.core.interactiveshell import InteractiveShell

    from retention_kit.present import display

    loaded = rk.load_orders(orders_frame(revenue=[10.0, -10.0, 30.0, 40.0]), returns="gross")
    html = display.table_html(loaded)
    assert "3 of 4 rows used" in html and "Refunds (negative revenue)" in html
    shell = InteractiveShell.instance()                      # in a notebook, the table shows this way
    try:
        display.register()
        shown, _ = shell.display_formatter.format(loaded)
        assert "3 of 4 rows used" in shown["text/html"] and "Refunds (negative revenue)" in shown["text/html"]
        dataset, _ = shell.display_formatter.format(rk.load_dataset(orders_frame()))
        assert "Observation end" in dataset["text/html"]
    finally:
        InteractiveShell.clear_instance()


# ----------------------------------------------------------------------------- values no analysis can use


@pytest.mark.parametrize("revenue, shown", [
    (["1", "inf", "3", "4"], "'inf'"), (["1", "nan", "3", "4"], "'nan'"), ([1.0, 1e308, 1e308, 4.0], "1e+308")])
def test_non_finite_or_overflowing_amounts_are_refused(revenue, shown):
    with pytest.raises(E.RangeError, match=rf"'revenue' has \d values that are not finite amounts .*rows \d.*{re.escape(shown)}"):
        rk.load_orders(orders_frame(revenue=revenue))


def test_implausible_dates_are_refused_with_their_rows():
    dates = ["1900-01-01", "2024-01-02", "2200-01-01", "2300-05-01"]
    with pytest.raises(E.RangeError, match=r"'order_date' has 3 dates before 1950-01-01 or more than a year from "
                                           r"today \(rows 1, 3, 4: '1900-01-01', '2200-01-01', '2300-05-01'\)"):
        rk.load_orders(orders_frame(order_date=dates))


def test_a_header_only_file_and_an_observation_end_before_every_order_are_errors(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("customer_id,order_date,revenue\n")
    with pytest.raises(E.MissingValueError, match="orders: the table has no rows"):
        rk.load_orders(path)
    with pytest.raises(E.DateAfterEndError, match=r"no order is left .*first order is dated 2024-01-05, the "
                                                  r"observation end is 2023-06-30"):
        rk.load_orders(orders_frame(), observation_end="2023-06-30")


# ----------------------------------------------------------------------------- ids across tables


def test_ids_are_one_text_form_in_every_table():
    orders = orders_frame(customer_id=[101.0, 102.0, 101.0, 103.0])        # ids that went through a float
    customers = pd.DataFrame({"customer_id": ["101 ", "102", "104"], "channel": ["email", "social", "email"]})
    data = rk.load_dataset(orders, customers)
    assert sorted(data.orders.to_pandas().customer_id.unique()) == ["101", "102", "103"]
    missing, = [e for e in data.ledger.entries if e.reason == "order_customers_missing"]
    assert (missing.rows, missing.revenue) == (1, 40.0)                      # customer 103's one order
    kpis = rk.kpi_table(data.orders, by="channel", customers=data.customers, active_window_days=90)
    assert kpis.groupby("channel").buyers.sum().to_dict() == {"(unknown)": 1, "email": 1, "social": 1}


def test_integer_ids_meet_text_ids_of_another_table(tmp_path):
    orders = orders_frame(customer_id=[101, 102, 101, 103])                   # int64, as in a Parquet export
    orders.to_parquet(tmp_path / "orders.parquet")
    customers = pd.DataFrame({"customer_id": ["101", "102", "103"], "channel": ["email", "social", "email"]})
    data = rk.load_dataset(tmp_path / "orders.parquet", customers)
    lifetimes = rk.survival_frame(data.orders, customers=data.customers, active_window_days=30)
    assert lifetimes.set_index("customer_id").channel.to_dict() == {"101": "email", "102": "social", "103": "email"}
    assert rk.load_orders(orders).table.customer_id.type().is_integer()      # alone, integer ids stay integers


def test_ids_that_match_nothing_are_an_error_and_case_can_be_ignored():
    orders = orders_frame(customer_id=["C1", "C2", "C1", "C3"])
    with pytest.raises(E.DataError, match=r"no customer id of the orders is in the customers table .*"
                                          r"\['C1', 'C2', 'C3'\].*\['c1', 'c2'\].*ids='casefold'"):
        rk.load_dataset(orders, pd.DataFrame({"customer_id": ["c1", "c2"]}))
    data = rk.load_dataset(orders, pd.DataFrame({"customer_id": ["c1", "c2"]}), ids="casefold")
    assert data.ledger.to_frame().rows.tolist() == [1]                        # only c3 is missing


# ----------------------------------------------------------------------------- reading


def test_a_repeated_header_is_an_error_not_a_renamed_column(tmp_path):
    (tmp_path / "o.csv").write_text("customer_id,order_date,revenue,revenue\na,2024-01-01,1,2\n")
    with pytest.raises(E.SourceError, match="has the column name 'revenue' more than once"):
        rk.load_orders(tmp_path / "o.csv")
    pd.DataFrame([["a", "2024-01-01", 1, 2]], columns=["customer_id", "order_date", "revenue", "revenue"]).to_excel(
        tmp_path / "o.xlsx", index=False)
    with pytest.raises(E.SourceError, match="has the column name 'revenue' more than once"):
        rk.load_orders(tmp_path / "o.xlsx")


def test_a_workbook_gives_each_table_its_own_sheet(tmp_path):
    orders, customers = orders_frame(), pd.DataFrame({"customer_id": ["a", "b", "c"], "channel": ["x", "y", "z"]})
    with pd.ExcelWriter(tmp_path / "shop.xlsx") as book:
        orders.iloc[:2].to_excel(book, sheet_name="January", index=False)
        orders.iloc[2:].to_excel(book, sheet_name="February", index=False)
    with pytest.raises(E.SourceError, match=r"has 2 sheets \['January', 'February'\] and none is called 'orders'; "
                                            r"name one: 'shop.xlsx#January'"):
        rk.load_orders(tmp_path / "shop.xlsx")
    assert rk.load_orders(f"{tmp_path / 'shop.xlsx'}#February").rows_used == 2
    with pd.ExcelWriter(tmp_path / "both.xlsx") as book:
        orders.to_excel(book, sheet_name="Orders", index=False)
        customers.to_excel(book, sheet_name="Customers", index=False)
    data = rk.load_dataset(tmp_path / "both.xlsx", tmp_path / "both.xlsx")
    assert "channel" in data.customers.columns and data.orders.rows_used == 4


def test_decimal_comma_refuses_ambiguous_amounts():
    frame = orders_frame(revenue=["12,50", "1.234,50", "7.5", "1,234.50"])
    with pytest.raises(E.NumericError, match=r"2 non-numeric values \(rows 3, 4: '7.5', '1,234.50'\); with decimal=','"):
        rk.load_orders(frame, decimal=",")
    assert rk.load_orders(frame.iloc[:2], decimal=",").to_pandas().revenue.tolist() == [12.5, 1234.5]


def test_each_table_can_have_its_own_date_format():
    orders = orders_frame(order_date=["05-01-2024", "10-02-2024", "20-01-2024", "01-03-2024"])
    spend = pd.DataFrame({"period": ["2024-01", "2024-02"], "retention_spend": [100.0, 200.0]})
    data = rk.load_dataset(orders, spend=spend, date_format={"orders": "%d-%m-%Y"})
    assert data.spend.to_pandas().period.astype(str).tolist() == ["2024-01-01", "2024-02-01"]
    assert data.observation_end == dt.date(2024, 3, 1)


def test_the_same_moment_gives_the_same_date_from_csv_and_parquet(tmp_path):
    moment = "2024-01-03T23:30-05:00"                                          # 4 January in Amsterdam
    text = pd.DataFrame({"customer_id": ["a"], "order_date": [moment], "revenue": [1.0]})
    aware = text.assign(order_date=pd.to_datetime(text.order_date).dt.tz_convert("America/New_York"))
    text.to_csv(tmp_path / "o.csv", index=False)
    aware.to_parquet(tmp_path / "o.parquet")
    for source in (tmp_path / "o.csv", tmp_path / "o.parquet", aware):
        assert rk.load_orders(source).first_date == dt.date(2024, 1, 3), source          # as written
        assert rk.load_orders(source, timezone="Europe/Amsterdam").first_date == dt.date(2024, 1, 4), source


def test_ragged_rows_are_named_by_line(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("customer_id,order_date,revenue\na,2024-01-01,1\nb,2024-01-02,2,extra\nc,2024-01-03\n")
    with pytest.raises(E.SourceError, match=r"2 rows with another number of fields than the header's 3 "
                                            r"\(line 3 has 4, line 4 has 2\)"):
        rk.load_orders(path)


def test_an_unknown_period_names_the_choices():
    with pytest.raises(ValueError, match="period must be one of D, W, M, Q, Y .* not 'X'"):
        rk.kpi_table(orders_frame(), period="X")


def test_an_export_without_order_ids_counts_exact_duplicates_by_hand(tmp_path):
    """A CSV as shops export it: text ids, times of day, no order id. Two purchases of one day at
    different times are one order (a customer-day) of their summed value; a line written twice (same
    time, same amount) is counted once and set aside as a duplicate; a day bought twice for the same
    amount at different times is not a duplicate."""
    (tmp_path / "orders.csv").write_text(
        "customer_id,order_date,revenue\n"
        "C001,2024-01-05 09:15:00,10.00\n"
        "C001,2024-01-05 17:40:00,10.00\n"   # same day, same amount, another time: a second purchase
        "C002,2024-01-06 12:00:00,25.50\n"
        "C002,2024-01-06 12:00:00,25.50\n"   # written twice
        "C002,2024-01-06 12:00:00,25.50\n"   # and a third time
        "C003,2024-02-01 08:00:00,7.25\n"
        "C001,2024-02-03 10:00:00,4.00\n")
    loaded = rk.load_orders(tmp_path / "orders.csv")
    ledger = loaded.ledger.to_frame().set_index("reason")
    assert ledger.loc["duplicate", ["rows", "revenue_set_aside"]].tolist() == [2, 51.0]
    assert (loaded.rows_in, loaded.rows_used) == (7, 5)
    orders = loaded.to_pandas().sort_values(["customer_id", "order_date"])
    assert orders[["customer_id", "revenue"]].values.tolist() == [["C001", 20.0], ["C001", 4.0], ["C002", 25.5],
                                                                  ["C003", 7.25]]
    clean = rk.load_orders(pd.read_csv(tmp_path / "orders.csv").drop_duplicates())
    assert "duplicate" not in set(clean.ledger.to_frame().reason) and clean.rows_used == 5


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_small_table_stored_once_cleaned_equals_the_same_table_kept_as_a_view(tmp_path, monkeypatch, suffix):
    """Tables up to STORED_ROWS rows are stored once cleaned; larger ones stay views over the file.
    Both ways give the same orders, lines, ledger and KPIs (an export with text ids, times of day, a
    return, a line written twice, an order id shared by two lines, a category)."""
    import retention_kit.data.load as load

    frame = pd.DataFrame({
        "customer_id": [" C01", "C01", "C02", "C02", "C02", "C03", "C01", "C03"],
        "order_id": ["1", "1", "2", "2", "3", "4", "5", "6"],
        "order_date": ["2024-01-05 09:00", "2024-01-05 09:00", "2024-01-06 10:00", "2024-01-06 10:00",
                       "2024-02-02 11:00", "2024-02-09 12:00", "2024-03-01 08:00", "2024-03-05 08:00"],
        "revenue": [10.0, 5.0, 20.0, 20.0, -8.0, 7.0, 30.0, 4.0],
        "category": ["x", "y", "x", "x", "x", "y", "x", "x"],
    })
    path = tmp_path / f"orders.{suffix}"
    frame.to_csv(path, index=False) if suffix == "csv" else frame.to_parquet(path)

    def loaded(stored_rows):
        monkeypatch.setattr(load, "STORED_ROWS", stored_rows)
        o = rk.load_orders(path, observation_end="2024-03-01")
        rows = lambda t: rk.engine.execute(t).pipe(lambda f: f.sort_values(list(f.columns)).reset_index(drop=True))
        return o, rows(o.table), rows(o.lines), o.ledger.to_frame(), rk.kpi_table(o, active_window_days=40)

    small, big = loaded(load.STORED_ROWS), loaded(0)
    assert isinstance(small[0].lines.op(), ibis.expr.operations.DatabaseTable)
    for a, b in zip(small[1:], big[1:]):
        pd.testing.assert_frame_equal(a, b)
    orders, ledger = small[1], small[3].set_index("reason")
    assert orders.revenue.tolist() == [15.0, 30.0, 12.0, 7.0]    # C02's 20 net of the 8 returned
    assert ledger.loc["duplicate", "rows"] == 1 and ledger.loc["after_end", "rows"] == 1
    # January: C01 bought x and y, C02 only x; February: C03 only y (its x is after the end); March: C01
    assert small[4].cross_sell_ratio.tolist() == [50.0, 0.0, 100.0]
