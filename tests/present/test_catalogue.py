"""The text catalogue: one TOML file per language with the same keys, the same placeholders and
no text missing in one language; every exercise has its words and every set of words an exercise."""

import string

import pytest

from retention_kit.present.catalogue import LANGS, catalogue, in_every_language
from retention_kit.present.exercises import EXERCISES


def _flat(tree, prefix=""):
    """{"section.key" (or "exercises.name.part"): text} of a catalogue."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_language_has_the_same_keys_and_no_empty_text():
    flat = {lang: dict(_flat(catalogue(lang))) for lang in LANGS}
    assert len(flat["en"]) > 600
    for lang in LANGS[1:]:
        assert set(flat[lang]) == set(flat["en"]), set(flat[lang]) ^ set(flat["en"])
    # a text left empty on purpose (a blank column header) is empty in every language
    empty = {key for key in flat["en"] if len({bool(flat[lang][key].strip()) for lang in LANGS}) > 1}
    assert not empty, empty


@pytest.mark.parametrize("section", ["labels", "notes", "lessons", "messages"])
def test_a_text_has_the_same_placeholders_in_every_language(section):
    differ = {key: texts for key, texts in in_every_language(section).items()
              if len({frozenset(_placeholders(t)) for t in texts}) > 1}
    assert not differ, differ


def test_every_exercise_has_its_words_and_every_set_of_words_an_exercise():
    for lang in LANGS:
        written = catalogue(lang)["exercises"]
        assert set(written) == set(EXERCISES)
        assert all(set(parts) == {"question", "hint", "explanation"} for parts in written.values())
    assert EXERCISES["crr_worked"].words("hint", "nl").startswith("CRR = ((E - N) / S) x 100: trek eerst")
