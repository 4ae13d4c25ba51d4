"""Self-checking exercises for the course notebooks, in English and Dutch.

A student types an answer into a cell and calls :func:`check`; the message says
whether it is right and, if not, gives a hint. Answers that depend on data are
computed from the demo shop when checked, so they always match what the student sees.

Examples
--------
>>> check("crr_worked", 80, lang="en").startswith("Correct")
True
>>> check("crr_worked", 95, lang="nl").startswith("Nog niet")
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from .catalogue import words
from .i18n import number


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to get its answer and the tolerance for numbers; its question, hint and
    explanation are in the catalogue (``exercises.<name>``)."""

    name: str
    answer: Callable[[], float]
    tolerance: float = 0.05

    def words(self, part: str, lang: str = "en") -> str:
        """The exercise's ``question``, ``hint`` or ``explanation`` in `lang`."""
        return words("exercises", self.name, str(lang))[part]


def _all_exercises() -> dict[str, Exercise]:
    from .teaching import campaigns, churn_reasons, loyalty, retention, subscriptions

    return {name: Exercise(name, **spec) for course in (retention, churn_reasons, loyalty, campaigns, subscriptions)
            for name, spec in course.EXERCISES.items()}


#: Every exercise of the courses by name; the questions live with each course's narrative.
EXERCISES: dict[str, Exercise] = _all_exercises()

def _message(key: str, lang: str, **values) -> str:
    return words("messages", key, str(lang)).format(**values)


def question(exercise: str, lang: str = "en") -> str:
    """The text of an exercise."""
    return EXERCISES[exercise].words("question", lang)


def check(exercise: str, answer, lang: str = "en") -> str:
    """Check a student's answer; returns a friendly message (right, wrong with a hint, or what to do)."""
    item = EXERCISES[exercise]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return _message("empty", lang)
    try:
        given = float(str(answer).replace(",", ".").replace("%", "").strip())
    except ValueError:
        return _message("not_a_number", lang, answer=answer)
    expected = item.answer()
    if math.isclose(given, expected, abs_tol=item.tolerance):
        return _message("right", lang, explanation=item.words("explanation", lang))
    return _message("wrong", lang, answer=answer, hint=item.words("hint", lang))


def solution(exercise: str, lang: str = "en") -> str:
    """The worked solution (shown in the teacher's copy only)."""
    item = EXERCISES[exercise]
    return f"{number(item.answer(), 'g', lang)}: {item.words('explanation', lang)}"
