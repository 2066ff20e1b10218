"""Referrals that share client data need consent (issue 3, acceptance 4): without it they are
refused; a user allowed to override records why, and the audit log names user and reason."""

from datetime import date

import pytest
from sqlalchemy import select

from lk3admin import cases
from lk3admin.access import Role
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import AuditAction, AuditLog, ConsentGiver, Referral, Stage
from tests import factories
from tests.cases.conftest import OPENED, advance, form_values, new_case

NEEDS_CONSENT = (
    "Rujukan yang membagikan data klien memerlukan persetujuan berbagi data yang tercatat dan "
    "belum ditarik, dari klien atau dari orang tua/wali bila klien anak."
)
NEEDS_OVERRIDE_REASON = "Rujukan tanpa persetujuan klien memerlukan alasan pengecualian."


@pytest.fixture
def case(unit, people):
    family = factories.family(unit, members=(("Rina Marlina", False), ("Dimas Pratama", True)))
    case = new_case(unit, people, family=family, client=family.members[0])
    return advance(case, people, Stage.INTERVENTION)


def consent(case, given_by=ConsentGiver.CLIENT, allows_data_sharing=True, name="Rina Marlina"):
    given = cases.record_consent(
        case,
        purpose="Berbagi data dengan mitra rujukan",
        given_by=given_by,
        given_by_name=name,
        given_on=OPENED,
        allows_data_sharing=allows_data_sharing,
    )
    db.session.commit()
    return given


def refer(case, partner, **kwargs):
    kwargs.setdefault("sent_on", OPENED)
    return cases.refer(case, partner=partner, reason="Pendampingan psikologis.", **kwargs)


def refused(case, partner, **kwargs):
    with pytest.raises(RuleViolation) as refusal:
        refer(case, partner, **kwargs)
    db.session.rollback()
    return str(refusal.value.message)


def test_a_referral_sharing_data_without_consent_is_refused(case, partner):
    assert refused(case, partner) == NEEDS_CONSENT
    assert db.session.scalars(select(Referral)).all() == []


def test_a_recorded_consent_lets_the_referral_through(case, partner):
    given = consent(case)
    referral = refer(case, partner)
    db.session.commit()
    assert referral.consent_id == given.id and referral.consent_override_reason is None


def test_a_withdrawn_consent_no_longer_counts(case, partner):
    given = consent(case)
    cases.withdraw_consent(given, withdrawn_on=date(2026, 1, 20))
    db.session.commit()
    assert refused(case, partner, sent_on=date(2026, 1, 21)) == NEEDS_CONSENT


def test_a_consent_that_does_not_cover_data_sharing_does_not_count(case, partner):
    consent(case, allows_data_sharing=False)
    assert refused(case, partner) == NEEDS_CONSENT


def test_a_minor_clients_data_needs_a_guardians_consent(case, partner):
    case.client = case.family.members[1]  # the child
    db.session.commit()
    consent(case, given_by=ConsentGiver.CLIENT, name="Dimas Pratama")
    assert refused(case, partner) == NEEDS_CONSENT

    guardian = consent(case, given_by=ConsentGiver.GUARDIAN, name="Rina Marlina")
    assert refer(case, partner).consent_id == guardian.id


def test_a_referral_that_shares_no_data_needs_no_consent(case, partner):
    assert refer(case, partner, shares_client_data=False).consent_id is None


def test_an_override_needs_the_permission_and_a_reason(case, partner):
    assert refused(case, partner, override_reason="Darurat.") == NEEDS_CONSENT
    assert refused(case, partner, may_override_consent=True) == NEEDS_OVERRIDE_REASON

    referral = refer(
        case, partner, may_override_consent=True, override_reason="Nyawa klien terancam."
    )
    db.session.commit()
    assert referral.consent_override_reason == "Nyawa klien terancam."
    assert case.events[0].kind == "tanpa_persetujuan"


# --- through the case page ----------------------------------------------------------------


def referral_form(client, case, partner, **fields):
    page = client.get(f"/caseview/show/{case.id}").get_data(as_text=True)
    data = form_values(page, "form-referral")
    data.update({"referral-partner": [str(partner.id)], "referral-reason": ["Visum."]})
    data.update({f"referral-{name}": [value] for name, value in fields.items()})
    return page, data


def test_the_override_on_the_page_is_audited_with_user_and_reason(admin, case, partner):
    page, data = referral_form(admin, case, partner)
    assert 'name="referral-override_reason"' in page  # the admin may override

    response = admin.post(f"/caseview/{case.id}/referral", data=data)
    assert response.status_code == 200
    assert NEEDS_OVERRIDE_REASON in response.get_data(as_text=True)
    assert db.session.scalars(select(Referral)).all() == []

    data["referral-override_reason"] = ["Korban harus segera diperiksa dokter."]
    response = admin.post(f"/caseview/{case.id}/referral", data=data)
    assert response.status_code == 302
    referral = db.session.scalars(select(Referral)).one()
    rows = db.session.scalars(
        select(AuditLog).where(AuditLog.action == AuditAction.CONSENT_OVERRIDE)
    ).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.object_type, row.object_id) == ("Referral", referral.id)
    assert (row.username, row.user_id) == ("admin", referral.consent_overridden_by_id)
    assert row.details["alasan"] == "Korban harus segera diperiksa dokter."


def test_a_worker_without_the_override_permission_is_refused(app, case, partner, people, unit):
    worker = factories.user("peksos", role=Role.WORKER, unit_id=unit.id)
    case.worker = worker
    db.session.commit()
    client = app.test_client()
    client.post("/login/", data={"username": "peksos", "password": factories.PASSWORD})

    page, data = referral_form(client, case, partner)
    assert 'id="form-referral"' in page
    assert 'name="referral-override_reason"' not in page
    data["referral-override_reason"] = ["Saya anggap darurat."]
    response = client.post(f"/caseview/{case.id}/referral", data=data)

    assert response.status_code == 200
    assert NEEDS_CONSENT in response.get_data(as_text=True)
    assert db.session.scalars(select(Referral)).all() == []
