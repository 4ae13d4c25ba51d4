"""Every reading setting (LoadOptions) and every report setting (ReportSettings) is declared once;
every place that takes one is checked against it."""

import inspect

import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import cli, data
from retention_kit.present import config
from retention_kit.present.report import NOTEBOOKS_DIR, ReportOptions
from retention_kit.settings import LoadOptions, ReportSettings

TABLE_LOADERS = {"orders": data.load_orders, "subscriptions": data.load_subscriptions,
                 "customers": data.load_customers, "surveys": data.load_surveys, "spend": data.load_spend,
                 "campaigns": data.load_campaigns, "events": data.load_events}


def test_every_loader_takes_the_options_about_its_table_and_no_other():
    """Each loader's keywords are the LoadOptions fields about its table, with their defaults; one
    about another table is refused; a LoadOptions given whole is read for the fields that apply."""
    for table, loader in TABLE_LOADERS.items():
        params = inspect.signature(loader).parameters
        assert [n for n in params if n not in ("source", "options")] == LoadOptions.of_table(table), table
        for name in LoadOptions.of_table(table):
            assert params[name].default == LoadOptions.default(name), f"{loader.__name__}({name}=...) drifted"
    assert set(LoadOptions.names()) <= set(inspect.signature(data.load_dataset).parameters)
    assert "returns" not in inspect.signature(data.load_customers).parameters
    frame = pd.DataFrame({"customer_id": ["a"], "signup_date": ["2024-01-05"]})
    with pytest.raises(TypeError, match="returns"):
        data.load_customers(frame, returns="gross")
    assert data.load_customers(frame, options=LoadOptions(returns="gross")).rows_used == 1
    with pytest.raises(ValueError, match="not both"):
        data.load_customers(frame, ids="casefold", options=LoadOptions())
    with pytest.raises(ValueError, match="ids must be one of 'exact', 'casefold', not 'lower'"):
        data.load_customers(frame, ids="lower")


def test_the_command_line_report_toml_and_the_report_runner_take_the_options():
    for command in (cli.validate, cli.report):
        flags = {p.name for p in command.params}
        assert set(LoadOptions.names("cli")) <= flags, command.name
    assert config.DATA_KEYS - set(data.TABLES) == set(LoadOptions.names("config"))
    report_fields = {name: field.default for name, field in ReportOptions.__dataclass_fields__.items()}
    for name in LoadOptions.names("report"):
        assert name in report_fields and report_fields[name] == LoadOptions.default(name), name


def test_the_report_command_report_toml_runner_and_notebooks_take_the_report_settings():
    flags = {p.name: p for p in cli.report.params}
    for name in ReportSettings.names():
        assert name in flags and flags[name].default is None, name            # report.toml or the default applies
        help_text, choices = ReportSettings.help(name)
        assert flags[name].help.startswith(help_text), name
        assert list(getattr(flags[name].type, "choices", None) or []) == list(choices or []), name
    assert set(ReportSettings.names("config")) <= config.KNOWN
    report_fields = {name: field.default for name, field in ReportOptions.__dataclass_fields__.items()}
    for name in ReportSettings.names("report"):
        assert name in report_fields and report_fields[name] == ReportSettings.default(name), name
    from retention_kit.subscriptions import CHURN_AT

    assert tuple(ReportSettings.help("churn_at")[1]) == tuple(CHURN_AT)
    import papermill as pm

    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        declared = pm.inspect_notebook(str(path))
        for name in set(declared) & set(ReportSettings.names()):
            default = declared[name]["default"].strip()
            assert default == repr(ReportSettings.default(name)).replace("'", '"'), (path.name, name, default)
    with pytest.raises(ValueError, match="inactivity_days must be a whole number"):
        ReportOptions(inactivity_days=0)


