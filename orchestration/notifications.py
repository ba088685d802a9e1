"""Messages to the data team: built in Italian, kept in the outbox, sent by SMTP when configured.

Every message is first written to the outbox (`<warehouse>/outbox/`, one `.eml` file per message,
written under a temporary name and renamed), then sent when the `PIRA_SMTP_*` settings are present.
The outbox is the record: a message is never lost and never written twice.

- `<UTC time>_<kind>_<key>.eml`: the message (RFC 5322, UTF-8, readable in a text editor or a mail
  client). The key names the event (run, check, entity and period), so a sensor evaluated again for
  the same event finds its file and writes nothing.
- `<same name>.sent`: written after the SMTP server accepted the message (time, server, recipients).
- `<same name>.error`: the last failed attempt (time, error, attempts); the message stays pending and
  every later evaluation of a notification sensor tries again. It is removed once the message is sent.

Settings: PIRA_SMTP_HOST (none: outbox only), PIRA_SMTP_PORT (25), PIRA_SMTP_FROM, PIRA_SMTP_TO
(addresses separated by commas), PIRA_SMTP_USER / PIRA_SMTP_PASSWORD (login, optional),
PIRA_SMTP_STARTTLS (1/true/yes/si). PIRA_DAGSTER_UI_URL is the address of the Dagster UI the
messages link to (http://127.0.0.1:3000, `make ui`).
"""

import fcntl
import hashlib
import json
import os
import re
import smtplib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from orchestration.italian import format_percent

SMTP_TIMEOUT_SECONDS = 20
DEFAULT_UI_URL = "http://127.0.0.1:3000"
SUBJECT_PREFIX = "[PIRA]"
TRUE_WORDS = {"1", "true", "yes", "si", "sì", "on"}


class SmtpConfigError(ValueError):
    """The PIRA_SMTP_* settings are present but incomplete or invalid."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = None
    starttls: bool = False


def smtp_settings(environ: Mapping[str, str] = os.environ) -> SmtpSettings | None:
    """The SMTP settings; None when PIRA_SMTP_HOST is not set (messages stay in the outbox)."""
    host = environ.get("PIRA_SMTP_HOST", "").strip()
    if not host:
        return None
    port_text = environ.get("PIRA_SMTP_PORT", "25").strip() or "25"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SmtpConfigError(f"PIRA_SMTP_PORT non valida: {port_text!r}")
    sender = environ.get("PIRA_SMTP_FROM", "").strip()
    recipients = tuple(
        address.strip()
        for address in environ.get("PIRA_SMTP_TO", "").replace(";", ",").split(",")
        if address.strip()
    )
    missing = [name for name, value in (("PIRA_SMTP_FROM", sender), ("PIRA_SMTP_TO", recipients))
               if not value]  # fmt: skip
    if missing:
        raise SmtpConfigError(f"configurazione SMTP incompleta: manca {', '.join(missing)}")
    user = environ.get("PIRA_SMTP_USER", "").strip() or None
    password = environ.get("PIRA_SMTP_PASSWORD") or None
    if user and password is None:
        raise SmtpConfigError(
            "configurazione SMTP incompleta: PIRA_SMTP_USER senza PIRA_SMTP_PASSWORD"
        )
    starttls = environ.get("PIRA_SMTP_STARTTLS", "").strip().lower() in TRUE_WORDS
    return SmtpSettings(host, int(port_text), sender, recipients, user, password, starttls)


def ui_url(path: str, environ: Mapping[str, str] = os.environ) -> str:
    """A page of the Dagster UI (`make ui`), e.g. ui_url('/runs/<id>')."""
    base = (environ.get("PIRA_DAGSTER_UI_URL") or DEFAULT_UI_URL).rstrip("/")
    return f"{base}{path}"


@dataclass(frozen=True)
class Notification:
    """One message about one event. `key` identifies the event: the same event, the same file."""

    kind: str  # run_failure | check_failure | off_track
    key: str
    subject: str
    body: str
    occurred_at: datetime
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def about_run(
        cls, run: "RunInfo", kind: str, key: str, subject: str, lines: list[str]
    ) -> "Notification":
        """A message about an event of a run: dated when the run ended, tagged with its id."""
        return cls(
            kind=kind,
            key=key,
            subject=subject,
            body="\n".join(lines) + "\n",
            occurred_at=run.ended_at or datetime.now(UTC),
            headers={"X-PIRA-Run-Id": run.run_id},
        )

    @property
    def slug(self) -> str:
        readable = re.sub(r"[^A-Za-z0-9.-]+", "-", self.key).strip("-")[:60]
        digest = hashlib.sha256(f"{self.kind}\0{self.key}".encode()).hexdigest()[:12]
        return f"{readable}-{digest}" if readable else digest

    @property
    def file_name(self) -> str:
        stamp = self.occurred_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"{stamp}_{self.kind}_{self.slug}.eml"


@dataclass
class OutboxEntry:
    path: Path
    created: bool  # False: the event's message was already in the outbox
    state: str = "pending"  # pending | sent | failed


def outbox_state(path: Path) -> str:
    """sent (the server accepted it), failed (the last attempt failed), pending (not sent yet)."""
    if path.with_suffix(".sent").exists():
        return "sent"
    return "failed" if path.with_suffix(".error").exists() else "pending"


# Headers unfolded up to SMTP's line limit: the outbox file stays readable.
FILE_POLICY = policy.default.clone(max_line_length=998)


def email_message(notification: Notification, settings: SmtpSettings | None) -> EmailMessage:
    message = EmailMessage(policy=FILE_POLICY)
    message["Subject"] = f"{SUBJECT_PREFIX} {notification.subject}"
    if settings is not None:
        message["From"] = settings.sender
        message["To"] = ", ".join(settings.recipients)
    message["Date"] = format_datetime(notification.occurred_at.astimezone(UTC))
    digest = hashlib.sha256(f"{notification.kind}\0{notification.key}".encode()).hexdigest()[:32]
    message["Message-ID"] = f"<{digest}@pira-warehouse>"
    message["X-PIRA-Kind"] = notification.kind
    message["X-PIRA-Key"] = notification.key
    for name, value in notification.headers.items():
        message[name] = value
    # 8bit: the file in the outbox reads as plain Italian text (accents included).
    message.set_content(notification.body, charset="utf-8", cte="8bit")
    return message


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def existing_message(outbox: Path, notification: Notification) -> Path | None:
    """The event's message already in the outbox, whatever time its name carries."""
    matches = sorted(outbox.glob(f"*_{notification.kind}_{notification.slug}.eml"))
    return matches[0] if matches else None


