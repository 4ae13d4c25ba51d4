import pandas as pd
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
