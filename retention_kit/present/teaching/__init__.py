"""Course narrative in English and Dutch, stored once and rendered per language.

The teaching notebooks hold only calls such as ``rk.teaching.show("retention.goals", lang)``;
the text lives in this package, one module per course, so the English and Dutch
course cannot drift apart (one notebook, one parameter), and a test checks that
every text exists in both.

Examples
--------
>>> text("retention.crr", "nl").splitlines()[0]
'## Klantbehoudpercentage (CRR)'
"""

from __future__ import annotations

from functools import lru_cache

from ..i18n import fill
from ..languages import markdown
from . import campaigns, churn_reasons, loyalty, retention, subscriptions

#: Texts shared by the courses.
SHARED: dict[str, dict[str, str]] = {
    "exercise": {
        "en": "### Exercise\n\n{question}\n\nType your answer after `answer =` in the next cell and run it.",
        "nl": "### Opdracht\n\n{question}\n\nTyp je antwoord achter `answer =` in de volgende cel en voer die uit.",
    },
}

#: Every text by key (``course.section``) and language.
NARRATIVE: dict[str, dict[str, str]] = {**SHARED, **retention.NARRATIVE, **churn_reasons.NARRATIVE, **loyalty.NARRATIVE,
                                         **campaigns.NARRATIVE, **subscriptions.NARRATIVE}


@lru_cache(maxsize=1)
def demo_data():
    """The demo shop the lessons' data exercises are computed from (loaded once per process)."""
    from ...data import load_dataset

    return load_dataset("demo")


def text(key: str, lang: str = "en", **values) -> str:
    """The narrative `key` in `lang` (Markdown), with `values` filled in."""
    return fill(NARRATIVE[key][lang], lang, **values) if values else NARRATIVE[key][lang]


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
