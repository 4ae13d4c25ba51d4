"""The validated tables of an analysis: :class:`ValidatedTable` (one table that passed
validation, with what was set aside) and :class:`Dataset` (the tables of one analysis, sharing
one observation end and one ledger)."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field, replace

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import execute, materialise
from .ledger import ADJUSTED, QualityLedger
from .lines import order_key


@dataclass
class ValidatedTable:
    """A table that passed validation: the clean Ibis table plus what was set aside.

    Every analysis function accepts it wherever it accepts a DataFrame or a path.
    """

    name: str
    table: ir.Table
    ledger: QualityLedger
    rows_in: int
    rows_used: int
    first_date: _dt.date | None = None
    last_date: _dt.date | None = None
    observation_end: _dt.date | None = None
    line_table: ir.Table | None = field(default=None, repr=False)
    returns: str | None = None
    revenue_in: float | None = None  # orders: the revenue of every row of the file
    _kept: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def kept(self, key, compute):
        """What `compute()` returns for `key`, computed once for this table: what several analyses
        derive from every row (its active window, its RFM summary, each customer's first order).
        A copy made with :func:`dataclasses.replace` (another table) starts without any.

        >>> import pandas as pd
        >>> from retention_kit import load_orders
        >>> o = load_orders(pd.DataFrame({"customer_id": ["a"], "order_date": ["2024-01-05"], "revenue": 1.0}))
        >>> o.kept("answer", lambda: 42), o.kept("answer", lambda: 0), replace(o).kept("answer", lambda: 0)
        (42, 42, 0)
        """
        if key not in self._kept:
            self._kept[key] = compute()
        return self._kept[key]

    def revenue_balance(self) -> pd.DataFrame:
        """How the revenue of an order file adds up, one row each: ``in_file`` = ``used`` +
        ``set_aside`` (the ledger's reasons), and ``returns_netted``, the returns subtracted from
        their purchases (inside the revenue used). ``attrs["difference"]`` is in_file - used -
        set_aside: zero but for rounding.

        >>> import pandas as pd
        >>> o = pd.DataFrame({"customer_id": ["a", "a", None, "b"], "revenue": [50.0, -80.0, 20.0, 0.0],
        ...                   "order_date": ["2024-01-02", "2024-01-05", "2024-01-06", "2024-01-07"]})
        >>> from retention_kit import load_orders
        >>> balance = load_orders(o).revenue_balance()
        >>> balance.values.tolist(), balance.attrs["difference"]
        ([['in_file', -10.0], ['used', 0.0], ['set_aside', -10.0], ['returns_netted', -50.0]], 0.0)
        """
        if self.revenue_in is None:
            raise ValueError(f"{self.name} has no revenue to balance; only an orders table has")
        used = float(execute(self.table.revenue.sum()) or 0.0)
        aside = self.ledger.revenue_set_aside
        netted = sum(e.revenue or 0.0 for e in self.ledger.entries if e.reason in ADJUSTED)
        frame = pd.DataFrame({"item": ["in_file", "used", "set_aside", "returns_netted"],
                              "revenue": [self.revenue_in, used, aside, netted]})
        frame.attrs["difference"] = round(self.revenue_in - used - aside, 6)
        return frame

    @property
    def columns(self) -> list[str]:
        return list(self.table.columns)

    @property
    def lines(self) -> ir.Table:
        """The clean order lines (net of returns); for orders, :attr:`table` has one row per order."""
        return self.table if self.line_table is None else self.line_table

    def to_pandas(self) -> pd.DataFrame:
        """The clean rows as a pandas DataFrame (only for tables that fit in memory)."""
        return execute(self.table)

    def __repr__(self) -> str:
        dates = f", {self.first_date} to {self.last_date}" if self.first_date else ""
        return f"<ValidatedTable {self.name}: {self.rows_used:,} of {self.rows_in:,} rows{dates}>"


@dataclass
class Dataset:
    """The validated tables of one analysis, sharing one observation end and one ledger.

    Its base is ``orders`` (a shop), ``subscriptions`` (a business whose customers cancel) or both;
    with subscriptions the analysis is contractual (:attr:`contractual`).
    """

    orders: ValidatedTable | None = None
    customers: ValidatedTable | None = None
    surveys: ValidatedTable | None = None
    spend: ValidatedTable | None = None
    source: str = ""
    campaigns: ValidatedTable | None = None
    subscriptions: ValidatedTable | None = None
    tables: list[ValidatedTable] = field(init=False)

    def __post_init__(self) -> None:
        if self.orders is None and self.subscriptions is None:
            raise ValueError("a dataset needs orders or subscriptions (or both)")
        self.tables = [t for t in (self.orders, self.subscriptions, self.customers, self.surveys, self.spend,
                                   self.campaigns) if t is not None]

    @property
    def base(self) -> ValidatedTable:
        """The table customers are counted in: the subscriptions when given, else the orders."""
        return self.subscriptions if self.subscriptions is not None else self.orders

    @property
    def contractual(self) -> bool:
        """Whether churn is a cancellation (a subscriptions table is given)."""
        return self.subscriptions is not None

    @property
    def observation_end(self) -> _dt.date:
        return (self.orders or self.subscriptions).observation_end

    @property
    def ledger(self) -> QualityLedger:
        combined = QualityLedger()
        for t in self.tables:
            combined = combined + t.ledger
        return combined

    def has_segment(self, segment: str | None) -> bool:
        """Whether `segment` is a column of the customers, the orders or the subscriptions table."""
        tables = [t for t in (self.orders, self.subscriptions, self.customers) if t is not None]
        return segment is not None and any(segment in t.columns for t in tables)

    def with_segment(self, segment: str | None) -> "Dataset":
        """The dataset with `segment` as a column of its customers table, taken from each customer's
        first order when only the orders have it (a customers table of the buyers is made when
        there is none), so every section that splits by segment can use it.

        >>> import pandas as pd
        >>> o = pd.DataFrame({"customer_id": ["a", "b"], "order_date": ["2024-01-05", "2024-01-09"],
        ...                   "revenue": 1.0, "country": ["NL", "DE"]})
        >>> from retention_kit import load_dataset
        >>> load_dataset(o).with_segment("country").customers.to_pandas().sort_values("customer_id").country.tolist()
        ['NL', 'DE']
        """
        if segment is None or (self.customers is not None and segment in self.customers.columns):
            return self
        own = [t for t in (self.orders, self.subscriptions) if t is not None and segment in t.columns]
        seg = segment_table(own[0] if own else self.base, segment)
        if self.customers is None:
            table = materialise(seg.rename({segment: "segment"}))
            n = int(execute(table.count()))
            customers = ValidatedTable("customers", table, QualityLedger(), n, n)
        else:
            c = self.customers.table
            table = c.left_join(seg, "customer_id").select(c, **{segment: seg.segment})
            customers = replace(self.customers, table=table)
        return replace(self, customers=customers)

    def revenue_balance(self) -> pd.DataFrame:
        """The orders' :meth:`ValidatedTable.revenue_balance`; without orders, an empty table of that shape."""
        if self.orders is None:
            return pd.DataFrame({"item": pd.Series(dtype=str), "revenue": pd.Series(dtype=float)})
        return self.orders.revenue_balance()

    def guest_share(self) -> float:
        """Share of revenue in orders without a customer id (guest checkouts, set aside):
        their revenue / (their revenue + the revenue of the orders used)."""
        if self.orders is None:
            return 0.0
        guests = sum(e.revenue or 0.0 for e in self.orders.ledger.entries if e.reason == "no_customer_id")
        if not guests:
            return 0.0
        used = float(execute(self.orders.table.revenue.sum()) or 0.0)
        return guests / (guests + used)

    def summary(self) -> pd.DataFrame:
        """One row per table: rows read, rows used, rows set aside, date range."""
        rows = [
            {"table": t.name, "rows_read": t.rows_in, "rows_used": t.rows_used,
             "rows_set_aside": t.rows_in - t.rows_used, "first_date": t.first_date, "last_date": t.last_date}
            for t in self.tables
        ]
        return pd.DataFrame(rows)


def segment_table(loaded: ValidatedTable, segment: str, customers: ValidatedTable | None = None) -> ir.Table:
    """customer_id -> ``segment`` value of validated tables: from `customers` when it has the
    column, else the value on the customer's first order (ties: the smallest order key) or first
    subscription of `loaded`."""
    if customers is not None and segment in customers.columns:
        c = customers.table
        return c.select("customer_id", segment=c[segment])
    t = loaded.table
    if segment in t.columns:
        order = ["start_date"] if loaded.name == "subscriptions" else ["order_date", order_key(t)]
        w = ibis.window(group_by="customer_id", order_by=order)
        first = t.mutate(_rn=ibis.row_number().over(w)).filter(lambda x: x._rn == 0)
        return first.select("customer_id", segment=first[segment])
    raise KeyError(f"segment column '{segment}' is in neither the customers nor the orders table; "
                   "choose one of their columns")


def takes_dataset(*tables: str):
    """Let an analysis take a whole :class:`Dataset` as its first argument: the dataset's base table
    (subscriptions when it has them, else orders) goes in its place, and each keyword of `tables` that
    is not given comes from the dataset (``kpi_table(data)`` is ``kpi_table(data.orders,
    customers=data.customers, surveys=data.surveys, spend=data.spend)``).

    >>> @takes_dataset("customers")
    ... def count(orders, *, customers=None):
    ...     return orders.name, customers and customers.name
    >>> import pandas as pd
    >>> from retention_kit import load_dataset
    >>> o = pd.DataFrame({"customer_id": ["a"], "order_date": ["2024-01-05"], "revenue": 1.0})
    >>> count(load_dataset(o, customers=pd.DataFrame({"customer_id": ["a"]})))
    ('orders', 'customers')
    """
    def decorate(function):
        @functools.wraps(function)
        def taking_a_dataset(first, *args, **kwargs):
            if isinstance(first, Dataset):
                for name in tables:
                    if kwargs.get(name) is None:
                        kwargs[name] = getattr(first, name)
                first = first.base
            return function(first, *args, **kwargs)

        return taking_a_dataset

    return decorate
