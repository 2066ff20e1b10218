"""The audit log service: who saw or changed what, when, from where, for which unit.

- `record(action, item)` adds one row in the caller's transaction (a view of a case, an
  export, a login); the caller commits.
- Every create, update and delete of a row (any model but the log and the outbox) is
  recorded by session events, whoever makes it (screen, API, task, CLI): one row per row
  changed, with the before/after values of the changed columns. Encrypted (sensitive)
  values, password hashes and, in client data, names and free text are masked (the log
  must not keep what retention removes). A new Referral or a change of its status is a
  REFERRAL row; setting an `approved_by_id` is an APPROVAL row.
- A file sent as an attachment is an EXPORT row, unless its screen recorded one itself.
- The log is append-only for everyone: changing or deleting its rows through the ORM is
  refused here; on PostgreSQL a trigger refuses it too (migration 0002).
"""

import contextlib
import contextvars
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import g, has_request_context, request
from sqlalchemy import Text, event, inspect
from sqlalchemy.orm import Session

from lk3admin import access
from lk3admin.extensions import db
from models import (
    AuditAction,
    AuditLog,
    Case,
    Family,
    LoginLock,
    Model,
    OutboxAttachment,
    OutboxMessage,
    Referral,
    Report,
)
from models.base import utcnow
from models.types import EncryptedText

MASK = "***"
# Not audited as changes: the log itself, the outbox (mail, written by tasks), and the
# lock, whose changes are recorded as ACCOUNT_LOCKED / ACCOUNT_UNLOCKED.
UNAUDITED_MODELS = (AuditLog, OutboxMessage, OutboxAttachment, LoginLock)
# Bookkeeping columns that change on their own (timestamps, versions, login counters).
IGNORED_COLUMNS = {
    "created_at",
    "updated_at",
    "created_on",
    "changed_on",
    "version",
    "last_login",
    "login_count",
    "fail_login_count",
}
# Masked wherever they are: secrets and keyed hashes.
SECRET_COLUMNS = {"password", "nik_index"}
# Masked in client data (cases, families and what hangs from them), besides encrypted
# columns: names, and free text that may say who a person is or what happened to them.
CLIENT_NAME_COLUMNS = {"full_name", "given_by_name"}

_acting_as = contextvars.ContextVar("lk3_audit_acting_as", default=None)
_change_rows = contextvars.ContextVar("lk3_audit_change_rows", default=True)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when anything tries to change or delete a row of the audit log."""


@contextlib.contextmanager
def acting_as(name):
    """Name the actor of rows recorded outside a request (a task, a CLI command)."""
    token = _acting_as.set(name)
    try:
        yield
    finally:
        _acting_as.reset(token)


@contextlib.contextmanager
def without_change_rows():
    """Leave out the per-row change rows (the caller records one row for the whole work)."""
    token = _change_rows.set(False)
    try:
        yield
    finally:
        _change_rows.reset(token)


def record(action, item=None, *, user=None, unit_id=None, details=None):
    """Add one audit row for `action` (about `item`, when given) to the current transaction.

    `user` names the actor when it is not the logged-in user (a login attempt).
    """
    row = AuditLog(**_row(action, item, user=user, unit_id=unit_id, details=details))
    db.session.add(row)
    if action == AuditAction.EXPORT and has_request_context():
        g.lk3_export_recorded = True
    return row


def record_download(response):
    """An EXPORT row for a file a request sent as an attachment, unless the screen that sent
    it recorded the export itself (after_request hook: every export is audited)."""
    disposition = response.headers.get("Content-Disposition", "")
    sent_file = response.status_code == 200 and "attachment" in disposition
    if sent_file and not g.get("lk3_export_recorded"):
        details = {"endpoint": request.endpoint, "path": request.full_path[:500]}
        record(AuditAction.EXPORT, details={**details, "file": disposition[:200]})
        db.session.commit()
    return response


def _row(action, item=None, *, user=None, unit_id=None, details=None):
    principal = access.current_principal()
    if user is not None:
        user_id, username = user.id, user.username
    elif principal.user_id is not None:
        user_id, username = principal.user_id, principal.username
    else:
        user_id, username = None, _acting_as.get()
    return {
        "at": utcnow(),
        "user_id": user_id,
        "username": username,
        "action": str(action),
        "object_type": type(item).__name__ if item is not None else None,
        "object_id": _object_id(item) if item is not None else None,
        "unit_id": unit_id if unit_id is not None else unit_of(item),
        "ip": request.remote_addr if has_request_context() else None,
        "details": details,
    }


def _object_id(item):
    # From the key columns: during a flush a new row has its id but no identity key yet.
    key = inspect(type(item)).primary_key_from_instance(item)
    return key[0] if len(key) == 1 and isinstance(key[0], int) else None


def unit_of(item):
    """The LK3 unit a row belongs to, along its model's unit path (None for reference data)."""
    if item is None:
        return None
    for root in (Case, Family, Report):
        if isinstance(item, root):
            return item.unit_id
    try:
        path = access.unit_path_of(type(item))
    except KeyError:
        return None
    if path is None:
        return None
    value = item
    for name in path.split("."):
        value = getattr(value, name, None)
        if value is None or isinstance(value, list):
            return None
        if isinstance(value, Case | Family | Report):
            return value.unit_id
    return value if isinstance(value, int) else None


