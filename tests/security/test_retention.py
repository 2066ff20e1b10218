"""Acceptance 5: the retention dry run lists exactly the cases due; the real run anonymises
them and nothing else; every run is one audit row."""

from datetime import date

import pytest
from sqlalchemy import select

from lk3admin import retention
from lk3admin.extensions import db
from models import (
    Assessment,
    AuditAction,
    AuditLog,
    Case,
    CaseEvent,
    Family,
    FamilyMember,
    InterventionPlan,
    Referral,
)
from models.types import blind_index
from tests import factories
from tests.security.conftest import _add

TODAY = date(2036, 6, 30)  # the cut-off is 30 June 2026 with the default 10 years


def case_with_content(unit, label, closed_on=None, legal_hold=False, family=None):
    family = family or factories.family(unit, label=label, members=((f"{label} Klien", False),))
    member = family.members[0]
    member.nik = f"64740{len(label):02d}0101900001"
    member.nik_index = blind_index(member.nik)
    member.phone = "0812-5555-0101"
    family.address = f"Jalan {label}"
    case = factories.case(
        unit,
        family=family,
        closed_on=closed_on,
        closure_reason="teratasi" if closed_on else None,
        legal_hold=legal_hold,
        summary=f"Ringkasan {label}",
        year=2015,
        opened_on=date(2015, 3, 1),
    )
    _add(Assessment(case=case, kind="awal", assessed_on=date(2025, 2, 1), narrative=f"N {label}"))
    _add(InterventionPlan(case=case, drafted_on=date(2025, 2, 2), goals=f"Tujuan {label}"))
    _add(CaseEvent(case=case, kind="catatan", note=f"Catatan {label}"))
    partner = factories.partner(unit, name=f"Mitra {label}")
    _add(Referral(case=case, partner=partner, reason=f"Alasan {label}", sent_on=date(2025, 3, 1)))
    return case


@pytest.fixture
def cases(app_ctx):
    unit = factories.unit()
    due = case_with_content(unit, "Lama", closed_on=date(2026, 6, 30))
    shared = case_with_content(unit, "Berbagi", closed_on=date(2025, 1, 10))
    return {
        "due": due,
        # Due too, but its family has an open case: the case goes, the family stays.
        "due_family_kept": shared,
        "open_same_family": case_with_content(unit, "Berbagi", family=shared.family),
        "held": case_with_content(unit, "Ditahan", closed_on=date(2020, 1, 1), legal_hold=True),
        "recent": case_with_content(unit, "Baru", closed_on=date(2026, 7, 1)),
        "open": case_with_content(unit, "Terbuka"),
    }


def snapshot(case):
    """Everything retention may touch of a case and its family, decrypted."""
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    family = case.family
    return {
        "case": (case.summary, case.anonymised_at),
        "family": (family.label, family.address, family.phone, family.village),
        "members": [(m.full_name, m.nik, m.nik_index, m.phone) for m in family.members],
        "assessments": [a.narrative for a in case.assessments],
        "plans": [p.goals for p in case.plans],
        "events": [e.note for e in case.events],
        "referrals": [r.reason for r in case.referrals],
    }


def retention_rows():
    return db.session.scalars(
        select(AuditLog).where(
            AuditLog.action.in_([AuditAction.RETENTION_DRY_RUN, AuditAction.RETENTION])
        )
    ).all()


def test_dry_run_lists_exactly_the_due_cases(cases, app_ctx):
    before = {name: snapshot(case) for name, case in cases.items()}
    run = retention.dry_run(TODAY)
    assert run.cut_off == date(2026, 6, 30)
    assert {c["id"] for c in run.cases} == {cases["due"].id, cases["due_family_kept"].id}
    assert {name: snapshot(case) for name, case in cases.items()} == before
    (row,) = retention_rows()
    assert row.action == AuditAction.RETENTION_DRY_RUN
    assert sorted(c["id"] for c in row.details["cases"]) == sorted(c["id"] for c in run.cases)


def test_the_run_anonymises_the_due_cases_and_nothing_else(cases, app_ctx):
    untouched = ["open_same_family", "held", "recent", "open"]
    before = {name: snapshot(cases[name]) for name in untouched}
    changes_before = db.session.scalar(select(db.func.count(AuditLog.id)))

    run = retention.anonymise_due(TODAY)

    assert {c["id"] for c in run.cases} == {cases["due"].id, cases["due_family_kept"].id}
    assert {name: snapshot(cases[name]) for name in untouched} == before
    due = snapshot(cases["due"])
    assert due["case"][0] is None and due["case"][1] is not None
    assert due["family"] == (f"Anonim {cases['due'].family_id}", None, None, None)
    member_id = cases["due"].family.members[0].id
    assert due["members"] == [(f"Anonim {member_id}", None, None, None)]
    assert due["assessments"] == [None]
    assert due["plans"] == [retention.REMOVED]
    assert due["events"] == [None]
    assert due["referrals"] == [retention.REMOVED]
    # Its case content goes; the family stays for the case still open.
    kept = snapshot(cases["due_family_kept"])
    assert kept["case"][0] is None and kept["assessments"] == [None]
    assert kept["family"][0] == "Berbagi" and kept["members"][0][0] == "Berbagi Klien"
    # The rows stay, for the statistics.
    assert db.session.get(Case, cases["due"].id).closed_on == date(2026, 6, 30)
    assert db.session.scalar(select(db.func.count(FamilyMember.id))) == 6 - 1  # shared family
    # One audit row for the run, none copying what it removed.
    (row,) = retention_rows()
    assert row.action == AuditAction.RETENTION
    assert row.details["families"] == [cases["due"].family_id]
    assert db.session.scalar(select(db.func.count(AuditLog.id))) == changes_before + 1
    # A second run finds nothing left to do.
    assert retention.anonymise_due(TODAY).cases == []


def test_the_task_runs_a_dry_run_unless_told(cases, app_ctx):
    from tasks.retention import apply_retention

    result = apply_retention.run(today=TODAY.isoformat())
    assert len(result["cases"]) == 2
    assert db.session.get(Case, cases["due"].id).anonymised_at is None
    result = apply_retention.run(dry_run=False, today=TODAY.isoformat())
    db.session.expire_all()
    assert db.session.get(Case, cases["due"].id).anonymised_at is not None
    assert db.session.get(Family, cases["held"].family_id).label == "Ditahan"
