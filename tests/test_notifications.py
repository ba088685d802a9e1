"""Notifications: messages in the outbox and through a real SMTP server, and the sensors writing them.

The SMTP server is aiosmtpd on 127.0.0.1 (a free port), started by the test. The sensors are
evaluated against a real Dagster instance holding two real runs of the main job: the Modena
quarters with a conflicting extract for 2022-Q4 (an error scoped to MO 2022-Q4: the run succeeds,
that scope is withheld) and a run that fails at its first step (its warehouse cannot be created).
"""

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from aiosmtpd.controller import Controller

from orchestration.definitions import build_definitions
from orchestration.job import RunOutcome, run_job
from orchestration.notifications import (
    RunInfo,
    notify,
    outbox_state,
    run_failure_notification,
)
from orchestration.paths import PROJECT_DIR
from orchestration.resources import WarehouseResource
from tests.conftest import Scenario

SYNTHETIC_DIR = PROJECT_DIR / "data" / "synthetic"
QUARTERS = ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"
RECIPIENTS = ["controllo.gestione@example.invalid", "dati@example.invalid"]
SENDER = "pira-warehouse@example.invalid"


class Inbox:
    """aiosmtpd handler: keeps every envelope the server accepted."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [BytesParser(policy=policy.default).parsebytes(e.content) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_environ(port: int) -> dict[str, str]:
    return {
        "PIRA_SMTP_HOST": "127.0.0.1",
        "PIRA_SMTP_PORT": str(port),
        "PIRA_SMTP_FROM": SENDER,
        "PIRA_SMTP_TO": ", ".join(RECIPIENTS),
        "PIRA_DAGSTER_UI_URL": "http://dagster.example.invalid:3000",
    }


def use_smtp(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    for name, value in smtp_environ(port).items():
        monkeypatch.setenv(name, value)


def messages_in(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.eml"))


def read_message(path: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


FAILED_RUN = RunInfo(
    run_id="0123abcd-4567-89ef-0123-456789abcdef",
    job_name="pira_main_job",
    periods=("2022-Q2",),
    started_at=datetime(2026, 12, 2, 5, 0, 0, tzinfo=UTC),
    ended_at=datetime(2026, 12, 2, 5, 3, 20, tzinfo=UTC),
)


def failure_message(environ: dict[str, str]):
    return run_failure_notification(
        FAILED_RUN,
        "Execution of run for \"pira_main_job\" failed. Steps failed: ['pira_dbt_plan'].",
        [("pira_dbt_plan", "dbt build failed: 2 errors")],
        dbt_log=Path("/srv/pira/logs/dbt.log"),
        environ=environ,
    )


# --- Messages, outbox and SMTP --------------------------------------------------------------


def test_a_message_reaches_the_smtp_server_once(
    tmp_path: Path, smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    environ = smtp_environ(port)
    outbox = tmp_path / "outbox"

    [entry] = notify(outbox, [failure_message(environ)], environ)

    assert entry.created and entry.state == "sent"
    [envelope] = inbox.envelopes
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == RECIPIENTS
    [received] = inbox.messages()
    assert (
        received["Subject"] == "[PIRA] Esecuzione non riuscita: pira_main_job, il periodo 2022-Q2"
    )
    assert received["To"] == ", ".join(RECIPIENTS)
    assert received["X-PIRA-Kind"] == "run_failure"
    body = received.get_content()
    assert (
        "L'esecuzione del job pira_main_job per il periodo 2022-Q2 non è andata a buon fine."
        in body
    )
    assert f"Esecuzione (run id): {FAILED_RUN.run_id}" in body
    assert "Inizio: 02/12/2026 06:00:00 (ora italiana)" in body
    assert "Fine: 02/12/2026 06:03:20 (ora italiana)" in body
    assert "- pira_dbt_plan: dbt build failed: 2 errors" in body
    assert f"http://dagster.example.invalid:3000/runs/{FAILED_RUN.run_id}" in body
    assert "- il log di dbt: /srv/pira/logs/dbt.log" in body

    # The outbox keeps the message as plain UTF-8 text, named by time, kind and event.
    [path] = messages_in(outbox)
    assert path.name.startswith(
        "20261202T050320Z_run_failure_0123abcd-4567-89ef-0123-456789abcdef-"
    )
    assert "non è andata a buon fine" in path.read_text(encoding="utf-8")
    sent = json.loads(path.with_suffix(".sent").read_text(encoding="utf-8"))
    assert sent["recipients"] == RECIPIENTS and sent["server"] == f"127.0.0.1:{port}"
    assert not path.with_suffix(".error").exists()

    # The same event again (a sensor evaluated twice): no second file, no second mail.
    [again] = notify(outbox, [failure_message(environ)], environ)
    assert (again.created, again.state, again.path) == (False, "sent", path)
    assert len(messages_in(outbox)) == 1 and len(inbox.envelopes) == 1
    assert not list(outbox.glob(".*.tmp"))


def test_a_message_waits_in_the_outbox_while_the_server_is_down(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    inbox, port = Inbox(), free_port()  # nothing listens on the port yet
    environ = smtp_environ(port)

    [entry] = notify(outbox, [failure_message(environ)], environ)
    assert entry.created and entry.state == "failed"
    error = json.loads(entry.path.with_suffix(".error").read_text(encoding="utf-8"))
    assert error["attempts"] == 1 and error["error"].startswith("ConnectionRefusedError")

    # A later evaluation tries again: still one message, the attempt counted.
    notify(outbox, [], environ)
    assert messages_in(outbox) == [entry.path]
    assert json.loads(entry.path.with_suffix(".error").read_text())["attempts"] == 2

    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        notify(outbox, [], environ)
    finally:
        controller.stop()
    assert outbox_state(entry.path) == "sent"
    assert not entry.path.with_suffix(".error").exists()
    [received] = inbox.messages()
    assert received["Subject"].startswith("[PIRA] Esecuzione non riuscita")


def test_without_smtp_settings_the_outbox_holds_the_message(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    [entry] = notify(outbox, [failure_message({})], {})
    assert entry.created and entry.state == "pending"
    assert [p.name for p in outbox.iterdir() if not p.name.startswith(".")] == [entry.path.name]
    assert read_message(entry.path)["To"] is None

    # Incomplete settings: the message stays, the reason is recorded, nothing raises.
    incomplete = {"PIRA_SMTP_HOST": "127.0.0.1", "PIRA_SMTP_FROM": SENDER}
    [entry] = notify(outbox, [failure_message({})], incomplete)
    assert (entry.created, entry.state) == (False, "failed")
    error = json.loads(entry.path.with_suffix(".error").read_text(encoding="utf-8"))
    assert "configurazione SMTP incompleta: manca PIRA_SMTP_TO" in error["error"]


# --- The sensors, on real runs --------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """One run of the main job over the Modena quarters (MO 2022-Q4 withheld by a conflicting
    extract) and one run that fails at its first step, in one Dagster instance."""
    root = tmp_path_factory.mktemp("notifications")
    scenario = Scenario(root / "project")
    conflicting = root / "MO_2022-Q4_conflicting.csv"
    source = "Estratto di prova"
    conflicting.write_text(
        f"{HEADER}\n"
        f"MO,2022-Q4,42.D4.3.1.1,11,N.,{source},2023-02-01 09:00:00\n"
        f"MO,2022-Q4,42.D4.3.1.1,12,N.,{source},2023-02-01 09:00:00\n",
        encoding="utf-8",
    )
    files = [SYNTHETIC_DIR / f"MO_{quarter}.csv" for quarter in QUARTERS] + [conflicting]
    instance = dg.DagsterInstance.ephemeral()
    resource = scenario.warehouse_resource(files)
    succeeded = run_job(resource, instance=instance, periods=QUARTERS)
    # A file where the warehouse's folder should be: the run fails as it starts landing.
    (root / "not-a-folder").write_text("")
    broken = WarehouseResource(
        build_path=str(root / "not-a-folder" / "pira.duckdb"),
        published_path=str(root / "not-a-folder" / "published.duckdb"),
        landing_dir=str(root / "landing"),
        reports_dir=str(root / "reports"),
        project_dir=str(scenario.root),
        landing_files=[],
    )
    failed = run_job(broken, instance=instance, periods=["2022-Q2"])
    yield {"scenario": scenario, "instance": instance, "resource": resource,
           "succeeded": succeeded, "failed": failed}  # fmt: skip
    instance.dispose()


def sensor_resource(runs: dict, folder: Path) -> WarehouseResource:
    """The scenario's published copy and reports; the outbox in a folder of the test."""
    resource: WarehouseResource = runs["resource"]
    return WarehouseResource(
        build_path=str(folder / "pira.duckdb"),
        published_path=resource.published_path,
        landing_dir=resource.landing_dir,
        reports_dir=resource.reports_dir,
        project_dir=resource.project_dir,
    )


