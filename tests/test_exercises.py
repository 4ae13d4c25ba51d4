"""Exercises check right and wrong answers, in English and Dutch."""

import pytest

import retention_kit as rk
from retention_kit import exercises


@pytest.mark.parametrize("exercise, right, wrong", [
    ("crr_worked", 80, 95), ("churn_worked", "4,5%", 5.5), ("nps_worked", 10, 40),
])
def test_right_and_wrong_answers(exercise, right, wrong):
    assert exercises.check(exercise, right).startswith("Correct!")
    assert exercises.check(exercise, wrong).startswith("Not quite yet")
    assert exercises.check(exercise, right, lang="nl").startswith("Goed zo!")
    assert "Tip:" in exercises.check(exercise, wrong, lang="nl")


def test_empty_and_non_numeric_answers_get_instructions():
    assert exercises.check("crr_worked", None).startswith("Type your answer")
    assert exercises.check("crr_worked", "eighty").startswith("Please answer with a number")


def test_data_exercise_matches_the_kpi_table_the_student_sees():
    data = rk.load_dataset("demo")
    table = rk.kpi_table(data.orders)
    value = table.loc[table.period == "2025-11-01", "churn_rate"].iloc[0]
    assert exercises.check("demo_churn_nov_2025", round(value, 1)).startswith("Correct!")
    assert exercises.check("demo_churn_nov_2025", round(value + 1, 1)).startswith("Not quite yet")


def test_worked_example_answers_follow_the_formulas():
    assert exercises.EXERCISES["crr_worked"].answer() == rk.retention_rate(200, 30, 190)
    assert exercises.EXERCISES["churn_worked"].answer() == rk.churn_rate(400, 18)
    assert exercises.EXERCISES["nps_worked"].answer() == pytest.approx(rk.nps([10, 9, 9, 8, 7, 7, 6, 5, 3, 10]))
