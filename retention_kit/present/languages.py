"""One computation, shown in several languages.

A report notebook runs once with ``lang=["en", "nl"]``: every table, chart and note is
rendered once per language from the same numbers, and each output is tagged with its
language (output metadata ``rk_lang``), so the page of one language keeps only its own
outputs. With one language (a string) nothing changes.

Examples
--------
>>> @per_language
... def greeting(name, lang="en"):
...     return {"en": "Hello", "nl": "Hallo"}[lang] + " " + name
>>> greeting("Ada", lang="nl")
'Hallo Ada'
>>> greeting("Ada", lang=["en", "nl"]).outputs
{'en': 'Hello Ada', 'nl': 'Hallo Ada'}
"""

from __future__ import annotations

import functools
import inspect

from .i18n import LANGS, Locale, check_lang, currency_of

#: The output metadata key that names an output's language.
METADATA_KEY = "rk_lang"


def codes(lang) -> list[str]:
    """The language codes of `lang` ("nl", ["en", "nl"] or "en,nl"), each checked.

    >>> codes("en, nl"), codes(["nl"])
    (['en', 'nl'], ['nl'])
    """
    langs = [Locale(one.strip(), currency_of(one) or currency_of(lang))  # each keeps the currency it was given
             for one in (lang.split(",") if isinstance(lang, str) else lang) if one.strip()]
    for one in langs:
        check_lang(one)
    return langs


def several(lang) -> list[str] | None:
    """The languages of `lang` when it names more than one, else None.

    >>> several("en,nl"), several("nl"), several(["nl"])
    (['en', 'nl'], None, None)
    """
    langs = codes(lang)
    return langs if len(langs) > 1 else None


def single(lang) -> str:
    """`lang` as one language code ("nl", ["nl"] and "nl," are all "nl")."""
    langs = codes(lang)
    if len(langs) != 1:
        raise ValueError(f"expected one language of {LANGS}, not {lang!r}")
    return langs[0]


class PerLanguage:
    """One output per language; shown in a notebook, each is displayed tagged with its language."""

    def __init__(self, outputs: dict):
        self.outputs = outputs

    def __getitem__(self, lang: str):
        return self.outputs[lang]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for lang, output in self.outputs.items():
            display(output, metadata={METADATA_KEY: lang})

    def __repr__(self) -> str:
        return f"<PerLanguage {', '.join(self.outputs)}>"


def per_language(render):
    """Let `render` (a function with a `lang` argument) take several languages: it is then called
    once per language and returns a :class:`PerLanguage`."""
    signature = inspect.signature(render)

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        langs = several(bound.arguments.get("lang", "en"))
        if langs is None:
            if "lang" in bound.arguments:
                bound.arguments["lang"] = single(bound.arguments["lang"])
            return render(*bound.args, **bound.kwargs)
        outputs = {}
        for lang in langs:
            bound.arguments["lang"] = lang
            outputs[lang] = render(*bound.args, **bound.kwargs)
        return PerLanguage(outputs)

    return wrapper


class Note(str):
    """A text in Markdown: a notebook shows it formatted, and it is a string everywhere else."""

    def _repr_markdown_(self) -> str:
        return str(self)


def markdown(write):
    """Let `write` (a function of `lang` that returns Markdown text) return a :class:`Note`, and one
    per language when given several: report notes and lesson texts alike.

    >>> @markdown
    ... def hello(lang="en"):
    ...     return {"en": "**Hello**", "nl": "**Hallo**"}[lang]
    >>> hello(lang="nl")._repr_markdown_(), sorted(hello(lang="en,nl").outputs)
    ('**Hallo**', ['en', 'nl'])
    """

    @per_language
    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        return Note(write(*args, **kwargs))

    return wrapper


def keep_language(outputs: list, lang: str) -> list:
    """The notebook outputs of `lang`: untagged outputs and those tagged with `lang`."""
    return [o for o in outputs if o.get("metadata", {}).get(METADATA_KEY, lang) == lang]
