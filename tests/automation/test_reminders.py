"""The reminder scan: each kind on its day, to the right people, once; no client data."""

from datetime import timedelta

from sqlalchemy import select

from lk3admin import reminders, reports
from lk3admin.extensions import db
from models import MailKind, Meeting, OutboxAttachment, OutboxMessage
from tests.automation.scenario import MEETING_DAY, reminder_scenario


def outbox():
    db.session.expire_all()
    return {(m.kind, m.recipient) for m in db.session.scalars(select(OutboxMessage))}


def test_each_reminder_kind_is_written_once_to_the_right_people_on_its_day(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        seen = set()
        for day, expected in scenario.expected().items():
            reminders.scan(day)
            reports.schedule_due_reports(day)
            reports.compile_pending()
            added = outbox() - seen
            assert added == expected, day
            seen |= added
        # Scanning every day again adds nothing: each reminder is sent once.
        for day in scenario.expected():
            assert sum(reminders.scan(day).values()) == 0
            reports.schedule_due_reports(day)
        assert outbox() == seen


def test_a_moved_meeting_is_reminded_again(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        day = MEETING_DAY - timedelta(days=3)
        assert reminders.scan(day)[MailKind.MEETING_COMING] == 3
        meeting = db.session.get(Meeting, scenario.meeting_id)
        meeting.held_at += timedelta(days=1)
        db.session.commit()
        assert reminders.scan(day)[MailKind.MEETING_COMING] == 0  # not within 3 days any more
        assert reminders.scan(day + timedelta(days=1))[MailKind.MEETING_COMING] == 3


def test_the_meeting_reminder_carries_date_venue_agenda_and_an_ics(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        reminders.scan(MEETING_DAY - timedelta(days=3))
        message = db.session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.kind == MailKind.MEETING_COMING,
                OutboxMessage.recipient == "camat@example.id",
            )
        )
        assert "Camat Bontang Selatan" in message.body_text
        assert "Senin, 10 Maret 2031" in message.body_text
        assert "09.00 WIB" in message.body_text
        assert "Aula Dinas Sosial Kota Bontang" in message.body_text
        assert "Evaluasi jalur rujukan" in message.body_text
        assert f"/go/rapat/{scenario.meeting_id}" in message.body_text
        (attachment,) = db.session.scalars(
            select(OutboxAttachment).where(OutboxAttachment.message_id == message.id)
        ).all()
        ics = attachment.content.decode()
        assert attachment.mimetype == "text/calendar"
        assert "BEGIN:VEVENT" in ics and ics.endswith("END:VCALENDAR\r\n")
        # 09.00 in Jakarta is 02.00 UTC.
        assert "DTSTART:20310310T020000Z" in ics
        assert "LOCATION:Aula Dinas Sosial Kota Bontang" in ics
        assert "DESCRIPTION:1. Rekap kasus triwulan\\n2. Evaluasi jalur rujukan" in ics
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_case_reminders_name_no_client(automation_app):
    with automation_app.app_context():
        reminder_scenario()
        reminders.scan(MEETING_DAY - timedelta(days=1))
        bodies = [
            m.subject + m.body_text
            for m in db.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind.in_(
                        [MailKind.FOLLOW_UP_OVERDUE, MailKind.REFERRAL_FEEDBACK_OVERDUE]
                    )
                )
            )
        ]
    assert len(bodies) == 4
    for body in bodies:
        assert "Sari" not in body and "Wulandari" not in body  # the client
        assert "Kunjungan rumah" not in body  # the follow-up's own text
        assert "Perlindungan sementara" not in body  # the referral's reason
        assert "Keluarga A-001" not in body
    assert any("/go/kasus/" in body for body in bodies)


def test_ics_lines_fold_without_splitting_characters():
    line = "DESCRIPTION:" + "Rapat koordinasi — evaluasi " * 5
    folded = reminders._ics_fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode()) <= 75 for part in parts)
