"""The Outbox and Reports screens, "compile now", and the links emails carry."""

from datetime import date

from sqlalchemy import select

from lk3admin import mail, reports
from lk3admin.extensions import db
from models import (
    AuditLog,
    OutboxMessage,
    OutboxStatus,
    Report,
    ReportKind,
    ReportScope,
    ReportStatus,
)
from tests import factories
from tests.automation.scenario import reminder_scenario

# Nothing listens on port 1: every wake-up fails, as with Redis stopped.
BROKER_DOWN = "redis://127.0.0.1:1/0"


def outbox_message(status=OutboxStatus.PENDING, recipient="camat@example.id"):
    message_id = mail.enqueue("rapat_akan_datang", "meeting:1", recipient, "Undangan rakor", "Isi")
    db.session.get(OutboxMessage, message_id).status = status
    db.session.commit()
    return message_id


def test_the_outbox_lists_every_message_with_its_status(automation_app, client, auth):
    with automation_app.app_context():
        outbox_message(OutboxStatus.SENT, "terkirim@example.id")
        failed = outbox_message(OutboxStatus.FAILED, "gagal@example.id")
        db.session.get(OutboxMessage, failed).last_error = "SMTPServerDisconnected: putus"
        db.session.commit()
    auth.login()

    page = client.get("/outbox/list/").get_data(as_text=True)
    assert "terkirim@example.id" in page and "gagal@example.id" in page
    assert "Terkirim" in page and "Gagal" in page
    assert "Pengingat rapat koordinasi" in page  # the kind's label

    shown = client.get(f"/outbox/show/{failed}").get_data(as_text=True)
    assert "SMTPServerDisconnected: putus" in shown


def test_resend_puts_failed_messages_back_even_when_the_broker_is_down(
    automation_app, client, auth
):
    automation_app.config["CELERY_BROKER_URL"] = BROKER_DOWN
    with automation_app.app_context():
        failed = outbox_message(OutboxStatus.FAILED, "gagal@example.id")
        sent = outbox_message(OutboxStatus.SENT, "terkirim@example.id")
    auth.login()

    response = client.post(
        "/outbox/action_post", data={"action": "resend", "rowid": [failed, sent]}
    )

    assert response.status_code == 302
    with automation_app.app_context():
        assert db.session.get(OutboxMessage, failed).status == OutboxStatus.PENDING
        assert db.session.get(OutboxMessage, sent).status == OutboxStatus.SENT


def test_compile_now_requests_the_meetings_report_even_when_the_broker_is_down(
    automation_app, client, auth
):
    automation_app.config["CELERY_BROKER_URL"] = BROKER_DOWN
    with automation_app.app_context():
        scenario = reminder_scenario()
    auth.login()

    response = client.post(
        "/meeting-reports/action_post",
        data={"action": "compile_now", "rowid": [scenario.meeting_id]},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reports/list/")
    with automation_app.app_context():
        (report,) = db.session.scalars(select(Report)).all()
        assert (report.meeting_id, report.kind, report.status) == (
            scenario.meeting_id,
            ReportKind.MEETING,
            ReportStatus.PENDING,
        )
        assert report.requested_by_id is not None
    page = client.get("/reports/list/").get_data(as_text=True)
    assert "Menunggu" in page and "LK3 Kota Bontang" in page


def test_a_compiled_report_shows_its_figures_and_its_files_download_audited(
    automation_app, client, auth
):
    with automation_app.app_context():
        unit = factories.unit()
        factories.case(unit, year=2031, opened_on=date(2031, 2, 1))
        report = reports.request_report(
            ReportScope.UNIT, unit.id, date(2031, 1, 1), date(2031, 3, 31)
        )
        db.session.commit()
        reports.compile_report(report.id)
        report = db.session.get(Report, report.id)
        pdf = next(f for f in report.files if f.filename.endswith(".pdf"))
        pdf_id, pdf_name, report_id = pdf.id, pdf.filename, report.id
    auth.login()

    listing = client.get("/reports/list/").get_data(as_text=True)
    assert "Selesai" in listing and pdf_name in listing
    shown = client.get(f"/reports/show/{report_id}").get_data(as_text=True)
    assert "Kasus ditangani" in shown and "Kasus menurut kategori masalah" in shown

    download = client.get(f"/reports/file/{pdf_id}")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.data.startswith(b"%PDF")
    assert pdf_name in download.headers["Content-Disposition"]
    with automation_app.app_context():
        exports = db.session.scalars(
            select(AuditLog).where(AuditLog.action == "ekspor", AuditLog.object_id == report_id)
        ).all()
        assert len(exports) == 1 and exports[0].details == {"file": pdf_name}
    assert client.get(f"/reports/file/{pdf_id + 1000}").status_code == 404


def test_links_in_emails_open_the_rows_screen_after_login(automation_app, client, auth):
    with automation_app.app_context():
        scenario = reminder_scenario()
    anonymous = client.get(f"/go/rapat/{scenario.meeting_id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]

    auth.login()
    followed = client.get(f"/go/rapat/{scenario.meeting_id}")
    assert followed.status_code == 302
    assert followed.headers["Location"].endswith(f"/show/{scenario.meeting_id}")
    assert client.get(followed.headers["Location"]).status_code == 200
    assert client.get("/go/keluarga/1").status_code == 404
