"""The presentation boundary: analysis and data modules take no language and import no
presentation module, except where a result hands itself over to be drawn or displayed."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "retention_kit"
#: modules outside ``present/`` that are not analysis: the package's front door and the command
NOT_ANALYSIS = {"__init__.py", "cli.py"}
ANALYSIS = sorted(p for p in PACKAGE.glob("*.py") if p.name not in NOT_ANALYSIS)
#: where an analysis result hands over to the presentation layer: drawing and notebook display
HANDOVERS = {"plot", "_repr_html_"}
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


def test_the_analysis_modules_are_found():
    names = {p.stem for p in ANALYSIS}
    assert {"kpi", "cohorts", "survival", "clv", "reasons", "loyalty", "campaigns", "data"} <= names
    assert not names & {"i18n", "languages", "notes", "tables", "plots", "report"}


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.stem)
def test_an_analysis_module_imports_presentation_only_to_hand_a_result_over(path):
    for module, function in _imports(ast.parse(path.read_text())):
        parts = module.lstrip(".").split(".")
        assert not LANGUAGE_MODULES & set(parts), f"{path.name} imports the language module {module}"
        if "present" in parts:
            assert function in HANDOVERS, f"{path.name} imports {module} in {function or 'the module'}"


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.stem)
def test_no_analysis_function_takes_a_language(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            assert "lang" not in {a.arg for a in arguments}, f"{path.name}: {node.name} takes lang"
