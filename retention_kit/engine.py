"""The engine: every source becomes an Ibis table; heavy work runs in the backend.

By default the backend is an in-process DuckDB connection (no server; Parquet
files larger than memory are streamed and spilled to disk). Any other Ibis
backend can take its place, so the same analyses run on Spark, Polars or a
warehouse::

    import ibis, retention_kit as rk
    rk.set_backend(ibis.pyspark.connect(spark_session))      # Spark
    rk.set_backend(ibis.duckdb.connect("warehouse.duckdb"))  # a DuckDB database file
    rk.set_backend(ibis.postgres.connect(host=..., user=..., password=os.environ["PGPASSWORD"]))

A table of a connected backend (``con.table("orders")``) can also be passed
directly to every function; its own backend executes it.

Examples
--------
>>> import pandas as pd
>>> t = as_table(pd.DataFrame({"customer_id": [1, 2], "revenue": [10.0, 5.0]}))
>>> float(execute(t.revenue.sum()))
15.0
"""

from __future__ import annotations

import contextlib

import glob as _glob
import os
import re
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

import ibis
import ibis.expr.datatypes as dt
import numpy as np
import ibis.expr.types as ir
import pandas as pd

from .errors import SourceError

Source = Union[pd.DataFrame, str, os.PathLike, ir.Table]

_backend: Any = None

#: DuckDB memory cap: DuckDB spills to its temp directory beyond this.
DEFAULT_MEMORY_LIMIT = os.environ.get("RETENTION_KIT_MEMORY_LIMIT", "6GB")


def memory_share(parts: int, limit: str = DEFAULT_MEMORY_LIMIT) -> str:
    """DuckDB's memory cap divided among `parts` processes that run at once (report notebooks run
    two at a time), so together they keep to one cap.

    >>> memory_share(2, "6GB"), memory_share(1, "512MB"), memory_share(4, "1.5GiB")
    ('3072MB', '512MB', '384MB')
    """
    match = re.fullmatch(r"\s*([0-9.]+)\s*([KMGT]i?B)\s*", limit, flags=re.IGNORECASE)
    if not match:
        raise ValueError(f"a memory limit such as '6GB', not {limit!r} (RETENTION_KIT_MEMORY_LIMIT)")
    scale = {"k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 ** 2}[match.group(2)[0].lower()]
    return f"{max(64, int(float(match.group(1)) * scale / max(parts, 1)))}MB"


def default_backend() -> Any:
    """A new in-process DuckDB connection with a memory cap and a spill folder of its own.

    The folder lies under ``RETENTION_KIT_TEMP`` (the system's temp folder by default), one per
    connection: DuckDB gives its spill files the same names in every process, so two report
    notebooks spilling into one folder would read each other's blocks. DuckDB creates the folder
    when it first spills and removes it when the connection closes.
    """
    root = Path(os.environ.get("RETENTION_KIT_TEMP", Path(tempfile.gettempdir()) / "retention_kit_spill"))
    root.mkdir(parents=True, exist_ok=True)
    spill = root / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    con = ibis.duckdb.connect()
    con.raw_sql(f"SET memory_limit = '{DEFAULT_MEMORY_LIMIT}'")
    con.raw_sql(f"SET temp_directory = '{spill.as_posix()}'")
    con.raw_sql("SET TimeZone = 'UTC'")  # naive times are read the same on every machine
    return con


def get_backend() -> Any:
    """The Ibis backend that reads files and runs in-memory tables (DuckDB unless set)."""
    global _backend
    if _backend is None:
        _backend = default_backend()
    return _backend


def set_backend(con: Any) -> None:
    """Use another Ibis backend connection (Spark, Polars, a warehouse) from now on.

    Pass ``None`` to return to the default in-process DuckDB connection.
    """
    global _backend
    _backend = con


def as_table(source: Source, *, name: str = "table", encoding: str | None = None,
             types: Mapping[str, str] | None = None) -> ir.Table:
    """Turn a DataFrame, a file path (CSV, Parquet, Excel, Parquet glob or folder), a remote URL
    (``s3://...``, read by the backend) or an Ibis table into an Ibis table.

    CSV files are read with every column as text, so that validation can report
    unparseable values instead of the reader guessing; `encoding` names their character
    set when it is not UTF-8 (e.g. "latin-1"). `types` ({column: "TIMESTAMP" or "DOUBLE"})
    asks DuckDB to type those columns of a CSV file as it reads it (ISO dates and times, plain
    numbers): a file whose every value fits is then parsed once; one that does not is read as
    text. Files are only read, never written.
    """
    if isinstance(getattr(source, "table", None), ir.Table):  # a validated table (or anything that holds one)
        return source.table
    if isinstance(source, ir.Table):
        return source
    if isinstance(source, pd.DataFrame):
        return ibis.memtable(_microseconds(source))
    if isinstance(source, str) and "://" in source:  # s3://, gs://, hdfs://...: the backend reads it
        return _read_remote(source, name)
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), name, encoding, types)
    raise SourceError(
        f"{name}: cannot read a {type(source).__name__}; pass a pandas DataFrame, "
        "a CSV/Parquet/Excel path, a Parquet glob or folder, or an Ibis table"
    )


