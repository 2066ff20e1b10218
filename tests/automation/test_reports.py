"""Report lifecycle: scheduled once, compiled by one worker, stored with files, emailed when
scheduled, failed visibly."""

import io
from datetime import date, timedelta

import openpyxl
from pypdf import PdfReader
from sqlalchemy import select

from lk3admin import reports
from lk3admin.extensions import db
from models import (
    MailKind,
    Meeting,
    OutboxMessage,
    Report,
    ReportKind,
    ReportScope,
    ReportStatus,
    UnitStatus,
)
from models.base import utcnow
from tests import factories
from tests.automation.scenario import MEETING_DAY, SECRETARIAT, reminder_scenario


def all_reports():
    db.session.expire_all()
    return db.session.scalars(select(Report).order_by(Report.id)).all()


def test_the_rakor_report_is_scheduled_once_when_the_meeting_is_near(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        assert reports.schedule_due_reports(MEETING_DAY - timedelta(days=3)) == 0
        assert reports.schedule_due_reports(MEETING_DAY - timedelta(days=2)) == 1
        assert reports.schedule_due_reports(MEETING_DAY - timedelta(days=1)) == 0
        (report,) = all_reports()
        meeting = db.session.get(Meeting, scenario.meeting_id)
        assert (report.kind, report.scope, report.unit_id) == (
            ReportKind.MEETING,
            ReportScope.UNIT,
            meeting.unit_id,
        )
        assert (report.period_start, report.period_end) == (
            meeting.period_start,
            meeting.period_end,
        )
        assert report.status == ReportStatus.PENDING


def test_periodic_reports_are_scheduled_once_per_period(automation_app):
    automation_app.config["PERIODIC_REPORTS"] = "unit:monthly,regency:quarterly,province:quarterly"
    with automation_app.app_context():
        bontang = factories.unit("BTG", "64.74", "Kota Bontang")
        factories.unit("BRU", "64.03", "Kabupaten Berau", status=UnitStatus.INACTIVE)
        today = date(2031, 5, 14)
        assert reports.schedule_due_reports(today) == 3
        assert reports.schedule_due_reports(today + timedelta(days=1)) == 0
        found = {(r.kind, r.scope): r for r in all_reports()}
        monthly = found[(ReportKind.MONTHLY, ReportScope.UNIT)]
        assert (monthly.unit_id, monthly.period_start, monthly.period_end) == (
            bontang.id,
            date(2031, 4, 1),
            date(2031, 4, 30),
        )
        quarterly = found[(ReportKind.QUARTERLY, ReportScope.REGENCY)]
        assert (quarterly.regency_id, quarterly.period_start, quarterly.period_end) == (
            bontang.regency_id,
            date(2031, 1, 1),
            date(2031, 3, 31),
        )
        province = found[(ReportKind.QUARTERLY, ReportScope.PROVINCE)]
        assert province.province_id == bontang.regency.province_id
        # A new month brings the next monthly report.
        assert reports.schedule_due_reports(date(2031, 6, 1)) == 1


def test_a_scheduled_report_is_compiled_stored_and_emailed_with_its_files(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        reports.schedule_due_reports(MEETING_DAY - timedelta(days=2))
        (report,) = all_reports()

        assert reports.compile_report(report.id) == ReportStatus.DONE
        assert reports.compile_report(report.id) is None  # done: nobody compiles it again

        (report,) = all_reports()
        assert report.status == ReportStatus.DONE and report.finished_at
        assert report.figures["scope_name"] == "LK3 Kota Bontang"
        pdf, xlsx = sorted(report.files, key=lambda f: f.filename)
        assert pdf.filename.endswith(".pdf") and xlsx.filename.endswith(".xlsx")
        assert "Kasus ditangani" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert "Ringkasan" in openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames

        messages = db.session.scalars(select(OutboxMessage)).all()
        assert {m.recipient for m in messages} == scenario.invitee_emails
        for message in messages:
            assert message.kind == MailKind.MEETING_REPORT
            assert [a.filename for a in message.attachments] == [pdf.filename, xlsx.filename]
            assert "Kasus ditangani: <3 / 0" in message.body_text  # one case: hidden
            assert f"/go/laporan/{report.id}" in message.body_text


def test_a_report_compiled_on_request_is_stored_not_emailed(automation_app):
    with automation_app.app_context():
        scenario = reminder_scenario()
        meeting = db.session.get(Meeting, scenario.meeting_id)
        report = reports.request_meeting_report(meeting)
        db.session.commit()
        assert reports.compile_report(report.id) == ReportStatus.DONE
        assert len(all_reports()[0].files) == 2
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_a_monthly_report_goes_to_the_secretariat(automation_app):
    automation_app.config["PERIODIC_REPORTS"] = "unit:monthly"
    with automation_app.app_context():
        factories.unit(secretariat_email=SECRETARIAT)
        reports.schedule_due_reports(date(2031, 5, 14))
        assert reports.compile_pending() == [all_reports()[0].id]
        (message,) = db.session.scalars(select(OutboxMessage)).all()
        assert (message.kind, message.recipient) == (MailKind.PERIODIC_REPORT, SECRETARIAT)


def test_a_failing_report_shows_as_failed_with_its_error(automation_app):
    # A broken setting makes rendering fail, as any unforeseen error would.
    automation_app.config["REPORT_SMALL_COUNT_THRESHOLD"] = "tiga"
    with automation_app.app_context():
        unit = factories.unit()
        report = reports.request_report(
            ReportScope.UNIT, unit.id, date(2031, 1, 1), date(2031, 3, 31)
        )
        db.session.commit()
        assert reports.compile_report(report.id) == ReportStatus.FAILED
        (failed,) = all_reports()
        assert failed.status == ReportStatus.FAILED
        assert failed.error.startswith("TypeError")
        assert failed.files == []


def test_a_report_abandoned_while_running_is_compiled_again(automation_app):
    automation_app.config["REPORT_RUNNING_TIMEOUT_SECONDS"] = 600
    with automation_app.app_context():
        unit = factories.unit()
        report = reports.request_report(
            ReportScope.UNIT, unit.id, date(2031, 1, 1), date(2031, 3, 31)
        )
        db.session.commit()
        assert reports.claim(report.id)
        assert not reports.claim(report.id)  # running: a second worker keeps off
        assert reports.compile_pending() == []
        report = db.session.get(Report, report.id)
        report.started_at = utcnow() - timedelta(seconds=601)  # its worker died
        db.session.commit()
        assert reports.compile_pending() == [report.id]
        assert all_reports()[0].status == ReportStatus.DONE
