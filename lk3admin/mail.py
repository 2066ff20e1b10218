"""The outbox: every email is written in the caller's transaction and delivered by a worker.

- `enqueue()` adds a message to the caller's session; the caller commits it together with the
  change that causes it. The key (kind, object, period, recipient) is unique, so enqueueing
  the same email again does nothing, however often a scan runs.
- `deliver_due()` claims due messages (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a
  conditional UPDATE on SQLite), sends them over SMTP, or into ``MAIL_FILE_DIR`` as ``.eml``
  files when ``SMTP_HOST`` is unset, and records each outcome. A failed send is retried with
  exponential backoff and jitter; after ``OUTBOX_MAX_ATTEMPTS`` the message is FAILED. A
  message claimed by a worker that died is claimed again after ``OUTBOX_CLAIM_TIMEOUT_SECONDS``.

Emails carry no client personal data: links into the portal and counts only.
"""

import logging
import random
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from lk3admin.extensions import db
from lk3admin.sql import insert_if_absent
from models import (
    BoardPeriod,
    Case,
    Meeting,
    Membership,
    OutboxAttachment,
    OutboxMessage,
    OutboxStatus,
    Partner,
    Report,
)
from models.base import utcnow

log = logging.getLogger(__name__)

# Stored errors are for people reading the Outbox screen, not full tracebacks.
ERROR_MAX_CHARS = 500


class Attachment(NamedTuple):
    filename: str
    mimetype: str
    content: bytes


@dataclass
class DeliveryResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)

    @property
    def claimed(self):
        return self.sent + self.retrying + self.failed


# What emails link to: /go/<target>/<id> opens the row's screen (views/links.py), so links
# in old emails keep working when screens are renamed.
LINK_TARGETS = {
    "kasus": Case,
    "rapat": Meeting,
    "laporan": Report,
    "mitra": Partner,
    "periode": BoardPeriod,
    "anggota": Membership,
}


def portal_link(target, pk):
    if target not in LINK_TARGETS:
        raise ValueError(f"unknown link target {target!r}")
    return f"{current_app.config['PORTAL_URL'].rstrip('/')}/go/{target}/{pk}"


def normalise_address(address):
    """The bare, lower-case address, or None when it is not an email address."""
    _name, bare = parseaddr(address or "")
    bare = bare.strip().lower()
    return bare if "@" in bare and " " not in bare else None


def enqueue(
    kind,
    object_key,
    recipient,
    subject,
    body_text,
    *,
    period_key="",
    unit_id=None,
    body_html=None,
    attachments=(),
):
    """Add an email to the caller's transaction, once per (kind, object, period, recipient).

    Returns the new message's id, or None when the same email is already in the outbox or
    the recipient is not an email address. The caller commits.
    """
    address = normalise_address(recipient)
    if address is None:
        return None
    values = {
        "kind": kind,
        "object_key": object_key,
        "period_key": period_key,
        "recipient": address,
        "unit_id": unit_id,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "created_at": utcnow(),
        "next_attempt_at": utcnow(),
    }
    message_id = insert_if_absent(
        OutboxMessage, values, ["kind", "object_key", "period_key", "recipient"]
    )
    if message_id is None:
        return None
    for attachment in attachments:
        db.session.add(
            OutboxAttachment(
                message_id=message_id,
                filename=attachment.filename,
                mimetype=attachment.mimetype,
                content=attachment.content,
            )
        )
    return message_id


