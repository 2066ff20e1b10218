"""Who may reach which rows: the one scoping rule of the portal, default-deny.

Every screen, dropdown, search, export, report and API asks `row_filter()` for the SQL
criterion that selects the rows a user may reach, and `require_reachable()` before saving a
row, so a foreign unit id typed into a form or an API call is refused.

How it decides:
- A row reaches an LK3 unit along its model's *unit path*, a dotted path from the model to a
  unit id ("unit_id" for Partner, "period.unit_id" for Membership, "case.unit_id" for
  Referral), or None for reference lists that belong to no unit. Views declare the path
  (views.base.Lk3ModelView.unit_path); `declare_unit_path` collects them here.
- Each model is one *kind* of data: reference lists, a unit's own records, client data
  (cases, families and everything hanging from them) or aggregate reports. A path that
  passes through a Case or Family is client data; through a Report, aggregate data.
- Each role *reaches* each kind of data in one way (ROLE_REACH): everything, the area of the
  user's scope (models.UserScope: a unit, a regency or a province), the cases of the user's
  team, or what the user submitted. A role or kind not named there reaches nothing, and a
  user without a scope has no area.

Rows a user entered themselves (models with a `submitted_by_id`, stamped on every new row:
cases, families, persons) stay reachable to that user whenever its role reaches that kind
of data at all: a referring agency's case, a person entered before their first membership.

A team is a supervisor's social workers: the users whose scope names the same supervisor.
A social worker reaches the cases of its area assigned to itself or to a teammate.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, event, false, inspect, or_, select, true
from sqlalchemy.orm import Query, RelationshipProperty, Session

from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import (
    Assessment,
    Case,
    CaseEvent,
    CaseNumberCounter,
    Evaluation,
    Family,
    InterventionPlan,
    Lk3Unit,
    Model,
    Regency,
    Report,
    ReportFile,
    User,
    UserScope,
)


class Role(StrEnum):
    ADMIN = "Administrator"
    DINSOS_PROVINCE = "Dinsos Provinsi"
    DINSOS_REGENCY = "Dinsos Kabupaten/Kota"
    SECRETARIAT = "Sekretariat LK3"
    WORKER = "Pekerja Sosial/Konselor"
    SUPERVISOR = "Supervisor"
    REFERRER = "Instansi Perujuk"
    MONITOR = "Pemantau"


class Kind(StrEnum):
    REFERENCE = "referensi"
    UNIT = "unit"
    CASE = "kasus"
    AGGREGATE = "agregat"


class Reach(StrEnum):
    EVERYTHING = "semua"
    AREA = "wilayah"  # the units of the user's scope
    TEAM = "tim"  # cases of the area assigned to the user or a teammate, or entered by the user
    SUBMITTED = "kiriman"  # cases and families the user entered


ROLE_REACH = {
    Role.ADMIN: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.EVERYTHING,
        Kind.CASE: Reach.EVERYTHING,
        Kind.AGGREGATE: Reach.EVERYTHING,
    },
    # Case data only as figures: no case, family or client row.
    Role.DINSOS_PROVINCE: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.AGGREGATE: Reach.AREA,
    },
    Role.DINSOS_REGENCY: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.CASE: Reach.AREA,
        Kind.AGGREGATE: Reach.AREA,
    },
    # Board, meetings and partners; no case content.
    Role.SECRETARIAT: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.AGGREGATE: Reach.AREA,
    },
    Role.WORKER: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.CASE: Reach.TEAM,
    },
    Role.SUPERVISOR: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.CASE: Reach.AREA,
        Kind.AGGREGATE: Reach.AREA,
    },
    # Its unit's records only as far as its screens allow (picking the unit and partner of
    # a referral); client data only what it submitted.
    Role.REFERRER: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.UNIT: Reach.AREA,
        Kind.CASE: Reach.SUBMITTED,
    },
    Role.MONITOR: {
        Kind.REFERENCE: Reach.EVERYTHING,
        Kind.AGGREGATE: Reach.AREA,
    },
}

# Models whose rows carry their own rule: paths stop at them (a Referral reaches the units
# its case reaches, and a social worker sees the referrals of its team's cases).
ROOT_KINDS = {Case: Kind.CASE, Family: Kind.CASE, Report: Kind.AGGREGATE}

log = logging.getLogger(__name__)

# The column naming the account that entered a row.
OWNER_COLUMN = "submitted_by_id"

ACCESS_DENIED = _l("Anda tidak berwenang atas data unit LK3 tersebut.")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the user, their role names and their scope, as plain values."""

    user_id: int | None
    username: str | None
    roles: frozenset = frozenset()
    unit_id: int | None = None
    regency_id: int | None = None
    province_id: int | None = None
    supervisor_id: int | None = None

    @classmethod
    def of(cls, user):
        roles = {role.name for role in user.roles}
        roles |= {role.name for group in getattr(user, "groups", ()) for role in group.roles}
        scope = user.scope
        return cls(
            user_id=user.id,
            username=user.username,
            roles=frozenset(roles),
            unit_id=scope.unit_id if scope else None,
            regency_id=scope.regency_id if scope else None,
            province_id=scope.province_id if scope else None,
            supervisor_id=scope.supervisor_id if scope else None,
        )

    def reach(self, kind):
        """The reaches of all the user's roles for a kind of data."""
        return {ROLE_REACH[role][kind] for role in self.roles if kind in ROLE_REACH.get(role, {})}


