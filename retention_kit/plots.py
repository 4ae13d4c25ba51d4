"""One function per chart: each draws on `ax` (or a new Axes) and returns it.

Matplotlib and seaborn are imported inside the functions, so ``import
retention_kit`` stays fast. The theme is opt-in: :func:`set_theme` or the
:func:`style` context; importing the package changes no global settings.

Examples
--------
>>> import pandas as pd
>>> from retention_kit.overview import activity_by_period
>>> orders = pd.DataFrame({"customer_id": [1, 2, 1], "order_date": ["2024-01-05", "2024-01-09", "2024-02-10"],
...                        "revenue": [10.0, 20.0, 5.0]})
>>> ax = activity_plot(activity_by_period(orders), lang="nl")
>>> ax.get_ylabel()
'bestellingen'
"""

from __future__ import annotations

import contextlib

import pandas as pd

from .i18n import label

#: Colours used across charts: a calm blue, a warm accent, and greys.
PALETTE = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#718096"]


def theme_rc() -> dict:
    """The matplotlib settings of the retention_kit theme."""
    return {
        "figure.figsize": (9, 4.5),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
    }


def set_theme() -> None:
    """Apply the retention_kit look (seaborn whitegrid, our palette) to all later charts."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=PALETTE, rc=theme_rc())


@contextlib.contextmanager
def style():
    """Use the retention_kit look inside a ``with`` block only."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    with plt.rc_context(theme_rc()), sns.axes_style("whitegrid"), sns.color_palette(PALETTE):
        yield


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.figure().add_subplot()


def activity_plot(activity: pd.DataFrame, *, lang: str = "en", ax=None):
    """Orders per period as bars and new customers as a line (from :func:`activity_by_period`)."""
    ax = _axes(ax)
    x = pd.to_datetime(activity["period"])
    width = (x.diff().dt.days.median() if len(x) > 1 else 30) * 0.8
    ax.bar(x, activity["orders"], width=width, color=PALETTE[0], alpha=0.8, label=label("word.orders", lang))
    ax.plot(x, activity["new_customers"], color=PALETTE[1], marker="o", ms=3, label=label("word.new_customers", lang))
    ax.set_ylabel(label("word.orders", lang))
    ax.set_xlabel(label("word.period", lang))
    ax.set_title(f"{label('word.orders', lang)} & {label('word.new_customers', lang)}".capitalize())
    ax.legend(loc="upper left")
    return ax
