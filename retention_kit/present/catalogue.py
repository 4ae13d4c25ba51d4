"""Every word the package shows, stored as data: one catalogue per language,
``present/locales/<lang>.toml``, with the same keys in each (a test checks it).

Sections: ``labels`` (tables, charts, index tiles, ledger reasons), ``notes`` (sentences about
how the numbers were made), ``lessons`` (the course notebooks' narrative), ``exercises`` (each
exercise's question, hint and explanation) and ``messages`` (what an exercise check answers).
A translator edits the TOML files only.

Examples
--------
>>> words("labels", "kpi.churn_rate", "nl")
'churnrate'
>>> words("exercises", "crr_worked", "en")["hint"][:22]
'CRR = ((E - N) / S) x '
>>> words("labels", "no.such.key") is None
True
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

#: The languages a catalogue exists for; the first is the default.
LANGS = ("en", "nl")


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict:
    """The whole catalogue of `lang` (read once per process)."""
    return tomllib.loads((files(__package__) / "locales" / f"{lang}.toml").read_text(encoding="utf-8"))


def words(section: str, key: str, lang: str = "en"):
    """The text (or, for an exercise, the texts) of `key` in `section` of the `lang` catalogue; None when
    there is no such key. The one lookup behind labels, notes, lessons and exercises."""
    return catalogue(lang)[section].get(key)


def in_every_language(section: str) -> dict[str, tuple]:
    """``{key: (text in LANGS[0], text in LANGS[1], ...)}`` of a section, for code that holds a key's
    texts side by side."""
    return {key: tuple(catalogue(lang)[section][key] for lang in LANGS) for key in catalogue(LANGS[0])[section]}
