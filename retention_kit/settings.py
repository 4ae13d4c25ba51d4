"""The settings of an analysis, each declared once: how source files are read
(:class:`LoadOptions`) and what a report shows (:class:`ReportSettings`).

The fields of :class:`LoadOptions` are the keywords of :func:`retention_kit.load_dataset` (and of
each ``load_*``), the command line's data options (``--date-format``, ``--ids``, ...), the
``[data]`` keys of ``report.toml`` and the settings a report run passes on; the fields of
:class:`ReportSettings` are the report command's options (``--period``, ``--currency``, ...), the
top-level keys of ``report.toml`` and the report notebooks' parameters of the same names. The
loaders' keywords (each those about its table), the report runner's fields and the command line's
options (help text and choices included) are made from the fields; ``report.toml`` and the report
notebooks are checked against them by a test, so a setting is added in one place.

Examples
--------
>>> options = LoadOptions(date_format="%d-%m-%Y", decimal=",")
>>> options.keywords()["decimal"], LoadOptions().ids
(',', 'exact')
>>> LoadOptions(ids="lower")
Traceback (most recent call last):
...
ValueError: ids must be one of 'exact', 'casefold', not 'lower'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Mapping


def _option(default, help: str, *, choices: tuple[str, ...] | None = None, where=("cli", "config", "report"),
            days: bool = False, tables: tuple[str, ...] | None = None):
    """A settings field with its help text, its choices (or ``days``: a whole number of days of at
    least 1), where it can be set and (a reading setting) the tables it is about (None: all)."""
    return field(default=default, metadata={"help": help, "choices": choices, "where": where, "days": days,
                                            "tables": tables})


class _Declared:
    """What both settings classes say about their fields."""

    @classmethod
    def names(cls, where: str | None = None) -> list[str]:
        """The fields, in order; with `where` ("cli", "config" or "report"), those that can be set there."""
        return [f.name for f in fields(cls) if where is None or where in f.metadata["where"]]

    @classmethod
    def of_table(cls, table: str) -> list[str]:
        """The fields that are about `table` (a reading setting may be about some tables only).

        >>> LoadOptions.of_table("spend")
        ['columns', 'date_format', 'observation_end', 'decimal', 'encoding', 'timezone', 'after_end']
        """
        return [f.name for f in fields(cls) if f.metadata["tables"] is None or table in f.metadata["tables"]]

    @classmethod
    def annotation(cls, name: str) -> str:
        """The type of field `name`, as written."""
        return str(next(f for f in fields(cls) if f.name == name).type)

    @classmethod
    def default(cls, name: str):
        """The default of field `name`."""
        spec = next(f for f in fields(cls) if f.name == name)
        return None if spec.default is MISSING else spec.default

    @classmethod
    def help(cls, name: str) -> tuple[str, tuple[str, ...] | None]:
        """The help text and the choices of field `name` (for the command line)."""
        spec = next(f for f in fields(cls) if f.name == name)
        return spec.metadata["help"], spec.metadata["choices"]

    @classmethod
    def counts_days(cls, name: str) -> bool:
        """Whether field `name` is a number of days (a whole number of at least 1, or None)."""
        return next(f for f in fields(cls) if f.name == name).metadata["days"]


def _check(settings) -> None:
    """Refuse a value outside a field's choices, or a number of days that is not a whole number >= 1."""
    for spec in fields(settings):
        choices, value = spec.metadata["choices"], getattr(settings, spec.name)
        if choices and value not in choices:
            raise ValueError(f"{spec.name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
        if spec.metadata["days"] and value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                                             or value < 1):
            raise ValueError(f"{spec.name} must be a whole number of days of at least 1, not {value!r}")


@dataclass(frozen=True)
class LoadOptions(_Declared):
    """How the source files of one analysis are read (see the module text)."""

    columns: Mapping[str, str] | None = _option(
        None, "Column mapping: YourName=canonical_name,... e.g. CustID=customer_id.")
    date_format: str | Mapping[str, str] | None = _option(
        None, "Format of text dates that are not ISO, e.g. %d-%m-%Y; per table: orders=%d-%m-%Y,spend=%Y-%m.")
    observation_end: str | _dt.date | None = _option(
        None, "Last day of data used (YYYY-MM-DD); default the last order date.", where=("cli", "report"))
    decimal: str = _option(".", "Decimal mark of text amounts: '.' (default) or ',' for 12,50.", choices=(".", ","),
                           tables=("orders", "subscriptions", "spend", "campaigns", "events"))
    encoding: str | None = _option(None, "Character set of CSV files that are not UTF-8, e.g. latin-1.")
    timezone: str | None = _option(
        None, "Time zone in which times with a zone or offset become dates, e.g. Europe/Amsterdam "
              "(default: the data's own local date).")
    ids: str = _option("exact", "Compare customer ids exactly (default; trimmed, 101.0 = 101) or ignoring case and "
                                "inner spaces.", choices=("exact", "casefold"),
                       tables=("orders", "subscriptions", "customers", "surveys", "campaigns", "events"))
    returns: str = _option("net", "Returns (negative lines): 'net' subtracts each from the purchase it returns "
                                  "(default); 'gross' sets them aside and keeps purchases whole.", choices=("net", "gross"),
                           tables=("orders",))
    control: str = _option("control", "The group label of the control group in the campaigns table, e.g. holdout, "
                                      "CG or 'geen mail' (every other label is a treatment arm).",
                           tables=("campaigns",))
    after_end: str = _option("set_aside", "Rows dated after the observation end: counted in the ledger "
                                          "('set_aside', default) or an error ('error').",
                             choices=("set_aside", "error"), where=())

    def __post_init__(self) -> None:
        _check(self)

    def keywords(self) -> dict:
        """The options as keywords of :func:`retention_kit.load_dataset`."""
        return asdict(self)


@dataclass(frozen=True)
class ReportSettings(_Declared):
    """What a report shows and how, besides its data: the report command's options, the top-level
    keys of ``report.toml`` and the notebook parameters of the same names.

    >>> ReportSettings(period="Q").period, ReportSettings.names()[:3]
    ('Q', ['period', 'lang', 'segment'])
    >>> ReportSettings(active_window_days=0)
    Traceback (most recent call last):
    ...
    ValueError: active_window_days must be a whole number of days of at least 1, not 0
    """

    period: str = _option("M", "Length of a period in the KPI tables and trends: W, M, Q or Y.",
                          choices=("W", "M", "Q", "Y"))
    lang: str = _option("en", "Language of the pages: en, nl, or en,nl for both from one run.")
    segment: str | None = _option(None, "Column to split by, of the customers (e.g. channel) or the orders (e.g. "
                                        "country: a customer's first order counts).")
    currency: str | None = _option(None, "ISO 4217 code of the amounts, e.g. GBP (the demo is EUR; default: no "
                                         "currency sign).")
    active_window_days: int | None = _option(None, "Days after an order that a customer stays in the base "
                                                   "(default: derived from the data, the rule is stated in the "
                                                   "report).", days=True)
    inactivity_days: int | None = _option(None, "Survival: days without an order before the end that count as "
                                                "churned (default: the active window).", days=True)
    churn_at: str = _option("end", "Subscriptions: a customer is lost when the contract ends (end, default) or "
                                   "when notice is given (cancel).", choices=("end", "cancel"))

    def __post_init__(self) -> None:
        _check(self)
