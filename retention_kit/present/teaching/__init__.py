"""Course narrative in English and Dutch, stored once and rendered per language.

The teaching notebooks hold only calls such as ``rk.teaching.show("retention.goals", lang)``;
the text lives in the catalogue (``lessons`` and ``exercises`` of present/locales/<lang>.toml),
so the English and Dutch course cannot drift apart (one notebook, one parameter), and a test
checks that every text exists in both. This package holds one module per course with its
exercises' answers.

Examples
--------
>>> text("retention.crr", "nl").splitlines()[0]
'## Klantbehoudpercentage (CRR)'
"""

from __future__ import annotations

from functools import lru_cache

from ..catalogue import LANGS, in_every_language, words
from ..i18n import fill
from ..languages import markdown


#: Every lesson text by key (``course.section``) and language (the lessons section of the catalogue).
NARRATIVE: dict[str, dict[str, str]] = {key: dict(zip(LANGS, texts)) for key, texts in in_every_language("lessons").items()}


@lru_cache(maxsize=1)
def demo_data():
    """The demo shop the lessons' data exercises are computed from (loaded once per process)."""
    from ...data import load_dataset

    return load_dataset("demo")


def text(key: str, lang: str = "en", **values) -> str:
    """The narrative `key` in `lang` (Markdown), with `values` filled in."""
    narrative = words("lessons", key, str(lang))
    if narrative is None:
        raise KeyError(f"no lesson text {key!r}; the texts are in present/locales/<lang>.toml, under [lessons]")
    return fill(narrative, lang, **values) if values else narrative


@markdown
def show(key: str, lang: str = "en", **values) -> str:
    """The narrative, shown as Markdown in a notebook; with ``lang="en,nl"`` one output per language,
    tagged, as report notes are (one lesson run then gives both languages' pages)."""
    return text(key, lang, **values)


@markdown
def exercise(name: str, lang: str = "en") -> str:
    """The exercise's question, shown as Markdown."""
    from ..exercises import question

    return text("exercise", lang, question=question(name, lang))


@markdown
def feedback(name: str, answer, lang: str = "en", show_solution: bool = False) -> str:
    """The check of a typed answer (and the solution in the teacher's copy), shown as Markdown."""
    from ..exercises import check, solution

    message = check(name, answer, lang)
    if show_solution:
        message += "\n\n" + ("**Solution:** " if lang == "en" else "**Uitwerking:** ") + solution(name, lang)
    return message
