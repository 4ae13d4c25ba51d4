"""The quality ledger: every row set aside at load time, counted with its reason.

Examples
--------
>>> ledger = QualityLedger()
>>> ledger.add("orders", "refund", rows=3, revenue=-45.0)
>>> ledger.total_rows
3
>>> ledger.to_frame()[["table", "reason", "rows"]].values.tolist()
[['orders', 'refund', 3]]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd



@dataclass(frozen=True)
class LedgerEntry:
    """One reason for setting rows aside: which table, why, how many rows, what revenue."""

    table: str
    reason: str
    rows: int
    revenue: float | None = None


@dataclass
class QualityLedger:
    """Rows set aside (not rejected) while loading, so nothing disappears silently.

    Reasons are keys (``refund``, ``duplicate``, ``after_end``, ...) that
    :meth:`to_frame` translates with :func:`retention_kit.present.i18n.label`.
    """

    entries: list[LedgerEntry] = field(default_factory=list)

    def add(self, table: str, reason: str, rows: int, revenue: float | None = None) -> None:
        """Record `rows` set aside from `table` for `reason` (entries with 0 rows are skipped)."""
        if rows:
            self.entries.append(LedgerEntry(table, reason, int(rows), None if revenue is None else float(revenue)))

    def __add__(self, other: "QualityLedger") -> "QualityLedger":
        return QualityLedger(self.entries + other.entries)

    @property
    def total_rows(self) -> int:
        """All rows set aside, over every table and reason."""
        return sum(e.rows for e in self.entries)

    def to_frame(self) -> pd.DataFrame:
        """The ledger as a table: table, reason (a key with a ``ledger.`` label), rows, revenue."""
        return pd.DataFrame(
            [(e.table, e.reason, e.rows, e.revenue) for e in self.entries],
            columns=["table", "reason", "rows", "revenue"],
        ).astype({"rows": "int64", "revenue": "float64"})

    def summary(self) -> pd.DataFrame:
        """The ledger as a table (the shape every result's ``summary()`` has): :meth:`to_frame`."""
        return self.to_frame()

    def _repr_html_(self) -> str:
        from .present.tables import html

        return html(self.to_frame(), title="table.ledger", columns="ledger.col", empty="ledger.nothing")