NOBODY = Principal(user_id=None, username=None)


def current_principal():
    """The user of the request being served (NOBODY when not logged in or outside a request).

    Reads FAB's `g.user` (set for the login session and for a JWT), cached per request.
    """
    if not has_request_context():
        return NOBODY
    user = g.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or not user.id:
        return NOBODY
    cached = g.get("lk3_principal")
    if cached is None or cached.user_id != user.id:
        cached = g.lk3_principal = Principal.of(user)
    return cached


# --- unit paths --------------------------------------------------------------------------

_UNDECLARED = object()
# Models without a screen of their own (they appear in dropdowns, case pages, the audit).
_unit_paths = {
    User: "scope.unit_id",
    Assessment: "case.unit_id",
    InterventionPlan: "case.unit_id",
    Evaluation: "case.unit_id",
    CaseEvent: "case.unit_id",
    CaseNumberCounter: "unit_id",
    ReportFile: "report.unit_id",
}


def declare_unit_path(model, path):
    """Record how `model` reaches a unit; one model has one path, whichever view says it."""
    known = _unit_paths.get(model, _UNDECLARED)
    if known is not _UNDECLARED and known != path:
        raise TypeError(f"{model.__name__} has two unit paths: {known!r} and {path!r}")
    _check_path(model, path)
    _unit_paths[model] = path


def unit_path_of(model):
    """The declared unit path of `model`; KeyError when nothing declared one."""
    path = _unit_paths.get(model, _UNDECLARED)
    if path is _UNDECLARED:
        raise KeyError(f"no unit path declared for {model.__name__}")
    return path


def _check_path(model, path):
    if path is None or model in ROOT_KINDS:
        return
    current = model
    *relations, column = path.split(".")
    for name in relations:
        prop = getattr(current, name).property
        if not isinstance(prop, RelationshipProperty):
            raise TypeError(f"{model.__name__}.{path}: {name} is not a relation")
        current = prop.mapper.class_
        if current in ROOT_KINDS:
            return
    if column not in current.__table__.columns:
        raise TypeError(f"{model.__name__}.{path}: {current.__name__} has no column {column}")


def kind_of(model, path):
    if model in ROOT_KINDS:
        return ROOT_KINDS[model]
    if path is None:
        return Kind.REFERENCE
    current = model
    for name in path.split(".")[:-1]:
        current = getattr(current, name).property.mapper.class_
        if current in ROOT_KINDS:
            return ROOT_KINDS[current]
    return Kind.UNIT