# --- changes, from session events --------------------------------------------------------


def _changes(item, action):
    """{column: [before, after]} of what a flush writes for `item` (masked where sensitive)."""
    state = inspect(item)
    changes = {}
    for column_attr in state.mapper.column_attrs:
        key = column_attr.key
        if key in IGNORED_COLUMNS:
            continue
        history = state.attrs[key].history
        # state.dict: the values in memory, never a query (a deleted row cannot be reloaded).
        if action == AuditAction.CREATE:
            before, after = None, state.dict.get(key)
        elif action == AuditAction.DELETE:
            before, after = state.dict.get(key), None
        elif history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
        else:
            continue
        if before is None and after is None or before == after:
            continue
        sensitive = _is_sensitive(type(item), column_attr)
        changes[key] = [_shown(before, sensitive), _shown(after, sensitive)]
    if action != AuditAction.DELETE:
        for relation in state.mapper.relationships:
            if relation.secondary is None:
                continue
            history = state.attrs[relation.key].history
            if history.added or history.deleted:
                changes[relation.key] = [
                    sorted(str(x) for x in history.deleted),
                    sorted(str(x) for x in history.added),
                ]
    return changes


def _is_sensitive(model, column_attr):
    column_type = column_attr.columns[0].type
    if column_attr.key in SECRET_COLUMNS or isinstance(column_type, EncryptedText):
        return True
    if column_attr.key not in CLIENT_NAME_COLUMNS and not isinstance(column_type, Text):
        return False
    try:
        return access.kind_of(model, access.unit_path_of(model)) is access.Kind.CASE
    except KeyError:
        return model in (Case, Family)


def _shown(value, sensitive):
    if value is None:
        return None
    if sensitive:
        return MASK
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} byte>"
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _named_action(item, action, changes):
    """Domain actions worth their own name: referrals and approvals."""
    if isinstance(item, Referral) and (action == AuditAction.CREATE or "status" in changes):
        return AuditAction.REFERRAL
    if action != AuditAction.DELETE and (changes.get("approved_by_id") or [None, None])[1]:
        return AuditAction.APPROVAL
    return action


def _after_flush(session, flush_context):
    if not _change_rows.get():
        return
    rows = []
    for items, action in (
        (session.new, AuditAction.CREATE),
        (session.dirty, AuditAction.UPDATE),
        (session.deleted, AuditAction.DELETE),
    ):
        for item in items:
            # Only the portal's rows (the Celery broker's SQLite transport has its own).
            if not isinstance(item, Model) or isinstance(item, UNAUDITED_MODELS):
                continue
            changes = _changes(item, action)
            if not changes:
                continue
            row = _row(_named_action(item, action, changes), item, details={"changes": changes})
            rows.append(row)
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)


def _refuse_changing_the_log(session, flush_context, instances):
    for item in (*session.dirty, *session.deleted):
        if isinstance(item, AuditLog) and (item in session.deleted or session.is_modified(item)):
            raise AuditLogIsAppendOnly("the audit log is append-only")


def _refuse_bulk_changes(orm_execute_state):
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        table = getattr(orm_execute_state.statement, "table", None)
        if getattr(table, "name", None) == AuditLog.__tablename__:
            raise AuditLogIsAppendOnly("the audit log is append-only")


def install():
    """Register the session events once per process (every Session: screens, tasks, CLI)."""
    listeners = (
        ("before_flush", _refuse_changing_the_log),
        ("after_flush", _after_flush),
        ("do_orm_execute", _refuse_bulk_changes),
    )
    for name, listener in listeners:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
