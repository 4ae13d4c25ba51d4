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


GREETINGS = {
    "01_retention_course": ("Customer retention: a first course", "Klantbehoud: een eerste les"),
    "02_churn_reasons_course": ("Why customers leave: a course on churn reasons", "Waarom klanten vertrekken"),
    "03_loyalty_course": ("Did the loyalty programme work?", "Werkte het loyaliteitsprogramma?"),
    "04_campaigns_course": ("Retention campaigns: did it work", "Behoudcampagnes: werkte het"),
    "05_subscriptions_course": ("Subscriptions: retention when customers cancel",
                                "Abonnementen: klantbehoud als klanten opzeggen"),
}
PROMPTS = {"en": "Type your answer", "nl": "Typ je antwoord"}


#: the course run as the teacher's copy (solutions shown); the others run as students see them
TEACHER_COPY = COURSE.stem
SOLUTIONS = {"en": "**Solution:** 80: ((190 - 30) / 200) x 100 = 80%.", "nl": "**Uitwerking:** 80"}


@pytest.mark.parametrize("course", sorted(GREETINGS))
def test_one_run_of_a_course_gives_both_languages(tmp_path, course):
    """Lessons and reports share one mechanism: a run with both languages tags every text, table
    and chart with its language, and each language keeps its own outputs. The students' copy
    shows no solution; the teacher's copy shows each in the reader's language."""
    from retention_kit.present.languages import keep_language

    out = tmp_path / f"{course}.ipynb"
    teacher = course == TEACHER_COPY
    pm.execute_notebook(str(COURSES / f"{course}.ipynb"), str(out),
                        parameters={"lang": ["en", "nl"], "show_solutions": teacher}, cwd=str(COURSES),
                        progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    for lang, other in (("en", "nl"), ("nl", "en")):
        for cell in nb.cells:
            cell.outputs = keep_language(cell.get("outputs", []), lang) if cell.cell_type == "code" else []
        text = outputs(nb)
        greeting = GREETINGS[course][lang == "nl"]
        assert greeting in text and PROMPTS[lang] in text, lang
        assert GREETINGS[course][other == "nl"] not in text and PROMPTS[other] not in text, lang
        assert "PerLanguage" not in text
        if teacher:
            assert SOLUTIONS[lang] in text and SOLUTIONS[other] not in text, lang
        else:
            assert "Solution" not in text and "Uitwerking" not in text
        figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        assert figures >= 1
        nb = nbformat.read(out, as_version=4)


def test_every_exercise_in_the_courses_exists():
    for path in COURSES.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for name in re.findall(r'rk\.teaching\.(?:exercise|feedback)\("([a-z0-9_]+)"', cell.source):
                assert name in exercises.EXERCISES, (path.name, name)
            for key in re.findall(r'rk\.teaching\.show\("([a-z0-9_.]+)"', cell.source):
                assert key in teaching.NARRATIVE, (path.name, key)


def test_every_text_exists_in_both_languages():
    for key, texts in teaching.NARRATIVE.items():
        assert set(texts) == {"en", "nl"}, key