def definitions(resource: WarehouseResource) -> dg.Definitions:
    """The project's definitions, resolved under a live instance: Dagster's loader consults the
    current instance's state storage, which an earlier test module's instance may have left behind
    (its instance gone)."""
    defs = build_definitions(resource)
    with dg.DagsterInstance.ephemeral():
        defs.get_repository_def()  # cached: later lookups reuse it
    return defs


def sensor(name: str, resource: WarehouseResource) -> dg.SensorDefinition:
    return definitions(resource).get_sensor_def(name)


def dagster_run(runs: dict, outcome: RunOutcome) -> dg.DagsterRun:
    return runs["instance"].get_run_by_id(outcome.result.run_id)


def run_event(runs: dict, run: dg.DagsterRun, event_type: dg.DagsterEventType) -> dg.DagsterEvent:
    [entry] = runs["instance"].all_logs(run.run_id, of_type=event_type)
    return entry.dagster_event


def test_the_sensors_and_the_outbox_location() -> None:
    defs = definitions(WarehouseResource())
    for name in ("notify_run_failure", "notify_off_track"):
        assert isinstance(defs.get_sensor_def(name), dg.RunStatusSensorDefinition)
    assert isinstance(defs.get_sensor_def("notify_check_failures"), dg.SensorDefinition)
    # Beside the build's DuckDB file: a test's warehouse has its own outbox.
    assert WarehouseResource(build_path="/srv/pira/pira.duckdb").outbox_dir == Path(
        "/srv/pira/outbox"
    )


