"""The engine: period numbering (the query expression and the plain-Python version agree) and spill folders."""

from pathlib import Path

import ibis
import pandas as pd
import pytest

from retention_kit.engine import execute, period_first_day, period_index, period_number


@pytest.mark.parametrize("period", ["D", "W", "M", "Q", "Y"])
def test_period_index_matches_the_engine_and_inverts_first_day(period):
    days = pd.to_datetime(["1969-12-29", "2023-01-01", "2024-02-29", "2024-12-31", "2025-06-15"])
    table = ibis.memtable(pd.DataFrame({"d": days})).mutate(d=ibis._.d.date())
    engine = execute(table.select(n=period_number(table.d, period)))["n"].tolist()
    assert [period_index(d, period) for d in days] == engine
    for d in days:
        first = period_first_day(period_index(d, period), period)
        assert first <= d and period_index(first, period) == period_index(d, period)


def test_every_connection_spills_into_a_folder_of_its_own(tmp_path, monkeypatch):
    """Processes that spill at once (two report notebooks at 100M orders) never share spill files."""
    import subprocess
    import sys

    from retention_kit.engine import default_backend

    monkeypatch.setenv("RETENTION_KIT_TEMP", str(tmp_path))
    setting = "select current_setting('temp_directory')"
    here = [default_backend().raw_sql(setting).fetchone()[0] for _ in range(2)]
    other = subprocess.run([sys.executable, "-c", "from retention_kit.engine import default_backend; "
                            f"print(default_backend().raw_sql({setting!r}).fetchone()[0])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    folders = {*here, other}
    assert len(folders) == 3 and all(Path(f).parent == tmp_path for f in folders)


def test_running_out_of_the_memory_cap_names_the_setting_to_change():
    """A query that needs more than DuckDB's cap ends in an error that names RETENTION_KIT_MEMORY_LIMIT
    and what to try, not in a bare engine exception."""
    import ibis

    from retention_kit.engine import MemoryCapError, execute

    con = ibis.duckdb.connect()
    for setting in ("memory_limit = '8MB'", "max_temp_directory_size = '0KB'", "threads = 1"):
        con.raw_sql(f"SET {setting}")
    t = con.sql("select range % 1000003 as k, random() as v from range(3000000)")
    with pytest.raises(MemoryCapError, match=r"more memory than its cap of .*RETENTION_KIT_MEMORY_LIMIT.*RETENTION_KIT_TEMP"):
        execute(t.group_by("k").aggregate(s=t.v.sum(), values=t.v.collect()))


def test_a_table_loaded_before_the_backend_changed_is_named_when_it_meets_the_new_one():
    import ibis

    import retention_kit as rk
    from retention_kit.errors import SourceError

    orders = rk.load_orders(pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2024-01-05", "2024-02-01"],
                                          "revenue": 10.0}))
    before = rk.get_backend()
    rk.set_backend(ibis.duckdb.connect())
    try:
        campaigns = pd.DataFrame({"customer_id": ["a", "b"], "campaign": "x", "sent_date": "2024-01-20",
                                  "group": ["treatment", "control"]})
        with pytest.raises(SourceError, match=r"loaded before the backend was changed .*load every table again"):
            rk.campaign_outcomes(orders, campaigns)
    finally:
        rk.set_backend(before)


def test_a_csv_whose_dates_and_amounts_fit_is_typed_as_it_is_read_and_one_that_does_not_is_read_as_text(tmp_path):
    """ISO dates (with or without a time, an offset kept as written) and plain amounts come typed
    from the reader; ids stay text with their zeros; a day-first date sends the file to the text
    read, where validation names it."""
    import datetime as dt

    import retention_kit as rk
    from retention_kit.engine import as_table

    types = {"order_date": "TIMESTAMP", "revenue": "DOUBLE"}
    good = tmp_path / "good.csv"
    good.write_text("customer_id,order_date,revenue,channel\n0042,2024-01-03 23:30:00-05:00,1.5,web\n"
                    "C1,2024-01-04,,shop\n")
    table = as_table(good, types=types)
    assert [str(t) for t in table.schema().types] == ["string", "timestamp(6)", "float64", "string"]
    rows = execute(table).values.tolist()
    assert rows[0][:3] == ["0042", pd.Timestamp("2024-01-03 23:30"), 1.5] and pd.isna(rows[1][2])
    with pytest.raises(rk.errors.MissingValueError, match="'revenue' has 1 missing values \\(rows 2"):
        rk.load_orders(good)                              # a blank amount is named as in a text read
    good.write_text(good.read_text().replace(",,shop", ",2.0,shop"))
    loaded = rk.load_orders(good)
    assert loaded.first_date == dt.date(2024, 1, 3) and loaded.last_date == dt.date(2024, 1, 4)

    bad = tmp_path / "bad.csv"
    bad.write_text("customer_id,order_date,revenue\n1,2024-01-03,1.5\n2,03-01-2024,2\n")
    assert all(str(t) == "string" for t in as_table(bad, types=types).schema().types)
    with pytest.raises(rk.errors.DateParseError, match="03-01-2024"):
        rk.load_orders(bad)


def test_a_csv_is_read_with_the_header_already_read_whatever_its_line_ends_quotes_and_mark(tmp_path):
    """The columns are named from the header row (the reader does not sniff the file): a byte-order
    mark, Windows line ends, quoted delimiters, doubled quotes, a line break inside quotes and a
    closing empty line read as written; a blank header name is left to the reader to name."""
    from retention_kit.engine import as_table

    path = tmp_path / "export.csv"
    path.write_bytes('\ufeffklant;datum;omzet\r\nC1;2024-01-03;"1.234,50"\r\n"C ""2";2024-01-04;"12,00"\r\n'
                     'C3;2024-01-05;"two\r\nlines"\r\n\r\n'.encode("utf-8"))
    frame = execute(as_table(path, types={"datum": "TIMESTAMP"}))
    assert list(frame.columns) == ["klant", "datum", "omzet"]
    assert frame.klant.tolist() == ["C1", 'C "2', "C3"] and frame.omzet.tolist() == ["1.234,50", "12,00", "two\r\nlines"]
    assert frame.datum.dt.day.tolist() == [3, 4, 5]
    blank = tmp_path / "blank.csv"
    blank.write_text("a,,c\n1,2,3\n")
    assert execute(as_table(blank)).iloc[0].tolist() == ["1", "2", "3"]
