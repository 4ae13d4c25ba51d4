"""Report configuration from a small TOML file, so a scheduler calls one command.

Example ``report.toml``::

    out = "reports"
    lang = "nl"
    period = "M"
    segment = "channel"                # a customers or an orders column
    observation_end = "2025-12-31"     # leave out for the last order date
    currency = "EUR"                   # ISO 4217; leave out for amounts without a currency sign
    active_window_days = 120           # leave out to derive it from the data (the rule is on the page)
    inactivity_days = 120              # survival; leave out to use the active window
    churn_at = "end"                   # subscriptions: lost when service ends ("end") or at notice ("cancel")

    [data]
    orders = "exports/orders.parquet"   # or subscriptions = "exports/contracts.csv" (or both)
    customers = "exports/customers.csv"
    surveys = "exports/surveys.csv"
    spend = "exports/spend.xlsx"
    date_format = "%d-%m-%Y"
    returns = "net"                    # or "gross"

    [data.columns]
    KlantNr = "customer_id"

    [targets]
    retention_rate = 95.0
    churn_rate = 4.0

    [reasons]                          # extra words for churn reasons the vocabulary misses
    price = ["contributie", "lidgeld"]
    involuntary = ["naar het buitenland vertrokken"]

Relative paths are read from the folder of the file. Credentials never go here:
a warehouse password is read from an environment variable by the code that connects.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "report.toml").write_text('lang = "nl"\\n[data]\\norders = "o.csv"\\n[targets]\\nchurn_rate = 4.0\\n')
>>> options = load_config(folder / "report.toml")
>>> options["lang"], options["targets"], options["orders"] == str(folder / "o.csv")
('nl', {'churn_rate': 4.0}, True)
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..data import TABLES
from ..settings import LoadOptions, ReportSettings

KNOWN = {"out", "observation_end", "data", "targets", "reasons", *ReportSettings.names("config")}
DATA_KEYS = {*TABLES, *LoadOptions.names("config")}
SECRET_WORDS = ("password", "secret", "token", "apikey", "api_key")


def load_config(path: str | Path) -> dict:
    """Read a report configuration into keyword arguments for :func:`retention_kit.present.report.run_report`."""
    path = Path(path)
    with path.open("rb") as f:
        try:
            raw = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not a valid TOML file ({exc}); see the example in retention_kit/config.py") from None
    unknown = set(raw) - KNOWN
    if unknown:
        raise ValueError(f"{path}: unknown settings {sorted(unknown)}; use {sorted(KNOWN)}")
    _refuse_secrets(raw, path)
    data = dict(raw.get("data", {}))
    unknown = set(data) - DATA_KEYS
    if unknown:
        raise ValueError(f"{path}: unknown [data] settings {sorted(unknown)}; use {sorted(DATA_KEYS)}")
    for key in TABLES:
        if key in data and data[key] != "demo":
            data[key] = str((path.parent / data[key]).resolve()) if not Path(data[key]).is_absolute() else data[key]
    options = {k: v for k, v in raw.items() if k not in ("data", "reasons")}
    if "reasons" in raw:  # extra words per churn reason, for the churn-reasons page
        reasons = raw["reasons"]
        if not isinstance(reasons, dict) or not all(isinstance(v, list) for v in reasons.values()):
            raise ValueError(f"{path}: [reasons] lists words per reason, e.g. price = [\"contributie\", \"lidgeld\"]")
        options["extra"] = {"mapping": {k: [str(w) for w in v] for k, v in reasons.items()}}
    options.update(data)
    if "out" in options:
        options["out"] = str((path.parent / options["out"]).resolve())
    return options


def _refuse_secrets(raw: dict, path: Path, prefix: str = "") -> None:
    for key, value in raw.items():
        if any(word in key.lower() for word in SECRET_WORDS):
            raise ValueError(f"{path}: '{prefix}{key}' looks like a credential; read it from an environment "
                             "variable instead (report settings are written into the report)")
        if isinstance(value, dict):
            _refuse_secrets(value, path, f"{prefix}{key}.")
