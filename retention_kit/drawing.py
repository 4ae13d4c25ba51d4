"""Where an analysis result hands itself over to be drawn. The presentation layer registers its
chart functions here by name when the package is imported; a result's ``.plot()`` asks for its
chart by that name, so analysis never imports the presentation layer (the floors stay one way).

>>> register(lambda result, ax=None: f"drawn {result}", name="example_plot")
>>> draw("example_plot", 42)
'drawn 42'
"""

from __future__ import annotations

from typing import Callable

#: chart name -> the function that draws it (filled by retention_kit.present.plots)
DRAWERS: dict[str, Callable] = {}


def register(function: Callable, name: str | None = None) -> None:
    """Make `function` the chart called `name` (default: the function's own name)."""
    DRAWERS[name or function.__name__] = function


def draw(name: str, *args, **kwargs):
    """Draw the chart `name` with `args` and `kwargs` (an Axes comes back)."""
    try:
        function = DRAWERS[name]
    except KeyError:
        raise RuntimeError(f"no chart called {name!r} is registered; import retention_kit (its presentation "
                           "layer registers the charts) before drawing") from None
    return function(*args, **kwargs)
