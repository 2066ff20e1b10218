"""Acceptance 1-3 with real processes: a Celery worker (with beat) started like in production,
Redis, and an SMTP server (aiosmtpd) in the test. Nothing is mocked; the day is injected as a
task argument, and the data lies years from the real date, so beat's own passes add nothing.
"""

from collections import Counter
from datetime import timedelta

import pytest
from celery import Celery
from sqlalchemy import select

from lk3admin import background
from lk3admin.extensions import db
from models import MailKind, OutboxMessage, OutboxStatus, Report, ReportStatus
from tests.automation.conftest import wait_for
from tests.automation.scenario import MEETING_DAY, reminder_scenario

pytestmark = pytest.mark.integration


def run_task(broker_url, name, *args):
    """Send a task to the workers as the scheduler does, and wait for it to finish."""
    client = Celery("lk3-test", broker=broker_url, backend=broker_url)
    try:
        return client.send_task(name, args=args, ignore_result=False).get(timeout=60)
    finally:
        client.close()


def run_day(broker_url, day):
    run_task(broker_url, background.SCAN_REMINDERS, day.isoformat())
    run_task(broker_url, background.SCHEDULE_REPORTS, day.isoformat())


def outbox_rows():
    db.session.remove()  # a fresh session: see what the worker committed
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def all_delivered(smtp_server):
    """True once every outbox row is sent and the server got exactly that many messages."""
    rows = outbox_rows()
    return all(r.status == OutboxStatus.SENT for r in rows) and len(
        smtp_server.deliveries()
    ) >= len(rows)


def smtp_settings(smtp_server):
    return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": smtp_server.port}


def test_each_reminder_arrives_once_to_the_right_people_on_its_day(
    automation_app, smtp_server, redis_url, start_worker
):
    with automation_app.app_context():
        scenario = reminder_scenario()
        start_worker(redis_url, **smtp_settings(smtp_server))
        seen = 0
        for day, expected in scenario.expected().items():
            run_day(redis_url, day)
            wait_for(lambda: all_delivered(smtp_server), 60, f"the emails of {day}")
            arrived = smtp_server.deliveries()[seen:]
            assert sorted(arrived) == sorted(expected), day
            seen += len(arrived)

        # Every day again: nothing is sent twice.
        for day in scenario.expected():
            run_day(redis_url, day)
        wait_for(lambda: all_delivered(smtp_server), 60, "the outbox to settle")
        assert len(smtp_server.deliveries()) == seen == len(outbox_rows())

    by_kind = {item.message["X-LK3-Kind"]: item.message for item in smtp_server.messages()}
    invitation = by_kind[MailKind.MEETING_COMING]
    assert [a.get_filename() for a in invitation.iter_attachments()] == ["undangan-rapat.ics"]
    assert "Aula Dinas Sosial Kota Bontang" in invitation.get_body().get_content()
    report = by_kind[MailKind.MEETING_REPORT]
    names = [a.get_filename() for a in report.iter_attachments()]
    assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "xlsx"]


def test_a_worker_killed_during_delivery_loses_no_email_and_sends_none_twice(
    automation_app, smtp_server, redis_url, start_worker
):
    with automation_app.app_context():
        reminder_scenario(extra_invitees=5)
        handler = smtp_server.handler
        handler.hold_number = 3  # the server keeps the third message waiting
        worker = start_worker(redis_url, **smtp_settings(smtp_server))
        run_task(
            redis_url, background.SCAN_REMINDERS, (MEETING_DAY - timedelta(days=3)).isoformat()
        )
        assert handler.held.wait(60), "the worker never reached the third message"

        worker.kill()  # SIGKILL while the third message is being sent
        handler.hold_number = None
        handler.drop_held = True  # that message never completed: the server drops it
        handler.released.set()

        rows = outbox_rows()
        statuses = Counter(r.status for r in rows)
        assert len(rows) == 10
        assert statuses == {OutboxStatus.SENT: 2, OutboxStatus.SENDING: 8}

        start_worker(redis_url, **smtp_settings(smtp_server))
        wait_for(lambda: all_delivered(smtp_server), 60, "the second worker to deliver")

        rows = outbox_rows()
        deliveries = Counter(smtp_server.deliveries())
        assert deliveries == Counter({(r.kind, r.recipient): 1 for r in rows})
        # The eight the first worker had claimed were claimed again after the timeout.
        assert Counter(r.attempts for r in rows) == {1: 2, 2: 8}


