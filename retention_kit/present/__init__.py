"""The presentation layer: everything a reader sees, in English or Dutch.

The analysis modules (``kpi``, ``cohorts``, ``survival``, ``clv``, ``reasons``, ``loyalty``,
``campaigns``, ...) return numbers: frames with documented snake_case columns and result
objects with ``.summary()`` and ``.plot(ax=)``. They take no language and hold no sentences.
This package turns those numbers into what a reader sees:

- :mod:`.i18n`: labels, sentences' words, number and currency formats per language;
- :mod:`.languages`: one computation shown in several languages (tagged outputs);
- :mod:`.tables`, :mod:`.plots`, :mod:`.notes`: tables, charts and short texts for a page;
- :mod:`.headlines`: the KPI tiles of the report index;
- :mod:`.report`: the runner that executes the report notebooks into dated HTML and PDF pages;
- :mod:`.teaching`, :mod:`.exercises`: the course lessons and their self-checking exercises.

Examples
--------
>>> from retention_kit.present import i18n
>>> i18n.number(1234.5, ",.1f", "nl")
'1.234,5'
"""