def _microseconds(frame: pd.DataFrame) -> pd.DataFrame:
    """Nanosecond timestamps rounded to microseconds (what the engines store); the input is not changed."""
    ns = [c for c, t in frame.dtypes.items() if str(t).startswith("datetime64[ns")]
    if not ns:
        return frame
    return frame.assign(**{c: frame[c].dt.floor("us").astype(str(frame[c].dtype).replace("ns", "us")) for c in ns})


def _read_remote(url: str, name: str) -> ir.Table:
    con = get_backend()
    if url.lower().rstrip("/").endswith((".csv", ".tsv", ".txt")):
        return _wrap(lambda: con.read_csv(url), name, url)
    return _wrap(lambda: con.read_parquet(url), name, url)


def _read_path(path: Path, name: str, encoding: str | None = None, types: Mapping[str, str] | None = None) -> ir.Table:
    con = get_backend()
    text = str(path)
    if any(ch in text for ch in "*?["):
        if not _glob.glob(text, recursive=True):
            raise SourceError(f"{name}: no file matches '{text}'; check the folder and the pattern")
        return _wrap(lambda: con.read_parquet(text, hive_partitioning=True), name, text)
    sheet = None
    if "#" in path.name and not path.exists():  # a named sheet of a workbook: orders.xlsx#Orders
        path, sheet = path.with_name(path.name.split("#", 1)[0]), path.name.split("#", 1)[1]
        text = str(path)
    if not path.exists():
        raise SourceError(f"{name}: file '{text}' does not exist; check the path (relative paths start at {Path.cwd()})")
    if path.is_dir():
        files = sorted(path.rglob("*.parquet"))
        if not files:
            raise SourceError(f"{name}: folder '{text}' holds no .parquet files; point to a file or a Parquet folder")
        return _wrap(lambda: con.read_parquet(f"{path.as_posix()}/**/*.parquet", hive_partitioning=True), name, text)
    if path.stat().st_size == 0:
        raise SourceError(f"{name}: file '{text}' is empty; export the table again")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        headers, delimiter = _csv_header(path, encoding)
        _refuse_repeated_headers(name, text, headers)
        try:
            table = _wrap(lambda: _read_csv(con, path, delimiter, encoding, headers, types), name, text)
        except SourceError:
            _refuse_ragged_rows(name, path, encoding)
            raise
    elif suffix in {".parquet", ".pq"}:
        table = _wrap(lambda: con.read_parquet(path.as_posix()), name, text)
    elif suffix in {".xlsx", ".xlsm", ".xls"}:
        chosen = _sheet(path, sheet, name)
        frame = _wrap(lambda: pd.read_excel(path, sheet_name=chosen), name, text)
        _refuse_repeated_headers(name, text, [str(c) for c in frame.columns], pandas_renamed=True)
        table = ibis.memtable(_microseconds(frame))
    else:
        raise SourceError(
            f"{name}: cannot tell the format of '{text}' from its extension '{suffix}'; "
            "use .csv, .parquet or .xlsx"
        )
    if len(table.columns) < 2 and suffix in {".csv", ".tsv", ".txt"}:
        _refuse_ragged_rows(name, path, encoding)
        raise SourceError(
            f"{name}: '{text}' does not look like a table (found {len(table.columns)} column: "
            f"{table.columns[0]!r}); check the delimiter and that the file has a header row"
        )
    return table


