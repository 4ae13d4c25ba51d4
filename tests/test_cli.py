import pandas as pd
import pytest
from click.testing import CliRunner

from retention_kit.cli import main, parse_columns


def test_parse_columns():
    assert parse_columns("CustID=customer_id, Date=order_date") == {"CustID": "customer_id", "Date": "order_date"}


def test_demo_data_writes_csv_and_parquet(tmp_path):
    result = CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path), "--customers", "300"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {
        f"{t}.{ext}" for t in ("orders", "customers", "surveys", "spend") for ext in ("csv", "parquet")}


def test_validate_prints_rows_and_ledger(tmp_path):
    path = tmp_path / "sales.csv"
    pd.DataFrame({"CustID": ["a", "a", "b"], "Datum": ["05-01-2024", "06-01-2024", "31-01-2024"],
                  "Bedrag": [10, -10, 25]}).to_csv(path, index=False)
    result = CliRunner().invoke(main, ["validate", "--orders", str(path), "--columns",
                                       "CustID=customer_id,Datum=order_date,Bedrag=revenue", "--date-format", "%d-%m-%Y"])
    assert result.exit_code == 0, result.output
    assert "2024-01-31" in result.output and "Returns netted against their purchase" in result.output


def test_validate_bad_input_exits_1_with_message_not_traceback(tmp_path):
    path = tmp_path / "sales.csv"
    pd.DataFrame({"customer_id": ["a"], "order_date": ["never"], "revenue": [1]}).to_csv(path, index=False)
    result = CliRunner().invoke(main, ["validate", "--orders", str(path)])
    assert result.exit_code == 1
    assert "orders: column 'order_date' has 1 values that cannot be read" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, config, message", [
    (["report", "--observation-end", "yesterday"], None, "observation end 'yesterday' is not a date written as YYYY-MM-DD"),
    (["report", "--observation-end", "01-12-2024"], None, "day-first dates such as 01-12-2024 are ambiguous"),
    (["report"], 'lang = "nl"\nbogus = 1\n', "unknown settings ['bogus']"),
    (["report"], 'lang = "nl\n', "not a valid TOML file"),
    (["report"], '[targets]\nretention_rate = "high"\n', "target for retention_rate must be a number, not 'high'"),
    (["report"], '[targets]\nhappiness = 3\n', "target for unknown KPI 'happiness'"),
    (["report", "--currency", "pounds"], None, "currency must be a three-letter ISO 4217 code"),
])
def test_user_mistakes_end_in_one_error_line_not_a_traceback(tmp_path, args, config, message):
    if config is not None:
        (tmp_path / "report.toml").write_text(config)
        args = args + ["--config", str(tmp_path / "report.toml")]
    result = CliRunner().invoke(main, args + ["--out", str(tmp_path / "out"), "--no-pdf", "--quiet"])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


def test_an_unwritable_out_folder_and_a_latin1_file_are_named(tmp_path):
    (tmp_path / "afile").write_text("")
    result = CliRunner().invoke(main, ["report", "--out", str(tmp_path / "afile" / "sub"), "--no-pdf"])
    assert result.exit_code == 1 and "Not a directory" in result.output and "--out" in result.output
    latin = tmp_path / "latin.csv"
    latin.write_bytes("customer_id,order_date,revenue\nJosé,2024-01-01,1\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", "--orders", str(latin)])
    assert result.exit_code == 1 and "--encoding latin-1" in result.output
    result = CliRunner().invoke(main, ["validate", "--orders", str(latin), "--encoding", "latin-1"])
    assert result.exit_code == 0 and "2024-01-01" in result.output


def test_a_bug_goes_to_a_log_file_with_exit_code_2(tmp_path, monkeypatch):
    import retention_kit.data as data

    monkeypatch.setattr(data, "load_dataset", lambda *a, **k: 1 / 0)
    result = CliRunner().invoke(main, ["validate", "--orders", "demo"])
    assert result.exit_code == 2 and "internal error (ZeroDivisionError" in result.output
    log = result.output.rsplit("Details: ", 1)[1].strip()
    assert "Traceback" in open(log).read() and "Traceback" not in result.output


@pytest.mark.slow
def test_notebooks_are_copied_to_edit_and_edited_copies_make_the_report(tmp_path):
    import json

    copies = tmp_path / "my_notebooks"
    result = CliRunner().invoke(main, ["notebooks", "--out", str(copies)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in copies.iterdir()) == [
        "00_data_overview.ipynb", "01_retention.ipynb", "01_subscriptions.ipynb", "02_churn_reasons.ipynb",
        "03_loyalty_programme.ipynb", "04_retention_campaigns.ipynb"]
    again = CliRunner().invoke(main, ["notebooks", "--out", str(copies)])
    assert again.exit_code == 1 and "pass --force" in again.output       # an edited copy is never overwritten
    assert CliRunner().invoke(main, ["notebooks", "--out", str(copies), "--force"]).exit_code == 0

    edited = tmp_path / "edited"
    edited.mkdir()
    nb = json.loads((copies / "00_data_overview.ipynb").read_text())
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "lang-en" in c["metadata"].get("tags", []))
    first["source"] = ["# Our own first look\n"]
    (edited / "00_data_overview.ipynb").write_text(json.dumps(nb))
    shop = tmp_path / "shop"
    CliRunner().invoke(main, ["demo-data", "--out", str(shop), "--customers", "300"])
    result = CliRunner().invoke(main, ["report", "--orders", str(shop / "orders.csv"), "--out", str(tmp_path / "r"),
                                       "--notebooks", str(edited), "--no-pdf", "--quiet"])
    assert result.exit_code == 0, result.output
    pages = sorted(p.name for p in (tmp_path / "r").glob("*/*.html"))
    assert pages == ["00_data_overview.html", "index.html"]
    assert "Our own first look" in next((tmp_path / "r").glob("*/00_data_overview.html")).read_text()


def test_a_report_folder_that_cannot_be_written_is_refused_before_any_computing(tmp_path, monkeypatch):
    """A scheduler's wrong --out ends in one error line, before the data are read."""
    import os

    import retention_kit.present.report as report

    if os.geteuid() == 0:  # root writes anywhere: a folder under a file cannot be made
        (tmp_path / "taken").write_text("a file, not a folder")
        target = tmp_path / "taken" / "reports"
    else:
        target = tmp_path / "locked"
        target.mkdir(mode=0o500)
    loaded = []
    monkeypatch.setattr(report.ReportOptions, "load", lambda self: loaded.append(1))
    result = CliRunner().invoke(main, ["report", "--out", str(target), "--quiet", "--no-pdf"])
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot write into the report folder") and str(target) in result.output
    assert loaded == []                                                   # nothing was computed
