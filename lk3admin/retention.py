"""Retention: cases closed longer than RETENTION_YEARS_AFTER_CLOSURE ago are anonymised.

A case is due when it was closed on or before the cut-off (today minus that many years),
is not under legal hold (Case.legal_hold) and is not anonymised yet. `dry_run` lists the
cases due without changing anything; `anonymise_due` anonymises them. Each run is one
audit row naming the cases (the per-row change rows are left out: they would copy into
the log what the run removes).

Anonymising keeps what statistics count: every row (case, services, referrals, follow-ups,
consents, history), its dates, stage, categories, referral source, risk level, client type,
the family's district, and each person's sex, family role and minor flag. It removes who
the people are and what was written about them: the case summary and reasons, the history
notes, assessments, plans, evaluations, service notes, referral reasons and feedback,
follow-up descriptions and results, the names of who gave consent. The family itself (its
label, address, phone, village, and its members' names, NIK, phones and birth dates) is
anonymised once none of its cases is left that is not due.
"""

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from sqlalchemy import and_, exists, not_, select

from lk3admin import audit
from lk3admin.extensions import db
from models import (
    Assessment,
    AuditAction,
    Case,
    CaseEvent,
    Consent,
    Evaluation,
    Family,
    FollowUp,
    InterventionPlan,
    Referral,
    ServiceDelivery,
)
from models.base import utcnow

REMOVED = "[dianonimkan]"
# Per model, the columns emptied (None) or, where the column must hold text, replaced.
CASE_CONTENT = {
    Case: {"summary": None, "client_type_reason": None},
    CaseEvent: {"note": None},
    Assessment: {
        name: None
        for name in (
            "attitudes",
            "thoughts",
            "behaviour",
            "protective_factors",
            "risk_factors",
            "narrative",
        )
    },
    InterventionPlan: {"goals": REMOVED, "activities": None},
    Evaluation: {"outcome": REMOVED},
    ServiceDelivery: {"note": None},
    Referral: {"reason": REMOVED, "feedback": None, "consent_override_reason": None},
    FollowUp: {"description": REMOVED, "result": None},
    Consent: {"given_by_name": REMOVED},
}
FAMILY_CONTENT = {"address": None, "phone": None, "village": None}
MEMBER_CONTENT = {"nik": None, "nik_index": None, "phone": None, "birth_date": None}


@dataclass
class RetentionRun:
    cut_off: date
    cases: list = field(default_factory=list)  # [{"id", "number", "unit_id", "closed_on"}]
    families: list = field(default_factory=list)  # ids of the families anonymised

    def as_dict(self):
        return {
            "cut_off": self.cut_off.isoformat(),
            "cases": self.cases,
            "families": self.families,
        }


def cut_off(today, years):
    """The last closing date that is due: `today` minus `years` (29 Feb → 28 Feb)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def _is_due(cut_off_date):
    return and_(
        Case.closed_on.is_not(None),
        Case.closed_on <= cut_off_date,
        Case.legal_hold.is_(False),
        Case.anonymised_at.is_(None),
    )


def due_cases(cut_off_date):
    return db.session.scalars(
        select(Case).where(_is_due(cut_off_date)).order_by(Case.closed_on, Case.id)
    ).all()


def _run(today, dry):
    years = current_app.config["RETENTION_YEARS_AFTER_CLOSURE"]
    run = RetentionRun(cut_off=cut_off(today or date.today(), years))
    due = due_cases(run.cut_off)
    run.cases = [
        {"id": c.id, "number": c.number, "unit_id": c.unit_id, "closed_on": c.closed_on.isoformat()}
        for c in due
    ]
    if not dry:
        with audit.without_change_rows():
            run.families = _anonymise(due, run.cut_off)
    action = AuditAction.RETENTION_DRY_RUN if dry else AuditAction.RETENTION
    audit.record(action, details=run.as_dict())
    db.session.commit()
    return run


def dry_run(today=None):
    """The cases that are due, without changing anything (audited)."""
    return _run(today, dry=True)


def anonymise_due(today=None):
    """Anonymise the cases that are due, all in one transaction (audited)."""
    return _run(today, dry=False)


def _anonymise(cases, cut_off_date):
    now = utcnow()
    case_ids = [c.id for c in cases]
    for model, replacements in CASE_CONTENT.items():
        key = Case.id if model is Case else model.case_id
        for row in db.session.scalars(select(model).where(key.in_(case_ids))):
            for name, value in replacements.items():
                setattr(row, name, value)
    for case in cases:
        case.anonymised_at = now
    # A family goes only when none of its other cases is still kept (open, on hold ...).
    kept_case = exists().where(
        Case.family_id == Family.id, Case.anonymised_at.is_(None), not_(_is_due(cut_off_date))
    )
    families = db.session.scalars(
        select(Family).where(Family.id.in_({c.family_id for c in cases}), not_(kept_case))
    ).all()
    for family in families:
        family.label = f"Anonim {family.id}"
        for name, value in FAMILY_CONTENT.items():
            setattr(family, name, value)
        for member in family.members:
            member.full_name = f"Anonim {member.id}"
            for name, value in MEMBER_CONTENT.items():
                setattr(member, name, value)
    db.session.flush()
    return sorted(f.id for f in families)
