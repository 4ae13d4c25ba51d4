"""Build the HTML API reference from the package's docstrings (numpy style) into docs/api/.

    python docs/build_api.py [OUT]

Every public module gets a page; the front page (the package's docstring) links the report pages
and the lessons. A warning while reading the docstrings fails the build.
"""

from __future__ import annotations

import pkgutil
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules() -> list[str]:
    """The package and its modules one level down (a subpackage's page lists its own modules)."""
    import retention_kit

    below = sorted(m.name for m in pkgutil.iter_modules(retention_kit.__path__, "retention_kit."))
    return ["retention_kit", *[m for m in below if not m.rsplit(".", 1)[1].startswith("_")
                               and m != "retention_kit.notebooks"]]


def build(out: Path) -> list[str]:
    """Write the reference into `out`; returns the warnings pdoc gave (none in a clean build)."""
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="numpy", footer_text="retention_kit API reference")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*modules(), output_directory=out)
    return [str(w.message) for w in caught if not issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))]


if __name__ == "__main__":
    problems = build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "api")
    for problem in problems:
        print("warning:", problem, file=sys.stderr)
    sys.exit(1 if problems else 0)