def resend(message_ids):
    """Put FAILED messages back in the queue with a fresh budget of attempts. The caller commits."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == OutboxStatus.FAILED)
        .values(
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=utcnow(),
            claimed_at=None,
            claim_token=None,
        )
    )
    return result.rowcount


def deliver_due(now=None):
    """Claim the messages that are due and send them, one batch at a time, until none is left."""
    config = current_app.config
    result = DeliveryResult()
    with _transport(config) as transport:
        while True:
            token, message_ids = claim_due(config["OUTBOX_BATCH_SIZE"], now=now)
            if not message_ids:
                return result
            for message_id in message_ids:
                _deliver_one(message_id, token, transport, result)


def claim_due(batch_size, now=None):
    """Mark up to `batch_size` due messages as being sent by this caller; returns (token, ids).

    Due means pending and past its next attempt time, or claimed so long ago that its worker
    must have died. Each claim counts as an attempt, so a message that kills every worker
    still ends as FAILED.
    """
    config = current_app.config
    now = now or utcnow()
    stale_before = now - timedelta(seconds=config["OUTBOX_CLAIM_TIMEOUT_SECONDS"])
    max_attempts = config["OUTBOX_MAX_ATTEMPTS"]
    stale = and_(
        OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at < stale_before
    )
    _fail_abandoned(stale, max_attempts)
    due = and_(
        or_(
            and_(
                OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
            ),
            stale,
        ),
        OutboxMessage.attempts < max_attempts,
    )
    token = secrets.token_hex(16)
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(batch_size)
    )
    claim = update(OutboxMessage).values(
        status=OutboxStatus.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=OutboxMessage.attempts + 1,
    )
    if db.session.get_bind().dialect.name == "postgresql":
        # Rows another worker has locked are skipped, not waited for.
        ids = db.session.scalars(candidates.with_for_update(skip_locked=True)).all()
        if ids:
            db.session.execute(claim.where(OutboxMessage.id.in_(ids)))
    else:
        # SQLite has no row locks: one UPDATE takes the database's write lock, and its WHERE
        # checks again that each row is still due, so two workers never claim the same row.
        db.session.execute(
            claim.where(OutboxMessage.id.in_(candidates.scalar_subquery()), due),
            execution_options={"synchronize_session": False},
        )
        ids = db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.claim_token == token)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        ).all()
    db.session.commit()
    return token, list(ids)


def _fail_abandoned(stale, max_attempts):
    db.session.execute(
        update(OutboxMessage)
        .where(stale, OutboxMessage.attempts >= max_attempts)
        .values(
            status=OutboxStatus.FAILED,
            claim_token=None,
            last_error="Pengiriman terhenti (worker berhenti) dan batas percobaan tercapai.",
        )
    )


def _deliver_one(message_id, token, transport, result):
    message = db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .options(selectinload(OutboxMessage.attachments).undefer(OutboxAttachment.content))
    )
    try:
        transport.send(build_email(message))
    except (smtplib.SMTPException, OSError) as exc:
        _record_failure(message_id, token, message.attempts, exc, result)
    else:
        _finish(message_id, token, status=OutboxStatus.SENT, sent_at=utcnow(), last_error=None)
        result.sent += 1
    db.session.commit()


def _record_failure(message_id, token, attempts, exc, result):
    config = current_app.config
    error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS]
    result.errors.append(error)
    if attempts >= config["OUTBOX_MAX_ATTEMPTS"] or _is_permanent(exc):
        _finish(message_id, token, status=OutboxStatus.FAILED, last_error=error)
        result.failed += 1
        log.warning("outbox message %s failed for good: %s", message_id, error)
        return
    delay = retry_delay_seconds(
        attempts, config["OUTBOX_RETRY_BASE_SECONDS"], config["OUTBOX_RETRY_MAX_SECONDS"]
    )
    _finish(
        message_id,
        token,
        status=OutboxStatus.PENDING,
        last_error=error,
        next_attempt_at=utcnow() + timedelta(seconds=delay),
    )
    result.retrying += 1
    log.info("outbox message %s will be retried in %.0fs: %s", message_id, delay, error)


def _finish(message_id, token, **values):
    # Only the claim that sent the message may record its outcome.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(claim_token=None, **values)
    )


def retry_delay_seconds(attempts, base, maximum):
    """Exponential backoff with jitter: half of the delay is fixed, half is random."""
    delay = min(base * 2 ** max(attempts - 1, 0), maximum)
    return delay / 2 + random.uniform(0, delay / 2)


def _is_permanent(exc):
    """An SMTP 5xx answer will not change by retrying; anything else (4xx, network) may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def build_email(message):
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at.replace(tzinfo=UTC))
    # The same id on every attempt: a mail system that got the message twice can tell.
    domain = parseaddr(config["MAIL_FROM"])[1].partition("@")[2] or "lk3admin"
    email["Message-ID"] = f"<lk3-outbox-{message.id}@{domain}>"
    # For mail filters (and the tests): what the email is about.
    email["X-LK3-Kind"] = message.kind
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for attachment in message.attachments:
        maintype, _slash, subtype = attachment.mimetype.partition("/")
        email.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return email


class SmtpTransport:
    """One SMTP connection for a batch; opened when first needed, reopened after an error."""

    def __init__(self, config):
        self.config = config
        self.connection = None

    def send(self, email):
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.send_message(email)
        except (smtplib.SMTPException, OSError):
            self.close()
            raise

    def _connect(self):
        config = self.config
        connection = smtplib.SMTP(
            config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_SECONDS"]
        )
        if config["SMTP_STARTTLS"]:
            connection.starttls()
        if config["SMTP_USER"]:
            connection.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
        return connection

    def close(self):
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class FileTransport:
    """Without SMTP_HOST, each message becomes one .eml file (named by its id: no duplicates)."""

    def __init__(self, directory):
        self.directory = Path(directory)

    def send(self, email):
        self.directory.mkdir(parents=True, exist_ok=True)
        message_id = email["Message-ID"].strip("<>").partition("@")[0]
        path = self.directory / f"{message_id}.eml"
        partial = path.with_suffix(".eml.part")
        partial.write_bytes(email.as_bytes())
        partial.replace(path)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None


def _transport(config):
    if config["SMTP_HOST"]:
        return SmtpTransport(config)
    return FileTransport(config["MAIL_FILE_DIR"])
