"""Report tables a manager reads: a canonical frame (snake_case columns, as the analysis
functions return it) rendered with great_tables in the report's language, with labelled
columns, a title, no pandas index column, numbers in the language's format (Dutch 1.234,5),
missing values as a dash, and a sentence instead of an empty table.

The unit of a column comes from its label: "(%)" columns show one decimal, amount columns
("(EUR)", named in the report's currency) no decimals from 1,000 up, counts are integers.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"customers": [1200, 13000], "retention_rate": [95.12, None]},
...                      index=pd.Index(["email", "search"], name="channel"))
>>> cells(frame, "nl")
  channel klanten klantbehoudpercentage (%)
0   email   1.200                      95,1
1  search  13.000                         –
"""

from __future__ import annotations

import math
import re
from html import escape
import numbers

import numpy as np
import pandas as pd

from .i18n import LABELS, check_lang, label, number, term
from .languages import per_language
from .notes import TEXTS, text

#: Shown in a cell without a value.
MISSING = "–"
#: Columns that hold p-values: three decimals, and "< 0.001" below that.
P_VALUES = frozenset({"p_value", "p_adjusted", "ph_p_value"})
#: A table wider than this many columns is set in a smaller type so it fits an A4 page.
WIDE = 7
#: A table with more value columns than this, and fewer rows than columns, is shown turned
#: (its columns as rows) so it fits an A4 page.
TOO_WIDE = 9

_UNNAMED = "\u200b"  # the header of an unnamed index level: nothing to show


@per_language
def table(frame: pd.DataFrame, lang: str = "en", *, title: str | None = None, index: str | None = "col",
          columns: str = "col", empty: str = "table.empty", units: str = "columns", decimals: int | None = None):
    """`frame` as a great_tables table in `lang`: `title` is a label key (or text) shown above it,
    row labels of the index have ``<index>.`` labels, column names ``<columns>.`` labels. An empty
    `frame` gives the sentence `empty` (a label key) as Markdown instead. ``units="rows"`` takes
    the unit of a number from its row (a table with one KPI per row); `decimals` fixes the
    decimals of every non-integer column that has no unit.

    >>> import pandas as pd
    >>> t = table(pd.DataFrame({"churn_rate": [7.29]}, index=pd.Index(["2025-12"], name="period")), "nl",
    ...           title="table.kpi_summary")
    >>> "churnrate (%)" in t.as_raw_html() and "7,3" in t.as_raw_html()
    True
    >>> table(pd.DataFrame({"text": []}), empty="reasons.all_mapped").data
    'Every churn reason matched one of the categories: no text is left unmapped.'
    """
    check_lang(lang)
    if frame.empty:
        from IPython.display import Markdown

        return Markdown(text(empty, lang) if empty in TEXTS else label(empty, lang))
    from great_tables import GT

    if frame.shape[1] > TOO_WIDE and len(frame) < frame.shape[1]:
        frame, index, columns, units = _turned(frame), columns, index or "col", "rows"
    shown = cells(frame, lang, index=index, columns=columns, units=units, decimals=decimals)
    flat, labels_ = _flatten(frame), _label_columns(frame)
    numeric = [shown.columns[i] for i, (_, column) in enumerate(flat.items()) if i >= labels_ and _numeric(column)]
    gt = GT(shown).opt_table_font(font=["system-ui", "sans-serif"]).opt_row_striping()
    gt = gt.cols_align("left", columns=[c for c in shown.columns if c not in numeric])
    gt = gt.cols_align("right", columns=numeric)
    size = "12px" if shown.shape[1] > WIDE + 2 else "13px" if shown.shape[1] > WIDE else "14px"
    gt = gt.tab_options(table_font_size=size, column_labels_font_weight="bold", table_width="100%"
                        if shown.shape[1] > WIDE else None, data_row_padding="3px")
    if title:
        gt = gt.tab_header(title=label(title, lang))
    return gt


