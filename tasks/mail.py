"""Outbox delivery."""

from celery import shared_task

from lk3admin import background, mail


@shared_task(name=background.DELIVER_OUTBOX)
def deliver_outbox():
    result = mail.deliver_due()
    return {"sent": result.sent, "retrying": result.retrying, "failed": result.failed}
