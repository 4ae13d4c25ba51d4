"""Errors raised when input data break the data contract.

Every message says what is wrong, where (table and column), how many rows,
up to five examples, and what to do about it.

Examples
--------
>>> err = NumericError.for_rows(
...     "orders", "revenue", 3, ["abc", "n/a"], rows=[4, 9],
...     problem="non-numeric values",
...     fix="fix the file or map another column with columns={...}")
>>> print(err)
orders: column 'revenue' has 3 non-numeric values (rows 4, 9: 'abc', 'n/a'); fix the file or map another column with columns={...}
"""

from __future__ import annotations

from typing import Iterable, Sequence

MAX_EXAMPLES = 5


class DataError(ValueError):
    """Input data do not meet the data contract (see DESIGN.md, 'Data contract')."""

    @classmethod
    def for_rows(
        cls,
        table: str,
        column: str,
        count: int,
        examples: Iterable[object],
        *,
        problem: str,
        fix: str,
        rows: Sequence[int] | None = None,
    ) -> "DataError":
        """Build the standard message for `count` bad rows in one column."""
        shown = ", ".join(repr(_plain(v)) for v in list(examples)[:MAX_EXAMPLES])
        where = ""
        if rows:
            where = "rows " + ", ".join(str(r) for r in list(rows)[:MAX_EXAMPLES]) + ": "
        detail = f" ({where}{shown})" if shown or where else ""
        return cls(f"{table}: column '{column}' has {count:,} {problem}{detail}; {fix}")


def _plain(value: object) -> object:
    """Numpy/pandas scalars print as plain Python values in messages (dates as ISO text)."""
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            return value
    return value


class SourceError(DataError):
    """A source cannot be read as a table: missing file, empty file, unknown format."""


class MissingColumnError(DataError):
    """A required column is absent (after applying the `columns=` mapping)."""


class MissingValueError(DataError):
    """A required value (an id, a date, an amount) is empty."""


class DateParseError(DataError):
    """Dates that cannot be parsed with the given (or default ISO) format."""


class NumericError(DataError):
    """Amounts or scores that are not numbers."""


class RangeError(DataError):
    """Values outside their allowed range (NPS 0-10, CSAT 1-5, loyalty items 1-6, negative spend)."""


class DuplicateKeyError(DataError):
    """A key that must be unique (customer_id in customers) occurs more than once."""


class DateAfterEndError(DataError):
    """Dates after the observation end, raised when `after_end="error"`."""


class DateOrderError(DataError):
    """Dates in the wrong order, e.g. a churn date before the signup date."""
