"""A validated dataset written to a folder (Parquet tables plus ``dataset.json`` with the ledger
and the dates), so a report validates its sources once and every notebook reads the result.

``load_dataset(folder)`` reads a snapshot back without validating again. A snapshot holds
customer rows: it belongs in a temporary folder, never in a published report.

Examples
--------
>>> import tempfile
>>> from retention_kit.demo import make_demo_data
>>> from retention_kit.data import load_dataset
>>> demo = make_demo_data(n_customers=200, seed=1)
>>> data = load_dataset(demo.orders, demo.customers)
>>> folder = save_snapshot(data, tempfile.mkdtemp())
>>> again = load_dataset(str(folder))
>>> again.orders.rows_used == data.orders.rows_used, again.observation_end == data.observation_end
(True, True)
>>> again.revenue_balance().equals(data.revenue_balance())
True
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import asdict
from pathlib import Path

from .contract import TABLES
from .tables import Dataset, ValidatedTable
from ..engine import get_backend
from .ledger import LedgerEntry, QualityLedger

#: The file that marks a folder as a snapshot.
MANIFEST = "dataset.json"
_DATES = ("first_date", "last_date", "observation_end")


def is_snapshot(source) -> bool:
    """Whether `source` is a folder written by :func:`save_snapshot`."""
    return isinstance(source, (str, Path)) and (Path(source) / MANIFEST).is_file()


def save_snapshot(data: Dataset, folder) -> Path:
    """Write every table of `data` (and the order lines, when they differ from the orders) as Parquet
    into `folder`, with the ledger, the row counts and the dates in ``dataset.json``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name in TABLES:
        table: ValidatedTable | None = getattr(data, name)
        if table is None:
            continue
        table.table.to_parquet(folder / f"{name}.parquet")
        lines = table.line_table is not None and table.line_table is not table.table
        if lines:
            table.line_table.to_parquet(folder / f"{name}_lines.parquet")
        tables[name] = {
            "rows_in": table.rows_in, "rows_used": table.rows_used, "returns": table.returns, "lines": lines,
            "revenue_in": table.revenue_in,
            "ledger": [asdict(e) for e in table.ledger.entries],
            **{d: None if getattr(table, d) is None else getattr(table, d).isoformat() for d in _DATES},
        }
    (folder / MANIFEST).write_text(json.dumps({"source": data.source, "tables": tables}, indent=1), encoding="utf-8")
    return folder


def read_snapshot(folder, *, observation_end=None) -> Dataset:
    """The dataset of a folder written by :func:`save_snapshot`; `observation_end`, when given,
    must be the snapshot's own (a snapshot cannot be cut to another period)."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    con = get_backend()
    loaded = {}
    for name, meta in manifest["tables"].items():
        table = con.read_parquet(str(folder / f"{name}.parquet"))
        lines = con.read_parquet(str(folder / f"{name}_lines.parquet")) if meta["lines"] else None
        loaded[name] = ValidatedTable(
            name=name, table=table, ledger=QualityLedger([LedgerEntry(**e) for e in meta["ledger"]]),
            rows_in=meta["rows_in"], rows_used=meta["rows_used"], line_table=lines, returns=meta["returns"],
            revenue_in=meta.get("revenue_in"),
            **{d: None if meta[d] is None else _dt.date.fromisoformat(meta[d]) for d in _DATES})
    data = Dataset(**loaded, source=manifest["source"])
    if observation_end is not None and str(observation_end)[:10] != str(data.observation_end):
        raise ValueError(f"the snapshot in {folder} ends on {data.observation_end}, not {observation_end}; "
                         "load the source files to analyse another period")
    return data
