"""Execute report notebooks with papermill, several at a time, each in its own process.

The notebooks of a report do not depend on each other (they all read the same snapshot),
so on a machine with two cores two of them run at once. Each runs in a child process with
its own kernel; when the run is stopped (an error in another notebook, Ctrl-C, SIGTERM), every
child still running is interrupted the way Ctrl-C would, so papermill shuts its kernel down,
and is killed if it does not stop in time. Further Ctrl-Cs (a terminal sends each to every
process of the run) wait for that, in the runner and in the children. No kernel is left behind.

Examples
--------
>>> executed = execute_notebooks(notebooks, stage, params, jobs=2)   # doctest: +SKIP
>>> executed[notebooks[0]].parent == stage                              # doctest: +SKIP
True
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..engine import MEMORY_FILE_ENV, memory_share

#: the environment variable that caps DuckDB's memory in each notebook process
MEMORY_ENV = "RETENTION_KIT_MEMORY_LIMIT"

#: how long a stopped child gets to shut its kernel down before it is killed
GRACE_SECONDS = 20

#: how long a kernel may take to answer its first message (papermill's default is 60 s; a
#: machine busy with other work can need more)
KERNEL_START_SECONDS = 180

#: what papermill's log says when a kernel never answered: nothing ran yet, so the notebook is
#: started once more on a fresh kernel
KERNEL_START_FAILURES = ("Kernel didn't respond", "Kernel died before replying")


class NotebookFailed(RuntimeError):
    """A notebook stopped with an error; the message names the notebook, the cell and the error."""


@dataclass
class _Running:
    notebook: Path
    target: Path
    log: Path
    process: subprocess.Popen
    started: float
    params: dict
    env: dict
    attempt: int = 1


def default_jobs() -> int:
    """Notebooks run at once: one per core, at most two (each kernel also uses DuckDB's threads)."""
    return max(1, min(2, os.cpu_count() or 1))


def execute_notebooks(notebooks: list[Path], stage: Path, params: dict, *, jobs: int | None = None,
                      env: dict[Path, dict] | None = None, progress: bool = False) -> dict[Path, Path]:
    """Execute every notebook into `stage` (``stage/<name>.ipynb``), `jobs` at a time, and return
    {notebook: executed notebook}. Each notebook gets the `params` it declares, and the extra
    environment variables ``env[notebook]``. The notebooks running at once share DuckDB's memory
    cap (``RETENTION_KIT_MEMORY_LIMIT``, 6GB unless set). The first failure stops the others and
    raises :class:`NotebookFailed`."""
    import papermill as pm

    jobs = jobs or default_jobs()
    shared = _shared_limits(min(jobs, len(notebooks)) or 1)
    waiting, running, done = list(notebooks), [], {}
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                notebook = waiting.pop(0)
                declared = pm.inspect_notebook(str(notebook))  # each notebook gets the settings it has parameters for
                running.append(_start(notebook, stage, {k: v for k, v in params.items() if k in declared},
                                      {**shared, **(env or {}).get(notebook, {})}))
            time.sleep(0.1)
            for run in [r for r in running if r.process.poll() is not None]:
                running.remove(run)
                if run.attempt == 1 and run.process.returncode != 0 and _kernel_never_answered(run):
                    running.append(_restart(run))
                    continue
                _check(run)
                done[run.notebook] = run.target
                run.log.unlink(missing_ok=True)
                _memory_file(run).unlink(missing_ok=True)
                if not waiting:  # the last ones running take the share of those that finished
                    _lend_memory(running)
                if progress:
                    print(f"{run.notebook.name}: {time.monotonic() - run.started:.0f} s", file=sys.stderr)
    finally:
        with _uninterrupted():  # a second Ctrl-C must not leave a kernel behind
            for run in running:
                _stop(run.process)
                _memory_file(run).unlink(missing_ok=True)
    return done


def _memory_file(run: _Running) -> Path:
    """The file whose content is the memory cap `run`'s notebook may use now (its engine reads it
    before every query)."""
    return Path(run.env[MEMORY_FILE_ENV])


def _lend_memory(running: list[_Running]) -> None:
    """Divide the memory cap among the notebooks still `running`: once no notebook waits, a
    notebook that finished leaves its share to the others (a 100M-order retention notebook that
    groups 15M customers spills to disk within half the cap, not within the whole)."""
    for run in running:
        _memory_file(run).write_text(memory_share(len(running)), encoding="utf-8")


@contextlib.contextmanager
def _uninterrupted():
    """Ctrl-C ignored while the children are stopped (a second press would cut their shutdown short);
    outside the main thread, where signals cannot be set, nothing changes."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


#: thread pools of numerical libraries (OpenMP in scikit-learn's boosting, BLAS in numpy)
THREAD_ENVS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _shared_limits(parts: int) -> dict:
    """The environment that lets `parts` notebooks share the machine: each gets its share of
    DuckDB's memory cap and of the cores for its thread pools (OpenMP threads that outnumber the
    cores spin and slow every notebook down). Limits the user set are kept."""
    threads = str(max(1, (os.cpu_count() or 1) // parts))
    limits = {MEMORY_ENV: memory_share(parts), **{name: threads for name in THREAD_ENVS}}
    return {name: value for name, value in limits.items() if name not in os.environ or name == MEMORY_ENV}


def _start(notebook: Path, stage: Path, params: dict, env: dict, attempt: int = 1) -> _Running:
    target = stage / notebook.name
    parameters = stage / f"{notebook.stem}.parameters.json"
    parameters.write_text(json.dumps(params), encoding="utf-8")
    share = stage / f"{notebook.stem}.memory"
    share.write_text(env.get(MEMORY_ENV, memory_share(1)), encoding="utf-8")
    env = {**env, MEMORY_FILE_ENV: str(share)}
    log = stage / f"{notebook.stem}.log"
    with open(log, "ab" if attempt > 1 else "wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", f"{__package__}.notebook_process", str(notebook), str(target), str(parameters),
             str(notebook.parent), str(KERNEL_START_SECONDS)],
            stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **env})
    return _Running(notebook, target, log, process, time.monotonic(), params, env, attempt)


def _kernel_never_answered(run: _Running) -> bool:
    """True when `run` failed because its kernel did not start, before any cell ran."""
    log = run.log.read_text(encoding="utf-8", errors="replace")
    return _first_error(run.target)[1] is None and any(failure in log for failure in KERNEL_START_FAILURES)


def _restart(run: _Running) -> _Running:
    """Start `run`'s notebook again on a fresh kernel; its log keeps the first attempt's lines."""
    print(f"{run.notebook.name}: its kernel did not answer; starting it again", file=sys.stderr)
    return _start(run.notebook, run.target.parent, run.params, run.env, attempt=run.attempt + 1)


def _check(run: _Running) -> None:
    """Raise :class:`NotebookFailed` when `run` ended with an error, naming the cell that failed."""
    run.target.with_name(f"{run.notebook.stem}.parameters.json").unlink(missing_ok=True)
    if run.process.returncode == 0:
        return
    where, error = _first_error(run.target)
    log = run.log.read_text(encoding="utf-8", errors="replace")
    if error is None and any(death in log for death in KERNEL_DEATHS):
        where, error = _last_started(run.target), (
            "its kernel stopped while this cell ran (the process was killed, or the machine ran out of memory: "
            f"lower {MEMORY_ENV} or run one notebook at a time with jobs=1)")
    if error is None:
        error = " / ".join(log.strip().splitlines()[-3:]) or f"exit code {run.process.returncode}"
    raise NotebookFailed(f"notebook {run.notebook.name} failed in {where}: {error}")


#: What papermill's log says when a kernel died after it had started running cells.
KERNEL_DEATHS = ("DeadKernelError", "Kernel died")


def _last_started(executed: Path) -> str:
    """"cell N" of the last cell papermill started in an executed notebook (where a dead kernel stopped)."""
    if not executed.exists():
        return "its start"
    cells = nbformat.read(executed, as_version=4).cells
    started = [i for i, cell in enumerate(cells) if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    return f"cell {started[-1]}" if started else "its start"


def _first_error(executed: Path) -> tuple[str, str | None]:
    """("cell N (execution count M)", "Name: message") of the first error in an executed notebook."""
    if not executed.exists():
        return "its start", None
    notebook = nbformat.read(executed, as_version=4)
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                count = cell.get("execution_count")
                return f"cell {index} (execution count {count})", f"{output['ename']}: {output['evalue']}"
    return "its start", None


def _stop(process: subprocess.Popen) -> None:
    """Interrupt a child like Ctrl-C (papermill then shuts its kernel down); kill it if it does not stop."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
