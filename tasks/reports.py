"""Scheduled and requested reports."""

from datetime import date

from celery import shared_task

from lk3admin import background, reports
from models import ReportStatus
from tasks.mail import deliver_outbox


@shared_task(name=background.SCHEDULE_REPORTS)
def schedule_reports(today=None):
    """Create the reports due on `today` (ISO date; the portal's date by default), compile
    every pending one, and deliver the emails of the scheduled ones."""
    created = reports.schedule_due_reports(date.fromisoformat(today) if today else None)
    compiled = reports.compile_pending()
    if compiled:
        deliver_outbox.delay()
    return {"created": created, "compiled": compiled}


@shared_task(name=background.COMPILE_REPORT)
def compile_report(report_id):
    status = reports.compile_report(report_id)
    if status == ReportStatus.DONE:
        deliver_outbox.delay()
    return status