def _read_csv(con, path: Path, delimiter: str, encoding: str | None, headers: list[str] = (),
              types: Mapping[str, str] | None = None) -> ir.Table:
    """A CSV file parsed once, every column as text (validation types it and names the values that
    do not fit), with the delimiter of its header row and that row as the header whatever the
    values below look like. On DuckDB the rows are stored in the engine, so the many checks of
    validation do not parse the file again; other backends read it their own way. With `types`
    (columns of `headers`), DuckDB first tries to type those columns as it reads; a value that does
    not fit (a day-first date, a decimal comma, a space) sends the file to the text read."""
    options = {"encoding": encoding} if encoding else {}
    if getattr(con, "name", "") != "duckdb":
        return con.read_csv(path.as_posix(), all_varchar=True, delim=delimiter, **options)
    quoted = lambda text: "'" + str(text).replace("'", "''") + "'"
    settings = [f"delim = {quoted(delimiter)}", "header = true", "skip = 0"] + [f"{k} = {quoted(v)}"
                                                                                  for k, v in options.items()]
    table = f"rk_csv_{uuid.uuid4().hex[:12]}"
    read = lambda extra: con.raw_sql(f"CREATE TEMP TABLE {table} AS SELECT * FROM "
                                     f"read_csv({quoted(path.as_posix())}, {', '.join(settings + [extra])})")
    typed = {column: kind for column, kind in (types or {}).items() if column in headers}
    # the header and delimiter are known: the reader's sniffing (most of the time of a small file)
    # is skipped by naming every column, unless a name is blank
    named = bool(headers) and all(headers)

    def given(kinds: Mapping[str, str]) -> str:
        struct = "{" + ", ".join(f"{quoted(c)}: {quoted(kinds.get(c, 'VARCHAR'))}" for c in headers) + "}"
        if named:
            return f"auto_detect = false, quote = '\"', escape = '\"', columns = {struct}"
        return f"types = {struct}" if kinds else "all_varchar = true"
    if typed:
        import duckdb

        try:
            read(given(typed))
            return con.table(table)
        except duckdb.Error:
            con.raw_sql(f"DROP TABLE IF EXISTS {table}")
    read(given({}))
    return con.table(table)


def _sheet(path: Path, sheet: str | None, name: str) -> str:
    """The sheet of a workbook that holds table `name`: the one named (``file.xlsx#Sheet``), the
    only one, or the one called like the table; otherwise an error that lists the sheets."""
    sheets = _wrap(lambda: pd.ExcelFile(path).sheet_names, name, str(path))
    how = f"name one: '{path.name}#{sheets[0]}'"
    if sheet is not None:
        if sheet not in sheets:
            raise SourceError(f"{name}: workbook '{path.name}' has no sheet '{sheet}'; its sheets are {sheets}")
        return sheet
    if len(sheets) == 1:
        return sheets[0]
    same = [s for s in sheets if s.strip().lower() == name]
    if len(same) == 1:
        return same[0]
    raise SourceError(f"{name}: workbook '{path.name}' has {len(sheets)} sheets {sheets} and none is called "
                      f"'{name}'; {how} (command line and report.toml take the same form)")


#: The delimiters a CSV file's header row is tried with; the one that splits it most wins (ties: the first).
DELIMITERS = (",", ";", "\t", "|")


def _csv_header(path: Path, encoding: str | None) -> tuple[list[str], str]:
    """The header row of a CSV file as written (the reader renames repeated names) and its delimiter.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    ...     _ = f.write('klant;"datum, dag";omzet\\nC1;03-01-2024;"1.234,50"\\n')
    >>> _csv_header(Path(f.name), None)
    (['klant', 'datum, dag', 'omzet'], ';')
    """
    import csv

    with open(path, encoding=encoding or "utf-8", errors="replace", newline="") as f:
        first = f.readline().lstrip("\ufeff").rstrip("\r\n")
    split = {d: next(csv.reader([first], delimiter=d), []) for d in DELIMITERS}
    delimiter = max(DELIMITERS, key=lambda d: len(split[d]))
    return [n.strip() for n in split[delimiter]], delimiter


