"""How loaded data and results show in a notebook: the presentation layer registers the HTML of
the data layer's objects with IPython, so nothing below it needs to know how a table is written.

>>> from retention_kit.data.ledger import QualityLedger
>>> ledger_html(QualityLedger())
'<p>No rows set aside</p>'
"""

from __future__ import annotations

from html import escape

from .notes import matching_summary
from .tables import html


def ledger_html(ledger) -> str:
    """A quality ledger (:class:`retention_kit.data.ledger.QualityLedger`) as a labelled table."""
    return html(ledger.to_frame(), title="table.ledger", columns="ledger.col", empty="ledger.nothing")


def table_html(loaded) -> str:
    """A validated table: rows used of rows read, its dates and columns, its ledger."""
    dates = f", {loaded.first_date} to {loaded.last_date}" if loaded.first_date else ""
    return (f"<p><b>{escape(loaded.name)}</b>: {loaded.rows_used:,} of {loaded.rows_in:,} rows used{dates}; "
            f"columns {escape(', '.join(loaded.columns))}</p>" + ledger_html(loaded.ledger))


def dataset_html(data) -> str:
    """A dataset: its observation end, one row per table, the shared ledger."""
    return (f"<p>Observation end <b>{data.observation_end}</b></p>"
            + html(data.summary(), title="table.data_loaded") + ledger_html(data.ledger))


def matching_html(matching) -> str:
    """A loyalty matching (:class:`retention_kit.loyalty.Matching`): who is compared, and the balance."""
    return (f"<p>{matching_summary(matching)} Standardised mean differences before and after weighting "
            "(|SMD| &lt; 0.1 is balanced):</p>" + matching.balance.to_html(float_format=lambda v: f"{v:,.3f}"))


def register() -> None:
    """Show the data layer's objects with the HTML above in the running IPython (nothing outside one)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebooks
        return
    shell = get_ipython()
    if shell is None:
        return
    from ..data import Dataset, ValidatedTable
    from ..data.ledger import QualityLedger
    from ..loyalty import Matching

    formatter = shell.display_formatter.formatters["text/html"]
    for kind, render in ((Dataset, dataset_html), (ValidatedTable, table_html), (QualityLedger, ledger_html),
                         (Matching, matching_html)):
        formatter.for_type(kind, render)