def write_outbox(
    outbox: Path, notification: Notification, settings: SmtpSettings | None = None
) -> OutboxEntry:
    """The event's message in the outbox: written once (temporary file + rename), found afterwards."""
    outbox.mkdir(parents=True, exist_ok=True)
    found = existing_message(outbox, notification)
    if found is not None:
        return OutboxEntry(found, created=False, state=outbox_state(found))
    path = outbox / notification.file_name
    _write_atomically(path, email_message(notification, settings).as_bytes())
    return OutboxEntry(path, created=True)


def pending_messages(outbox: Path) -> list[Path]:
    if not outbox.is_dir():
        return []
    return sorted(path for path in outbox.glob("*.eml") if outbox_state(path) != "sent")


def _prepared_for(message: EmailMessage, settings: SmtpSettings, eight_bit: bool) -> EmailMessage:
    """The stored message addressed with the current settings, 7-bit if the server needs it."""
    for header in ("From", "To"):
        del message[header]
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    if not eight_bit:
        body = message.get_content()
        message.set_content(body, charset="utf-8", cte="quoted-printable")
    return message


def send_file(path: Path, settings: SmtpSettings) -> None:
    """Send one outbox message; raises on any failure (refused connection, login, recipients)."""
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as server:
        server.ehlo()
        if settings.starttls:
            server.starttls()
            server.ehlo()
        if settings.user:
            server.login(settings.user, settings.password or "")
        eight_bit = server.has_extn("8bitmime")
        message = _prepared_for(message, settings, eight_bit)
        server.send_message(
            message,
            from_addr=settings.sender,
            to_addrs=list(settings.recipients),
            mail_options=["BODY=8BITMIME"] if eight_bit else [],
        )


