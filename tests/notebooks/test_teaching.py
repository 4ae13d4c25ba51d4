"""The course notebooks run under papermill in both languages; the teacher's copy shows solutions."""

import re
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from retention_kit import exercises, teaching

pytestmark = pytest.mark.slow  # lessons run as notebooks; make test-fast leaves them out

COURSES = Path(__file__).resolve().parents[2] / "notebooks" / "teaching"
COURSE = COURSES / "01_retention_course.ipynb"


def outputs(nb) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts.append(data.get("text/markdown", "") + data.get("text/plain", "") + out.get("text", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("course, lang, greeting, prompt", [
    ("01_retention_course", "en", "Customer retention: a first course", "Type your answer"),
    ("01_retention_course", "nl", "Klantbehoud: een eerste les", "Typ je antwoord"),
    ("02_churn_reasons_course", "en", "Why customers leave: a course on churn reasons", "Type your answer"),
    ("02_churn_reasons_course", "nl", "Waarom klanten vertrekken", "Typ je antwoord"),
    ("03_loyalty_course", "en", "Did the loyalty programme work?", "Type your answer"),
    ("03_loyalty_course", "nl", "Werkte het loyaliteitsprogramma?", "Typ je antwoord"),
    ("04_campaigns_course", "en", "Retention campaigns: did it work", "Type your answer"),
    ("04_campaigns_course", "nl", "Behoudcampagnes: werkte het", "Typ je antwoord"),
])
def test_course_runs_in_both_languages(tmp_path, course, lang, greeting, prompt):
    out = tmp_path / f"{course}_{lang}.ipynb"
    pm.execute_notebook(str(COURSES / f"{course}.ipynb"), str(out), parameters={"lang": lang}, cwd=str(COURSES),
                        progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    text = outputs(nb)
    assert greeting in text and prompt in text
    assert "Solution" not in text and "Uitwerking" not in text
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert figures >= 1


def test_every_exercise_in_the_courses_exists():
    for path in COURSES.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for name in re.findall(r'rk\.teaching\.(?:exercise|feedback)\("([a-z0-9_]+)"', cell.source):
                assert name in exercises.EXERCISES, (path.name, name)
            for key in re.findall(r'rk\.teaching\.show\("([a-z0-9_.]+)"', cell.source):
                assert key in teaching.NARRATIVE, (path.name, key)


def test_teacher_copy_shows_solutions(tmp_path):
    out = tmp_path / "teacher.ipynb"
    pm.execute_notebook(str(COURSE), str(out), parameters={"show_solutions": True}, cwd=str(COURSE.parent),
                        progress_bar=False)
    assert "**Solution:** 80: ((190 - 30) / 200) x 100 = 80%." in outputs(nbformat.read(out, as_version=4))


def test_every_text_exists_in_both_languages():
    for key, texts in teaching.NARRATIVE.items():
        assert set(texts) == {"en", "nl"}, key
