"""Background work on Celery: the settings the worker and the web share, and wake-ups.

The database is the queue (the outbox, pending reports); a Celery message only wakes a
worker sooner than the periodic pass would. So the web sends one on a best-effort basis:
when the broker is down (Redis stopped) the error is logged and the screen carries on; the
periodic pass does the work later. Messages go by task name, so the web process needs no
task code, only the broker's address.
"""

import logging

from celery import Celery
from flask import current_app
from kombu.exceptions import KombuError

# Task names, shared with tasks/ (which registers its tasks under these names).
DELIVER_OUTBOX = "lk3.deliver_outbox"
COMPILE_REPORT = "lk3.compile_report"
SCAN_REMINDERS = "lk3.scan_reminders"
SCHEDULE_REPORTS = "lk3.schedule_reports"

# How long anything may wait for a broker that does not answer.
BROKER_TIMEOUT_SECONDS = 2

log = logging.getLogger(__name__)


def celery_settings(config):
    """Celery's settings from the Flask app's configuration (config.py)."""
    broker = config["CELERY_BROKER_URL"]
    settings = {
        "broker_url": broker,
        "result_backend": config["CELERY_RESULT_BACKEND"],
        # Results are not read: every outcome is recorded in the database.
        "task_ignore_result": True,
        "broker_connection_timeout": BROKER_TIMEOUT_SECONDS,
        "broker_connection_retry_on_startup": True,
        # A worker waits for a broker that is down however long it takes, never gives up.
        "broker_connection_max_retries": None,
        "timezone": config["BABEL_DEFAULT_TIMEZONE"],
        "beat_schedule_filename": config["CELERY_BEAT_SCHEDULE_FILE"],
    }
    if broker.startswith(("redis://", "rediss://")):
        settings["broker_transport_options"] = {"socket_connect_timeout": BROKER_TIMEOUT_SECONDS}
    return settings


def wake_worker(task_name, *args):
    """Send `task_name(*args)` to the workers; returns False (and logs) when the broker is down."""
    client = _client()
    try:
        with client.connection_for_write() as connection:
            # One try, no backoff: a person is waiting for the page.
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
            client.send_task(task_name, args=args, connection=connection, retry=False)
    except (KombuError, OSError) as exc:
        log.warning("broker unavailable; %s waits for the periodic pass: %s", task_name, exc)
        return False
    return True


def _client():
    """A Celery client for this app's broker, made once per app."""
    client = current_app.extensions.get("lk3_celery_client")
    if client is None:
        client = Celery("lk3admin-web")
        client.conf.update(celery_settings(current_app.config))
        current_app.extensions["lk3_celery_client"] = client
    return client
