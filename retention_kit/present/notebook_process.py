"""One report notebook executed with papermill, in a process of its own (the report runner starts one
per notebook, see :mod:`.execution`).

    python -m retention_kit.present.notebook_process NOTEBOOK EXECUTED PARAMETERS.json CWD START_SECONDS

Ctrl-C (SIGINT) stops the notebook and shuts its kernel down (a second Ctrl-C waits for that); the process exits with an error
and its traceback (papermill's "Kernel didn't respond", a cell's error) on stderr.
"""

from __future__ import annotations

import sys

# jsonschema, which papermill loads through nbformat, imports rfc3987_syntax when it is installed
# (JupyterLab's dependencies bring it) and builds a grammar at import: 1.2 s in every notebook
# process, for IRI format checks that a notebook's schema never asks for. This process only.
sys.modules.setdefault("rfc3987_syntax", None)


def _interrupt_once(signum, frame) -> None:
    """The first Ctrl-C stops the notebook (papermill then shuts its kernel down); later ones are
    ignored, so they cannot cut that shutdown short and leave the kernel running."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    import json
    import signal
    from pathlib import Path

    import papermill as pm

    signal.signal(signal.SIGINT, _interrupt_once)

    notebook, executed, parameters, cwd, start_seconds = argv or sys.argv[1:]
    pm.execute_notebook(notebook, executed, parameters=json.loads(Path(parameters).read_text(encoding="utf-8")),
                        cwd=cwd, progress_bar=False, start_timeout=int(start_seconds))


if __name__ == "__main__":
    main()
