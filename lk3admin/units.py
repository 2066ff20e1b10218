"""LK3 units: every status a unit is given is recorded in its history."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import UnitStatusChange


def record_status(unit, status_changed_on=None, status_reason=None, recorded_by_id=None):
    """Add the history entry for a new unit or a changed status, in the caller's transaction.

    Call it after setting `unit.status`; returns the entry, or None if the status did not
    change. A new unit's first entry is dated by its founding decree unless told otherwise.
    """
    state = inspect(unit)
    if state.persistent and not state.attrs.status.history.has_changes():
        return None
    changed_on = status_changed_on or (None if state.persistent else unit.decree_date)
    changed_on = changed_on or date.today()
    if changed_on > date.today():
        raise RuleViolation(
            _l("Tanggal perubahan status tidak boleh di masa depan."), field="status_changed_on"
        )
    entry = UnitStatusChange(
        unit=unit,
        status=unit.status,
        changed_on=changed_on,
        reason=status_reason or None,
        recorded_by_id=recorded_by_id,
    )
    db.session.add(entry)
    return entry
