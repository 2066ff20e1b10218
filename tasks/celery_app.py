"""The worker's Celery app: `celery -A tasks.celery_app worker -B`.

It builds the Flask app (the same configuration as the web: config.py, the environment) and
runs every task inside its app context. Beat runs the periodic pass every
SCAN_INTERVAL_SECONDS: scan reminders, schedule and compile reports, deliver the outbox.
A worker that starts runs the pass at once, so a fresh portal shows its first emails
without waiting for the first interval.

Embedded default: the broker is SQLite through kombu's SQLAlchemy transport
(`sqla+sqlite:///instance/celery-broker.sqlite`): one file, shared safely by the web, the
worker and beat through SQLite's locking. With CELERY_BROKER_URL=redis://… the same code
runs on Redis.
"""

from celery import Celery, Task
from celery.signals import worker_process_init, worker_ready

from lk3admin import audit, background, create_app
from lk3admin.extensions import db

TASK_MODULES = ["tasks.mail", "tasks.reminders", "tasks.reports", "tasks.retention"]
PERIODIC_TASKS = [
    background.SCAN_REMINDERS,
    background.SCHEDULE_REPORTS,
    background.DELIVER_OUTBOX,
]


def create_celery(flask_app):
    """A Celery app configured from `flask_app` whose tasks run in its app context."""

    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            # Rows the task changes are audited under its name.
            with flask_app.app_context(), audit.acting_as(f"celery:{self.name}"):
                return self.run(*args, **kwargs)

    celery = Celery(flask_app.import_name, task_cls=FlaskTask, include=TASK_MODULES)
    celery.conf.update(background.celery_settings(flask_app.config))
    interval = flask_app.config["SCAN_INTERVAL_SECONDS"]
    celery.conf.beat_schedule = {
        name: {"task": name, "schedule": interval} for name in PERIODIC_TASKS
    }
    return celery


flask_app = create_app()
celery = create_celery(flask_app)


@worker_ready.connect
def run_first_pass(sender, **kwargs):
    for name in PERIODIC_TASKS:
        sender.app.send_task(name)


@worker_process_init.connect
def open_own_connections(**kwargs):
    # A forked pool process must not share the parent's database connections.
    with flask_app.app_context():
        db.engine.dispose(close=False)