def _refuse_ragged_rows(name: str, path: Path, encoding: str | None) -> None:
    """Rows with more or fewer fields than the header: an error with their line numbers."""
    import csv

    names, delimiter = _csv_header(path, encoding)
    width = len(names)
    if width < 2:
        return
    with open(path, encoding=encoding or "utf-8", errors="replace", newline="") as f:
        f.readline()
        bad = [(number, len(row)) for number, row in enumerate(csv.reader(f, delimiter=delimiter), start=2)
               if row and len(row) != width]
    if bad:
        shown = ", ".join(f"line {n} has {k}" for n, k in bad[:5])
        raise SourceError(f"{name}: '{path}' has {len(bad):,} rows with another number of fields than the header's "
                          f"{width} ({shown}); fix these lines (a delimiter inside a value needs quotes)")


def _refuse_repeated_headers(name: str, text: str, headers: list[str], pandas_renamed: bool = False) -> None:
    """A header that occurs twice would be read under a made-up name: an error instead."""
    base = [re.sub(r"\.\d+$", "", h) if pandas_renamed else h for h in headers]
    repeated = sorted({h for h in base if base.count(h) > 1})
    if repeated:
        raise SourceError(f"{name}: '{text}' has the column name{'s' if len(repeated) > 1 else ''} "
                          f"{', '.join(map(repr, repeated))} more than once; rename or remove the extra column so "
                          "each name is used once")


def timestamp_zones(source) -> dict[str, str]:
    """The time zone of each zone-aware timestamp column of a Parquet file or a DataFrame
    (engines read them as UTC instants and forget the zone the data were written in)."""
    if isinstance(source, pd.DataFrame):
        return {str(c): str(t.tz) for c, t in source.dtypes.items() if getattr(t, "tz", None) is not None}
    if isinstance(source, (str, os.PathLike)) and str(source).lower().endswith((".parquet", ".pq")) \
            and Path(source).is_file():
        import pyarrow as pa
        import pyarrow.parquet as pq

        return {f.name: f.type.tz for f in pq.read_schema(source)
                if pa.types.is_timestamp(f.type) and f.type.tz is not None}
    return {}


def _wrap(read, name: str, text: str):
    try:
        return read()
    except SourceError:
        raise
    except Exception as exc:  # the reader's own error, shown with what to do
        if "not utf-8 encoded" in str(exc):
            raise SourceError(f"{name}: '{text}' is not UTF-8 text; pass its character set, e.g. encoding='latin-1' "
                              "(command line: --encoding latin-1), or save it as UTF-8") from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(
            f"{name}: '{text}' could not be read as a table ({first}); "
            "check that it is a CSV with a header row, a Parquet file or an Excel sheet"
        ) from exc


def backend_of(expr: ir.Expr) -> Any:
    """The backend that executes `expr`: its tables' own, or the default one."""
    try:
        return expr._find_backend(use_default=False)
    except Exception:
        return get_backend()


#: The environment variable naming a file that holds the memory cap this process may use now: the
#: report runner lends a notebook the share of one that finished. Read before every query.
MEMORY_FILE_ENV = "RETENTION_KIT_MEMORY_FILE"
_applied_share: dict = {}  # connection id -> the cap last set from the file


def follow_memory_share(con) -> None:
    """Set the default DuckDB connection's memory cap to what the file named by
    ``RETENTION_KIT_MEMORY_FILE`` holds, when that changed (a few microseconds otherwise)."""
    path = os.environ.get(MEMORY_FILE_ENV)
    if not path or con is not _backend or getattr(con, "name", "") != "duckdb":
        return
    try:
        limit = Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        return
    if limit and _applied_share.get(id(con)) != limit:
        memory_share(1, limit)  # refuses what is not a memory size
        con.raw_sql(f"SET memory_limit = '{limit}'")
        _applied_share[id(con)] = limit


