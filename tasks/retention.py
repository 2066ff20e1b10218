"""The retention task: list (dry run) or anonymise the closed cases past the retention period."""

from datetime import date

from celery import shared_task

from lk3admin import retention

APPLY_RETENTION = "lk3.apply_retention"


@shared_task(name=APPLY_RETENTION)
def apply_retention(dry_run=True, today=None):
    """A dry run unless dry_run=False; `today` (ISO date) replaces the portal's date."""
    day = date.fromisoformat(today) if today else None
    run = retention.dry_run(day) if dry_run else retention.anonymise_due(day)
    return run.as_dict()