# --- the rule ----------------------------------------------------------------------------


def row_filter(principal, model, path=_UNDECLARED):
    """SQL criterion on `model` selecting the rows `principal` may reach (false() if none).

    A model nobody declared a unit path for reaches nothing (and is logged).
    """
    if path is _UNDECLARED:
        path = _unit_paths.get(model, _UNDECLARED)
        if path is _UNDECLARED:
            log.warning("no unit path declared for %s: its rows are hidden", model.__name__)
            return false()
    reaches = principal.reach(kind_of(model, path))
    if Reach.EVERYTHING in reaches:
        return true()
    clauses = [_reach_criterion(principal, reach, model, path) for reach in sorted(reaches)]
    if clauses and principal.user_id and hasattr(model, OWNER_COLUMN):
        clauses.append(getattr(model, OWNER_COLUMN) == principal.user_id)
    return or_(*clauses) if clauses else false()


def _reach_criterion(principal, reach, model, path):
    if path is None and model not in ROOT_KINDS:
        return true()  # reference data
    return _along(principal, reach, model, [] if path is None else path.split("."))


def _along(principal, reach, model, steps):
    if model is Case:
        return _case_rule(principal, reach)
    if model is Family:
        return _family_rule(principal, reach)
    if model is Report:
        return _report_rule(principal, reach)
    name, *rest = steps
    attribute = getattr(model, name)
    if not rest:
        return _in_area(principal, attribute) if reach is Reach.AREA else false()
    prop = attribute.property
    inner = _along(principal, reach, prop.mapper.class_, rest)
    return attribute.any(inner) if prop.uselist else attribute.has(inner)


def _case_rule(principal, reach):
    mine = Case.submitted_by_id == principal.user_id
    if reach is Reach.AREA:
        return _in_area(principal, Case.unit_id)
    if reach is Reach.SUBMITTED:
        return mine
    if reach is Reach.TEAM:
        assigned = Case.worker_id == principal.user_id
        if principal.supervisor_id:
            team = select(UserScope.user_id).where(
                UserScope.supervisor_id == principal.supervisor_id
            )
            assigned = or_(assigned, Case.worker_id.in_(team))
        return or_(and_(_in_area(principal, Case.unit_id), assigned), mine)
    return false()


def _family_rule(principal, reach):
    if reach is Reach.AREA:
        return _in_area(principal, Family.unit_id)
    if reach in (Reach.TEAM, Reach.SUBMITTED):
        # The families of reachable cases, and those the user registered (before a case).
        registered = Family.submitted_by_id == principal.user_id
        return or_(registered, Family.cases.any(_case_rule(principal, reach)))
    return false()


def _report_rule(principal, reach):
    if reach is not Reach.AREA:
        return false()
    clauses = [_in_area(principal, Report.unit_id)]
    if principal.regency_id:
        clauses.append(Report.regency_id == principal.regency_id)
    if principal.province_id:
        clauses.append(Report.province_id == principal.province_id)
        clauses.append(
            Report.regency_id.in_(
                select(Regency.id).where(Regency.province_id == principal.province_id)
            )
        )
    return or_(*clauses)


def area_units(principal):
    """SELECT of the unit ids in the principal's scope, or None when it has no scope."""
    conditions = []
    if principal.unit_id:
        conditions.append(Lk3Unit.id == principal.unit_id)
    if principal.regency_id:
        conditions.append(Lk3Unit.regency_id == principal.regency_id)
    if principal.province_id:
        conditions.append(
            Lk3Unit.regency_id.in_(
                select(Regency.id).where(Regency.province_id == principal.province_id)
            )
        )
    return select(Lk3Unit.id).where(or_(*conditions)) if conditions else None


AREA_CACHE = "lk3_area_unit_ids"


