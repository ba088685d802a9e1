"""The PDF of a report: its HTML printed by headless Chromium (Debian package `chromium`).

Chromium's `--print-to-pdf` prints its own header and footer (date in US format, file URL, page
number) or none at all. For an Italian footer with "Pagina N di M" the page is printed through
one DevTools command (Page.printToPDF with a footer template) sent over `--remote-debugging-pipe`:
no port, no network, Chromium exits when the pipe closes. Paper size and orientation come from the
page's CSS (@page A4 landscape, preferCSSPageSize).

A page prints the same PDF as long as its HTML (self-contained: styles and charts inline), the
print options and Chromium are the same: with a cache folder, such a PDF is copied from the last
run that printed it instead of printed again.
"""

import base64
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

LOGGER = logging.getLogger(__name__)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
]
TIMEOUT_SECONDS = 120.0
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#5b6571;padding:0 11mm;'
    'display:flex;justify-content:space-between;font-family:sans-serif">'
    "<span class=title></span><span>Pagina <span class=pageNumber></span> di "
    "<span class=totalPages></span></span></div>"
)
PRINT_OPTIONS = {
    "preferCSSPageSize": True,
    "printBackground": True,
    "displayHeaderFooter": True,
    "headerTemplate": "<span></span>",
    "footerTemplate": FOOTER,
}
# Pages loaded and printed together: enough to keep the cores busy, few enough for a run with
# hundreds of reports to stay within memory.
PAGES_AT_ONCE = 4


class ChromiumMissing(RuntimeError):
    """No `chromium` on PATH: the PDF cannot be printed (HTML and XLSX still are)."""


def chromium_binary() -> str | None:
    return shutil.which("chromium")


class _Pipe:
    """DevTools protocol over Chromium's pipe: JSON messages separated by NUL bytes. Commands may be
    in flight together (one per page): answers and events are kept until asked for."""

    def __init__(self, process: subprocess.Popen, write_fd: int, read_fd: int) -> None:
        self.process, self.write_fd, self.read_fd = process, write_fd, read_fd
        self.next_id, self.buffer = 0, b""
        self.answers: dict[int, dict] = {}
        self.events: list[dict] = []

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium: no answer from the DevTools pipe")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def _read_one(self, deadline: float) -> None:
        message = self._message(deadline)
        if "id" in message:
            self.answers[message["id"]] = message
        elif "sessionId" in message:  # a page's event; the browser's own are never waited for
            self.events.append(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        return self.next_id

    def answer(self, command_id: int, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while command_id not in self.answers:
            self._read_one(deadline)
        answer = self.answers.pop(command_id)
        if "error" in answer:
            raise RuntimeError(f"chromium {method}: {answer['error']}")
        return answer["result"]

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        return self.answer(self.send(method, params, session), method)

    def forget(self, session: str) -> None:
        """Drop the events of a closed page."""
        self.events = [event for event in self.events if event["sessionId"] != session]

    def wait_event(self, method: str, session: str) -> None:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return
            self._read_one(deadline)


def _high(fd: int) -> int:
    """The fd moved to 10 or above, out of the way of 3 and 4."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


@functools.cache
def chromium_version(binary: str) -> str:
    command = [binary, "--version"]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout


def print_fingerprint(html_path: Path, binary: str) -> str:
    """What the PDF of a page depends on: its HTML, the print options, the Chromium release."""
    printer = json.dumps([CHROMIUM_FLAGS, PRINT_OPTIONS, chromium_version(binary)])
    return hashlib.sha256(printer.encode() + b"\0" + html_path.read_bytes()).hexdigest()


def print_pdfs(html_paths: list[Path], cache_dir: Path | None = None) -> list[Path]:
    """Print each HTML report beside itself as .pdf (footer: its title, page N of M); one Chromium,
    a few pages at a time. With `cache_dir`, a page printed before is copied from there, and the
    folder keeps the PDFs of these pages only."""
    binary = chromium_binary()
    if binary is None:
        raise ChromiumMissing("chromium")
    if cache_dir is None:
        return _print_with_chromium(binary, html_paths)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = {path: cache_dir / f"{print_fingerprint(path, binary)}.pdf" for path in html_paths}
    to_print = []
    for html_path, cached_pdf in cached.items():
        try:
            shutil.copyfile(cached_pdf, html_path.with_suffix(".pdf"))
        except FileNotFoundError:
            to_print.append(html_path)
    for pdf_path in _print_with_chromium(binary, to_print) if to_print else []:
        # Whole or absent: a run killed while copying leaves no truncated PDF to reuse.
        incoming = cache_dir / f".{pdf_path.name}.{os.getpid()}.incoming"
        shutil.copyfile(pdf_path, incoming)
        os.replace(incoming, cached[pdf_path.with_suffix(".html")])
    for stale in set(cache_dir.glob("*.pdf")) - set(cached.values()):
        stale.unlink(missing_ok=True)
    LOGGER.info("report PDFs: %d printed, %d unchanged pages copied", len(to_print),
                len(html_paths) - len(to_print))  # fmt: skip
    return [html_path.with_suffix(".pdf") for html_path in html_paths]


def _print_with_chromium(binary: str, html_paths: list[Path]) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="pira-chromium-") as profile:
        to_chromium_read, to_chromium_write = map(_high, os.pipe())
        from_chromium_read, from_chromium_write = map(_high, os.pipe())
        # Chromium reads commands on fd 3 and writes answers on fd 4: bash puts them there (dash reads one digit).
        redirect = f'exec "$@" 3<&{to_chromium_read} 4>&{from_chromium_write}'
        process = subprocess.Popen(
            ["bash", "-c", redirect, "bash", binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_chromium_read, from_chromium_write),
        )
        os.close(to_chromium_read)
        os.close(from_chromium_write)
        pipe = _Pipe(process, to_chromium_write, from_chromium_read)
        try:
            written = _print_pages(pipe, html_paths)
            pipe.call("Browser.close")
        finally:
            os.close(to_chromium_write)
            os.close(from_chromium_read)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return written


@dataclass
class _Page:
    html_path: Path
    target: str
    session: str
    print_command: int | None = None


def _open_page(pipe: _Pipe, html_path: Path) -> _Page:
    target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    pipe.call("Page.enable", session=session)
    pipe.call("Page.navigate", {"url": html_path.resolve().as_uri()}, session=session)
    return _Page(html_path, target, session)


def _print_pages(pipe: _Pipe, html_paths: list[Path]) -> list[Path]:
    """Up to PAGES_AT_ONCE pages loading and printing side by side (Chromium renders each page in
    its own process: the cores work together); a page opens as soon as one is written."""
    waiting, active, written = list(html_paths), deque(), []
    while waiting or active:
        while waiting and len(active) < PAGES_AT_ONCE:
            active.append(_open_page(pipe, waiting.pop(0)))
        for page in active:
            if page.print_command is None:
                pipe.wait_event("Page.loadEventFired", page.session)
                page.print_command = pipe.send("Page.printToPDF", PRINT_OPTIONS, page.session)
        page = active.popleft()
        result = pipe.answer(page.print_command, "Page.printToPDF")
        pipe.call("Target.closeTarget", {"targetId": page.target})
        pipe.forget(page.session)
        pdf_path = page.html_path.with_suffix(".pdf")
        pdf_path.write_bytes(base64.b64decode(result["data"]))
        written.append(pdf_path)
    return written
