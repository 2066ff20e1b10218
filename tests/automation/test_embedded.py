"""Acceptance 5, the worker's part of `make run`: on the embedded defaults (SQLite broker, no
SMTP server) the worker's first pass over the demo data writes the reminder and report
emails as .eml files into instance/, and the Outbox screen lists them."""

from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlalchemy import select

from lk3admin.extensions import db
from models import MailKind, OutboxMessage, OutboxStatus
from tests.automation.conftest import wait_for

pytestmark = pytest.mark.integration


def test_the_first_pass_over_the_demo_data_writes_reminders_and_reports(
    app, backend, runner, client, auth, start_worker
):
    if backend != "sqlite":
        pytest.skip("make run's embedded default is SQLite")
    seeded = runner.invoke(args=["lk3", "seed-demo"])
    assert seeded.exit_code == 0, seeded.output

    worker = start_worker()  # no broker, no SMTP: the defaults of config.py
    mail_dir = worker.instance_dir / "mail"

    def first_pass_done():
        db.session.remove()
        rows = db.session.scalars(select(OutboxMessage)).all()
        kinds = {row.kind for row in rows}
        return (
            {MailKind.MEETING_COMING, MailKind.MEETING_REPORT, MailKind.PERIODIC_REPORT} <= kinds
            and all(row.status == OutboxStatus.SENT for row in rows)
            and rows
        )

    with app.app_context():
        rows = wait_for(first_pass_done, 240, "the first pass's emails")

    files = {path.name: path for path in mail_dir.glob("*.eml")}
    assert set(files) == {f"lk3-outbox-{row.id}.eml" for row in rows}
    report = next(row for row in rows if row.kind == MailKind.MEETING_REPORT)
    email = message_from_bytes(
        files[f"lk3-outbox-{report.id}.eml"].read_bytes(), policy=default_policy
    )
    names = [part.get_filename() for part in email.iter_attachments()]
    assert [name.rsplit(".", 1)[1] for name in names] == ["pdf", "xlsx"]

    auth.login()
    page = client.get("/outbox/list/").get_data(as_text=True)
    assert "Laporan rapat koordinasi" in page and "Terkirim" in page
