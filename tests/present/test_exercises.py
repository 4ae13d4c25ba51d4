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


def test_solutions_write_the_answer_the_way_the_language_does():
    assert exercises.solution("churn_worked", "nl").startswith("4,5: ")       # 18 / 400 = 4.5%
    assert exercises.solution("churn_worked").startswith("4.5: ")


def test_empty_and_non_numeric_answers_get_instructions():
    assert exercises.check("crr_worked", None).startswith("Type your answer")
    assert exercises.check("crr_worked", "eighty").startswith("Please answer with a number")


@pytest.mark.slow  # the demo shop's analyses end to end
def test_data_exercise_matches_the_kpi_table_the_student_sees():
    data = rk.load_dataset("demo")
    table = rk.kpi_table(data.orders, active_window_days=365)   # as the lesson shows it
    value = table.loc[table.period == "2025-11-01", "churn_rate"].iloc[0]
    assert exercises.check("demo_churn_nov_2025", round(value, 1)).startswith("Correct!")
    assert exercises.check("demo_churn_nov_2025", round(value + 1, 1)).startswith("Not quite yet")


def test_worked_example_answers_follow_the_formulas():
    assert exercises.EXERCISES["crr_worked"].answer() == rk.retention_rate(200, 30, 190)
    assert exercises.EXERCISES["churn_worked"].answer() == rk.churn_rate(400, 18)
    assert exercises.EXERCISES["nps_worked"].answer() == pytest.approx(rk.nps([10, 9, 9, 8, 7, 7, 6, 5, 3, 10]))


@pytest.mark.parametrize("exercise, right, wrong", [
    ("reasons_share_worked", 44, 40), ("pareto_worked", "65%", 80), ("survival_worked", 1800, 600),
    ("did_worked", "0,2", 0.6), ("immortal_worked", 4, 10), ("two_mails_worked", "1,10", 1.0),
])
def test_course_exercises_check_right_and_wrong_answers(exercise, right, wrong):
    assert exercises.check(exercise, right).startswith("Correct!")
    assert exercises.check(exercise, wrong).startswith("Not quite yet")
    assert exercises.check(exercise, right, lang="nl").startswith("Goed zo!")


def test_worked_examples_of_the_later_courses_follow_the_formulas():
    # 44%: (60 + 50) / 250; 65%: the two largest of 100,000 lost; DiD: members' change minus others'
    assert exercises.EXERCISES["reasons_share_worked"].answer() == pytest.approx((60 + 50) / 250 * 100)
    assert exercises.EXERCISES["pareto_worked"].answer() == pytest.approx((40_000 + 25_000) / 100_000 * 100)
    assert exercises.EXERCISES["did_worked"].answer() == pytest.approx((1.5 - 1.2) - (1.1 - 1.0))
    # the better of two mails for a customer worth 40: max(0.10 x 40 - 3, 0.04 x 40 - 0.50)
    assert exercises.EXERCISES["two_mails_worked"].answer() == pytest.approx(max(0.10 * 40 - 3, 0.04 * 40 - 0.50))


@pytest.mark.slow  # the demo shop's analyses end to end
def test_data_exercises_of_the_later_courses_match_the_tables_the_student_sees():
    data = rk.load_dataset("demo")
    churned = rk.churned_customers(data.customers, data.orders, observation_end=data.observation_end)
    top = rk.pareto_table(churned)["share"].iloc[0]
    assert exercises.check("demo_top_reason_share", round(top, 1), lang="nl").startswith("Goed zo!")
    link = rk.satisfaction_link(data.customers, data.surveys)
    assert exercises.check("demo_detractor_churn", round(link.loc["detractor", "churn_share"], 1)).startswith("Correct!")
    naive = rk.naive_before_after(rk.loyalty_panel(data.orders, data.customers, observation_end=data.observation_end))
    gap = naive.loc["orders", "members_after_joining"] - naive.loc["orders", "non_members_after_start"]
    assert exercises.check("demo_naive_gap", round(gap, 2)).startswith("Correct!")
    assert exercises.check("demo_naive_gap", round(gap / 2, 2)).startswith("Not quite yet")
