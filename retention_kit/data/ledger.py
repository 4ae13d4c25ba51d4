"""The quality ledger: every row set aside at load time, counted with its reason.

Its revenue adds up: the revenue of the rows set aside is in ``revenue_set_aside``, and the value
of returns subtracted from the purchases they return (already inside the revenue used) in
``revenue_adjusted``; reasons that keep their rows (merged, clipped, a value cleared) have no
revenue. So revenue in the file = revenue used + revenue set aside
(:meth:`retention_kit.data.ValidatedTable.revenue_balance`).

Examples
--------
>>> ledger = QualityLedger()
>>> ledger.add("orders", "refund", rows=3, revenue=-45.0)
>>> ledger.add("orders", "return_netted", rows=2, revenue=-20.0)
>>> ledger.total_rows
5
>>> ledger.to_frame().values.tolist()
[['orders', 'refund', 3, -45.0, nan], ['orders', 'return_netted', 2, nan, -20.0]]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd



#: Reasons whose revenue is applied to the revenue used: returns subtracted from their purchases.
ADJUSTED = frozenset({"return_netted"})

#: Reasons whose rows stay in the analysis in some form (merged into an order, clipped, a value
#: cleared) or that only describe rows kept elsewhere: counted in rows, no revenue of their own.
KEPT = frozenset({"cancelled", "near_duplicate_ids", "overlap_clipped", "order_customers_missing",
                  "churn_after_end", "join_after_end", "end_after_end", "cancel_after_end"})


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
        """Record `rows` set aside from `table` for `reason` (entries with neither rows nor revenue are
        skipped, rounding residues of a millionth included; the part of a return beyond its purchase
        has revenue but no rows of its own)."""
        if rows or (revenue is not None and abs(revenue) >= 1e-6):
            self.entries.append(LedgerEntry(table, reason, int(rows), None if revenue is None else float(revenue)))

    def __add__(self, other: "QualityLedger") -> "QualityLedger":
        return QualityLedger(self.entries + other.entries)

    @property
    def total_rows(self) -> int:
        """All rows set aside, over every table and reason."""
        return sum(e.rows for e in self.entries)

    @property
    def revenue_set_aside(self) -> float:
        """The revenue of every row set aside (not of rows kept or returns netted)."""
        return sum(e.revenue or 0.0 for e in self.entries if e.reason not in ADJUSTED | KEPT)

    def to_frame(self) -> pd.DataFrame:
        """The ledger as a table: table, reason (a key with a ``ledger.`` label), rows,
        revenue_set_aside (left out of the analysis) and revenue_adjusted (returns netted: inside
        the revenue used); the two never hold the same money, so each column can be summed."""
        rows = [(e.table, e.reason, e.rows,
                 None if e.reason in ADJUSTED | KEPT else e.revenue, e.revenue if e.reason in ADJUSTED else None)
                for e in self.entries]
        return pd.DataFrame(rows, columns=["table", "reason", "rows", "revenue_set_aside", "revenue_adjusted"]
                            ).astype({"rows": "int64", "revenue_set_aside": "float64", "revenue_adjusted": "float64"})

    def summary(self) -> pd.DataFrame:
        """The ledger as a table (the shape every result's ``summary()`` has): :meth:`to_frame`."""
        return self.to_frame()