def execute(expr: ir.Expr, *, index: str | None = None) -> Any:
    """Execute an Ibis expression on its backend and return pandas (or a scalar); with `index`, a
    table's frame is indexed by that column, sorted by it.

    Tables travel as Arrow and are converted column-wise in one go (Ibis' own
    conversion goes value by value for columns with nulls, seconds for a million rows); a column
    Arrow gave the right type is kept as it is, and the index is taken from Arrow before the frame
    is built (rebuilding or re-indexing a frame copies every column: seconds at 15M rows).

    >>> import pandas as pd
    >>> t = as_table(pd.DataFrame({"customer_id": ["b", "a"], "n": [2, 1]}))
    >>> execute(t, index="customer_id").n.to_dict()
    {'a': 1, 'b': 2}
    """
    backend = backend_of(expr)
    follow_memory_share(backend)
    with _memory_cap_named(backend), _earlier_backend_named():
        if not isinstance(expr, ir.Table) or any(t.is_nested() for t in expr.schema().types):
            result = backend.execute(expr)
            return result.set_index(index).sort_index() if index is not None else result
        from ibis.formats.pandas import PandasData

        table = backend.to_pyarrow(expr)
    schema = expr.schema()
    keys = None
    if index is not None:
        keys = PandasData.convert_column(table.column(index).to_pandas(), schema[index])
        table = table.drop_columns([index])
    frame = table.to_pandas(coerce_temporal_nanoseconds=True)
    for name in frame.columns:  # only the columns whose type differs are rebuilt
        column = frame[name]
        converted = PandasData.convert_column(column, schema[name])
        if converted is not column:
            frame[name] = converted
    if keys is None:
        return frame
    frame.index = pd.Index(keys, name=index)
    if not frame.index.is_monotonic_increasing:  # one take per block of the frame
        frame = frame.take(np.argsort(keys.to_numpy(), kind="stable"))
    return frame


@contextlib.contextmanager
def _earlier_backend_named():
    """DuckDB's missing-table error, when the table is one this package stored (a loaded table) in
    a backend that :func:`set_backend` has since replaced, as an error that says what to do."""
    import duckdb

    try:
        yield
    except duckdb.CatalogException as exc:
        if "rk_tmp_" not in str(exc):
            raise
        raise SourceError(
            "a table loaded before the backend was changed (rk.set_backend) is kept in the earlier backend and "
            "cannot be combined with tables of the new one; load every table again after rk.set_backend(...), "
            "or switch the backend before loading") from None


class MemoryCapError(MemoryError):
    """The engine needed more memory than its cap allows (``RETENTION_KIT_MEMORY_LIMIT``)."""


@contextlib.contextmanager
def _memory_cap_named(backend):
    """DuckDB's out-of-memory error as one that names the setting to change and what to try."""
    import duckdb

    try:
        yield
    except duckdb.OutOfMemoryException as exc:
        try:
            cap = backend.raw_sql("SELECT current_setting('memory_limit')").fetchone()[0]
        except Exception:  # the connection may be unusable after the error
            cap = DEFAULT_MEMORY_LIMIT
        raise MemoryCapError(
            f"the data engine needed more memory than its cap of {cap} "
            f"(RETENTION_KIT_MEMORY_LIMIT; report notebooks share it) while grouping or joining the rows: "
            f"{str(exc).splitlines()[0]}. Raise RETENTION_KIT_MEMORY_LIMIT (e.g. 12GB) if the machine has it, "
            "point RETENTION_KIT_TEMP at a disk with room to spill, or run one notebook at a time (jobs=1)") from None


@ibis.udf.agg.builtin(name="bit_or")
def bit_or(value: dt.int64) -> dt.int64:
    """Bitwise OR of a column's values (an aggregate; DuckDB, Spark, Postgres and BigQuery have it)."""


@ibis.udf.scalar.builtin(name="array_distinct")
def _distinct_dates(values: dt.Array(dt.date)) -> dt.Array(dt.date):
    """DuckDB and Spark: the distinct values of a list."""


def distinct_dates(values: ir.ArrayValue) -> ir.IntegerValue:
    """How many different dates a list of dates holds. Ibis' ``unique().length()`` reads the list
    twice more to keep a missing value; these lists hold none (0.16 s of an RFM summary at 10M orders)."""
    return _distinct_dates(values).length()


@ibis.udf.agg.builtin(name="bitstring_agg")
def _bitstring_agg(value: dt.int64, lo: dt.int64, hi: dt.int64) -> dt.binary:
    """DuckDB: a bit string of hi - lo + 1 bits with the bit of every value set."""


@ibis.udf.scalar.builtin(name="bit_count")
def _bit_count(bits: dt.binary) -> dt.int64:
    """DuckDB: the number of set bits of a bit string."""