def test_with_smtp_down_messages_wait_with_the_error_and_go_out_when_it_is_back(
    automation_app, smtp_server, redis_url, start_worker
):
    with automation_app.app_context():
        reminder_scenario()
        start_worker(redis_url, **smtp_settings(smtp_server))
        smtp_server.stop()
        run_task(
            redis_url, background.SCAN_REMINDERS, (MEETING_DAY - timedelta(days=1)).isoformat()
        )

        def all_failed_once():
            rows = outbox_rows()
            return rows and all(r.attempts >= 1 and r.last_error for r in rows) and rows

        rows = wait_for(all_failed_once, 60, "every message to be tried once")
        assert {r.status for r in rows} <= {OutboxStatus.PENDING, OutboxStatus.SENDING}
        assert all("Connection refused" in r.last_error for r in rows)
        assert smtp_server.deliveries() == []

        smtp_server.start()
        wait_for(lambda: all_delivered(smtp_server), 60, "delivery after SMTP is back")
        rows = outbox_rows()
        assert Counter(smtp_server.deliveries()) == Counter(
            {(r.kind, r.recipient): 1 for r in rows}
        )


def test_with_redis_down_screens_work_and_emails_wait_until_it_returns(
    automation_app, client, auth, smtp_server, redis_server, start_worker
):
    automation_app.config["CELERY_BROKER_URL"] = redis_server.url
    runner = automation_app.test_cli_runner()
    with automation_app.app_context():
        scenario = reminder_scenario()
        failed = OutboxMessage(
            kind="uji",
            object_key="uji:1",
            recipient="gagal.kemarin@example.id",
            subject="Pesan yang gagal kemarin",
            body_text="Isi",
            status=OutboxStatus.FAILED,
            attempts=8,
            last_error="SMTPServerDisconnected",
        )
        db.session.add(failed)
        db.session.commit()
        failed_id = failed.id
    worker = start_worker(redis_server.url, **smtp_settings(smtp_server))
    auth.login()

    redis_server.stop()
    wait_for(lambda: "Connection to broker lost" in worker.log_text(), 30, "the worker to notice")

    # The screens work; what they ask for waits in the database.
    assert client.get("/outbox/list/").status_code == 200
    assert client.get("/reports/list/").status_code == 200
    resend = client.post("/outbox/action_post", data={"action": "resend", "rowid": [failed_id]})
    compile_now = client.post(
        "/meeting-reports/action_post",
        data={"action": "compile_now", "rowid": [scenario.meeting_id]},
    )
    assert (resend.status_code, compile_now.status_code) == (302, 302)
    day = (MEETING_DAY - timedelta(days=3)).isoformat()
    assert runner.invoke(args=["lk3", "scan-reminders", "--today", day]).exit_code == 0
    with automation_app.app_context():
        assert {r.status for r in outbox_rows()} == {OutboxStatus.PENDING}
        assert len(outbox_rows()) == 6
        assert db.session.scalar(select(Report.status)) == ReportStatus.PENDING
    assert smtp_server.deliveries() == []

    redis_server.start()
    with automation_app.app_context():
        wait_for(lambda: all_delivered(smtp_server), 90, "delivery after Redis is back")

        def report_done():
            db.session.remove()
            return db.session.scalar(select(Report.status)) == ReportStatus.DONE

        wait_for(report_done, 60, "the requested report")
        rows = outbox_rows()
    assert Counter(smtp_server.deliveries()) == Counter({(r.kind, r.recipient): 1 for r in rows})
    assert ("uji", "gagal.kemarin@example.id") in smtp_server.deliveries()
