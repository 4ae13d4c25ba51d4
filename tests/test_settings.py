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

LOADERS = [data.load_orders, data.load_subscriptions, data.load_customers, data.load_surveys, data.load_spend,
           data.load_campaigns, data.load_dataset]


def test_every_loader_takes_the_options_with_the_same_defaults():
    for loader in LOADERS:
        params = inspect.signature(loader).parameters
        for name, param in params.items():
            if name in LoadOptions.names():
                assert param.default == LoadOptions.default(name), f"{loader.__name__}({name}=...) drifted"
    assert set(LoadOptions.names()) <= set(inspect.signature(data.load_dataset).parameters)


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
