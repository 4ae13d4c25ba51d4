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


@dataclass(frozen=True)
class Exercise:
    """One exercise: the question, how to get the answer, a hint and the tolerance for numbers."""

    question: dict
    answer: Callable[[], float]
    hint: dict
    explanation: dict
    tolerance: float = 0.05


def _demo_kpis():
    from .data import load_dataset
    from .kpi import kpi_table

    data = load_dataset("demo")
    return kpi_table(data.orders, period="M", surveys=data.surveys)


def _demo_row(month: str, column: str) -> float:
    table = _demo_kpis()
    return float(table.loc[table.period == month, column].iloc[0])


EXERCISES: dict[str, Exercise] = {
    "crr_worked": Exercise(
        question={"en": "A shop starts the year with 200 customers, wins 30 new ones and ends with 190. "
                        "What is its customer retention rate (in %)?",
                  "nl": "Een winkel begint het jaar met 200 klanten, wint er 30 nieuwe en eindigt met 190. "
                        "Wat is het klantbehoudpercentage (in %)?"},
        answer=lambda: 80.0,
        hint={"en": "CRR = ((E - N) / S) x 100: take the new customers off the end count first.",
              "nl": "CRR = ((E - N) / S) x 100: trek eerst de nieuwe klanten af van het aantal aan het eind."},
        explanation={"en": "((190 - 30) / 200) x 100 = 80%.", "nl": "((190 - 30) / 200) x 100 = 80%."},
    ),
    "churn_worked": Exercise(
        question={"en": "Of 400 customers at the start of a month, 18 are lost during it. What is the churn rate (in %)?",
                  "nl": "Van 400 klanten aan het begin van een maand gaan er 18 verloren. Wat is de churnrate (in %)?"},
        answer=lambda: 4.5,
        hint={"en": "Churn rate = lost / customers at the start x 100.",
              "nl": "Churnrate = verloren klanten / klanten aan het begin x 100."},
        explanation={"en": "18 / 400 x 100 = 4.5%.", "nl": "18 / 400 x 100 = 4,5%."},
    ),
    "nps_worked": Exercise(
        question={"en": "Ten answers to 'how likely are you to recommend us': 10, 9, 9, 8, 7, 7, 6, 5, 3, 10. "
                        "What is the NPS?",
                  "nl": "Tien antwoorden op 'hoe waarschijnlijk raadt u ons aan': 10, 9, 9, 8, 7, 7, 6, 5, 3, 10. "
                        "Wat is de NPS?"},
        answer=lambda: 10.0,
        hint={"en": "Promoters score 9-10, detractors 0-6; NPS = % promoters - % detractors.",
              "nl": "Promotors geven 9-10, criticasters 0-6; NPS = % promotors - % criticasters."},
        explanation={"en": "4 promoters (40%) - 3 detractors (30%) = 10.",
                     "nl": "4 promotors (40%) - 3 criticasters (30%) = 10."},
    ),
    "demo_churn_nov_2025": Exercise(
        question={"en": "In the demo shop's KPI table, what was the churn rate in November 2025 (in %, one decimal)?",
                  "nl": "Wat was in de KPI-tabel van de demowinkel de churnrate in november 2025 (in %, één decimaal)?"},
        answer=lambda: round(_demo_row("2025-11-01", "churn_rate"), 1),
        hint={"en": "Look up the row with period 2025-11-01 and the column churn_rate.",
              "nl": "Zoek de rij met periode 2025-11-01 en de kolom churnrate."},
        explanation={"en": "Read from rk.kpi_table(data.orders).", "nl": "Af te lezen uit rk.kpi_table(data.orders)."},
    ),
}

MESSAGES = {
    "empty": {"en": "Type your answer in the cell above, then run this cell again.",
              "nl": "Typ je antwoord in de cel hierboven en voer deze cel opnieuw uit."},
    "right": {"en": "Correct! {explanation}", "nl": "Goed zo! {explanation}"},
    "wrong": {"en": "Not quite yet: you answered {answer}. Hint: {hint}",
              "nl": "Nog niet helemaal: je antwoord was {answer}. Tip: {hint}"},
    "not_a_number": {"en": "Please answer with a number, e.g. 12.5 (you typed {answer!r}).",
                     "nl": "Antwoord met een getal, bijvoorbeeld 12.5 (je typte {answer!r})."},
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
    return f"{item.answer():g}: {item.explanation[lang]}"