def test_a_report_notebook_gets_the_reading_settings_as_one_parameter_and_none_with_a_snapshot(tmp_path):
    import papermill as pm

    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        declared = pm.inspect_notebook(str(path))
        assert "load" in declared and "observation_end" in declared, path.name
        assert not set(LoadOptions.names()) - {"observation_end"} & set(declared), path.name  # none declared twice
    options = ReportOptions(orders="orders.csv", date_format="%d-%m-%Y", decimal=",", columns={"Klant": "customer_id"})
    params = options.parameters("2025-12-31")
    assert params["load"] == {"date_format": "%d-%m-%Y", "decimal": ",", "columns": {"Klant": "customer_id"}}
    assert set(params["load"]) <= set(LoadOptions.names("report"))
    assert options.parameters("2025-12-31", snapshot=tmp_path)["load"] == {}   # validated already


def test_options_or_keywords_but_not_both(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("klant;datum;omzet\nC1;03-01-2024;12,50\nC2;04-01-2024;7\n")
    options = LoadOptions(columns={"klant": "customer_id", "datum": "order_date", "omzet": "revenue"},
                          date_format="%d-%m-%Y", decimal=",")
    loaded = rk.load_dataset(str(orders), options=options)
    assert sorted(loaded.orders.to_pandas().revenue) == [7.0, 12.5]
    with pytest.raises(ValueError, match="not both .*decimal"):
        rk.load_dataset(str(orders), options=options, decimal=",")
    with pytest.raises(ValueError, match="returns must be one of 'net', 'gross'"):
        LoadOptions(returns="netto")


def test_the_command_line_reads_with_the_options(tmp_path):
    from click.testing import CliRunner

    orders = tmp_path / "orders.csv"
    orders.write_text("klant;datum;omzet\nC1;03-01-2024;12,50\nC2;04-01-2024;7\n")
    result = CliRunner().invoke(cli.main, ["validate", "--orders", str(orders), "--decimal", ",",
                                           "--columns", "klant=customer_id,datum=order_date,omzet=revenue",
                                           "--date-format", "%d-%m-%Y"])
    assert result.exit_code == 0, result.output
    assert "2024-01-04" in result.output


@pytest.mark.parametrize("function, old, new", [
    (rk.kpi_table, {"segment": "category"}, {"by": "category"}),
    (rk.survival_frame, {"inactivity_days": 60}, {"active_window_days": 60}),
], ids=["segment", "inactivity_days"])
def test_a_renamed_argument_still_works_and_names_its_new_name(function, old, new):
    orders = rk.make_demo_data(n_customers=300).orders
    with pytest.warns(FutureWarning, match=rf"{function.__name__}\({next(iter(old))}=\.\.\.\) is now "
                                           rf"{function.__name__}\({next(iter(new))}=\.\.\.\)"):
        before = function(orders, **old)
    pd.testing.assert_frame_equal(before, function(orders, **new))
    with pytest.raises(TypeError, match="old name"):
        function(orders, **old, **new)


def test_analyses_take_the_observation_end_from_the_loaded_table(demo):
    """A dataset loaded with an observation end before its last order: every analysis the report
    runs gives, without observation_end=, what it gives with that end passed again."""
    end = "2025-06-30"
    data = rk.load_dataset(demo.orders, demo.customers, observation_end=end)
    calls = {
        "kpi_table": lambda **k: rk.kpi_table(data.orders, period="Q", **k),
        "definition_check": lambda **k: rk.definition_check(data.orders, period="Q", **k),
        "cohort_table": lambda **k: rk.cohort_table(data.orders, period="Q", metric="retention", **k),
        "revenue_retention": lambda **k: rk.revenue_retention(data.orders, period="Q", **k),
        "survival_frame": lambda **k: rk.survival_frame(data.orders, customers=data.customers, basis="orders", **k),
        "churn_risk": lambda **k: rk.churn_risk(data.orders, customers=data.customers, **k).summary(),
        "simple_clv": lambda **k: rk.simple_clv(data.orders, customers=data.customers, **k),
        "rfm_summary": lambda **k: rk.rfm_summary(data.orders, **k),
    }
    for name, call in calls.items():
        pd.testing.assert_frame_equal(call(), call(observation_end=end), obj=name)
    assert rk.rfm_summary(data.orders).attrs["observation_end"].isoformat() == end
