"""Notebooks that run at once share the machine: memory cap and thread pools."""

from retention_kit.present import execution


def test_two_notebooks_share_the_memory_cap_and_the_cores(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # a limit the user set is kept
    monkeypatch.setattr(execution.os, "cpu_count", lambda: 4)
    limits = execution._shared_limits(2)
    assert limits["OMP_NUM_THREADS"] == "2" and "OPENBLAS_NUM_THREADS" not in limits
    assert limits["RETENTION_KIT_MEMORY_LIMIT"] == execution.memory_share(2)
    assert execution._shared_limits(1)["OMP_NUM_THREADS"] == "4"


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
