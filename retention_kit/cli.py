"""The ``retention-kit`` command: demo data, validation and reports from the shell.

Examples
--------
::

    retention-kit demo-data --out data/demo
    retention-kit validate --orders sales.csv --columns CustID=customer_id,Date=order_date,Amount=revenue \\
        --date-format %d-%m-%Y
    retention-kit report --orders sales.parquet --customers customers.csv --out reports --lang nl
"""

from __future__ import annotations

import datetime as _dt
import tempfile
import tomllib
import traceback
from pathlib import Path

import click

from .data import TABLES
from .engine import MemoryCapError
from .errors import DataError
from .present.report import ReportError
from .settings import LoadOptions, ReportSettings

#: Mistakes in data, options, paths or settings: reported in one line, exit code 1.
USER_ERRORS = (DataError, ReportError, MemoryCapError, ValueError, KeyError, OSError, tomllib.TOMLDecodeError)

_DATA_OPTIONS = [
    click.option("--orders", help="Orders file (CSV, Parquet, Excel, Parquet glob or folder); 'demo' for the demo shop."),
    click.option("--subscriptions", help="Subscriptions file (customer_id, start_date, end_date, mrr or amount + "
                                         "billing_period, plan, ...): churn is a cancellation."),
    click.option("--customers", help="Customers file."),
    click.option("--surveys", help="Survey answers file."),
    click.option("--spend", help="Retention spend file."),
    click.option("--campaigns", help="Retention campaigns file (customer_id, campaign, sent_date, group "
                                     "treatment/control, optional cost)."),
]


def _load_option(name: str):
    """The command-line option of a :class:`~retention_kit.settings.LoadOptions` field, made from it."""
    help_text, choices = LoadOptions.help(name)
    callback = (lambda ctx, param, value: parse_date_format(value)) if name == "date_format" else None
    return click.option(f"--{name.replace('_', '-')}", type=click.Choice(list(choices)) if choices else None,
                        default=None, help=help_text, callback=callback)


def _report_option(name: str):
    """The report command's option of a :class:`~retention_kit.settings.ReportSettings` field, made from it
    (not given: None, so report.toml or the default applies)."""
    help_text, choices = ReportSettings.help(name)
    kind = click.Choice(list(choices)) if choices else click.IntRange(min=1) if ReportSettings.counts_days(name) else None
    callback = (lambda ctx, param, value: _languages(value)) if name == "lang" else None
    return click.option(f"--{name.replace('_', '-')}", type=kind, default=None, callback=callback,
                        help=f"{help_text} [default: {ReportSettings.default(name)}]" if ReportSettings.default(name)
                        else help_text)


def _report_options(fn):
    for option in reversed([_report_option(name) for name in ReportSettings.names()]):
        fn = option(fn)
    return fn


def _data_options(fn):
    for option in reversed([*_DATA_OPTIONS, *(_load_option(name) for name in LoadOptions.names("cli"))]):
        fn = option(fn)
    return fn


def parse_columns(text: str | None) -> dict[str, str]:
    """``"CustID=customer_id,Date=order_date"`` -> ``{"CustID": "customer_id", "Date": "order_date"}``."""
    if not text:
        return {}
    mapping = {}
    for part in text.split(","):
        if "=" not in part:
            raise click.BadParameter(f"'{part}' is not NAME=canonical_name", param_hint="--columns")
        old, new = (s.strip() for s in part.split("=", 1))
        mapping[old] = new
    return mapping


def parse_date_format(text: str | None):
    """``"%d-%m-%Y"`` for every table, or ``"orders=%d-%m-%Y,spend=%Y-%m"`` one per table."""
    if not text or "=" not in text:
        return text
    formats = {}
    for part in text.split(","):
        table, _, fmt = part.partition("=")
        if table.strip() not in TABLES or not fmt:
            raise click.BadParameter(f"'{part}' is not TABLE=FORMAT with TABLE one of {', '.join(TABLES)}",
                                     param_hint="--date-format")
        formats[table.strip()] = fmt.strip()
    return formats


def parse_targets(items) -> dict[str, str]:
    """``("retention_rate=80", "churn_rate=5")`` -> ``{"retention_rate": "80", "churn_rate": "5"}``
    (the report checks the names and that the values are numbers)."""
    targets = {}
    for item in items:
        if "=" not in item:
            raise click.BadParameter(f"'{item}' is not KPI=VALUE, e.g. retention_rate=80", param_hint="--target")
        name, value = (s.strip() for s in item.split("=", 1))
        targets[name] = value
    return targets


