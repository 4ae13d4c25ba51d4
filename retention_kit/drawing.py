"""What analysis results share to draw themselves.

A result draws with ``.plot(*, ax=None, **labels) -> Axes``: titles, axis labels and legend
entries are keyword arguments (plain defaults: the data's own names, no title), so the
presentation layer (:mod:`retention_kit.present.plots`) only supplies a language's words and
number formats. Nothing here knows a language.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = axes()
>>> words({"xlabel": "dagen"}, xlabel="days", ylabel="survival")
{'xlabel': 'dagen', 'ylabel': 'survival'}
"""

from __future__ import annotations

#: The colours of every chart (the report theme's palette).
PALETTE = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"]
#: The colour of reference lines (no effect, a boundary).
GREY = "#718096"


def axes(ax=None):
    """`ax`, or the Axes of a new figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def words(labels: dict, **defaults) -> dict:
    """The labels a chart uses: each of `defaults` (name=plain default) unless `labels` gives it; a
    label the chart does not have is an error, as an unknown keyword is."""
    unknown = sorted(set(labels) - set(defaults))
    if unknown:
        raise TypeError(f"the chart has no label {', '.join(map(repr, unknown))}; its labels are "
                        f"{', '.join(map(repr, defaults))}")
    return {name: labels.get(name, default) for name, default in defaults.items()}