def area_unit_ids(principal):
    """The unit ids in the principal's scope, read once per request.

    A literal id list, not a subquery: `unit_id IN (subquery) OR …` makes PostgreSQL scan
    every case, while `unit_id IN (1, 2) OR …` uses the indexes.
    """
    units = area_units(principal)
    if units is None:
        return ()
    cache = g.setdefault(AREA_CACHE, {}) if has_request_context() else {}
    if principal not in cache:
        with db.session.no_autoflush:
            cache[principal] = tuple(db.session.scalars(units))
    return cache[principal]


def _in_area(principal, unit_column):
    ids = area_unit_ids(principal)
    return unit_column.in_(ids) if ids else false()


def figures_area(principal):
    """How aggregate figures (dashboard, reports) are narrowed for `principal`.

    None: not narrowed. Otherwise keyword arguments of id lists in the style of
    lk3admin.dashboard (None inside means "not narrowed by this"); an empty list matches
    nothing, so a user without an aggregate reach or a scope sees no figure.
    """
    reaches = principal.reach(Kind.AGGREGATE)
    if Reach.EVERYTHING in reaches:
        return None
    area = {"province_ids": None, "regency_ids": None, "unit_ids": None}
    if Reach.AREA in reaches and principal.province_id:
        return area | {"province_ids": [principal.province_id]}
    if Reach.AREA in reaches and principal.regency_id:
        return area | {"regency_ids": [principal.regency_id]}
    if Reach.AREA in reaches and principal.unit_id:
        return area | {"unit_ids": [principal.unit_id]}
    return area | {"unit_ids": []}


# --- writes ------------------------------------------------------------------------------


def check_scope(scope):
    """A user's scope names at least the unit, regency or province they work in."""
    if not (scope.unit or scope.regency or scope.province):
        raise RuleViolation(
            _l("Isi unit LK3, kabupaten/kota, atau provinsi tempat pengguna bekerja.")
        )


def require_reachable(session, principal, item, path=_UNDECLARED):
    """Refuse to save `item` unless `principal` could reach it once saved.

    Flushes the item and asks the database with the same criterion that scopes reading, so
    a foreign unit id (in a form, a filter argument or an API body) is refused exactly as
    reading it would be. Raises RuleViolation; the caller rolls back.
    """
    model = type(item)
    session.add(item)
    session.flush()
    if has_request_context():
        g.pop(AREA_CACHE, None)  # the flush may have added a unit to the area
    mapper = inspect(model)
    identity = mapper.primary_key_from_instance(item)
    same_row = and_(
        *(column == value for column, value in zip(mapper.primary_key, identity, strict=True))
    )
    reachable = session.scalar(
        select(true()).select_from(model).where(same_row, row_filter(principal, model, path))
    )
    if not reachable:
        raise RuleViolation(ACCESS_DENIED)


def only_reachable(principal, rows):
    """Of `rows` (an ORM Query or a list of rows of one model), those `principal` reaches.

    For dropdowns a screen fills itself; a Query is narrowed in SQL.
    """
    if isinstance(rows, Query):
        return rows.filter(row_filter(principal, rows.column_descriptions[0]["entity"]))
    rows = list(rows)
    if not rows:
        return rows
    model = type(rows[0])
    (key,) = inspect(model).primary_key
    reachable = set(
        db.session.scalars(
            select(key).where(
                key.in_([getattr(row, key.key) for row in rows]), row_filter(principal, model)
            )
        )
    )
    return [row for row in rows if getattr(row, key.key) in reachable]


def _stamp_submitter(session, flush_context, instances):
    """Record who entered every new row that has an owner column, however it is entered."""
    principal = current_principal()
    if principal.user_id is None:
        return
    for item in session.new:
        if isinstance(item, Model) and getattr(item, OWNER_COLUMN, False) is None:
            setattr(item, OWNER_COLUMN, principal.user_id)


def install():
    """Register the session event once per process."""
    if not event.contains(Session, "before_flush", _stamp_submitter):
        event.listen(Session, "before_flush", _stamp_submitter)