def html(frame: pd.DataFrame, lang: str = "en", **options) -> str:
    """:func:`table` as an HTML fragment (a sentence in a paragraph when `frame` is empty).

    >>> import pandas as pd
    >>> html(pd.DataFrame({"rows": []}), empty="ledger.nothing")
    '<p>No rows set aside</p>'
    """
    shown = table(frame, lang, **options)
    return f"<p>{escape(shown.data)}</p>" if frame.empty else shown.as_raw_html()


def cells(frame: pd.DataFrame, lang: str = "en", *, index: str | None = "col", columns: str = "col",
          units: str = "columns", decimals: int | None = None) -> pd.DataFrame:
    """The text of every cell of :func:`table`: the index as first column(s), labelled columns,
    numbers written the `lang` way, a dash where a value is missing.

    >>> import pandas as pd
    >>> summary = pd.DataFrame({"value": [97.634, 350105.45], "change": [1.63, 72592.4]},
    ...                        index=["retention_rate", "revenue"])
    >>> cells(summary, "nl", columns="summary", units="rows").values.tolist()
    [['klantbehoudpercentage (%)', '97,6', '1,6'], ['omzet', '350.105', '72.592']]
    """
    check_lang(lang)
    if units not in ("columns", "rows"):
        raise ValueError(f"units must be 'columns' or 'rows', not {units!r}")
    flat = _flatten(frame)
    labels_ = _label_columns(frame)
    row_units = [_unit(str(key), "col") for key in flat.iloc[:, 0]] if units == "rows" and labels_ else None
    out = {}
    for position, name in enumerate(flat.columns):
        values = flat.iloc[:, position]
        key = _date(name) if isinstance(name, pd.Timestamp) else str(name)
        header = "" if not key.strip(_UNNAMED) else term(key, lang, columns if f"{columns}.{key}" in LABELS else "col")
        if position < labels_:
            shown = [_label_text(v, lang, index) for v in values]
        elif row_units is not None:
            shown = [_cell(v, unit, row, lang, decimals) for v, unit, row in zip(values, row_units, flat.iloc[:, 0])]
        else:
            shown = _texts(values, key, _unit(key, columns), lang, decimals)
        out[_unique(header, out)] = shown
    return pd.DataFrame(out)


def _cell(value, unit: str, key: str, lang: str, decimals: int | None) -> str:
    """One value whose unit comes from its row (``units="rows"``)."""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return _texts(pd.Series([float(value)]), str(key), unit, lang, decimals)[0]
    return _label_text(value, lang, None)