def test_a_failed_run_is_notified(
    runs: dict, tmp_path: Path, smtp_server: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_server
    use_smtp(monkeypatch, port)
    resource = sensor_resource(runs, tmp_path)
    assert runs["failed"].verdict == "error" and not runs["failed"].result.success
    run = dagster_run(runs, runs["failed"])
    failure_sensor = sensor("notify_run_failure", resource)

    for _ in range(2):  # evaluated twice for the same run: one message
        context = dg.build_run_status_sensor_context(
            sensor_name="notify_run_failure",
            dagster_event=run_event(runs, run, dg.DagsterEventType.RUN_FAILURE),
            dagster_instance=runs["instance"],
            dagster_run=run,
            resources={"warehouse": resource},
        )
        failure_sensor(context)

    [path] = messages_in(resource.outbox_dir)
    assert outbox_state(path) == "sent"
    [received] = inbox.messages()
    assert inbox.envelopes[0].rcpt_tos == RECIPIENTS
    assert (
        received["Subject"] == "[PIRA] Esecuzione non riuscita: pira_main_job, il periodo 2022-Q2"
    )
    body = received.get_content()
    assert f"Esecuzione (run id): {run.run_id}" in body
    assert "Periodo (partizione): 2022-Q2" in body
    # The step that failed, with Dagster's own error text, and where to look.
    assert "- landing__measure_values: FileExistsError: [Errno 17] File exists:" in body
    assert "not-a-folder" in body
    assert f"http://dagster.example.invalid:3000/runs/{run.run_id}" in body
    assert read_message(path)["X-PIRA-Run-Id"] == run.run_id


def test_a_failed_blocking_check_is_notified(
    runs: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome: RunOutcome = runs["succeeded"]
    assert outcome.result.success and outcome.published
    assert [(w.entity_code, w.period) for w in outcome.withheld] == [("MO", "2022-Q4")]
    resource = sensor_resource(runs, tmp_path)
    check_sensor = sensor("notify_check_failures", resource)
    # Checks of the run that failed with warnings only (published with the flag): not notified.
    run_id = outcome.result.run_id
    evaluations = [
        entry.dagster_event.event_specific_data
        for entry in runs["instance"].all_logs(
            run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        )
    ]
    warned = {e.check_name for e in evaluations if not e.passed and e.metadata["errors"].value == 0}
    assert warned and all(e.blocking for e in evaluations if e.check_name.startswith("gx_"))

    # The SMTP server is down: the message is written and marked as not sent.
    down = free_port()
    use_smtp(monkeypatch, down)
    context = dg.build_sensor_context(
        instance=runs["instance"],
        resources={"warehouse": resource},
        repository_def=definitions(resource).get_repository_def(),
    )
    result = check_sensor(context)
    [path] = messages_in(resource.outbox_dir)
    assert outbox_state(path) == "failed"
    message = read_message(path)
    assert message["Subject"] == (
        "[PIRA] Controllo bloccante non superato: gx_measures, i periodi da 2022-Q1 a 2022-Q4"
    )
    assert message["X-PIRA-Run-Id"] == run_id
    body = message.get_content()
    assert "Il controllo bloccante gx_measures sull'asset" in body
    assert f"nell'esecuzione {run_id} (job pira_main_job, i periodi da 2022-Q1 a 2022-Q4)" in body
    assert "questi enti e periodi non sono stati pubblicati" in body
    assert "- MO 2022-Q4" in body
    # The check's description: the catalogue's Italian labels of its rules.
    [described] = [line for line in body.splitlines() if line.startswith("Controllo: ")]
    assert "Valori diversi per la stessa misura" in described
    assert "/assets/" in body and "?view=checks" in body
    assert not any(name in body for name in warned)

    # Evaluated again from its cursor, and from scratch: nothing new; then the server is up.
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=down)
    controller.start()
    try:
        for cursor in (result.cursor, None):
            again = check_sensor(
                dg.build_sensor_context(
                    instance=runs["instance"], cursor=cursor, resources={"warehouse": resource}
                )
            )
            assert again.skip_reason is not None
    finally:
        controller.stop()
    assert messages_in(resource.outbox_dir) == [path]
    assert outbox_state(path) == "sent"
    [received] = inbox.messages()
    assert received["Subject"] == message["Subject"]
    assert inbox.envelopes[0].rcpt_tos == RECIPIENTS


def expected_off_track(published: Path) -> dict[tuple[str, str], set[str]]:
    """(entity, quarter) -> indicators "off_track" there and not in the quarter before (SQL)."""
    with duckdb.connect(str(published), read_only=True) as connection:
        rows = connection.execute(
            """
            select m.entity_code, m.period, m.indicator_code
            from marts.fct_monitoring_indicators as m
            left join marts.fct_monitoring_indicators as p
                on p.entity_code = m.entity_code and p.node_code = m.node_code
                and p.indicator_code = m.indicator_code
                and p.period = case
                    when m.quarter = 1 then cast(m.period_year - 1 as varchar) || '-Q4'
                    else cast(m.period_year as varchar) || '-Q' || cast(m.quarter - 1 as varchar)
                end
            where m.on_track_status = 'off_track' and p.on_track_status is distinct from 'off_track'
            """
        ).fetchall()
    found: dict[tuple[str, str], set[str]] = {}
    for entity_code, period, indicator_code in rows:
        found.setdefault((entity_code, period), set()).add(indicator_code)
    return found


def test_indicators_turning_off_track_are_notified(
    runs: dict, tmp_path: Path, smtp_server: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp_server
    use_smtp(monkeypatch, port)
    resource = sensor_resource(runs, tmp_path)
    published = Path(resource.published_path)
    expected = expected_off_track(published)
    # Q4 was withheld (never published); some indicators turn off track in the other quarters.
    assert {period for _, period in expected} <= {"2022-Q1", "2022-Q2", "2022-Q3"}
    assert len(expected) >= 2
    run = dagster_run(runs, runs["succeeded"])
    off_track_sensor = sensor("notify_off_track", resource)

    for _ in range(2):
        off_track_sensor(
            dg.build_run_status_sensor_context(
                sensor_name="notify_off_track",
                dagster_event=run_event(runs, run, dg.DagsterEventType.RUN_SUCCESS),
                dagster_instance=runs["instance"],
                dagster_run=run,
                resources={"warehouse": resource},
            )
        )

    paths = messages_in(resource.outbox_dir)
    assert len(paths) == len(expected) == len(inbox.envelopes)
    assert all(outbox_state(path) == "sent" for path in paths)
    by_subject = {message["Subject"]: message for message in inbox.messages()}
    for (entity_code, period), indicators in expected.items():
        subject = f"[PIRA] Indicatori non in linea: {entity_code} {period} ({len(indicators)})"
        body = by_subject[subject].get_content()
        listed = {line[2:].split(" ")[0] for line in body.splitlines() if line.startswith("- ")
                  and "(obiettivo " in line}  # fmt: skip
        assert listed == indicators, (entity_code, period)
        assert f"Nel monitoraggio del trimestre {period} di Camera di commercio di Modena" in body
        assert "«Non in linea»" in body and ": Non in linea, " in body
        assert f"{entity_code}_{period}.html" in body
        assert f"/runs/{run.run_id}" in body
