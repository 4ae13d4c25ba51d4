"""The course notebook runs under papermill in both languages; the teacher's copy shows solutions."""

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from retention_kit import teaching

COURSE = Path(__file__).resolve().parents[2] / "notebooks" / "teaching" / "01_retention_course.ipynb"


def outputs(nb) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts.append(data.get("text/markdown", "") + data.get("text/plain", "") + out.get("text", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("lang, greeting, prompt", [
    ("en", "Customer retention: a first course", "Type your answer"),
    ("nl", "Klantbehoud: een eerste les", "Typ je antwoord"),
])
def test_course_runs_in_both_languages(tmp_path, lang, greeting, prompt):
    out = tmp_path / f"course_{lang}.ipynb"
    pm.execute_notebook(str(COURSE), str(out), parameters={"lang": lang}, cwd=str(COURSE.parent), progress_bar=False)
    text = outputs(nbformat.read(out, as_version=4))
    assert greeting in text and prompt in text
    assert "Solution" not in text and "Uitwerking" not in text


def test_teacher_copy_shows_solutions(tmp_path):
    out = tmp_path / "teacher.ipynb"
    pm.execute_notebook(str(COURSE), str(out), parameters={"show_solutions": True}, cwd=str(COURSE.parent),
                        progress_bar=False)
    assert "**Solution:** 80: ((190 - 30) / 200) x 100 = 80%." in outputs(nbformat.read(out, as_version=4))


def test_every_text_exists_in_both_languages():
    for key, texts in teaching.NARRATIVE.items():
        assert set(texts) == {"en", "nl"}, key