def _record(path: Path, suffix: str, content: dict) -> None:
    _write_atomically(
        path.with_suffix(suffix),
        (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def deliver(path: Path, settings: SmtpSettings | SmtpConfigError) -> str:
    """Try to send one message; the outcome is a sidecar (`.sent` or `.error`), never an exception."""
    error_path = path.with_suffix(".error")
    attempts = 1
    if error_path.exists():
        try:
            attempts += int(json.loads(error_path.read_text(encoding="utf-8")).get("attempts", 0))
        except (ValueError, AttributeError):
            pass
    try:
        if isinstance(settings, SmtpConfigError):
            raise settings
        send_file(path, settings)
    except Exception as error:  # noqa: BLE001 (any failure keeps the message pending)
        _record(path, ".error", {"failed_at": _now(), "attempts": attempts,
                                 "error": f"{type(error).__name__}: {error}"})  # fmt: skip
        return "failed"
    _record(path, ".sent", {"sent_at": _now(), "server": f"{settings.host}:{settings.port}",
                            "recipients": list(settings.recipients)})  # fmt: skip
    error_path.unlink(missing_ok=True)
    return "sent"


@contextmanager
def _outbox_lock(outbox: Path) -> Iterator[None]:
    """One writer/sender at a time: the daemon may evaluate two notification sensors at once."""
    outbox.mkdir(parents=True, exist_ok=True)
    with (outbox / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def notify(
    outbox: Path,
    notifications: Sequence[Notification],
    environ: Mapping[str, str] = os.environ,
) -> list[OutboxEntry]:
    """Write each event's message once, then send every pending message if SMTP is configured.

    Pending messages of earlier evaluations (the server was down) are retried here as well.
    """
    try:
        settings: SmtpSettings | SmtpConfigError | None = smtp_settings(environ)
    except SmtpConfigError as error:
        settings = error
    with _outbox_lock(outbox):
        entries = [
            write_outbox(
                outbox, notification, settings if isinstance(settings, SmtpSettings) else None
            )
            for notification in notifications
        ]
        if settings is not None:
            for path in pending_messages(outbox):
                deliver(path, settings)
    for entry in entries:
        entry.state = outbox_state(entry.path)
    return entries


# --- The messages (Italian: the data team reads them) ----------------------------------------

ROME = "Europe/Rome"
MAX_ERROR_CHARS = 800


def italian_time(moment: datetime | None) -> str:
    """02/12/2026 16:49:18 (ora italiana)."""
    if moment is None:
        return "n.d."
    return moment.astimezone(ZoneInfo(ROME)).strftime("%d/%m/%Y %H:%M:%S") + " (ora italiana)"


def shortened(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def periods_phrase(periods: Sequence[str]) -> str:
    """ "il periodo 2022-Q2", "i periodi da 2022-Q1 a 2022-Q4", "tutti i periodi" (plain ASCII)."""
    if not periods:
        return "tutti i periodi"
    if len(periods) == 1:
        return f"il periodo {periods[0]}"
    return f"i periodi da {periods[0]} a {periods[-1]}"


def periods_label(periods: Sequence[str]) -> str:
    if not periods:
        return "tutti"
    return periods[0] if len(periods) == 1 else f"{periods[0]} … {periods[-1]}"


@dataclass(frozen=True)
class RunInfo:
    """What a message says about the Dagster run it concerns."""

    run_id: str
    job_name: str
    periods: tuple[str, ...]  # the partition, or the keys of the run's range; () for every period
    started_at: datetime | None = None
    ended_at: datetime | None = None


def run_lines(run: RunInfo, environ: Mapping[str, str]) -> list[str]:
    return [
        f"Esecuzione (run id): {run.run_id}",
        f"Job: {run.job_name}",
        f"Periodo (partizione): {periods_label(run.periods)}",
        f"Inizio: {italian_time(run.started_at)}",
        f"Fine: {italian_time(run.ended_at)}",
        f"Pagina della run nell'interfaccia Dagster: {ui_url(f'/runs/{run.run_id}', environ)}",
    ]


def run_failure_notification(
    run: RunInfo,
    error: str,
    failed_steps: Sequence[tuple[str, str]],
    dbt_log: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Notification:
    """A scheduled (or any) run of the main job ended in failure."""
    lines = [
        (
            f"L'esecuzione del job {run.job_name} per {periods_phrase(run.periods)} non è andata a "
            "buon fine."
        ),
        "",
        *run_lines(run, environ),
        "",
        f"Errore: {shortened(error) or 'n.d.'}",
    ]
    if failed_steps:
        lines += ["", "Passi non riusciti:"]
        lines += [f"- {step}: {shortened(message, 400)}" for step, message in failed_steps]
    lines += [
        "",
        "Dove guardare:",
        (
            f"- la run e il suo log: {ui_url(f'/runs/{run.run_id}', environ)} (interfaccia Dagster, "
            "`make ui`)"
        ),
    ]
    if dbt_log is not None:
        lines.append(f"- il log di dbt: {dbt_log}")
    lines += [
        (
            "- la copia pubblicata cambia solo con il passo `publication`: se non è stato eseguito, "
            "BI e report mostrano ancora la versione precedente."
        ),
    ]
    return Notification.about_run(
        run,
        kind="run_failure",
        key=run.run_id,
        subject=f"Esecuzione non riuscita: {run.job_name}, {periods_phrase(run.periods)}",
        lines=lines,
    )


@dataclass(frozen=True)
class CheckFailure:
    """A blocking asset check that failed with errors, as its evaluation event records it."""

    asset: str  # the asset key as a path: marts/fct_indicator_results
    check_name: str
    blocks_everything: bool  # severity ERROR: the run's publication stopped
    description: str = ""
    errors: int | None = None
    failed: int | None = None
    expectations: int | None = None
    withheld: str = ""  # markdown list of "- ENTITY PERIOD"
    messages: str = ""  # markdown list of the failing rules
    data_docs: str = ""


def check_failure_notification(
    run: RunInfo, check: CheckFailure, environ: Mapping[str, str] = os.environ
) -> Notification:
    lines = [
        (
            f"Il controllo bloccante {check.check_name} sull'asset {check.asset} non è stato superato "
            f"nell'esecuzione {run.run_id} (job {run.job_name}, {periods_phrase(run.periods)})."
        ),
        "",
    ]
    if check.blocks_everything:
        lines.append(
            "Gravità: errore che non riguarda un singolo ente e periodo: la pubblicazione di questa "
            "esecuzione è stata fermata (BI e report mostrano ancora la versione precedente)."
        )
    else:
        lines += [
            (
                "Gravità: errore circoscritto: questi enti e periodi non sono stati pubblicati (restano "
                "le cifre della pubblicazione precedente, se c'è); il resto è stato pubblicato:"
            ),
            check.withheld.strip() or "- nessuno",
        ]
    if check.description:
        lines += ["", f"Controllo: {check.description}"]
    if check.errors is not None:
        lines.append(
            f"Regole non superate: {check.failed} su {check.expectations}, di cui errori: {check.errors}"
        )
    if check.messages.strip():
        lines += ["", "Dettaglio:", check.messages.strip()]
    asset_page = ui_url(f"/assets/{check.asset}?view=checks", environ)
    lines += [
        "",
        *run_lines(run, environ),
        "",
        "Dove guardare:",
        f"- il controllo nell'interfaccia Dagster: {asset_page}",
        "- le righe e le chiavi non conformi: audit.validation_results nel warehouse",
    ]
    if check.data_docs:
        lines.append(f"- i Data Docs di Great Expectations: {check.data_docs}")
    return Notification.about_run(
        run,
        kind="check_failure",
        key=f"{run.run_id}:{check.asset}:{check.check_name}",
        subject=f"Controllo bloccante non superato: {check.check_name}, {periods_phrase(run.periods)}",
        lines=lines,
    )


@dataclass(frozen=True)
class OffTrackIndicator:
    """An indicator "Non in linea" in a quarter, and how it stood in the previous quarter."""

    node_code: str
    indicator_code: str
    indicator_name: str
    status_label: str
    status_reason: str
    achievement_vs_annual_pct: float | None
    projected_achievement_pct: float | None
    previous_label: str | None  # None: not monitored in the previous quarter


def off_track_notification(
    run: RunInfo,
    entity_code: str,
    entity_name: str,
    period: str,
    previous_period: str,
    indicators: Sequence[OffTrackIndicator],
    report: Path | None,
    published: Path,
    environ: Mapping[str, str] = os.environ,
) -> Notification:
    """The indicators of one entity that turned "Non in linea" in a quarter (one message)."""
    count = len(indicators)
    noun = "indicatore è diventato" if count == 1 else "indicatori sono diventati"
    lines = [
        (
            f"Nel monitoraggio del trimestre {period} di {entity_name} ({entity_code}) {count} {noun} "
            f"«Non in linea» rispetto al trimestre {previous_period}:"
        ),
        "",
    ]
    for item in indicators:
        lines.append(
            f"- {item.indicator_code} {item.indicator_name} (obiettivo {item.node_code}): "
            f"{item.status_label}, {item.status_reason}; raggiungimento rispetto al target annuale "
            f"{format_percent(item.achievement_vs_annual_pct)}, proiettato a fine anno "
            f"{format_percent(item.projected_achievement_pct)}; nel trimestre {previous_period}: "
            f"{item.previous_label or 'non monitorato'}"
        )
    lines += ["", "Dove guardare:"]
    if report is not None:
        lines.append(f"- il rapporto: {report}")
    lines += [
        (
            f"- i dati: marts.fct_monitoring_indicators (entity_code = '{entity_code}', period = "
            f"'{period}') nella copia pubblicata {published}"
        ),
        f"- la run che li ha pubblicati: {ui_url(f'/runs/{run.run_id}', environ)}",
    ]
    keys = "\n".join(f"{item.node_code}\0{item.indicator_code}" for item in indicators)
    digest = hashlib.sha256(keys.encode()).hexdigest()[:12]
    return Notification.about_run(
        run,
        kind="off_track",
        # The same indicators turning off track in the same quarter are one event, whichever run
        # republished them; a different set is a new message.
        key=f"{entity_code}:{period}:{digest}",
        subject=f"Indicatori non in linea: {entity_code} {period} ({count})",
        lines=lines,
    )
