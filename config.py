"""Every setting of lk3admin, read from the environment, with embedded defaults.

With no environment set the portal runs on SQLite in ``instance/``, Celery on an embedded
SQLite broker, and mail goes to the outbox and to ``.eml`` files in ``instance/``. Setting
``DATABASE_URL``, ``CELERY_BROKER_URL`` and ``SMTP_HOST`` moves the same code to PostgreSQL,
Redis and a real mail server.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask_appbuilder.security.manager import AUTH_DB

BASE_DIR = Path(__file__).resolve().parent


def _env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _env_int(name, default):
    return int(_env(name, default))


def _env_bool(name, default):
    return str(_env(name, default)).lower() in ("1", "true", "yes", "on")


def instance_dir():
    path = Path(_env("LK3_INSTANCE_DIR", BASE_DIR / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _generated_secret(filename):
    """A secret generated once into instance/, so none ever sits in the repository."""
    path = instance_dir() / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    INSTANCE_DIR = instance_dir()

    # --- Flask and sessions ---
    SECRET_KEY = _env("SECRET_KEY") or _generated_secret("secret_key")
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=_env_int("SESSION_TIMEOUT_MINUTES", 30))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    PORTAL_URL = _env("PORTAL_URL", "http://127.0.0.1:5000")

    # --- Database ---
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'lk3admin.sqlite'}")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # --- Flask-AppBuilder ---
    APP_NAME = "LK3 Admin"
    APP_ICON = ""
    AUTH_TYPE = AUTH_DB
    AUTH_ROLE_ADMIN = "Administrator"
    AUTH_ROLE_PUBLIC = "Public"
    AUTH_USER_REGISTRATION = False
    # Tables come from Alembic only; FAB must not create them behind its back.
    FAB_CREATE_DB = False
    # Permissions are written by `flask lk3 sync-roles` after migrating, not at import time.
    FAB_UPDATE_PERMS = False
    FAB_ADD_SECURITY_API = False
    FAB_API_SWAGGER_UI = False
    FAB_API_MAX_PAGE_SIZE = 100
    FAB_SECURITY_MANAGER_CLASS = "lk3admin.security.Lk3SecurityManager"
    FAB_INDEX_VIEW = "views.home.HomeView"
    # The largest page any list may show, whatever psize_* asks for.
    LIST_PAGE_SIZE_MAX = _env_int("LIST_PAGE_SIZE_MAX", 100)

    # --- Language ---
    BABEL_DEFAULT_LOCALE = _env("DEFAULT_LOCALE", "id")
    BABEL_DEFAULT_TIMEZONE = _env("TIMEZONE", "Asia/Jakarta")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "lk3admin" / "translations")
    LANGUAGES = {
        "id": {"flag": "id", "name": "Bahasa Indonesia"},
        "en": {"flag": "gb", "name": "English"},
    }

    # --- Login protection ---
    AUTH_RATE_LIMITED = _env_bool("AUTH_RATE_LIMITED", True)
    AUTH_RATE_LIMIT = _env("AUTH_RATE_LIMIT", "10 per 5 minute")
    RATELIMIT_ENABLED = AUTH_RATE_LIMITED
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCKOUT_MINUTES = _env_int("LOGIN_LOCKOUT_MINUTES", 15)
    # Password policy for every form that sets a password (lk3admin.security).
    FAB_PASSWORD_COMPLEXITY_ENABLED = True
    PASSWORD_MIN_LENGTH = _env_int("PASSWORD_MIN_LENGTH", 10)

    # --- Sensitive fields ---
    # Fernet keys, newest first, comma separated; older keys still decrypt (rotation).
    FIELD_ENCRYPTION_KEYS = _env("FIELD_ENCRYPTION_KEYS") or _generated_secret("field_key")

    # --- Celery ---
    CELERY_BROKER_URL = _env(
        "CELERY_BROKER_URL", f"sqla+sqlite:///{INSTANCE_DIR / 'celery-broker.sqlite'}"
    )
    CELERY_RESULT_BACKEND = _env(
        "CELERY_RESULT_BACKEND", f"db+sqlite:///{INSTANCE_DIR / 'celery-results.sqlite'}"
    )
    CELERY_BEAT_SCHEDULE_FILE = str(INSTANCE_DIR / "celerybeat-schedule")
    SCAN_INTERVAL_SECONDS = _env_int("SCAN_INTERVAL_SECONDS", 60)

    # --- Mail ---
    MAIL_FROM = _env("MAIL_FROM", "LK3 Admin <noreply@lk3.example.id>")
    SMTP_HOST = _env("SMTP_HOST")  # unset: mail is written to instance/mail/*.eml
    SMTP_PORT = _env_int("SMTP_PORT", 25)
    SMTP_USER = _env("SMTP_USER")
    SMTP_PASSWORD = _env("SMTP_PASSWORD")
    SMTP_STARTTLS = _env_bool("SMTP_STARTTLS", False)
    MAIL_FILE_DIR = str(INSTANCE_DIR / "mail")
    OUTBOX_MAX_ATTEMPTS = _env_int("OUTBOX_MAX_ATTEMPTS", 8)
    OUTBOX_BATCH_SIZE = _env_int("OUTBOX_BATCH_SIZE", 50)
    # Retry n waits about BASE * 2**(n-1) seconds (with jitter), never more than MAX.
    OUTBOX_RETRY_BASE_SECONDS = _env_int("OUTBOX_RETRY_BASE_SECONDS", 60)
    OUTBOX_RETRY_MAX_SECONDS = _env_int("OUTBOX_RETRY_MAX_SECONDS", 6 * 3600)
    # A message claimed longer ago than this belongs to a worker that died: claim it again.
    OUTBOX_CLAIM_TIMEOUT_SECONDS = _env_int("OUTBOX_CLAIM_TIMEOUT_SECONDS", 600)
    SMTP_TIMEOUT_SECONDS = _env_int("SMTP_TIMEOUT_SECONDS", 30)

    # --- Reminders and reports (days) ---
    # Invitees are reminded a week ahead and get the report five days ahead, time to read it.
    MEETING_REMINDER_DAYS = _env_int("MEETING_REMINDER_DAYS", 7)
    REPORT_BEFORE_MEETING_DAYS = _env_int("REPORT_BEFORE_MEETING_DAYS", 5)
    FOLLOW_UP_REMINDER_DAYS = _env_int("FOLLOW_UP_REMINDER_DAYS", 1)
    TERM_ENDING_REMINDER_DAYS = _env_int("TERM_ENDING_REMINDER_DAYS", 60)
    MOU_EXPIRY_REMINDER_DAYS = _env_int("MOU_EXPIRY_REMINDER_DAYS", 30)
    REPORT_SMALL_COUNT_THRESHOLD = _env_int("REPORT_SMALL_COUNT_THRESHOLD", 3)
    # Scheduled reports besides the rakor ones, as "scope:frequency" pairs; "off" turns them off.
    PERIODIC_REPORTS = _env("PERIODIC_REPORTS", "unit:monthly,regency:quarterly,province:quarterly")
    # A report still "running" after this long was left by a worker that died: compile again.
    REPORT_RUNNING_TIMEOUT_SECONDS = _env_int("REPORT_RUNNING_TIMEOUT_SECONDS", 1800)

    # --- Retention ---
    RETENTION_YEARS_AFTER_CLOSURE = _env_int("RETENTION_YEARS_AFTER_CLOSURE", 10)
