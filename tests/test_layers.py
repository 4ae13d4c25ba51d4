"""The floors of the package, as rules without exceptions: the engine (with the other bottom
modules) builds on nothing of the package, the data layer only on the engine, analysis on both,
and presentation on everything. Analysis modules take no language and never import the
presentation layer: a result draws itself with the labels it is given (retention_kit.drawing), and the
presentation layer gives it the words of a language."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "retention_kit"
#: the bottom floor: the engine and the small modules every floor may use
BOTTOM = {"engine", "errors", "settings", "intervals", "compat", "drawing"}
#: the demo shop and service: raw tables made from numbers, readable by the data layer like a file
SOURCES = {"demo", "demo_lines", "demo_campaigns", "demo_subscriptions"}
DATA = sorted((PACKAGE / "data").glob("*.py"))
#: modules outside ``present/`` that are not analysis: the package's front door and the command
NOT_ANALYSIS = {"__init__.py", "cli.py"}
#: the analysis modules, and the packages of them (clv)
ANALYSIS = sorted([p for p in PACKAGE.glob("*.py") if p.name not in NOT_ANALYSIS and p.stem not in BOTTOM | SOURCES]
                  + list((PACKAGE / "clv").rglob("*.py")))
LANGUAGE_MODULES = {"i18n", "languages"}


def _imports(tree):
    """(imported module path, name of the enclosing function or None) for every import."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.ImportFrom):
                module = child.module or ""
                names = [module + "." + a.name if module else a.name for a in child.names]
                found.extend(("." * child.level + name, function) for name in names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, function) for a in child.names)
            visit(child, inner)

    visit(tree, None)
    return found


def test_the_floors_are_found():
    names = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in ANALYSIS}
    assert {"kpi", "cohorts", "survival", "clv", "reasons", "loyalty", "campaigns", "targeting"} <= names
    assert not names & {"i18n", "languages", "notes", "tables", "plots", "report", "data", "engine"}
    assert {p.stem for p in DATA} >= {"contract", "load", "tables", "ledger", "lines", "snapshot"}


def _package_parts(module: str, path: Path) -> list[str]:
    """The package path an import in `path` names, from the package root: ``..engine`` in
    data/load.py is ["engine"], ``.tables`` there is ["data", "tables"]."""
    level = len(module) - len(module.lstrip("."))
    if not level:
        parts = module.split(".")
        return parts[1:] if parts[0] == "retention_kit" else []
    here = list(path.relative_to(PACKAGE).parent.parts)
    base = here[: len(here) - (level - 1)] if level > 1 else here
    return base + [p for p in module.lstrip(".").split(".") if p]


@pytest.mark.parametrize("path", [PACKAGE / f"{m}.py" for m in sorted(BOTTOM | SOURCES)], ids=lambda p: p.stem)
def test_the_bottom_floor_and_the_demo_sources_build_on_the_bottom_floor_only(path):
    allowed = BOTTOM | (SOURCES if path.stem in SOURCES else set())
    for module, function in _imports(ast.parse(path.read_text())):
        parts = _package_parts(module, path)
        assert not parts or parts[0] in allowed, f"{path.name} imports {module} (in {function or 'the module'})"


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_the_data_layer_builds_on_the_engine_and_the_demo_sources_only(path):
    for module, function in _imports(ast.parse(path.read_text())):
        parts = _package_parts(module, path)
        assert not parts or parts[0] in BOTTOM | SOURCES | {"data"}, (
            f"data/{path.name} imports {module} (in {function or 'the module'})")


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_an_analysis_module_never_imports_the_presentation_layer(path):
    for module, function in _imports(ast.parse(path.read_text())):
        parts = module.lstrip(".").split(".")
        assert not LANGUAGE_MODULES & set(parts), f"{path.name} imports the language module {module}"
        assert "present" not in parts, f"{path.name} imports {module} in {function or 'the module'}"


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_analysis_function_takes_a_language(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            assert "lang" not in {a.arg for a in arguments}, f"{path.name}: {node.name} takes lang"
