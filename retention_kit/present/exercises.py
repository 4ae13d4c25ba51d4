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

from .i18n import number


@dataclass(frozen=True)
class Exercise:
    """One exercise: the question, how to get the answer, a hint and the tolerance for numbers."""

    question: dict
    answer: Callable[[], float]
    hint: dict
    explanation: dict
    tolerance: float = 0.05


def _all_exercises() -> dict[str, Exercise]:
    from .teaching import campaigns, churn_reasons, loyalty, retention, subscriptions

    return {name: Exercise(**spec) for course in (retention, churn_reasons, loyalty, campaigns, subscriptions)
            for name, spec in course.EXERCISES.items()}


#: Every exercise of the courses by name; the questions live with each course's narrative.
EXERCISES: dict[str, Exercise] = _all_exercises()

MESSAGES = {
    "empty": {"en": "Type your answer in the cell above, then run this cell again.",
              "nl": "Typ je antwoord in de cel hierboven en voer deze cel opnieuw uit."},
    "right": {"en": "Correct! {explanation}", "nl": "Goed zo! {explanation}"},
    "wrong": {"en": "Not quite yet: you answered {answer}. Hint: {hint}",
              "nl": "Nog niet helemaal: je antwoord was {answer}. Tip: {hint}"},
    "not_a_number": {"en": "Please answer with a number, e.g. 12.5 (you typed {answer!r}).",
                     "nl": "Antwoord met een getal, bijvoorbeeld 12,5 (je typte {answer!r})."},
}


def question(exercise: str, lang: str = "en") -> str:
    """The text of an exercise."""
    return EXERCISES[exercise].question[lang]


def check(exercise: str, answer, lang: str = "en") -> str:
    """Check a student's answer; returns a friendly message (right, wrong with a hint, or what to do)."""
    item = EXERCISES[exercise]
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return MESSAGES["empty"][lang]
    try:
        given = float(str(answer).replace(",", ".").replace("%", "").strip())
    except ValueError:
        return MESSAGES["not_a_number"][lang].format(answer=answer)
    expected = item.answer()
    if math.isclose(given, expected, abs_tol=item.tolerance):
        return MESSAGES["right"][lang].format(explanation=item.explanation[lang])
    return MESSAGES["wrong"][lang].format(answer=answer, hint=item.hint[lang])


def solution(exercise: str, lang: str = "en") -> str:
    """The worked solution (shown in the teacher's copy only)."""
    item = EXERCISES[exercise]
    return f"{number(item.answer(), 'g', lang)}: {item.explanation[lang]}"
