"""What `make run` prints while it works: one line per stage as it starts and ends, with elapsed time.

The steps of the job call `stage()` / `say()`; the lines go to the console only in a process that
switched it on (`make run`): runs launched by the daemon or by tests stay quiet (their log is
Dagster's). Every line is Italian, at most LINE_WIDTH characters.
"""

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

LINE_WIDTH = 160
# Longest silence: after this many seconds without a line, the stage in progress says so.
HEARTBEAT_SECONDS = 6.0
_state: dict = {"enabled": False, "start": time.monotonic(), "last": 0.0, "stages": []}


def enable(start: float | None = None) -> None:
    """Lines on (this process runs `make run`), and a heartbeat while a stage stays silent.

    `start` (time.monotonic() at the process's start) is time 0 of the lines.
    """
    _state["enabled"] = True
    _state["start"] = time.monotonic() if start is None else start
    _state["last"] = time.monotonic()
    threading.Thread(target=_heartbeat, name="console-heartbeat", daemon=True).start()


def _heartbeat() -> None:
    while True:
        time.sleep(1.0)
        if time.monotonic() - _state["last"] >= HEARTBEAT_SECONDS:
            current = _state["stages"][-1] if _state["stages"] else "Dagster"
            say(f"{current}: in corso…")


def enabled() -> bool:
    return bool(_state["enabled"])


def seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def clip(text: str, width: int = LINE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def say(text: str) -> None:
    """One line with the time since the run started, when the console is on."""
    if _state["enabled"]:
        elapsed = time.monotonic() - _state["start"]
        _state["last"] = time.monotonic()
        print(clip(f"[{seconds(elapsed):>8}] {text}"), file=sys.stdout, flush=True)


@contextmanager
def stage(name: str) -> Iterator[dict]:
    """`name…` when it starts, `name: fatto in N s (detail)` when it ends; `detail` set by the caller."""
    outcome: dict = {"detail": ""}
    say(f"{name}…")
    started = time.monotonic()
    _state["stages"].append(name)
    try:
        yield outcome
    except BaseException:
        say(f"{name}: interrotto dopo {seconds(time.monotonic() - started)}")
        raise
    finally:
        _state["stages"].remove(name)
    detail = f" ({outcome['detail']})" if outcome["detail"] else ""
    say(f"{name}: fatto in {seconds(time.monotonic() - started)}{detail}")
