"""Loading and validating a table: read it once, check every value against the contract in the
engine, set aside what cannot be used (counted in the ledger), and keep the clean rows."""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import re
import warnings
from dataclasses import replace
from typing import Callable, Mapping, NamedTuple

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir
import pandas as pd

from .. import errors as E
from ..engine import Source, as_table, distinct_integers, execute, materialise, timestamp_zones
from ..settings import LoadOptions
from .contract import (ALIASES, BASE_TABLES, BILLING_MONTHS, CONTRACT, CONTROL, CONTROL_LABELS, DEMO,
                       LOYALTY_ITEM_PREFIX, PRICE_COLUMNS, ColumnSpec)
from .ledger import QualityLedger
from .lines import net_returns, order_key, orders_from_lines
from .tables import Dataset, ValidatedTable



def _revenue_from_lines(table: ir.Table) -> bool:
    return "revenue" not in table.columns and all(c in table.columns for c in PRICE_COLUMNS)


_FIX_DATE = (
    "fix these values, or pass date_format= (e.g. date_format='%d-%m-%Y' for day-first dates)"
)


@ibis.udf.scalar.builtin(name="try_strptime")
def _try_strptime(text: str, fmt: str) -> dt.timestamp:
    """DuckDB's try_strptime: NULL instead of an error for text that does not fit."""


# ----------------------------------------------------------------------------- loaders


def _reading(table: str | None):
    """A loader of `table` (None: of a whole dataset) whose reading settings are the fields of
    :class:`~retention_kit.settings.LoadOptions` about it: keywords of its signature, or one
    ``options=LoadOptions(...)`` (the form the command line and report runs use), not both. The
    body receives them as one `options`; a setting added to ``LoadOptions`` is a keyword of every
    loader it is about."""
    names = LoadOptions.of_table(table) if table else LoadOptions.names()

    def wrap(body):
        own = [p for p in inspect.signature(body).parameters.values() if p.name != "options"]
        keywords = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=LoadOptions.default(n),
                                      annotation=LoadOptions.annotation(n)) for n in names]
        whole = inspect.Parameter("options", inspect.Parameter.KEYWORD_ONLY, default=None,
                                  annotation="LoadOptions | None")

        @functools.wraps(body)
        def loader(*args, options: LoadOptions | None = None, **kwargs):
            given = {n: kwargs.pop(n) for n in names if n in kwargs}
            if options is not None and given:
                raise ValueError(f"give the reading settings as options= or as keywords, not both ({', '.join(given)})")
            return body(*args, options=options if options is not None else LoadOptions(**given), **kwargs)

        loader.__signature__ = inspect.Signature([*own, *keywords, whole],
                                                 return_annotation=inspect.signature(body).return_annotation)
        return loader
    return wrap


@_reading("orders")
def load_orders(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate an order log (one row per order or order line).

    Parameters
    ----------
    source : DataFrame, path (CSV, Parquet, Excel, Parquet glob or folder) or Ibis table
    columns : mapping from your column names to the canonical ones, e.g. ``{"CustID": "customer_id"}``
    date_format : strftime format for text dates, e.g. ``"%d-%m-%Y"``; ISO dates need none
        (in :func:`load_dataset` also one per table: ``{"orders": "%d-%m-%Y", "spend": "%Y-%m"}``)
    decimal : decimal mark in text amounts ("," for ``12,50``; then ``7.5`` is refused as ambiguous)
    encoding : character set of a CSV file that is not UTF-8, e.g. ``"latin-1"``
    timezone : IANA zone (e.g. ``"Europe/Amsterdam"``) in which times with a zone or a UTC offset
        become dates; default the data's own: the date as written in text
        (``2024-01-03T23:30-05:00`` is 3 January), the column's zone in a zone-aware Parquet
        file or DataFrame, so the same moment gives the same date from CSV and Parquet
    observation_end : last day of data to use; default the last order date
    after_end : ``"set_aside"`` (count later orders in the ledger) or ``"error"``
    returns : ``"net"`` (returns are subtracted from the purchases they return; an order
        returned whole no longer counts) or ``"gross"`` (returns set aside, purchases kept
        whole); see :mod:`retention_kit.data.lines` for how a return finds its purchase
    ids : ``"exact"`` (ids trimmed, ``101.0`` read as ``101``) or ``"casefold"`` (also ignoring case);
        every table of a dataset uses the same rule

    Returns
    -------
    ValidatedTable whose ``table`` has one row per order (a distinct ``order_id`` of a
    customer; without ``order_id``, a customer-day) with ``customer_id``, ``order_date``
    (date), ``revenue`` (float, ``quantity x unit_price`` when there is no revenue column)
    and every other column carried along; ``lines`` holds the clean order lines. Rows
    without a customer id (guest checkouts), returns, exact duplicate lines and rows after
    `observation_end` are set aside and counted in its ledger.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["05-01-2024", "31-01-2024"],
    ...                    "revenue": ["12,50", "8"]})
    >>> orders = load_orders(df, date_format="%d-%m-%Y", decimal=",")
    >>> orders.to_pandas().revenue.tolist()
    [12.5, 8.0]
    """
    return _load("orders", source, options)


@_reading("subscriptions")
def load_subscriptions(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate a subscription log: one row per contract (or plan) of a customer.

    Required: ``customer_id``, ``start_date``. Optional: ``end_date`` (empty while active; the
    first day without service), ``cancel_date`` (notice given), ``mrr`` (recurring revenue per
    month) or ``amount`` + ``billing_period`` (month, quarter, half-year, year or week, also in
    Dutch: MRR = amount / months), ``subscription_id``, ``plan``, ``churn_reason`` and any segment
    column. Several rows per customer are normal: a row that starts when (or shortly after) the
    previous one ends is a plan change, a later one a reactivation (see
    :mod:`retention_kit.subscriptions`).

    An end or notice before the start, a negative or missing MRR and an unknown billing period
    are errors. Rows that start after the observation end are set aside; ends and notices after
    it are cleared (the contract is active at that date); a row that overlaps the next row of the
    same customer (and subscription id) is clipped to end where the next starts. Each is counted
    in the ledger. The default observation end is the log's last date (a start, a notice or an end).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "start_date": ["2024-01-01", "2024-03-01", "2024-02-01"], "end_date": ["2024-03-01", None, "2024-05-01"],
    ...     "amount": [10.0, 120.0, 30.0], "billing_period": ["month", "year", "Kwartaal"]})
    >>> subs = load_subscriptions(log)
    >>> subs.to_pandas().mrr.tolist(), str(subs.observation_end)
    ([10.0, 10.0, 10.0], '2024-05-01')
    """
    return _load("subscriptions", source, options)


@_reading("customers")
def load_customers(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate the customer table (one row per customer).

    ``customer_id`` must be unique. Optional dates: ``signup_date``, ``churn_date``
    (not before the signup date), ``loyalty_join_date``. Any other column (region,
    channel, segment, churn_reason) is carried along as a segment. With an
    `observation_end`, customers who signed up later are set aside, and churn or
    loyalty-join dates after it are cleared (the customer counts as active / not a
    member at that date); each is counted in the ledger.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 2], "signup_date": ["2024-01-01", "2024-02-01"],
    ...                    "churn_date": [None, "2024-06-30"]})
    >>> load_customers(df).rows_used
    2
    """
    return _load("customers", source, options)


@_reading("surveys")
def load_surveys(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate survey answers: NPS 0-10, CSAT 1-5, ``cli_*`` loyalty items 1-6.

    Scores must be whole numbers in their range; an empty score means the
    question was not answered.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 2], "response_date": ["2024-03-01"] * 2, "nps": [9, 11]})
    >>> load_surveys(df)
    Traceback (most recent call last):
    ...
    retention_kit.errors.RangeError: surveys: column 'nps' has 1 values outside 0-10 or not whole numbers (rows 2: 11.0); ...
    """
    return _load("surveys", source, options)