def _turned(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` transposed: one row per column; a plain index gives way to the first column."""
    if _plain_index(frame) and not _numeric(frame.iloc[:, 0]):
        frame = frame.set_index(frame.columns[0])
    if frame.index.nlevels > 1:  # one column per row of every level, e.g. "Win-back 2025: discount"
        frame = frame.set_axis([": ".join(map(str, key)) for key in frame.index], axis=0)
    return frame.T.rename_axis(None).rename_axis(None, axis=1)


def _unit(key: str, prefix: str) -> str:
    """The English label of a column, which names its unit: "(%)", "(EUR)" or none."""
    return LABELS.get(f"{prefix}.{key}", LABELS.get(f"col.{key}", ("",)))[0]


def _label_columns(frame: pd.DataFrame) -> int:
    """How many leading columns of the shown table are row labels (the index levels)."""
    return 0 if _plain_index(frame) else frame.index.nlevels


def _plain_index(frame: pd.DataFrame) -> bool:
    return isinstance(frame.index, pd.RangeIndex) and frame.index.name is None


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its index as leading columns and one level of column names."""
    flat = frame.copy()
    if isinstance(flat.columns, pd.MultiIndex):
        flat.columns = [" ".join(str(part) for part in key if str(part)) for key in flat.columns]
    flat.columns = [_date(c) if isinstance(c, pd.Timestamp) else str(c) for c in flat.columns]
    if _plain_index(frame):
        return flat.reset_index(drop=True)
    names = [n if n is not None else _UNNAMED * (i + 1) for i, n in enumerate(frame.index.names)]
    flat.index = flat.index.set_names(names)
    return flat.reset_index()


def _unique(header: str, taken: dict) -> str:
    while header in taken:
        header += _UNNAMED
    return header


def _texts(values: pd.Series, key: str, unit: str, lang: str, decimals: int | None) -> list[str]:
    """The column `values` (canonical name `key`, English label `unit`) as text."""
    if pd.api.types.is_bool_dtype(values):
        return [label("word.yes" if v else "word.no", lang) for v in values]
    if pd.api.types.is_datetime64_any_dtype(values):
        monthly = values.dropna().dt.day.eq(1).all()
        return [MISSING if pd.isna(v) else v.strftime("%Y-%m" if monthly else "%Y-%m-%d") for v in values]
    if values.dtype == object and not _numeric(values):
        return [_label_text(v, lang, None) for v in values]
    numbers_ = pd.to_numeric(values, errors="coerce").astype(float)
    spec = _spec(numbers_, unit, key, decimals)
    return [_number(v, spec, lang, key) for v in numbers_]


def _date(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m" if value.day == 1 else "%Y-%m-%d")


def _numeric(values: pd.Series) -> bool:
    """Whether `values` are numbers (not booleans, dates or text)."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return True
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present)


def row_label(value, lang: str = "en") -> str:
    """A row label as tables show it: a known key in `lang`, a model's ``column=level`` as ``column: level``.

    >>> row_label("plan=Plus", "nl")
    'abonnement: Plus'
    """
    return _label_text(value, lang, None)


def _label_text(value, lang: str, prefix: str | None) -> str:
    if value is None or isinstance(value, float) and math.isnan(value) or value is pd.NaT:
        return MISSING
    if isinstance(value, pd.Timestamp):
        return _date(value)
    if isinstance(value, (bool, np.bool_)):
        return label("word.yes" if value else "word.no", lang)
    if isinstance(value, numbers.Real):
        return _number(float(value), ",.0f" if float(value).is_integer() else ",.2f", lang, "")
    text = str(value)
    name, equals, level = text.partition("=")
    if equals and re.fullmatch(r"[A-Za-z_][\w ]*", name):  # a level of a model's covariate, e.g. nps_group=detractor
        return f"{_label_text(name, lang, 'col')}: {_label_text(level, lang, None)}"
    key, colon, detail = text.partition(":")
    if colon and prefix and f"{prefix}.{key}" in LABELS:  # a label with a detail, e.g. strategy only:reminder
        return label(f"{prefix}.{key}", lang).format(detail=detail)
    for candidate in (prefix, "col", "ledger", "reason", "risk", "nps", "loyalty", "stat", "predictor", "strategy"):
        if candidate and f"{candidate}.{text}" in LABELS:
            return label(f"{candidate}.{text}", lang)
    return text


def _spec(values: pd.Series, unit: str, key: str, decimals: int | None) -> str:
    """The format of a numeric column: by its `unit` (its English label), else by its values."""
    present = values.dropna()
    largest = float(present.abs().max()) if len(present) else 0.0
    if key in P_VALUES:
        return ".3f"
    if "(%" in unit:  # a percentage or percentage points
        return ",.1f"
    if "(EUR)" in unit:
        return ",.0f" if largest >= 1000 else ",.2f"
    if len(present) and np.allclose(present, present.round()):
        return ",.0f"
    if decimals is not None:
        return f",.{decimals}f"
    return ",.0f" if largest >= 1000 else ",.1f" if largest >= 100 else ",.2f" if largest >= 1 else ",.3f"


def _number(value: float, spec: str, lang: str, key: str) -> str:
    if not math.isfinite(value):
        return MISSING
    if key in P_VALUES and value < 0.001:
        return "< " + number(0.001, ".3f", lang)
    written = number(value, spec, lang)
    return written[1:] if written.startswith("-") and not written.strip("-0.,") else written  # no "-0"
