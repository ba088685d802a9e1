"""Runs left STARTED by a process that died (kill -9, reboot) are marked failed at the next start.

A run records the process executing it as run tags (host, pid, the process's start time so that a
reused pid is not mistaken for it). At start-up (`make run`, each landing sensor tick) a run of the
main job still STARTING/STARTED whose process is gone from this host gets a failure event with a
message saying so: the UI and the run queue (one run at a time) stop waiting for it.
"""

import os
import socket
from pathlib import Path

import dagster as dg

HOST_TAG = "pira/host"
PID_TAG = "pira/pid"
PROCESS_START_TAG = "pira/process_start"
ACTIVE = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


def boot_id() -> str:
    path = Path("/proc/sys/kernel/random/boot_id")
    return path.read_text().strip() if path.exists() else "unknown-boot"


def process_start(pid: int) -> str | None:
    """`<boot id>/<start time in clock ticks>` of a live process, None when it is gone (or a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name (which may hold spaces), state first: 3rd field, start time 22nd.
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] in {"Z", "X"}:
        return None
    return f"{boot_id()}/{fields[19]}"


def process_tags(pid: int | None = None) -> dict[str, str]:
    pid = os.getpid() if pid is None else pid
    return {
        HOST_TAG: socket.gethostname(),
        PID_TAG: str(pid),
        PROCESS_START_TAG: process_start(pid) or "",
    }


def record_run_process(context: dg.AssetExecutionContext) -> None:
    """Tag the run with the process executing it (runs launched by the daemon get theirs here)."""
    tags = process_tags()
    if any(context.run.tags.get(key) != value for key, value in tags.items()):
        context.instance.add_run_tags(context.run.run_id, tags)


def is_gone(tags: dict[str, str]) -> bool:
    """True only when the run's recorded process is known to be dead on this host."""
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return False
    return process_start(int(tags[PID_TAG])) != tags.get(PROCESS_START_TAG)


def fail_stale_runs(instance: dg.DagsterInstance, job_name: str) -> list[str]:
    """Mark failed the job's active runs whose process died; returns their run ids."""
    stale = []
    for run in instance.get_runs(dg.RunsFilter(job_name=job_name, statuses=ACTIVE)):
        if not is_gone(run.tags):
            continue
        instance.report_run_failed(
            run,
            f"Run process {run.tags[PID_TAG]} on {run.tags[HOST_TAG]} is gone (killed or machine "
            "restarted) while the run was "
            f"{run.status.value}: marked failed at the next start. The warehouse keeps what the "
            "last complete run built; run the period again.",
        )
        stale.append(run.run_id)
    return stale
