"""Print report pages to PDF with the system's headless Chromium (``apt-get install chromium``).

One browser prints every page: it is driven over its DevTools pipe (``--remote-debugging-pipe``:
JSON messages ending in a NUL byte on file descriptors 3 and 4), which takes half the time of
starting Chromium once per page. The pages are printed with their own A4 print styles, without
header or footer, and from copies without links (Chromium would write them as absolute local paths).

Examples
--------
>>> export_pdfs(Path("reports/2025-12-31"))          # doctest: +SKIP
[PosixPath('reports/2025-12-31/00_data_overview.pdf'), ...]
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

#: Flags for headless Chromium on a machine without a network or a display.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: seconds a page may take to load and print
PAGE_TIMEOUT = 120


def find_chromium() -> str | None:
    """The path of a Chromium or Chrome binary, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def export_pdfs(folder: Path, chromium: str | None = None) -> list[Path]:
    """Print every HTML page in `folder` to PDF (``page.pdf`` beside ``page.html``); nothing when
    Chromium is missing. Returns the PDFs written."""
    browser = chromium or find_chromium()
    pages = sorted(Path(folder).glob("*.html"))
    if browser is None or not pages:
        return []
    written = []
    with tempfile.TemporaryDirectory(prefix="rk-chromium-") as profile, _Browser(browser, profile) as chrome:
        for page in pages:
            printable = Path(profile) / page.name
            printable.write_text(re.sub(r'\shref="[^"]*"', "", page.read_text(encoding="utf-8")), encoding="utf-8")
            target = page.with_suffix(".pdf")
            target.write_bytes(chrome.print_to_pdf(printable.as_uri()))
            written.append(target)
    return written


class _Browser:
    """A headless Chromium driven over its DevTools pipe; closed (or killed) on leaving the block."""

    def __init__(self, binary: str, profile: str):
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        # the child finds the pipe at descriptors 3 and 4: move both ends out of the way first
        child_read, child_write = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_read, replies_write))
        os.close(commands_read)
        os.close(replies_write)

        def at_3_and_4():
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}/user", "--remote-debugging-pipe"],
            pass_fds=(3, 4, child_read, child_write), preexec_fn=at_3_and_4,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_read)
        os.close(child_write)
        self._buffer, self._next_id, self._events = b"", 0, []

    def __enter__(self) -> "_Browser":
        return self

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self._call("Browser.close")
                self.process.wait(timeout=10)
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self._commands)
            os.close(self._replies)

    def print_to_pdf(self, url: str) -> bytes:
        """The PDF of the page at `url`, printed once it has loaded."""
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        session = self._call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self._call("Page.enable", session=session)
        self._call("Page.navigate", session=session, url=url)
        self._event("Page.loadEventFired", session)
        pdf = self._call("Page.printToPDF", session=session, printBackground=True, preferCSSPageSize=True,
                         displayHeaderFooter=False)["data"]
        self._call("Target.closeTarget", targetId=target)
        return base64.b64decode(pdf)

    def _call(self, method: str, session: str | None = None, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + PAGE_TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"Chromium refused {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._events.append(reply)

    def _event(self, method: str, session: str) -> dict:
        deadline = time.monotonic() + PAGE_TIMEOUT
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._read(deadline))

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self._replies], [], [], wait)[0]:
                raise RuntimeError(f"Chromium did not answer within {PAGE_TIMEOUT} s")
            chunk = os.read(self._replies, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)
