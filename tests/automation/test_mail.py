"""The outbox service: enqueue once, claim safely, deliver, retry, fail, reclaim, resend."""

import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from sqlalchemy import select

from lk3admin import mail
from lk3admin.extensions import db
from models import OutboxMessage, OutboxStatus
from models.base import utcnow
from tests import factories


def enqueue(number=1, **fields):
    ids = []
    for n in range(number):
        ids.append(
            mail.enqueue(
                fields.get("kind", "uji"),
                fields.get("object_key", f"objek:{n}"),
                fields.get("recipient", f"penerima{n}@example.id"),
                "Subjek uji",
                "Isi uji, tanpa data klien.",
                period_key=fields.get("period_key", "2031-03-10"),
                attachments=fields.get("attachments", ()),
            )
        )
    db.session.commit()
    return ids


def statuses():
    db.session.expire_all()
    return {m.id: m for m in db.session.scalars(select(OutboxMessage))}


def test_the_same_email_is_enqueued_once(app_ctx):
    unit = factories.unit()
    first = mail.enqueue(
        "uji", "rapat:1", "Camat <Camat@Example.ID>", "S", "B", period_key="p", unit_id=unit.id
    )
    again = mail.enqueue("uji", "rapat:1", "camat@example.id", "S", "B", period_key="p")
    other_period = mail.enqueue("uji", "rapat:1", "camat@example.id", "S", "B", period_key="q")
    not_an_address = mail.enqueue("uji", "rapat:1", "bukan alamat", "S", "B", period_key="p")
    db.session.commit()

    assert first is not None and other_period is not None
    assert again is None and not_an_address is None
    rows = statuses()
    assert len(rows) == 2
    assert rows[first].recipient == "camat@example.id"
    assert rows[first].unit_id == unit.id
    assert rows[first].status == OutboxStatus.PENDING


def test_a_duplicate_does_not_spoil_the_callers_transaction(app_ctx):
    enqueue(1)
    unit = factories.unit()
    unit.phone = "0548-99999"
    assert enqueue(1) == [None]  # commits the caller's change despite the duplicate
    db.session.expire_all()
    assert factories.unit().phone == "0548-99999"


def test_without_smtp_host_each_message_becomes_one_eml_file(automation_app):
    with automation_app.app_context():
        ids = enqueue(
            2, attachments=[mail.Attachment("undangan.ics", "text/calendar", b"BEGIN:VCALENDAR")]
        )
        result = mail.deliver_due()
        again = mail.deliver_due()

        assert (result.sent, again.claimed) == (2, 0)
        files = sorted(Path(automation_app.config["MAIL_FILE_DIR"]).glob("*.eml"))
        assert [f.name for f in files] == [f"lk3-outbox-{i}.eml" for i in sorted(ids)]
        parsed = message_from_bytes(files[0].read_bytes(), policy=default_policy)
        assert parsed["To"] == "penerima0@example.id"
        assert parsed["X-LK3-Kind"] == "uji"
        assert [a.get_filename() for a in parsed.iter_attachments()] == ["undangan.ics"]
        rows = statuses()
        assert {m.status for m in rows.values()} == {OutboxStatus.SENT}
        assert all(m.attempts == 1 and m.sent_at and m.claim_token is None for m in rows.values())


def test_smtp_delivery_reaches_the_server(automation_app, smtp_server):
    automation_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    with automation_app.app_context():
        enqueue(3)
        result = mail.deliver_due()

    assert result.sent == 3
    assert sorted(r for _kind, r in smtp_server.deliveries()) == [
        "penerima0@example.id",
        "penerima1@example.id",
        "penerima2@example.id",
    ]


