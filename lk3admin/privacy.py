"""What a user may read of a row they reach: concealed client names and shelter addresses.

- In cases of a category that conceals the client's name (ProblemCategory.
  conceals_client_name: sexual and domestic violence), the names of the client's family
  (the client and the household) read as initials, and their identity numbers, phones,
  birth dates and the family's address and phone as "(dirahasiakan)", for everyone but the
  case's assigned worker and supervisor.
- A partner's confidential address (Partner.address_confidential: shelters) reads as
  "(dirahasiakan)" except to the roles that take clients there.

Screens read every value through `shown_value` (views.base.Lk3Interface), and dropdowns
label rows with `label`; `hidden_fields` tells a screen which columns of a row the user may
not see, so it refuses to edit them.
"""

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lk3admin.access import Role, current_principal
from lk3admin.extensions import db
from models import Case, Consent, Family, FamilyMember, Partner, ProblemCategory

CONCEALED = _l("(dirahasiakan)")
CONFIDENTIAL_ADDRESS_ROLES = {Role.ADMIN, Role.DINSOS_REGENCY, Role.WORKER, Role.SUPERVISOR}
CONCEALED_MEMBER_FIELDS = {"nik", "phone", "birth_date"}
CONCEALED_FAMILY_FIELDS = {"address", "phone"}


def _concealed():
    """(family ids, case ids) whose client names the current user may not read, once per
    request: cases in a concealing category the user neither works on nor supervises."""
    principal = current_principal()
    cached = g.get("lk3_concealed") if has_request_context() else None
    if cached is not None and cached[0] == principal.user_id:
        return cached[1]
    me = principal.user_id or 0
    rows = db.session.execute(
        select(Case.id, Case.family_id).where(
            Case.categories.any(ProblemCategory.conceals_client_name.is_(True)),
            func.coalesce(Case.worker_id, 0) != me,
            func.coalesce(Case.supervisor_id, 0) != me,
        )
    ).all()
    concealed = ({family_id for _, family_id in rows}, {case_id for case_id, _ in rows})
    if has_request_context():
        g.lk3_concealed = (principal.user_id, concealed)
    return concealed


def initials(name):
    return "".join(part[0].upper() + "." for part in (name or "").split() if part)


def hidden_fields(item):
    """The columns of `item` the current user may not read."""
    if isinstance(item, FamilyMember) and item.family_id in _concealed()[0]:
        return {"full_name", *CONCEALED_MEMBER_FIELDS}
    if isinstance(item, Family) and item.id in _concealed()[0]:
        return set(CONCEALED_FAMILY_FIELDS)
    if isinstance(item, Consent) and item.case_id in _concealed()[1]:
        return {"given_by_name"}
    if isinstance(item, Partner) and item.address_confidential and not _may_read_shelters():
        return {"address"}
    return set()


def _may_read_shelters():
    return bool(current_principal().roles & CONFIDENTIAL_ADDRESS_ROLES)


def label(item):
    """How a row is named to the current user (in a dropdown or a list cell)."""
    if isinstance(item, FamilyMember) and "full_name" in hidden_fields(item):
        return initials(item.full_name)
    return str(item)


def shown_value(item, column, value):
    """`value` of `column` (dotted paths allowed) of `item`, as the current user may read it."""
    if isinstance(value, FamilyMember):
        return label(value)
    if isinstance(value, list | tuple) and any(isinstance(v, FamilyMember) for v in value):
        return [label(v) for v in value]
    *relations, attribute = column.split(".")
    owner = item
    for name in relations:
        owner = getattr(owner, name, None)
        if owner is None:
            return value
    if value is None or attribute not in hidden_fields(owner):
        return value
    if attribute in ("full_name", "given_by_name"):
        return initials(value)
    return CONCEALED
