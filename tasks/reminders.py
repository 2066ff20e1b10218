"""The periodic reminder scan."""

from datetime import date

from celery import shared_task

from lk3admin import background, reminders
from tasks.mail import deliver_outbox


@shared_task(name=background.SCAN_REMINDERS)
def scan_reminders(today=None):
    """`today` (ISO date) replaces the portal's date: for tests and catching up a missed day."""
    added = reminders.scan(date.fromisoformat(today) if today else None)
    if added:
        deliver_outbox.delay()
    return dict(added)