@_reading("spend")
def load_spend(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate retention spend: ``period`` (any date in the period) and ``retention_spend`` >= 0.

    Examples
    --------
    >>> import pandas as pd
    >>> load_spend(pd.DataFrame({"period": ["2024-01-01"], "retention_spend": [1500.0]})).rows_used
    1
    """
    return _load("spend", source, options)


@_reading("campaigns")
def load_campaigns(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate retention campaigns: one row per customer and campaign with
    ``customer_id``, ``campaign``, ``sent_date``, ``group`` and optionally ``cost`` (per customer,
    >= 0) and ``channel``. ``group`` holds the arm a customer was in: the `control` label (any
    case; "holdout", "CG" or "geen mail" in some exports) becomes "control", every other label is a
    treatment arm (one arm is usually called "treatment"; several arms share the control group).
    A label that is nearly the control label is refused as a likely typo. A customer may be in a
    campaign only once; campaigns sent after the observation end are set aside.

    Examples
    --------
    >>> import pandas as pd
    >>> table = load_campaigns(pd.DataFrame({"customer_id": [1, 2, 3], "campaign": "spring",
    ...     "sent_date": "2024-03-01", "group": ["Korting", "Holdout", "Herinnering"]}), control="holdout")
    >>> table.to_pandas()["group"].tolist()
    ['Korting', 'control', 'Herinnering']
    """
    return _load("campaigns", source, options)


@_reading("events")
def load_events(source: Source, options: LoadOptions) -> ValidatedTable:
    """Load and validate an event log: one row per thing a customer did, with ``customer_id``,
    ``event_date`` (a date or a time) and optionally ``event`` (its kind: "visit", "open",
    "renewal"...) and ``value`` (a number it carries, such as minutes or an amount). Campaigns can
    be measured on any kind of event (:func:`retention_kit.campaign_outcomes`); events after the
    observation end are set aside.

    Examples
    --------
    >>> import pandas as pd
    >>> table = load_events(pd.DataFrame({"customer_id": [1, 1, 2], "event": ["visit", "visit", "open"],
    ...     "event_date": ["2024-03-01 09:12", "2024-03-04 18:40", "2024-03-02 07:00"]}))
    >>> table.rows_used, str(table.last_date)
    (3, '2024-03-04')
    """
    return _load("events", source, options)


@_reading(None)
def load_dataset(
    orders: Source | None = None,
    customers: Source | None = None,
    surveys: Source | None = None,
    spend: Source | None = None,
    *,
    subscriptions: Source | None = None,
    campaigns: Source | None = None,
    options: LoadOptions,
) -> Dataset:
    """Load the tables of one analysis with one observation end (default: the last order date, or
    with subscriptions alone the last date of their log).

    The reading settings are keywords (see :func:`load_orders`) or one
    :class:`~retention_kit.settings.LoadOptions` (`options`), the form the command line and report
    runs use; not both.

    The base is `orders`, `subscriptions` (contracts, :func:`load_subscriptions`) or both.
    `columns` may hold the mappings of all tables at once; each loader uses the
    names its table has. ``orders="demo"`` loads the demo shop
    (:func:`retention_kit.demo.make_demo_data`, default seed) for every table not given,
    ``subscriptions="demo"`` the subscription demo; a folder
    written by :func:`retention_kit.data.snapshot.save_snapshot` is read without validating again.

    Examples
    --------
    >>> from retention_kit.demo import make_demo_data
    >>> demo = make_demo_data(n_customers=300, seed=1)
    >>> data = load_dataset(demo.orders, demo.customers, demo.surveys, demo.spend)
    >>> [t.name for t in data.tables]
    ['orders', 'customers', 'surveys', 'spend']
    """
    from .snapshot import is_snapshot, read_snapshot

    if orders is None and subscriptions is None:
        raise ValueError("give an orders table (a shop), a subscriptions table (contracts), or both")
    if is_snapshot(orders):  # validated before: read, do not validate again
        given = [n for n, v in dict(customers=customers, surveys=surveys, spend=spend, campaigns=campaigns).items()
                 if v is not None]
        if given:
            raise ValueError(f"{orders} is a snapshot of validated tables; it holds its own {', '.join(given)}")
        return read_snapshot(orders, observation_end=options.observation_end)
    source = _describe(orders if orders is not None else subscriptions)
    if isinstance(subscriptions, str) and subscriptions == DEMO:
        from ..demo_subscriptions import make_subscription_demo

        demo = make_subscription_demo()
        subscriptions, customers, surveys = (demo.subscriptions, _or(customers, demo.customers),
                                             _or(surveys, demo.surveys))
        source = DEMO
    if isinstance(orders, str) and orders == DEMO:
        from ..demo import make_demo_data

        demo = make_demo_data(campaigns=True)
        orders, customers, surveys, spend, campaigns = (
            demo.orders, _or(customers, demo.customers), _or(surveys, demo.surveys), _or(spend, demo.spend),
            _or(campaigns, demo.campaigns))
        source = DEMO
    loaded_orders = loaded_subscriptions = None
    if orders is not None:
        loaded_orders = load_orders(orders, options=options)
        options = replace(options, observation_end=loaded_orders.observation_end)
    if subscriptions is not None:
        loaded_subscriptions = load_subscriptions(subscriptions, options=options)
    # every other table ends where the base ends
    options = replace(options, observation_end=(loaded_orders or loaded_subscriptions).observation_end)
    loaded_customers = None if customers is None else load_customers(customers, options=options)
    loaded_surveys = None if surveys is None else load_surveys(surveys, options=options)
    loaded_campaigns = None if campaigns is None else load_campaigns(campaigns, options=options)
    loaded_orders, loaded_subscriptions, loaded_customers, loaded_surveys, loaded_campaigns = _same_id_type(
        loaded_orders, loaded_subscriptions, loaded_customers, loaded_surveys, loaded_campaigns)
    if loaded_customers is not None and loaded_orders is not None:
        _match_customers(loaded_orders, loaded_customers)
    return Dataset(
        orders=loaded_orders,
        customers=loaded_customers,
        surveys=loaded_surveys,
        spend=None if spend is None else load_spend(spend, options=options),
        source=source,
        campaigns=loaded_campaigns,
        subscriptions=loaded_subscriptions,
    )


def _same_id_type(*tables: ValidatedTable | None) -> list[ValidatedTable | None]:
    """The tables with customer ids of one type: integer ids become text when another table has text ids."""
    given = [t for t in tables if t is not None]
    if len({t.table.customer_id.type().is_integer() for t in given}) < 2:
        return list(tables)

    def text(t: ir.Table) -> ir.Table:
        return t.mutate(customer_id=t.customer_id.cast("string")) if t.customer_id.type().is_integer() else t

    return [None if t is None else replace(t, table=text(t.table),
                                           line_table=None if t.line_table is None else text(t.line_table))
            for t in tables]


def _match_customers(orders: ValidatedTable, customers: ValidatedTable) -> None:
    """Order customers missing from the customers table go to its ledger (their revenue too);
    when no order customer is in it at all, the ids do not line up: an error with examples of both."""
    o, c = orders.table, customers.table
    buyers = o.group_by("customer_id").aggregate(revenue=o.revenue.sum())
    missing = buyers.anti_join(c, "customer_id")
    row = execute(missing.aggregate(n=missing.count(), revenue=missing.revenue.sum())).iloc[0]
    n, total = int(row["n"]), int(execute(buyers.count()))
    if n and n == total:
        order_ids = execute(buyers.select("customer_id").order_by("customer_id").limit(3)).customer_id.tolist()
        customer_ids = execute(c.select("customer_id").order_by("customer_id").limit(3)).customer_id.tolist()
        raise E.DataError(
            f"customers: no customer id of the orders is in the customers table ({total:,} order customers; "
            f"orders have e.g. {order_ids}, customers have e.g. {customer_ids}); map the same id column in both "
            "tables, or pass ids='casefold' when they differ only in case")
    customers.ledger.add("customers", "order_customers_missing", n, float(row["revenue"] or 0.0))


def _or(value, default):
    return default if value is None else value


def as_loaded(source: Source | ValidatedTable, name: str = "orders", **options) -> ValidatedTable:
    """`source` validated as table `name`, unless it already is (validation happens once); of a
    :class:`Dataset`, its table `name`."""
    if isinstance(source, ValidatedTable):
        return source
    if isinstance(source, Dataset):
        table = getattr(source, name, None)
        if table is None:
            raise ValueError(f"the dataset has no {name} table; load it with load_dataset(..., {name}=...)")
        return table
    return _LOADERS[name](source, **options)


# ----------------------------------------------------------------------------- validation


def _load(name: str, source: Source, options: LoadOptions) -> ValidatedTable:
    columns, date_format, observation_end = options.columns, options.date_format, options.observation_end
    after_end, decimal, returns, ids = options.after_end, options.decimal, options.returns, options.ids
    encoding, timezone, control = options.encoding, options.timezone, options.control
    if isinstance(date_format, Mapping):  # one format per table: {"orders": "%d-%m-%Y", "spend": "%Y-%m"}
        date_format = date_format.get(name)
    typed_read = _read_types(name, columns, date_format, decimal, timezone)
    raw = _rename(name, as_table(source, name=name, encoding=encoding, types=typed_read), columns or {})
    specs = _specs(name, raw)
    _require(name, raw, specs)
    # raw columns and their typed versions side by side, so checks can compare them
    zones = timestamp_zones(source)
    work = raw.mutate(**{_typed_name(s.name): _typed(raw[s.name], s, date_format, decimal, ids, timezone,
                                                     zones.get(_source_name(s.name, columns)))
                         for s in specs})
    # text is typed once; every pass below reads the stored result (a file read where it lies, or
    # typed by its reader, is read again instead)
    keep = (lambda table: table) if _is_scanned(source) or _typed_by_reader(source, raw, specs) else materialise
    work = keep(work)
    checks = _checks(name, work, specs, date_format, decimal)
    given_end = _as_date(observation_end) if observation_end is not None else None
    # the rows set aside are counted in the same pass (their rules read the typed columns); with the
    # end taken from the orders' last date, no order is after it
    view = _typed_view(name, raw, work)
    early = _set_aside_rules(name, view, given_end, returns) if after_end == "set_aside" else {}
    counts = _count(work, {key: cond for key, (cond, _) in checks.items()},
                    extra={**_summary_aggs(name, work), **_rule_aggs(early, view, name), **_distinct_aggs(name, view, {c: work[c] for c in raw.columns}),
                           **({"_revenue_in": view["revenue"].sum(),
                               "_negative": (view["revenue"] < 0).cast("int64").sum().fill_null(0)}
                              if name == "orders" else {})})
    counted = {reason: (int(counts[f"_n_{reason}"]), counts.get(f"_r_{reason}")) for reason in early}
    if name in BASE_TABLES and given_end is None and after_end == "set_aside":
        counted.update({reason: (0, 0.0) for reason, *_ in AFTER_END[name]})
    problems = [(key, counts[key]) for key in checks if counts[key]]
    if problems:
        _raise(name, work, checks, problems)
    if not counts["_rows"]:
        raise E.MissingValueError(f"{name}: the table has no rows (only a header: {', '.join(map(repr, raw.columns))}); "
                                  f"export the {name} again")
    if name == "orders" and counts["_rows"] and counts["_guests"] == counts["_rows"]:
        raise E.MissingValueError(
            f"orders: column 'customer_id' is empty in all {counts['_rows']:,} rows; map the column that holds "
            "customer ids with columns={'YourName': 'customer_id'} (rows without an id are guest checkouts, "
            "set aside in the quality ledger)")
    # a date typed from a time or from text keeps its value as written until exact duplicates are
    # found: two orders of a day at different times are two orders, not one row written twice
    written = {_WRITTEN + s.name: work[s.name] for s in specs if s.kind == "date" and not raw[s.name].type().is_date()}
    typed = work.select(*[work[_typed_name(c)].name(c) if _typed_name(c) in work.columns else work[c]
                          for c in raw.columns], **written)
    if name == "orders" and _revenue_from_lines(raw):
        typed = typed.mutate(revenue=typed.quantity * typed.unit_price)
    if name == "subscriptions":
        typed = _with_mrr(typed)
    if name == "campaigns":
        typed = _campaign_arms(typed, control)
    if counts["_rows"] <= STORED_ROWS and keep is not materialise:  # small: typed and cleaned once, then stored
        keep = materialise
        typed = keep(typed)

    end = given_end
    if name in BASE_TABLES and end is None and counts["_last"] is not None:
        end = _as_date(counts["_last"])
    # without returns to net, an order's rows can only repeat each other within the order: the exact
    # duplicates are then looked for among the rows of orders with several rows, after grouping
    duplicates_later = name == "orders" and (returns == "gross" or not counts["_negative"])
    clean, ledger, rows_used, one_per_order, pending = _set_aside(
        name, typed, end, after_end, counts["_rows"], returns, id_range=(counts.get("_id_lo"), counts.get("_id_hi")),
        counted=counted, distinct=counts.get("_distinct") == counts["_rows"], duplicates_later=duplicates_later,
        any_returns=bool(counts.get("_negative", 1)))
    if name in BASE_TABLES and not rows_used:
        first = _as_date(counts["_first"]) if counts.get("_first") is not None else None
        raise E.DateAfterEndError(
            f"{name}: no {name[:-1]} is left to analyse (of {counts['_rows']:,} rows, all were set aside: "
            + "; ".join(f"{e.rows:,} {e.reason.replace('_', ' ')}" for e in ledger.entries)
            + (f"; the first {name[:-1]} is dated {first}, the observation end is {end}" if first else "")
            + "); pass an observation end on or after the first order, or check the file")
    if name == "customers" and counts.get("_unique") != counts["_rows"]:
        _require_unique(name, clean, ["customer_id"], problem="ids that occur more than once with different values",
                        fix="keep one row per customer (exact duplicate lines are set aside automatically)")
    if name == "subscriptions":
        clean = _clip_overlaps(clean, ledger)
    if name == "campaigns" and counts.get("_unique") != counts["_rows"]:
        _require_unique(name, clean, ["campaign", "customer_id"],
                        problem="customers listed more than once in the same campaign",
                        fix="keep one row per customer and campaign (a customer is either in the treatment or in "
                            "the control group)")
    lines = None
    if name == "orders":
        lines = keep(clean)
        # an export of orders (one row per order) needs no grouping in every later analysis;
        # order lines are grouped once and the (smaller) order table is kept in the backend
        if one_per_order:
            clean = lines
        elif pending is None:
            clean = materialise(orders_from_lines(lines))
        else:
            lines, clean, rows_used = _orders_without_duplicates(lines, pending, keep, ledger, rows_used)
    else:
        clean = keep(clean)
    if ids == "exact":
        _warn_near_duplicates(name, clean, ledger)
    first = counts.get("_first")
    last = counts.get("_last")
    return ValidatedTable(
        name=name, table=clean, ledger=ledger, rows_in=int(counts["_rows"]), rows_used=int(rows_used),
        first_date=_as_date(first) if first is not None else None,
        last_date=_as_date(last) if last is not None else None,
        observation_end=end, line_table=lines, returns=returns if name == "orders" else None,
        revenue_in=float(counts["_revenue_in"] or 0.0) if name == "orders" else None,
    )


def _rename(name: str, table: ir.Table, columns: Mapping[str, str]) -> ir.Table:
    contract = {s.name for s in CONTRACT[name]}
    for old, new in columns.items():  # a mapping meant for another table is ignored
        if old not in table.columns and new in contract and new not in table.columns:
            raise E.MissingColumnError(
                f"{name}: columns= maps '{old}' to '{new}', but {name} has no column '{old}'; "
                f"its columns are {', '.join(map(repr, table.columns))}"
            )
    present = {k: v for k, v in columns.items() if k in table.columns and k != v}
    return table.rename({new: old for old, new in present.items()}) if present else table


def _specs(name: str, table: ir.Table) -> list[ColumnSpec]:
    contract = CONTRACT[name]
    if name == "subscriptions":  # MRR given, or an amount per billing period; every row needs it then
        priced = {"mrr"} if "mrr" in table.columns else {"amount", "billing_period"} & set(table.columns)
        if "amount" in priced:
            priced.add("billing_period")
        contract = [replace(s, required=True) if s.name in priced else s for s in contract]
    if name == "orders" and _revenue_from_lines(table):  # revenue = quantity x unit_price, computed at load
        contract = [replace(s, required=True) if s.name in PRICE_COLUMNS else s
                    for s in contract if s.name != "revenue"]
    specs = [s for s in contract if s.required or s.name in table.columns]
    if name == "surveys":
        specs += [ColumnSpec(c, "score", low=1, high=6, integer=True)
                  for c in table.columns if c.startswith(LOYALTY_ITEM_PREFIX)]
    return specs


def _require(name: str, table: ir.Table, specs: list[ColumnSpec]) -> None:
    for spec in specs:
        if spec.required and spec.name not in table.columns:
            hint = _suggest(spec.name, table.columns)
            if name == "orders" and spec.name == "revenue":
                hint += (" Or give 'quantity' and 'unit_price' (revenue = quantity x unit_price), e.g. "
                         "columns={'Quantity': 'quantity', 'UnitPrice': 'unit_price'}.")
            raise E.MissingColumnError(
                f"{name}: required column '{spec.name}' is missing; the table has "
                f"{', '.join(map(repr, table.columns))}. {hint}"
            )


def _suggest(canonical: str, available: list[str]) -> str:
    norm = {re.sub(r"[^a-z0-9]", "", c.lower()): c for c in available}
    for alias in [re.sub(r"[^a-z0-9]", "", canonical)] + ALIASES.get(canonical, []):
        if alias in norm:
            return f"Map it with columns={{{norm[alias]!r}: {canonical!r}}}."
    return f"Rename a column to '{canonical}' or map it with columns={{'YourName': {canonical!r}}}."


def normalise_ids(col: ir.Column, ids: str = "exact") -> ir.Column:
    """Ids in one form: text trimmed, ``101.0`` (a number that went through a float) read as
    ``101``; ``ids="casefold"`` also ignores case and inner spaces (``C1`` = ``c1`` = ``C 1``). Integer ids stay integers
    (fast to group); :func:`load_dataset` turns them into text when another table has text ids.

    >>> import pandas as pd
    >>> t = as_table(pd.DataFrame({"id": [" C1 ", "101.0", "0042", None]}))
    >>> execute(t.select(a=normalise_ids(t.id), b=normalise_ids(t.id, "casefold"))).values.tolist()
    [['C1', 'c1'], ['101', '101'], ['0042', '0042'], [None, None]]
    """
    if ids not in IDS:
        raise ValueError(f"ids must be one of {', '.join(map(repr, IDS))}, not {ids!r}")
    ctype = col.type()
    if ctype.is_integer():  # already one form; load_dataset makes it text when another table has text ids
        return col
    if ctype.is_floating():
        whole = col == col.floor()
        return ibis.ifelse(whole, col.cast("int64").cast("string"), col.cast("string"))
    text = _trimmed(col)
    text = ibis.ifelse(text.contains("."), text.re_replace(r"^(-?[0-9]+)\.0+$", r"\1"), text)
    return text.lower().re_replace(r"\s+", "") if ids == "casefold" else text


class NearDuplicateIdWarning(UserWarning):
    """Customer ids that differ only in letter case or inner spaces: counted as different customers."""


def _warn_near_duplicates(name: str, table: ir.Table, ledger: QualityLedger) -> None:
    """Count the text ids that equal another id but for case or inner spaces (``C1``, ``c1``,
    ``C 1``): warn once, with examples, and note their number in the ledger (kept apart)."""
    if "customer_id" not in table.columns or not table.customer_id.type().is_string():
        return
    ids = table.select("customer_id").distinct()
    groups = ids.group_by(key=ids.customer_id.lower().re_replace(r"\s+", "")).aggregate(
        n=ids.count(), example=ids.customer_id.min(), other=ids.customer_id.max())
    close = groups.filter(groups.n > 1)
    row = execute(close.aggregate(groups=close.count(), ids=close.n.sum())).iloc[0]
    if not int(row["groups"]):
        return
    examples = execute(close.order_by("key").limit(3))
    shown = "; ".join(f"{a!r} and {b!r}" for a, b in zip(examples.example, examples.other))
    warnings.warn(NearDuplicateIdWarning(
        f"{name}: {int(row['ids']):,} customer ids differ from another only in letter case or spaces "
        f"({int(row['groups']):,} groups, e.g. {shown}); they count as different customers. If they are the "
        "same, pass ids='casefold' (--ids casefold) to merge them"), stacklevel=4)
    ledger.add(name, "near_duplicate_ids", int(row["ids"]))


#: How ids are compared: exactly (after trimming), or ignoring case and inner spaces.
IDS = ("exact", "casefold")


@ibis.udf.scalar.builtin(name="timezone")
def _in_zone(zone: str, instant: dt.Timestamp(timezone="UTC")) -> dt.timestamp:
    """DuckDB's timezone(zone, instant): the wall-clock time in `zone`."""


#: A time of day followed by a UTC offset at the end of a text date: 2024-01-03T23:30-05:00.
_OFFSET = r"^(.*[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)\s*(Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"


def _local_date(col: ir.Column, timezone: str | None, own_zone: str | None, date_format: str | None) -> ir.Column:
    """The date of a timestamp or text date: in `timezone` when given, else where the data were
    written (the zone of a zone-aware column, the date as written before a UTC offset in text)."""
    ctype = col.type()
    if ctype.is_timestamp():
        zone = timezone or own_zone or ctype.timezone
        if ctype.timezone is None or zone is None:
            return col.date()
        return _in_zone(zone, col.cast(dt.Timestamp(timezone="UTC"))).date()
    text = _trimmed(col)
    # the wall-clock time as written; the pattern is tried only on text that can end in an offset
    may_have_offset = text.endswith("Z") | text.contains("+") | text.substr(10).contains("-")
    written = ibis.ifelse(may_have_offset, text.re_replace(_OFFSET, r"\1"), text)
    parsed = _try_strptime(written, date_format) if date_format else written.try_cast("timestamp")
    if timezone:
        offset = text.re_extract(_OFFSET, 2)
        sign = ibis.ifelse(offset.startswith("-"), -1, 1)
        digits = offset.re_replace("[^0-9]", "")
        minutes = ibis.ifelse(offset.isin(["Z", ""]) | offset.isnull(), 0,
                              sign * (digits.substr(0, 2).cast("int64") * 60
                                      + ibis.ifelse(digits.length() >= 4, digits.substr(2, 2).cast("int64"), 0)))
        utc = parsed - minutes.as_interval("m")
        parsed = ibis.ifelse(offset.notnull() & (offset != ""),
                             _in_zone(timezone, utc.cast(dt.Timestamp(timezone="UTC"))), parsed)
    return parsed


def _source_name(canonical: str, columns) -> str:
    """The name a canonical column had in the source, before `columns=` renamed it."""
    return next((old for old, new in (columns or {}).items() if new == canonical), canonical)


def _typed(col: ir.Column, spec: ColumnSpec, date_format: str | None, decimal: str, ids: str = "exact",
           timezone: str | None = None, own_zone: str | None = None) -> ir.Column:
    """The column converted to its contract type; unconvertible values become NULL."""
    ctype = col.type()
    if spec.kind == "id":
        return normalise_ids(col, ids)
    if spec.kind == "date":
        if ctype.is_date():
            return col
        if ctype.is_timestamp():
            return _local_date(col, timezone, own_zone, date_format)
        text = _trimmed(col)
        parsed = _local_date(col, timezone, own_zone, date_format)
        if spec.name == "period" and not date_format:  # a month as 2024-01
            parsed = parsed.coalesce(_try_strptime(text, "%Y-%m"))
        return parsed.date()
    if spec.kind == "label":  # a name: trimmed text; a billing period is compared in lower case
        text = _trimmed(col)
        return text.lower() if spec.name == "billing_period" else text
    if spec.kind in ("number", "score"):
        if ctype.is_numeric():
            return col.cast("float64")
        text = _trimmed(col)
        if decimal != ".":  # only 1.234,50 and 1234,50 forms: 7.5 or 1,234.50 would be misread
            grouped = text.re_search(r"^-?[0-9]{1,3}(\.[0-9]{3})+(" + re.escape(decimal) + r"[0-9]+)?$")
            plain = text.re_search(r"^-?[0-9]+(" + re.escape(decimal) + r"[0-9]+)?$")
            text = ibis.ifelse(grouped | plain, text.replace(".", "").replace(decimal, "."), ibis.null("string"))
        return text.try_cast("float64")
    return col


def _trimmed(col: ir.Column) -> ir.StringColumn:
    """The values as text without leading or trailing spaces; only text that starts or ends with a
    character before "!" (a space, tab or line break) is trimmed, a tenth of the cost of trimming all."""
    text = col.cast("string")
    return ibis.ifelse((text < "!") | (text.right(1) < "!"), text.strip(), text)


def _is_blank(col: ir.Column) -> ir.BooleanColumn:
    """Missing, or text of spaces only. Only text that sorts before "!" (empty, or starting with a
    space, tab or line break) is trimmed: trimming every value costs more than the rest of a check."""
    if col.type().is_string():
        return col.isnull() | ibis.ifelse(col < "!", col.strip() == "", False)
    return col.isnull()


Check = tuple[Callable[[ir.Table], ir.BooleanColumn], tuple]


def _typed_name(column: str) -> str:
    return f"_rk_typed_{column}"


def _checks(name, work, specs, date_format, decimal=".") -> dict[str, Check]:
    """Named row conditions that make a table invalid, each with the error it raises."""
    checks: dict[str, Check] = {}
    fmt_note = f" with format {date_format!r}" if date_format else " as dates (ISO, e.g. 2024-01-31)"
    for s in specs:
        c = s.name
        blank = lambda x, c=c: _is_blank(x[c])
        if s.required and not (name == "orders" and c == "customer_id"):  # guest checkouts are set aside
            fix = {"id": "every row needs a customer id; remove or fill these rows",
                   "date": "every row needs a date; remove or fill these rows",
                   "number": "every row needs an amount; use 0 for free " + ("plans" if name == "subscriptions"
                                                                             else "orders"),
                   "label": f"every row needs a {c}; fill these rows"}[s.kind]
            checks[f"missing:{c}"] = (blank, (E.MissingValueError, c, "missing values", fix))
        if name == "orders" and c == "order_id":
            checks["missing:order_id"] = (blank, (
                E.MissingValueError, c, "missing values",
                "every line needs its order id; fill these rows, or leave order_id out of columns= to count "
                "a customer's orders per day"))
        if s.kind == "date":
            checks[f"date:{c}"] = (
                lambda x, c=c: ~_is_blank(x[c]) & x[_typed_name(c)].isnull(),
                (E.DateParseError, c, f"values that cannot be read{fmt_note}", _FIX_DATE),
            )
        if s.kind == "date":
            checks[f"plausible:{c}"] = (
                lambda x, c=c: ((x[_typed_name(c)] < ibis.literal(FIRST_PLAUSIBLE, type="date"))
                                | (x[_typed_name(c)] > ibis.literal(_last_plausible(), type="date"))).fill_null(False),
                (E.RangeError, c, f"dates before {FIRST_PLAUSIBLE} or more than a year from today",
                 "correct these dates (a year typed wrong, or a placeholder such as 1900-01-01 or 9999-12-31); "
                 "dates are plausible from 1950 to one year after today"))
        if s.kind == "number":
            checks[f"finite:{c}"] = (
                lambda x, c=c: (x[_typed_name(c)].isnan() | x[_typed_name(c)].isinf()
                                | (x[_typed_name(c)].abs() > MAX_AMOUNT)).fill_null(False),
                (E.RangeError, c, f"values that are not finite amounts (NaN, infinite, or beyond {MAX_AMOUNT:.0e})",
                 "correct these values; an empty cell is read as missing, 'nan' or 'inf' is not a number"))
        if s.kind in ("number", "score"):
            checks[f"numeric:{c}"] = (
                lambda x, c=c: ~_is_blank(x[c]) & x[_typed_name(c)].isnull(),
                (E.NumericError, c, "non-numeric values",
                 ("fix the file (use a decimal point, or pass decimal=',' / --decimal ,) or map another column "
                  "with columns={...}") if decimal == "." else
                 (f"with decimal='{decimal}' amounts are written like 1.234,50 or 7,5; a value such as 7.5 or "
                  "1,234.50 is ambiguous: fix these values, or read the file with a decimal point")),
            )
        if s.low is not None or s.high is not None:
            lo = -float("inf") if s.low is None else s.low
            hi = float("inf") if s.high is None else s.high
            rng = f"outside {s.low:g}-{s.high:g}" if s.high is not None else f"below {s.low:g}"
            def cond(x, c=c, lo=lo, hi=hi, integer=s.integer):
                v = x[_typed_name(c)]
                return ((v < lo) | (v > hi) | ((v != v.round(0)) if integer else ibis.literal(False))).fill_null(False)

            what = f"values {rng}" + (" or not whole numbers" if s.integer else "")
            fix = "correct or remove these answers" if s.kind == "score" else "amounts cannot be negative; correct these rows"
            checks[f"range:{c}"] = (cond, (E.RangeError, c, what, fix))
    if name == "subscriptions":
        checks.update(_subscription_checks(work))
    if name == "customers" and {"signup_date", "churn_date"} <= set(work.columns):
        checks["order:churn_date"] = (
            lambda x: (x[_typed_name("churn_date")] < x[_typed_name("signup_date")]).fill_null(False),
            (E.DateOrderError, "churn_date", "dates before the signup_date",
             "check these customers' dates; a customer cannot churn before signing up"),
        )
    return checks


def _subscription_checks(work) -> dict[str, Check]:
    """Contract dates in order (start <= cancel, start <= end) and billing periods that are known."""
    checks: dict[str, Check] = {}
    for column, what in (("end_date", "the contract cannot end before it starts"),
                         ("cancel_date", "notice cannot be given before the contract starts")):
        if column in work.columns:
            checks[f"order:{column}"] = (
                lambda x, c=column: (x[_typed_name(c)] < x[_typed_name("start_date")]).fill_null(False),
                (E.DateOrderError, column, "dates before the start_date", f"check these rows' dates; {what}"))
    if "billing_period" in work.columns:
        known = list(BILLING_MONTHS)
        checks["value:billing_period"] = (
            lambda x: ~_is_blank(x["billing_period"]) & ~x[_typed_name("billing_period")].isin(known),
            (E.RangeError, "billing_period", "unknown billing periods",
             "write month, quarter, half-year, year or week (maand, kwartaal, halfjaar, jaar, week), or give "
             "the monthly amount in an mrr column"))
    return checks


#: Dates before this one are taken for typing errors or placeholders (1900-01-01).
FIRST_PLAUSIBLE = _dt.date(1950, 1, 1)

#: Amounts beyond this (in absolute value) are refused: sums of them would overflow.
MAX_AMOUNT = 1e15


def _last_plausible() -> _dt.date:
    """The latest plausible date: one year after today."""
    return _dt.date.today() + _dt.timedelta(days=366)


def _summary_aggs(name: str, work: ir.Table) -> dict[str, ir.Scalar]:
    date_col = _typed_name({"orders": "order_date", "subscriptions": "start_date", "customers": "signup_date",
                            "surveys": "response_date", "spend": "period", "campaigns": "sent_date",
                            "events": "event_date"}[name])
    aggs = {"_rows": work.count()}
    if name == "orders":
        aggs["_guests"] = _is_blank(work.customer_id).cast("int64").sum().fill_null(0)
        order_id = work[_typed_name("order_id")] if _typed_name("order_id") in work.columns else None
        if order_id is not None and order_id.type().is_integer():  # the range of a bit string that counts them
            aggs.update(_id_lo=order_id.min(), _id_hi=order_id.max())
    if date_col in work.columns:
        aggs.update(_first=work[date_col].min(), _last=work[date_col].max())
    if name == "subscriptions":  # the last event of the log: a start, a notice or an end
        lasts = [work[_typed_name(c)].max() for c in ("start_date", "end_date", "cancel_date")
                 if _typed_name(c) in work.columns]
        aggs["_last"] = ibis.greatest(*lasts) if len(lasts) > 1 else lasts[0]
    return aggs


#: The columns that must be unique in a table (after exact duplicate rows are set aside).
UNIQUE_KEYS = {"customers": ["customer_id"], "campaigns": ["campaign", "customer_id"]}


#: Prefix of the columns that carry a date's value as written through the search for exact duplicates.
_WRITTEN = "_rk_written_"


def _distinct_aggs(name: str, view: "_Columns", written: dict[str, ir.Column]) -> dict[str, ir.Scalar]:
    """Counted in the first pass over a table other than orders: its distinct rows as written
    (``_distinct``; as many as rows: no exact duplicates to look for) and its distinct keys
    (``_unique``; as many as rows: no key to check again). Orders are one per key in
    :func:`_one_row_per_order`."""
    if name == "orders":
        return {}
    aggs = {"_distinct": ibis.struct(written).nunique()}
    if name in UNIQUE_KEYS:
        aggs["_unique"] = ibis.struct({k: view[k] for k in UNIQUE_KEYS[name]}).nunique()
    return aggs


def _count(table: ir.Table, conds: dict, extra: dict) -> dict:
    """Count the rows meeting each condition (plus extra aggregates) in one pass."""
    aggs = {f"c{i}": cond(table).cast("int64").sum().fill_null(0) for i, cond in enumerate(conds.values())}
    aggs.update(extra)
    row = execute(table.aggregate(**aggs)).iloc[0]
    result = {key: int(row[f"c{i}"]) for i, key in enumerate(conds)}
    result.update({k: (None if pd.isna(row[k]) else row[k]) for k in extra})
    return result


def _raise(name, work, checks, problems) -> None:
    """Raise the first problem's error; its message lists every problem found, with examples."""
    numbered = work.mutate(_rk_row=ibis.row_number() + 1)  # 1-based data row, in file order
    messages = []
    for key, count in problems:
        cond, (cls, column, problem, fix) = checks[key]
        shown = _typed_name(column) if key.startswith(("range:", "order:", "plausible:")) else column
        sample = execute(numbered.filter(cond(numbered)).select("_rk_row", shown).order_by("_rk_row").limit(E.MAX_EXAMPLES))
        err = cls.for_rows(name, column, count, sample[shown].tolist(), rows=sample["_rk_row"].tolist(),
                           problem=problem, fix=fix)
        messages.append(str(err))
    raise checks[problems[0][0]][1][0]("\n".join(messages))


def _set_aside(name, typed, end, after_end, rows_in, returns="net", id_range=(None, None), counted=None,
               distinct=False, duplicates_later=False, any_returns=True):
    """Filter the rows that are set aside, count them in a ledger; returns (clean, ledger, rows_used,
    whether every row is an order of its own, the rows still to search for exact duplicates or None).
    `counted`: {reason: (rows, revenue)} already counted in the first pass; `distinct`: no two rows are
    equal (counted in the first pass too); `duplicates_later`: leave the search for exact duplicates to
    :func:`_orders_without_duplicates` (orders without returns to net); `any_returns`: False when the
    first pass counted no negative revenue."""
    ledger = QualityLedger()
    rules = _set_aside_rules(name, typed, end, returns)
    if after_end == "error":
        for reason in [r for r in rules if r in {reason for reason, *_ in AFTER_END[name]}]:
            rule = rules.pop(reason)
            hits = typed.filter(rule.cond(typed).fill_null(False))
            n = int(execute(hits.count()))
            if n:
                column = rule.column
                sample = execute(hits.select(column).limit(E.MAX_EXAMPLES))[column].tolist()
                raise E.DateAfterEndError.for_rows(
                    name, column, n, sample, problem=f"dates after the observation end {end}",
                    fix="pass a later observation_end, or after_end='set_aside' to count them in the ledger",
                )
    clean = typed
    counted = dict(counted or {})
    todo = {reason: rule for reason, rule in rules.items() if reason not in counted}
    if todo:
        row = execute(typed.aggregate(**_rule_aggs(todo, typed, name))).iloc[0]
        counted.update({reason: (int(row[f"_n_{reason}"]), row.get(f"_r_{reason}")) for reason in todo})
    for reason, rule in rules.items():
        rows, revenue = counted[reason]
        ledger.add(name, reason, rows, float(revenue) if name == "orders" else None)
        if rows:
            clean = rule.action(clean, rule.cond)
    removed = sum(e.rows for e in ledger.entries if rules[e.reason].removes)
    rows_used = rows_in - removed
    # an order is a customer-day when there is no order id: exports nearly always hold a day with two
    # orders of one customer, so the day is grouped without first counting whether it must be
    one_per_order = name == "orders" and order_key(clean) == "order_id" and _one_row_per_order(clean, rows_used,
                                                                                                 id_range)
    cleared = any(e.rows for e in ledger.entries if not rules[e.reason].removes)  # may make two rows equal
    searched = one_per_order or (distinct and not cleared)
    pending = clean if duplicates_later and not searched else None
    dup_rows, dup_revenue = (0, None) if searched or pending is not None else _duplicates(clean, name)
    if dup_rows:
        ledger.add(name, "duplicate", dup_rows, dup_revenue)
        clean = clean.distinct()
        rows_used -= dup_rows
    clean = _without_written(clean)
    if name == "orders" and returns == "net":
        clean, stats = net_returns(clean, any_returns=any_returns)
        for reason, (rows, value) in stats.items():
            ledger.add(name, reason, rows, value)
        rows_used -= sum(rows for rows, _ in stats.values())
    return clean, ledger, rows_used, one_per_order, pending


def _without_written(table: ir.Table) -> ir.Table:
    return table.drop(*[c for c in table.columns if c.startswith(_WRITTEN)])


def _orders_without_duplicates(lines, pending, keep, ledger, rows_used):
    """(lines, orders, rows_used) of order rows that hold no return: the orders are grouped once,
    counting their rows; only the rows of orders with more than one row can repeat another row in
    every column, so only those are searched for exact duplicates (most exports have none, and a
    customer-day is mostly one order). Duplicates found are counted in the ledger and the rows grouped
    again without them (`keep`: how the clean lines are kept, as in :func:`_load`)."""
    counted = materialise(orders_from_lines(lines, rows="_rk_rows"))
    keys = ["customer_id", order_key(lines)]
    shared = counted.filter(counted._rk_rows > 1).select(*keys)
    rows, revenue = _duplicates(pending.semi_join(shared, keys), "orders")
    if not rows:
        return lines, counted.drop("_rk_rows"), rows_used
    ledger.add("orders", "duplicate", rows, revenue)
    lines = keep(_without_written(pending.distinct()))
    return lines, materialise(orders_from_lines(lines)), rows_used - rows


def _rule_aggs(rules: dict, table, name: str) -> dict:
    """The aggregates that count each rule's rows (``_n_<reason>``) and, for orders, their revenue
    (``_r_<reason>``)."""
    aggs = {}
    for reason, rule in rules.items():
        hit = rule.cond(table).fill_null(False)
        aggs[f"_n_{reason}"] = hit.cast("int64").sum().fill_null(0)
        if name == "orders":
            aggs[f"_r_{reason}"] = table.revenue.sum(where=hit).fill_null(0)
    return aggs


class _Columns(dict):
    """Columns by name, read as a table's are (``x.revenue``, ``x["order_date"]``, ``x.columns``)."""

    __getattr__ = dict.__getitem__

    @property
    def columns(self) -> list[str]:
        return list(self)


def _typed_view(name: str, raw: ir.Table, work: ir.Table) -> _Columns:
    """The typed columns of `work` under their own names, as the validated table will have them
    (revenue of an order-line export: quantity x unit price)."""
    view = _Columns({c: work[_typed_name(c)] if _typed_name(c) in work.columns else work[c] for c in raw.columns})
    if name == "orders" and _revenue_from_lines(raw):
        view["revenue"] = view["quantity"] * view["unit_price"]
    return view


class _Rule(NamedTuple):
    """Rows set aside for one reason: the date column it is about, which rows, what to do with them."""

    column: str
    cond: Callable[[ir.Table], ir.BooleanColumn]
    action: Callable
    removes: bool  # False: the row stays and some of its values are cleared


#: Per table: (reason, date column, columns cleared instead of dropping the row) for dates after the end.
AFTER_END = {
    "orders": [("after_end", "order_date", None)],
    "subscriptions": [("after_end", "start_date", None),
                      ("end_after_end", "end_date", ("end_date",)),
                      ("cancel_after_end", "cancel_date", ("cancel_date",))],
    "customers": [("signup_after_end", "signup_date", None),
                  ("churn_after_end", "churn_date", ("churn_date", "churn_reason")),
                  ("join_after_end", "loyalty_join_date", ("loyalty_join_date",))],
    "surveys": [("after_end", "response_date", None)],
    "spend": [("after_end", "period", None)],
    "campaigns": [("after_end", "sent_date", None)],
    "events": [("after_end", "event_date", None)],
}


def _set_aside_rules(name: str, t: ir.Table, end, returns: str = "net") -> dict[str, _Rule]:
    """reason -> rule: guest checkouts, refunds (returns="gross"), and rows (or values) dated
    after the observation end; each row is counted under one reason only."""
    drop = lambda table, cond: table.filter(~cond(table).fill_null(False))

    def clear(cols):
        return lambda table, cond: table.mutate(
            **{c: ibis.ifelse(cond(table).fill_null(False), ibis.null(table[c].type()), table[c]) for c in cols if c in table.columns}
        )

    rules: dict[str, _Rule] = {}
    known = lambda x: ibis.literal(True)
    if name == "orders":
        known = lambda x: ~_is_blank(x.customer_id)
        rules["no_customer_id"] = _Rule("customer_id", lambda x: ~known(x), drop, True)
        if returns == "gross":
            rules["refund"] = _Rule("revenue", lambda x: known(x) & (x.revenue < 0), drop, True)
    if end is None:
        return rules
    end_lit = ibis.literal(end, type="date")
    for reason, column, cleared in AFTER_END[name]:
        if column not in t.columns:
            continue
        if name == "orders":  # a late guest row or (gross) refund is counted once, under its own reason
            kept = (lambda x: x.revenue >= 0) if returns == "gross" else (lambda x: ibis.literal(True))
            cond = lambda x, c=column, kept=kept: (x[c] > end_lit) & known(x) & kept(x)
        else:
            cond = lambda x, c=column: x[c] > end_lit
        rules[reason] = _Rule(column, cond, clear(cleared) if cleared else drop, cleared is None)
    return rules


def _require_unique(name: str, table: ir.Table, keys: list[str], *, problem: str, fix: str) -> None:
    """Raise DuplicateKeyError when a combination of `keys` repeats (after exact duplicates were
    set aside); the examples name every key, the message the last."""
    counts = table.group_by(keys).aggregate(n=table.count())
    repeated = counts.filter(counts.n > 1)
    n = int(execute(repeated.count()))
    if n:
        sample = execute(repeated.order_by(ibis.desc("n"), *keys).limit(E.MAX_EXAMPLES))
        examples = [": ".join(str(v) for v in row) for row in zip(*(sample[k] for k in keys))] if len(keys) > 1 \
            else sample[keys[0]].tolist()
        raise E.DuplicateKeyError.for_rows(name, keys[-1], n, examples, problem=problem, fix=fix)


def _campaign_arms(t: ir.Table, control: str = CONTROL) -> ir.Table:
    """``group`` as the analyses read it: the `control` label (any case) becomes "control", a
    "treatment" in any case "treatment", every other label (an arm's name) stays as written. A
    label within two letters of the control label is refused as a likely typo: it would silently
    become an arm."""
    import difflib

    label = control.strip().lower()
    labels = execute(t.select(g=t.group.lower()).distinct()).g.dropna().tolist()
    near = [g for g in labels if g != label and difflib.SequenceMatcher(None, g, label).ratio() >= 0.8]
    if near:
        raise E.RangeError(f"campaigns: column 'group' has {', '.join(map(repr, near))}, nearly the control label "
                           f"{control!r}; fix the label, or name the control group with control= (--control) if "
                           "it is another (e.g. control='holdout')")
    usual = sorted(set(labels) & CONTROL_LABELS) if label not in labels else []
    if usual:
        raise E.RangeError(f"campaigns: column 'group' has no {control!r} group but {', '.join(map(repr, usual))}, "
                           f"which names a control group in many exports; pass control={usual[0]!r} (--control "
                           f"{usual[0]!r}), or rename it if it is a treatment arm")
    lowered = t.group.lower()
    return t.mutate(group=ibis.cases((lowered == label, CONTROL), (lowered == "treatment", "treatment"),
                                     else_=t.group))


def _with_mrr(t: ir.Table) -> ir.Table:
    """``mrr`` from ``amount`` / the months of its ``billing_period`` when the table has no ``mrr``
    (a yearly 120.00 is 10.00 a month); a log without either keeps no MRR column."""
    if "mrr" in t.columns or "amount" not in t.columns:
        return t.mutate(mrr=t.mrr.cast("float64")) if "mrr" in t.columns else t
    months = ibis.cases(*[(t.billing_period == k, v) for k, v in BILLING_MONTHS.items()], else_=ibis.null("float64"))
    return t.mutate(mrr=t.amount / months)


def _clip_overlaps(t: ir.Table, ledger: QualityLedger) -> ir.Table:
    """A row that runs past the start of the next row of the same customer (and subscription id,
    when given) ends where the next one starts: a plan change recorded with overlapping dates would
    otherwise count its MRR twice. The rows clipped are counted in the ledger (``overlap_clipped``)."""
    keys = ["customer_id"] + (["subscription_id"] if "subscription_id" in t.columns else [])
    w = ibis.window(group_by=keys, order_by=["start_date", t.end_date.fill_null(_dt.date(9999, 12, 31))])
    nxt = t.start_date.lead().over(w)
    overlap = nxt.notnull() & (t.end_date.isnull() | (t.end_date > nxt))
    marked = t.mutate(_rk_next=nxt, _rk_overlap=overlap)
    n = int(execute(marked._rk_overlap.cast("int64").sum().fill_null(0)))
    if not n:
        return t
    ledger.add("subscriptions", "overlap_clipped", n)
    clipped = marked.mutate(end_date=ibis.ifelse(marked._rk_overlap, marked._rk_next, marked.end_date))
    return materialise(clipped.drop("_rk_next", "_rk_overlap"))


def _one_row_per_order(lines: ir.Table, rows: int, id_range=(None, None)) -> bool:
    """Whether no two of the `rows` rows share an order key (customer and order id, or customer and
    day): then no row can repeat another in every column, and every row is an order of its own.
    Counting the keys reads one or two columns (integer order ids within `id_range`: one pass with a
    bit string); finding exact duplicates reads them all."""
    key = order_key(lines)
    keys = None
    if key == "order_id" and None not in id_range and lines.order_id.type().is_integer():
        keys = distinct_integers(lines.order_id, int(id_range[0]), int(id_range[1]))
    if keys is None:
        keys = lines[key].nunique() if key == "order_id" else lines.select("customer_id", key).distinct().count()
    return int(execute(keys)) == rows


def _duplicates(table: ir.Table, name: str) -> tuple[int, float | None]:
    """Rows that repeat an earlier row in every column, and their revenue."""
    def totals(t: ir.Table, suffix: str) -> ir.Table:
        aggs = {f"n{suffix}": t.count()}
        if name == "orders":
            aggs[f"r{suffix}"] = t.revenue.sum()
        return t.aggregate(**aggs)

    row = execute(totals(table, "").cross_join(totals(table.distinct(), "_distinct"))).iloc[0]
    rows = int(row["n"] - row["n_distinct"])
    revenue = float(row["r"] - row["r_distinct"]) if name == "orders" and rows else None
    return rows, revenue


#: The contract's kinds of column that a CSV reader types as it reads, and the type it reads them as.
#: A table of at most this many rows is stored once cleaned (a few milliseconds), so later queries read
#: it instead of cleaning ids and netting returns again; a larger one read where it lies stays a view.
STORED_ROWS = 1_000_000

_READER_TYPES = {"date": "TIMESTAMP", "number": "DOUBLE", "score": "DOUBLE"}


def _read_types(name: str, columns, date_format, decimal: str, timezone) -> dict[str, str]:
    """{column as written in the file: type} for the reader to type as it reads a CSV file: the
    contract's dates and amounts, when they are to be read in the default way (ISO dates, a
    decimal point, no time zone to convert to). A value that does not fit sends the file to the
    text read, where validation names it."""
    if date_format or timezone or decimal != ".":
        return {}
    return {_source_name(s.name, columns): _READER_TYPES[s.kind] for s in CONTRACT[name] if s.kind in _READER_TYPES}


def _typed_by_reader(source, raw: ir.Table, specs: list[ColumnSpec]) -> bool:
    """Whether a text file's dates and amounts came typed from its reader (see :func:`_read_types`),
    so that typing them is a cast and every pass may read the stored file."""
    if isinstance(source, (pd.DataFrame, ir.Table)) or not re.search(r"\.(csv|tsv|txt)$", str(source).lower()):
        return False
    typed = [raw[s.name].type() for s in specs if s.kind in _READER_TYPES and s.name in raw.columns]
    return bool(typed) and not any(t.is_string() for t in typed)


def _is_scanned(source) -> bool:
    """Whether the engine reads `source` where it lies, fast enough to scan again per query
    (Parquet, a backend's table); CSV, Excel and DataFrames are parsed and typed once instead."""
    return isinstance(source, ir.Table) or _is_parquet(source)


def _is_parquet(source) -> bool:
    if isinstance(source, pd.DataFrame):
        return False
    text = str(source).lower()
    return text.endswith((".parquet", ".pq")) or "*" in text or not re.search(r"\.[a-z]+$", text)


def _as_date(value) -> _dt.date:
    """A date; text must be ISO (YYYY-MM-DD, optionally with a time): 01-12-2024 is ambiguous."""
    if not isinstance(value, str):
        return pd.Timestamp(value).date()
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]) and (len(text) == 10 or text[10] in " T"):
        try:
            return _dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise ValueError(f"observation end {value!r} is not a date written as YYYY-MM-DD (e.g. 2024-12-31); "
                     "day-first dates such as 01-12-2024 are ambiguous")


def _describe(source) -> str:
    if isinstance(source, ValidatedTable):
        return f"{source.name} table"
    if isinstance(source, pd.DataFrame):
        return f"pandas DataFrame ({len(source):,} rows)"
    if isinstance(source, ir.Table):
        return "Ibis table"
    return str(source)


_LOADERS = {"orders": load_orders, "subscriptions": load_subscriptions, "customers": load_customers, "surveys": load_surveys, "spend": load_spend,
            "campaigns": load_campaigns, "events": load_events}
