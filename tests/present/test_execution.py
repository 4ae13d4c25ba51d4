"""Notebooks that run at once share the machine: memory cap and thread pools."""

from pathlib import Path

import pytest

from retention_kit.present import execution


def test_two_notebooks_share_the_memory_cap_and_the_cores(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # a limit the user set is kept
    monkeypatch.setattr(execution.os, "cpu_count", lambda: 4)
    limits = execution._shared_limits(2)
    assert limits["OMP_NUM_THREADS"] == "2" and "OPENBLAS_NUM_THREADS" not in limits
    assert limits["RETENTION_KIT_MEMORY_LIMIT"] == execution.memory_share(2)
    assert execution._shared_limits(1)["OMP_NUM_THREADS"] == "4"


@pytest.mark.slow
def test_a_notebook_left_running_takes_the_memory_share_of_one_that_finished(tmp_path, monkeypatch):
    """Two notebooks start with half the cap each; once the quick one is done and none waits, the
    engine of the one still running sets its cap to the whole (read before its next query)."""
    import duckdb
    import nbformat

    from retention_kit.engine import memory_share

    monkeypatch.setattr(execution, "memory_share", lambda parts: memory_share(parts, "2GB"))
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    quick, slow = nbformat.v4.new_notebook(metadata=kernel), nbformat.v4.new_notebook(metadata=kernel)
    started = tmp_path / "slow-started"  # the quick one ends once the slow one has read its share
    quick.cells = [nbformat.v4.new_code_cell(
        f"import pathlib, time\nfor _ in range(2400):\n    if pathlib.Path({str(started)!r}).exists():\n"
        "        break\n    time.sleep(0.05)")]
    slow.cells = [nbformat.v4.new_code_cell(
        "import time\nimport pandas as pd\nfrom retention_kit.engine import as_table, execute, get_backend\n"
        "t, seen = as_table(pd.DataFrame({'x': [1]})), []\n"
        "for _ in range(1200):\n"
        "    execute(t)\n"
        "    seen.append(get_backend().raw_sql(\"select current_setting('memory_limit')\").fetchone()[0])\n"
        f"    open({str(started)!r}, 'w').close()\n"
        "    if len(set(seen)) > 1:\n        break\n"
        "    time.sleep(0.05)\n"
        f"open({str(tmp_path / 'seen.txt')!r}, 'w').write('|'.join(dict.fromkeys(seen)))")]
    nbformat.write(quick, tmp_path / "quick.ipynb")
    nbformat.write(slow, tmp_path / "slow.ipynb")
    (tmp_path / "stage").mkdir()
    execution.execute_notebooks([tmp_path / "slow.ipynb", tmp_path / "quick.ipynb"], tmp_path / "stage", {}, jobs=2)
    shown = lambda cap: duckdb.connect().execute(f"SET memory_limit = '{cap}'").execute(
        "select current_setting('memory_limit')").fetchone()[0]
    assert (tmp_path / "seen.txt").read_text() == f"{shown('1024MB')}|{shown('2048MB')}"
    assert not list((tmp_path / "stage").glob("*.memory"))


def test_a_failed_notebook_is_named_with_its_cell(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(notebook, tmp_path / "broken.ipynb")
    where, error = execution._first_error(tmp_path / "broken.ipynb")
    assert (where, error) == ("its start", None)  # not executed: no error output yet
    notebook.cells[1].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                                                        traceback=[])]
    notebook.cells[1].execution_count = 2
    nbformat.write(notebook, tmp_path / "broken.ipynb")
    assert execution._first_error(tmp_path / "broken.ipynb") == ("cell 1 (execution count 2)",
                                                                 "ZeroDivisionError: division by zero")


def _kernel(tmp_path, monkeypatch, first: str, then: str) -> Path:
    """A kernelspec "flaky" whose first kernel does `first` and later ones `then`: "hang" (never
    answer, as on a very busy machine), "die" (exit at once) or "answer" (a real kernel). Returns
    the file the first kernel leaves behind."""
    import json
    import sys

    flag = tmp_path / "first-attempt"
    launcher = tmp_path / "launcher.py"
    launcher.write_text(
        "import os, pathlib, sys, time\n"
        f"flag = pathlib.Path({str(flag)!r})\n"
        f"what = {then!r} if flag.exists() else {first!r}\n"
        "flag.touch()\n"
        "if what == 'hang':\n    time.sleep(600)\n"
        "if what == 'die':\n    sys.exit(1)\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', '-f', sys.argv[1]])\n")
    spec = tmp_path / "jupyter" / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "{connection_file}"], "display_name": "flaky", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return flag


def _page(tmp_path) -> Path:
    import nbformat

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "flaky", "display_name": "flaky",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell("answer = 6 * 7\nanswer")]
    nbformat.write(notebook, tmp_path / "page.ipynb")
    (tmp_path / "stage").mkdir()
    return tmp_path / "page.ipynb"


@pytest.mark.slow
def test_a_kernel_that_dies_at_start_is_started_again_once(tmp_path, monkeypatch):
    import nbformat

    first = _kernel(tmp_path, monkeypatch, first="die", then="answer")
    page = _page(tmp_path)
    executed = execution.execute_notebooks([page], tmp_path / "stage", {}, jobs=1)
    assert first.exists()  # the first kernel was started, died before answering and was replaced
    assert nbformat.read(executed[page], as_version=4).cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert not list((tmp_path / "stage").glob("*.log"))


@pytest.mark.slow
def test_a_kernel_that_never_answers_twice_fails_the_run_with_both_attempts_logged(tmp_path, monkeypatch):
    _kernel(tmp_path, monkeypatch, first="hang", then="hang")
    monkeypatch.setattr(execution, "KERNEL_START_SECONDS", 2)
    page = _page(tmp_path)
    with pytest.raises(execution.NotebookFailed, match="page.ipynb failed in its start.*Kernel didn't respond in 2"):
        execution.execute_notebooks([page], tmp_path / "stage", {}, jobs=1)
    log = (tmp_path / "stage" / "page.log").read_text()
    assert log.count("RuntimeError: Kernel didn't respond in 2 seconds") == 2


def _cmdline(process) -> list[str]:
    import psutil
    try:
        return process.cmdline()
    except psutil.Error:
        return []


@pytest.mark.slow
def test_a_kernel_killed_mid_run_is_named_with_its_notebook_and_cell(tmp_path):
    """A kernel killed from outside (the out-of-memory killer) while a cell runs: the run fails with
    the notebook, the cell and what to try; no kernel is left running."""
    import nbformat
    import psutil

    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"),
                      nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
                      nbformat.v4.new_code_cell("y = 2")]
    nbformat.write(notebook, tmp_path / "dies.ipynb")
    (tmp_path / "stage").mkdir()
    def kernels() -> set[int]:
        # Only this test's own descendants: other test workers run notebooks at the same time.
        return {p.pid for p in psutil.Process().children(recursive=True)
                if "ipykernel" in " ".join(_cmdline(p))}

    before = kernels()
    with pytest.raises(execution.NotebookFailed, match=r"notebook dies\.ipynb failed in cell 1: its kernel stopped "
                                                       r"while this cell ran .*RETENTION_KIT_MEMORY_LIMIT"):
        execution.execute_notebooks([tmp_path / "dies.ipynb"], tmp_path / "stage", {}, jobs=1)
    assert kernels() <= before