def test_smtp_down_keeps_messages_pending_with_the_error_and_a_later_attempt(
    automation_app, smtp_server
):
    automation_app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, OUTBOX_RETRY_BASE_SECONDS=60
    )
    smtp_server.stop()
    with automation_app.app_context():
        enqueue(2)
        result = mail.deliver_due()

        assert (result.sent, result.retrying) == (0, 2)
        for message in statuses().values():
            assert message.status == OutboxStatus.PENDING
            assert message.attempts == 1
            assert "ConnectionRefusedError" in message.last_error
            # First retry after 60 s with jitter: between half and all of it.
            wait = (message.next_attempt_at - utcnow()).total_seconds()
            assert 25 < wait <= 60
        assert mail.deliver_due().claimed == 0  # not due yet

        smtp_server.start()
        later = utcnow() + timedelta(seconds=61)
        assert mail.deliver_due(now=later).sent == 2
    assert len(smtp_server.messages()) == 2


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [(1, (30, 60)), (2, (60, 120)), (3, (120, 240)), (10, (1800, 3600))],
)
def test_backoff_doubles_with_jitter_and_a_cap(attempts, expected):
    for _ in range(50):
        delay = mail.retry_delay_seconds(attempts, base=60, maximum=3600)
        assert expected[0] <= delay <= expected[1]


def test_after_the_last_attempt_a_message_fails_and_can_be_resent(automation_app, smtp_server):
    automation_app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, OUTBOX_MAX_ATTEMPTS=2
    )
    smtp_server.stop()
    with automation_app.app_context():
        (message_id,) = enqueue(1)
        mail.deliver_due()
        mail.deliver_due(now=utcnow() + timedelta(hours=7))
        failed = statuses()[message_id]
        assert (failed.status, failed.attempts) == (OutboxStatus.FAILED, 2)
        assert mail.deliver_due(now=utcnow() + timedelta(days=1)).claimed == 0

        assert mail.resend([message_id]) == 1
        db.session.commit()
        smtp_server.start()
        assert mail.deliver_due().sent == 1
        sent = statuses()[message_id]
        assert (sent.status, sent.attempts) == (OutboxStatus.SENT, 1)
        assert mail.resend([message_id]) == 0  # only failed messages go back


def test_a_permanent_refusal_fails_at_once(automation_app, smtp_server):
    automation_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)

    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 5.1.1 No such mailbox"

    smtp_server.handler.handle_RCPT = refuse
    with automation_app.app_context():
        (message_id,) = enqueue(1)
        result = mail.deliver_due()
        message = statuses()[message_id]
    assert result.failed == 1
    assert message.status == OutboxStatus.FAILED
    assert "550" in message.last_error


def test_a_message_whose_worker_died_is_claimed_again_after_the_timeout(automation_app):
    automation_app.config["OUTBOX_CLAIM_TIMEOUT_SECONDS"] = 600
    with automation_app.app_context():
        (message_id,) = enqueue(1)
        token, claimed = mail.claim_due(10)
        assert claimed == [message_id]
        # The claimer dies here. Before the timeout nobody else takes the message ...
        assert mail.claim_due(10)[1] == []
        # ... after it, the next pass does, and only the new claim may record the outcome.
        later = utcnow() + timedelta(seconds=601)
        assert mail.deliver_due(now=later).sent == 1
        message = statuses()[message_id]
        assert (message.status, message.attempts) == (OutboxStatus.SENT, 2)
        mail._finish(message_id, token, status=OutboxStatus.FAILED)
        db.session.commit()
        assert statuses()[message_id].status == OutboxStatus.SENT


def test_concurrent_claims_never_take_the_same_message(automation_app):
    with automation_app.app_context():
        enqueue(40)
    claimed = []
    lock = threading.Lock()

    def claim_all():
        with automation_app.app_context():
            while True:
                _token, ids = mail.claim_due(3)
                if not ids:
                    return
                with lock:
                    claimed.extend(ids)

    threads = [threading.Thread(target=claim_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(claimed) == 40
    assert len(set(claimed)) == 40


def test_links_point_at_the_stable_go_route(app_ctx):
    app_ctx.config["PORTAL_URL"] = "https://lk3.example.id/"
    assert mail.portal_link("kasus", 7) == "https://lk3.example.id/go/kasus/7"
    with pytest.raises(ValueError):
        mail.portal_link("keluarga", 7)