#: The widest range of integers :func:`distinct_integers` counts with a bit string (64 MB).
MAX_BIT_RANGE = 2**29


def distinct_integers(column: ir.IntegerColumn, lo: int, hi: int) -> ir.IntegerScalar | None:
    """The number of distinct values of an integer `column` whose values lie in lo..hi, counted
    in one pass with a bit string instead of a hash table (DuckDB; None elsewhere or for a
    range wider than :data:`MAX_BIT_RANGE`)."""
    if getattr(backend_of(column), "name", "") != "duckdb" or not 0 <= hi - lo < MAX_BIT_RANGE:
        return None
    return _bit_count(_bitstring_agg(column.cast("int64"), lo, hi))


#: Days in an average month (365.25 / 12), for tenure in months.
MONTH_DAYS = 30.4375

#: Bits used per int64 word of a bit set (62, so shifts never reach the sign bit).
WORD_BITS = 62

#: Up to this many periods, a customer's periods are one bit set of four int64 words (a per-customer
#: pass); beyond it, the analyses that use bit sets count per customer and period instead.
MAX_BIT_PERIODS = 4 * WORD_BITS


def bit_range(lo: ir.IntegerValue, hi: ir.IntegerValue, word: int) -> ir.IntegerValue:
    """The bits lo..hi (inclusive; none when hi < lo) that fall in `word` of a bit set.

    Bit j of the set lives in word ``j // WORD_BITS`` at position ``j % WORD_BITS``;
    OR-ing these words over rows (:func:`bit_or`) gives the union of the ranges.

    >>> import pandas as pd
    >>> t = as_table(pd.DataFrame({"lo": [1, 60, 5], "hi": [3, 64, 4]}))
    >>> execute(t.select(w0=bit_range(t.lo, t.hi, 0), w1=bit_range(t.lo, t.hi, 1))).values.tolist()
    [[14, 0], [3458764513820540928, 7], [0, 0]]
    """
    first, last = word * WORD_BITS, word * WORD_BITS + WORD_BITS - 1
    a, b = ibis.greatest(lo, first), ibis.least(hi, last)
    one = ibis.literal(1).cast("int64")
    return ibis.ifelse(b >= a, ((one << (b - a + 1)) - 1) << (a - first), 0).cast("int64")


def calendar(first, last, column: str = "order_date", *, like: ir.Expr | None = None) -> ir.Table:
    """One row per day from `first` to `last`: per-day quantities (periods, bit sets) are
    computed here once and joined to the orders, instead of once per order. For a table `like` of
    DuckDB the engine generates the days (nothing to upload, a few milliseconds less on a small
    table); another engine (Spark cannot cast a generated column in the same step) gets them as data.

    >>> days = execute(calendar("2024-02-28", "2024-03-01", like=as_table(pd.DataFrame({"x": [1]})))).order_date
    >>> days.dt.strftime("%d-%m").tolist() == execute(calendar("2024-02-28", "2024-03-01")).order_date.dt.strftime("%d-%m").tolist()
    True
    >>> days.dt.strftime("%d-%m").tolist()
    ['28-02', '29-02', '01-03']
    """
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    if like is not None and getattr(backend_of(like), "name", "") == "duckdb":
        days = ibis.range(ibis.literal(first.to_pydatetime()), ibis.literal((last + pd.Timedelta(days=1)).to_pydatetime()),
                          ibis.interval(days=1))
        return days.unnest().cast("date").name(column).as_table()
    return ibis.memtable({column: pd.date_range(first, last).date}).cast({column: "date"})


