"""`flask lk3 scan-reminders`, `deliver-outbox` and `compile-report`."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from lk3admin.extensions import db
from models import OutboxMessage, OutboxStatus, Report, ReportStatus
from tests.automation.scenario import MEETING_DAY, reminder_scenario


def test_scan_then_deliver_writes_eml_files(automation_app):
    runner = automation_app.test_cli_runner()
    with automation_app.app_context():
        reminder_scenario()
    day = (MEETING_DAY - timedelta(days=3)).isoformat()

    scanned = runner.invoke(args=["lk3", "scan-reminders", "--today", day])
    again = runner.invoke(args=["lk3", "scan-reminders", "--today", day])
    delivered = runner.invoke(args=["lk3", "deliver-outbox"])

    assert scanned.exit_code == 0, scanned.output
    assert "5 reminder email(s)" in scanned.output
    assert "0 reminder email(s)" in again.output
    assert "Sent 5, to retry 0, failed 0." in delivered.output
    assert len(list(Path(automation_app.config["MAIL_FILE_DIR"]).glob("*.eml"))) == 5
    with automation_app.app_context():
        statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {OutboxStatus.SENT}


def test_compile_report_for_a_meeting_and_for_a_region(automation_app):
    runner = automation_app.test_cli_runner()
    with automation_app.app_context():
        scenario = reminder_scenario()

    by_meeting = runner.invoke(
        args=["lk3", "compile-report", "--meeting", str(scenario.meeting_id)]
    )
    by_region = runner.invoke(
        args=[
            "lk3",
            "compile-report",
            "--scope",
            "provinsi",
            "--code",
            "64",
            "--start",
            "2031-01-01",
            "--end",
            "2031-03-31",
        ]
    )

    assert by_meeting.exit_code == 0, by_meeting.output
    assert by_region.exit_code == 0, by_region.output
    assert ".pdf" in by_meeting.output and ".xlsx" in by_region.output
    with automation_app.app_context():
        statuses = list(db.session.scalars(select(Report.status)))
    assert statuses == [ReportStatus.DONE, ReportStatus.DONE]


def test_compile_report_explains_bad_arguments(automation_app):
    runner = automation_app.test_cli_runner()
    missing = runner.invoke(args=["lk3", "compile-report", "--meeting", "999"])
    incomplete = runner.invoke(args=["lk3", "compile-report", "--scope", "unit"])
    assert missing.exit_code == 2 and "tidak ditemukan" in missing.output
    assert incomplete.exit_code == 2 and "give --meeting" in incomplete.output
