"""Results share one shape: a result that can be drawn also has a summary() frame."""

import inspect
from pathlib import Path

import pandas as pd

import retention_kit as rk
from retention_kit.loyalty import EventStudy
from retention_kit.clv import ChurnRisk
from retention_kit.window import ActiveWindow

PACKAGE = Path(rk.__file__).parent


def _drawn_results():
    """(qualified name, class) of every class below the presentation layer that has a ``plot``."""
    import importlib

    for path in sorted(PACKAGE.rglob("*.py")):
        if "present" in path.parts or path.name == "__init__.py":
            continue
        module = importlib.import_module("retention_kit." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for name, kind in inspect.getmembers(module, inspect.isclass):
            if kind.__module__ == module.__name__ and hasattr(kind, "plot"):
                yield f"{module.__name__}.{name}", kind


def test_every_result_that_draws_itself_also_summarises_itself():
    results = list(_drawn_results())
    missing = [name for name, kind in results if not hasattr(kind, "summary")]
    seen = len(results)
    assert not missing and seen >= 12, (missing, seen)


def test_summaries_are_frames():
    frame = pd.DataFrame({"x": [1]})
    assert isinstance(ActiveWindow(90).summary(), pd.DataFrame)
    assert ChurnRisk(customers=frame, segments=frame, model=None).summary() is frame
    assert EventStudy(by_event_time=frame, overall=None, cohorts=frame).summary() is frame
    assert "summary" in dict(inspect.getmembers(rk.fit_bgnbd.__globals__["BetaGeoModel"]))


def test_competing_risks_summarise_the_incidence_at_set_tenures_by_hand():
    from retention_kit.reasons import CompetingRisks

    incidence = pd.DataFrame({"price": [0.0, 0.05, 0.10, 0.20], "service": [0.0, 0.01, 0.03, 0.04]},
                             index=[0, 100, 200, 400])
    table = CompetingRisks(incidence, pd.Series(dtype=float), {}).summary()
    assert table.loc["price"].tolist() == [0.0, 0.05, 0.10] and table.loc["service", "365d"] == 0.03


def test_every_interval_is_named_ci_low_and_ci_high():
    """A result with one estimate has ci_low / ci_high; one with several, <estimate>_ci_low /
    <estimate>_ci_high: no other name for an interval's ends anywhere in the package."""
    import re

    package = Path(rk.__file__).parent
    odd = {(path.name, name) for path in package.rglob("*.py")
           for name in re.findall(r"[\"'](\w+_(?:low|high))[\"']", path.read_text())
           if not re.search(r"(^|_)ci_(low|high)$", name)}
    assert odd == set()


def test_every_result_draws_with_ax_and_its_labels_as_arguments():
    """.plot(*, ax=None, **labels): titles and axis labels are arguments, so drawing needs no language."""
    odd = []
    for name, kind in _drawn_results():
        parameters = inspect.signature(kind.plot).parameters
        takes_labels = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        if parameters.get("ax") is None or parameters["ax"].kind is not inspect.Parameter.KEYWORD_ONLY \
                or parameters["ax"].default is not None or not takes_labels:
            odd.append(name)
    assert not odd, odd


def test_a_result_draws_the_labels_it_is_given_and_refuses_one_it_does_not_have():
    import matplotlib

    matplotlib.use("Agg")
    import pytest

    study = EventStudy(by_event_time=pd.DataFrame({"estimate": [0.0, 1.0], "ci_low": [-1.0, 0.5],
                                                   "ci_high": [1.0, 1.5]}, index=[-1, 0]), overall=None, cohorts=None)
    ax = study.plot(xlabel="maanden sinds lid worden")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("maanden sinds lid worden", "effect")
    with pytest.raises(TypeError, match="no label 'colour'; its labels are 'xlabel', 'ylabel'"):
        study.plot(colour="red")