def bit(j: ir.IntegerValue, word: int) -> ir.IntegerValue:
    """Bit `j` alone, in `word` of a bit set (0 when j lives in another word).

    >>> import pandas as pd
    >>> t = as_table(pd.DataFrame({"j": [0, 3, 63]}))
    >>> execute(t.select(w0=bit(t.j, 0), w1=bit(t.j, 1))).values.tolist()
    [[1, 0], [8, 0], [0, 2]]
    """
    one = ibis.literal(1).cast("int64")
    return ibis.ifelse(j // WORD_BITS == word, one << (j % WORD_BITS), 0).cast("int64")


def bit_column(words: "np.ndarray", j: int) -> "np.ndarray":
    """Bit `j` of bit sets held in rows of int64 words (rows x words), as 0 or 1 per row: bit sets
    counted in the engine are read here, one bit at a time (rows may be millions).

    >>> words = np.array([[0b101, 0], [0, 1]])
    >>> [bit_column(words, j).tolist() for j in (0, 2, 62)]
    [[1, 0], [1, 0], [0, 1]]
    """
    return (words[:, j // WORD_BITS] >> (j % WORD_BITS)) & 1


def has_bit(words: list[ir.IntegerValue], j: int) -> ir.BooleanValue:
    """Whether bit `j` of the bit set held in `words` is set."""
    return ((words[j // WORD_BITS] >> (j % WORD_BITS)) & 1) == 1


PERIODS = {"D": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y"}


def period_start(date: ir.DateColumn, period: str) -> ir.DateColumn:
    """The first day of the period (D, W = ISO week from Monday, M, Q, Y) that `date` falls in."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return date if period == "D" else date.truncate(PERIODS[period])


def period_number(date: ir.DateColumn, period: str) -> ir.IntegerColumn:
    """A running number of the period `date` falls in; consecutive periods differ by 1.

    D: days since 1970-01-01; W: ISO weeks (from Monday); M: year * 12 + month - 1;
    Q: year * 4 + quarter - 1; Y: the year.
    """
    if period == "D":
        return date.epoch_days()
    if period == "W":
        return (date.epoch_days() + 3) // 7  # 1970-01-01 is a Thursday; weeks start on Monday
    if period == "M":
        return date.year() * 12 + date.month() - 1
    if period == "Q":
        return date.year() * 4 + (date.month() - 1) // 3
    if period == "Y":
        return date.year()
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def period_starts(first: "pd.Timestamp", last: "pd.Timestamp", period: str) -> pd.DatetimeIndex:
    """First days of every period from the one holding `first` to the one holding `last`."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)} (day, week, month, quarter, year), not {period!r}")
    freq = {"D": "D", "W": "W-MON", "M": "MS", "Q": "QS", "Y": "YS"}[period]
    start = pd.Timestamp(first).to_period({"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}[period]).start_time
    return pd.date_range(start.normalize(), pd.Timestamp(last), freq=freq)


def period_index(day, period: str) -> int:
    """:func:`period_number` of one date, computed here instead of by a query to the backend.

    Examples
    --------
    >>> period_index("2024-02-15", "M") == 2024 * 12 + 1, period_index("2024-01-03", "W")
    (True, 2818)
    """
    day = pd.Timestamp(day)
    epoch = (day.normalize() - pd.Timestamp("1970-01-01")).days
    numbers = {"D": epoch, "W": (epoch + 3) // 7, "M": day.year * 12 + day.month - 1,
               "Q": day.year * 4 + (day.month - 1) // 3, "Y": day.year}
    if period not in numbers:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return int(numbers[period])


def period_first_day(number: int, period: str) -> pd.Timestamp:
    """The first day of the period with this :func:`period_number` (its inverse).

    Examples
    --------
    >>> period_first_day(2024 * 12 + 1, "M"), period_first_day((19723 + 3) // 7, "W")
    (Timestamp('2024-02-01 00:00:00'), Timestamp('2024-01-01 00:00:00'))
    """
    if period == "D":
        return pd.Timestamp("1970-01-01") + pd.Timedelta(days=number)
    if period == "W":
        return pd.Timestamp("1969-12-29") + pd.Timedelta(weeks=number)
    if period == "M":
        return pd.Timestamp(year=number // 12, month=number % 12 + 1, day=1)
    if period == "Q":
        return pd.Timestamp(year=number // 4, month=3 * (number % 4) + 1, day=1)
    if period == "Y":
        return pd.Timestamp(year=number, month=1, day=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")


def materialise(expr: ir.Table) -> ir.Table:
    """Compute `expr` once and keep the result in its backend (a temporary table on DuckDB),
    so several queries can read it without recomputing; other backends get the expression back."""
    con = backend_of(expr)
    if getattr(con, "name", "") != "duckdb":
        return expr
    follow_memory_share(con)
    return con.create_table(f"rk_tmp_{uuid.uuid4().hex[:12]}", expr, temp=True)
