"""English and Dutch labels for KPIs, table headers, axis titles and ledger reasons, and the
languages' number formats.

One table holds every label (the ``labels`` of :mod:`retention_kit.present.catalogue`), so a chart,
a report table and the notebook narrative use the same words. Unknown keys fall back to the key itself, so a
missing translation shows up in a report instead of breaking it.

Examples
--------
>>> label("kpi.retention_rate", "nl")
'klantbehoudpercentage'
>>> label("kpi.retention_rate")
'customer retention rate'
"""

from __future__ import annotations

import numbers
import string

from .catalogue import LANGS, in_every_language

#: Every label by key: its English and Dutch text (the labels section of the catalogue).
LABELS: dict[str, tuple[str, str]] = in_every_language("labels")


def label(key: str, lang: str = "en") -> str:
    """The label for `key` in `lang` ("en" or "nl"); the key itself when unknown.
    Amounts are labelled in the currency of `lang` (a :class:`Locale`; none for a plain code)."""
    check_lang(lang)
    pair = LABELS.get(key)
    if pair is None:
        return key
    return in_currency(pair[LANGS.index(lang)], currency_of(lang))


class Locale(str):
    """A language code that also says what currency amounts are in: it goes wherever a `lang`
    goes (it is the code, for every comparison and lookup), and labels and sentences name amounts
    in its currency. A plain code names no currency.

    >>> gbp = Locale("nl", "gbp")
    >>> gbp == "nl", gbp.currency, label("col.revenue", gbp), label("col.revenue", "nl")
    (True, 'GBP', 'omzet (GBP)', 'omzet')
    """

    currency: str | None

    def __new__(cls, lang: str, currency: str | None = None):
        if currency is not None and not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
            raise ValueError(f"currency must be a three-letter ISO 4217 code such as 'EUR' or 'GBP', not {currency!r}")
        code = super().__new__(cls, lang)
        code.currency = currency.upper() if currency else None
        return code

    def __reduce__(self):
        return Locale, (str(self), self.currency)


def locale(lang, currency: str | None = None):
    """`lang` (one code, "en,nl" or a list of codes) with amounts in `currency` (an ISO 4217
    code; None: no currency sign): what a report notebook passes as `lang` everywhere.

    >>> locale("en,nl", "EUR")
    ['en', 'nl']
    >>> [code.currency for code in locale(["en", "nl"], "EUR")], locale("nl").currency
    (['EUR', 'EUR'], None)
    """
    codes = [one.strip() for one in (lang.split(",") if isinstance(lang, str) else lang) if one.strip()]
    located = [Locale(code, currency) for code in codes]
    return located[0] if len(located) == 1 and (isinstance(lang, str) and "," not in lang) else located


def currency_of(lang) -> str | None:
    """The currency amounts are named in for `lang` (None for a plain code)."""
    return getattr(lang, "currency", None)


def in_currency(text: str, code: str | None) -> str:
    """`text` with its amounts named in `code`: "(EUR)" and "EUR 12" become "(GBP)" and "GBP 12",
    or disappear when `code` is None.

    >>> in_currency("revenue (EUR)", "GBP"), in_currency("revenue (EUR)", None)
    ('revenue (GBP)', 'revenue')
    """
    if code == "EUR" or "EUR" not in text:
        return text
    if code:
        return text.replace("EUR", code)
    return text.replace(" (EUR)", "").replace("(EUR)", "").replace("EUR ", "")


def localise(frame, lang: str = "en", index: str | None = None, columns: str = "col"):
    """`frame` with the column names that have a ``<columns>.`` label (``col.`` by default)
    written in `lang`, and with `index` the row labels that have an ``<index>.`` label;
    English comes back unchanged.

    >>> import pandas as pd
    >>> localise(pd.DataFrame({"estimate": [0.1]}, index=pd.Index(["member"], name="group")), "nl", index="col")
           schatting
    groep
    lid          0.1
    """
    if lang == "en":
        return frame
    out = frame.rename(columns=lambda key: term(key, lang, columns))
    if index:
        out = out.rename(index=lambda key: term(key, lang, index))
    out.index.names = [term(n, lang) if n is not None else None for n in out.index.names]
    return out


def term(key, lang: str = "en", prefix: str = "col"):
    """The label of ``<prefix>.<key>`` in `lang`, or `key` itself when there is none
    (a value that is already translated, or a name of the user's own).

    >>> term("price", "nl", "reason"), term("my_column", "nl")
    ('prijs en kosten', 'my_column')
    """
    return label(f"{prefix}.{key}", lang) if f"{prefix}.{key}" in LABELS else key


_DUTCH_MARKS = str.maketrans(",.", ".,")


def number(value, spec: str = ",.2f", lang: str = "en") -> str:
    """`value` written with format `spec` and the decimal mark and thousands separator of
    `lang` (Dutch writes 1.234,5).

    >>> number(1234.5, ",.1f", "nl"), number(0.052, ".1%", "nl"), number(1234.5, ",.1f")
    ('1.234,5', '5,2%', '1,234.5')
    """
    text = format(value, spec)
    return text.translate(_DUTCH_MARKS) if lang == "nl" else text


class _NumberFormatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, spec):
        if spec and isinstance(value, numbers.Real) and not isinstance(value, bool):
            return number(value, spec, self.lang)
        return super().format_field(value, spec)


def fill(template: str, lang: str = "en", **values) -> str:
    """``template.format(**values)`` with numbers written the `lang` way.

    >>> fill("{n:,} leden, {share:.1%} apart gezet", "nl", n=1367, share=0.0947)
    '1.367 leden, 9,5% apart gezet'
    """
    check_lang(lang)
    return _NumberFormatter(lang).format(in_currency(template, currency_of(lang)), **values)


def check_lang(lang: str) -> None:
    """Raises a ValueError that lists the languages when `lang` is not one of them.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ValueError: lang must be one of ('en', 'nl'), not 'fr'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")


def labels(keys, lang: str = "en") -> dict[str, str]:
    """A mapping key -> label, handy for ``DataFrame.rename(columns=...)``."""
    return {k: label(k, lang) for k in keys}