class _Guarded(click.Group):
    """Every user mistake ends in one ``error:`` line and exit code 1; a bug in the package ends in
    exit code 2 with the traceback written to a log file, never on the screen."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except USER_ERRORS as exc:
            click.echo(f"error: {_message(exc)}", err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: the details go to a file the user can attach to a report
            log = Path(tempfile.gettempdir()) / f"retention-kit-error-{_dt.datetime.now():%Y%m%d-%H%M%S}.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
            click.echo(f"error: internal error ({type(exc).__name__}: {_message(exc)}); this is a bug in "
                       f"retention-kit, not in your data. Details: {log}", err=True)
            ctx.exit(2)


def _message(exc: BaseException) -> str:
    text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
    if isinstance(exc, OSError) and exc.filename:
        text = f"{exc.strerror}: '{exc.filename}'; choose a folder you can write to (--out) and a file that exists"
    return str(text)


@click.group(cls=_Guarded)
@click.version_option(package_name="retention-kit")
def main() -> None:
    """Customer-retention analytics: KPIs, cohorts, survival, CLV, churn reasons, loyalty effects."""


@main.command("demo-data")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--seed", default=42, show_default=True, help="Random seed.")
@click.option("--customers", "n_customers", default=20_000, show_default=True, type=click.IntRange(min=1),
              help="Number of customers.")
@click.option("--lines", is_flag=True,
              help="Also write order_lines.csv/.parquet: the orders as a real shop exports them (order lines, "
                   "cancellation invoices, guest checkouts; columns InvoiceNo, StockCode, Quantity, UnitPrice, ...).")
@click.option("--campaigns", is_flag=True,
              help="Also run two retention campaigns with random control groups and write campaigns.csv/.parquet.")
@click.option("--subscriptions", is_flag=True,
              help="The subscription demo instead of the shop: subscriptions, customers and surveys of a service "
                   "with three plans.")
def demo_data(out: Path, seed: int, n_customers: int, lines: bool, campaigns: bool, subscriptions: bool) -> None:
    """Write the demo shop's (or with --subscriptions the subscription demo's) tables as CSV and Parquet."""
    from .demo import make_demo_data

    if subscriptions and (lines or campaigns):
        raise click.UsageError("--lines and --campaigns belong to the shop demo, not to --subscriptions")
    demo = make_demo_data(seed=seed, n_customers=n_customers, lines=lines, campaigns=campaigns,
                          kind="subscriptions" if subscriptions else "shop")
    paths = demo.write(out)
    for name, path in paths.items():
        click.echo(f"{name:20s} {path}")


@main.command()
@_data_options
@click.option("--lang", type=click.Choice(["en", "nl"]), default="en", show_default=True)
def validate(orders, subscriptions, customers, surveys, spend, campaigns, lang, **load) -> None:
    """Check input files against the data contract; print rows, dates and the quality ledger."""
    if not orders and not subscriptions:
        raise click.UsageError("--orders or --subscriptions is required (a file, or 'demo' for the orders)")
    import warnings

    from .data import NearDuplicateIdWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", NearDuplicateIdWarning)
        data = _validated(orders, customers, surveys, spend, subscriptions, campaigns, load)
    for warning in caught:
        if issubclass(warning.category, NearDuplicateIdWarning):
            click.echo(f"warning: {warning.message}", err=True)
    from .present.i18n import label
    from .present.tables import cells

    click.echo(cells(data.summary(), lang).to_string(index=False))
    click.echo(f"\nobservation end: {data.observation_end}\n")
    ledger = data.ledger.to_frame()
    click.echo(cells(ledger, lang, columns="ledger.col").to_string(index=False) if len(ledger)
               else label("ledger.nothing", lang))


def _validated(orders, customers, surveys, spend, subscriptions, campaigns, load: dict):
    from .data import load_dataset

    return load_dataset(orders, customers, surveys, spend, subscriptions=subscriptions, campaigns=campaigns,
                        options=_load_options(load))


def _load_options(given: dict) -> LoadOptions:
    """The load options given on the command line (None: not given), the others at their defaults."""
    given = {k: v for k, v in given.items() if v is not None}
    if "columns" in given:
        given["columns"] = parse_columns(given["columns"])
    return LoadOptions(**given)


def _languages(value: str | None) -> str | None:
    """--lang as given (None: not given), when every language in it is known."""
    from .present.languages import codes, single

    if value is None:
        return None
    try:
        codes(value) or single(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@main.command()
@_data_options
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"), show_default=True)
@_report_options
@click.option("--target", "target_items", multiple=True, metavar="KPI=VALUE",
              help="A KPI target, e.g. --target retention_rate=80 (repeatable; no targets unless given).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF copies.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A report.toml with data, period, lang, segment and targets (command-line options win).")
@click.option("--notebooks", "notebooks_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Run the NN_*.ipynb notebooks of this folder (edited copies from 'retention-kit notebooks') "
                   "instead of the built-in ones.")
def report(orders, subscriptions, customers, surveys, spend, campaigns, out, target_items, quiet, no_pdf, config_path,
           notebooks_dir, **given_settings) -> None:
    """Run the report notebooks for a period into OUT/<observation end>/ (the demo shop without --orders)."""
    from .present.config import load_config
    from .present.report import report_notebooks, run_report

    options = load_config(config_path) if config_path else {}
    given = click.get_current_context()
    columns = given_settings.pop("columns")
    for name, value in dict(orders=orders, subscriptions=subscriptions, customers=customers, surveys=surveys,
                            spend=spend, campaigns=campaigns, **given_settings).items():
        if value is not None:  # the command line wins over report.toml; neither given: the default
            options[name] = value
    if target_items:
        options["targets"] = {**options.get("targets", {}), **parse_targets(target_items)}
    if given.get_parameter_source("out").name != "DEFAULT" or "out" not in options:
        options["out"] = out
    if columns:
        options["columns"] = parse_columns(columns)
    if "subscriptions" not in options:
        options.setdefault("orders", "demo")
    target = options.pop("out")
    if notebooks_dir is not None:
        options["notebooks"] = report_notebooks(notebooks_dir.resolve())
    index = run_report(target, progress=not quiet, pdf=not no_pdf, **options)
    click.echo(f"report written: {index}")


@main.command("from-snapshot")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tenure", required=True, help="Column with the tenure (e.g. tenure).")
@click.option("--churned", required=True, help="Column with the churned flag (yes/no, 1/0, true/false, ja/nee).")
@click.option("--snapshot-date", required=True, help="Date of the export (YYYY-MM-DD).")
@click.option("--customer-id", default="customer_id", show_default=True, help="Column with the customer id.")
@click.option("--mrr", help="Column with the monthly charge, e.g. MonthlyCharges.")
@click.option("--unit", type=click.Choice(["month", "year", "week", "day"]), default="month", show_default=True,
              help="Unit of the tenure.")
def from_snapshot(source: Path, target: Path, tenure, churned, snapshot_date, customer_id, mrr, unit) -> None:
    """Turn a snapshot export (one row per customer: tenure, churned flag) into a subscriptions file
    for --subscriptions, and print what was assumed."""
    import pandas as pd

    from .subscriptions import subscriptions_from_snapshot

    frame = pd.read_csv(source) if source.suffix.lower() != ".parquet" else pd.read_parquet(source)
    subs = subscriptions_from_snapshot(frame, tenure=tenure, churned=churned, snapshot_date=snapshot_date,
                                       customer_id=customer_id, mrr=mrr, unit=unit)
    if target.suffix.lower() == ".parquet":
        subs.to_parquet(target, index=False)
    else:
        subs.to_csv(target, index=False, date_format="%Y-%m-%d")
    for key, assumed in subs.attrs["assumptions"].items():
        click.echo(f"assumed {key}: {assumed}")
    click.echo(f"{len(subs):,} subscriptions written: {target} (use --observation-end {subs.attrs['assumptions']['observation_end']})")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to copy the report notebooks into (created when missing).")
@click.option("--force", is_flag=True, help="Replace notebooks of the same name that are already there.")
def notebooks(out: Path, force: bool) -> None:
    """Copy the report notebooks into OUT to edit them; run them with 'report --notebooks OUT'."""
    import shutil

    from .present.report import report_notebooks

    sources = report_notebooks()
    taken = [out / nb.name for nb in sources if (out / nb.name).exists()]
    if taken and not force:
        raise click.ClickException(f"{len(taken)} notebook(s) already in {out} (e.g. {taken[0].name}); "
                               "pass --force to replace them, or choose another --out")
    out.mkdir(parents=True, exist_ok=True)
    for nb in sources:
        shutil.copyfile(nb, out / nb.name)
        click.echo(out / nb.name)


if __name__ == "__main__":  # pragma: no cover
    main()
