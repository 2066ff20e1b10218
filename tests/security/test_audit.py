"""Acceptance 2: each audited action leaves exactly one audit row with the right fields, and
nobody (administrators included) can change or delete audit rows, through the portal, the
API or the ORM; on PostgreSQL not even with SQL."""

from datetime import date

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from lk3admin import audit
from lk3admin.access import Role
from lk3admin.extensions import db
from models import AuditAction, AuditLog, Case, Family, InterventionPlan, Partner, ReportFile
from tests import factories


@pytest.fixture
def mark(world):
    """Audit rows after this point are the test's own (the world's rows come before)."""
    return db.session.scalar(select(db.func.max(AuditLog.id))) or 0


def rows(after, action, **fields):
    query = select(AuditLog).where(AuditLog.id > after, AuditLog.action == action)
    for name, value in fields.items():
        column = getattr(AuditLog, name)
        query = query.where(column.is_(None) if value is None else column == value)
    db.session.expire_all()
    return db.session.scalars(query.order_by(AuditLog.id)).all()


def the_row(after, action, **fields):
    found = rows(after, action, **fields)
    assert len(found) == 1, f"{action}: {len(found)} rows, expected one"
    return found[0]


def test_login_and_failed_login(world, mark, client, app_ctx):
    username = world.users[Role.SECRETARIAT]
    client.post("/login/", data={"username": username, "password": "salah-sekali"})
    user = factories.user(username)
    failed = the_row(mark, AuditAction.LOGIN_FAILED, user_id=user.id)
    assert (failed.username, failed.ip, failed.unit_id) == (
        username,
        "127.0.0.1",
        world.units["A"].id,
    )
    assert failed.details == {"alasan": "sandi"}

    client.post("/login/", data={"username": username, "password": factories.PASSWORD})
    login = the_row(mark, AuditAction.LOGIN, user_id=user.id)
    assert (login.object_type, login.object_id, login.ip) == ("User", user.id, "127.0.0.1")

    client.get("/logout/")
    client.post("/login/", data={"username": "tidak-ada", "password": "x"})
    unknown = the_row(mark, AuditAction.LOGIN_FAILED, user_id=None)
    assert unknown.details == {"alasan": "tidak_dikenal", "username": "tidak-ada"}


def test_viewing_a_case_is_one_row(world, mark, login, app_ctx):
    case = world.own(Case)
    client = login(world.users[Role.SUPERVISOR])
    assert client.get(f"/caseview/show/{case.id}").status_code == 200
    row = the_row(mark, AuditAction.VIEW, object_type="Case")
    assert (row.object_id, row.unit_id, row.username) == (
        case.id,
        case.unit_id,
        world.users[Role.SUPERVISOR],
    )
    # Other client data read on its own page is a view too.
    family = world.own(Family)
    assert client.get(f"/familyview/show/{family.id}").status_code == 200
    assert the_row(mark, AuditAction.VIEW, object_type="Family").object_id == family.id


def test_create_update_delete_record_changed_fields(world, mark, login, app_ctx):
    client = login(world.users[Role.SECRETARIAT])
    unit = world.units["A"]
    response = client.post(
        "/partnerview/add",
        data={"unit": unit.id, "name": "Puskesmas Bontang Utara", "kind": _kind_id("kesehatan")},
    )
    assert response.status_code == 302
    partner = db.session.scalar(select(Partner).filter_by(name="Puskesmas Bontang Utara"))
    created = the_row(mark, AuditAction.CREATE, object_type="Partner")
    assert (created.object_id, created.unit_id) == (partner.id, unit.id)
    assert created.details["changes"]["name"] == [None, "Puskesmas Bontang Utara"]
    assert created.username == world.users[Role.SECRETARIAT]

    client.post(
        f"/partnerview/edit/{partner.id}",
        data={"unit": unit.id, "name": "Puskesmas Bontang Barat", "kind": _kind_id("kesehatan")},
    )
    updated = the_row(mark, AuditAction.UPDATE, object_type="Partner")
    assert updated.details["changes"] == {
        "name": ["Puskesmas Bontang Utara", "Puskesmas Bontang Barat"]
    }

    client.post(f"/partnerview/delete/{partner.id}")
    deleted = the_row(mark, AuditAction.DELETE, object_type="Partner")
    assert deleted.object_id == partner.id
    assert deleted.details["changes"]["name"] == ["Puskesmas Bontang Barat", None]


def _refusal(html):
    import re

    return re.findall(r'class="[^"]*(?:alert|help-block)[^"]*">\s*([^<]+?)\s*<', html)


def _kind_id(code):
    from models import PartnerKind

    return factories.by_code(PartnerKind, code).id


def test_sensitive_values_are_masked(world, mark, app_ctx):
    family = world.own(Family)
    member = family.members[0]
    family.address = "Jalan Pupuk Raya 12"
    member.nik = "6474010101900001"
    member.full_name = "Sari Handayani"
    db.session.commit()
    family_row = the_row(mark, AuditAction.UPDATE, object_type="Family")
    assert family_row.details["changes"]["address"] == [audit.MASK, audit.MASK]
    member_row = the_row(mark, AuditAction.UPDATE, object_type="FamilyMember")
    assert member_row.details["changes"]["nik"] == [None, audit.MASK]
    assert member_row.details["changes"]["full_name"] == [audit.MASK, audit.MASK]
    every_detail = str([r.details for r in db.session.scalars(select(AuditLog))])
    for secret in ("Jalan Pupuk Raya", "6474010101900001", "Sari Handayani", "AAA Klien"):
        assert secret not in every_detail


def test_export_is_one_row(world, mark, login, app_ctx):
    report_file = world.own(ReportFile)
    client = login(world.users[Role.SECRETARIAT])
    response = client.get(f"/reports/file/{report_file.id}")
    assert response.status_code == 200
    row = the_row(mark, AuditAction.EXPORT)
    assert (row.object_type, row.object_id) == ("Report", report_file.report_id)


def test_referral_and_approval_are_named_actions(world, mark, login, app_ctx):
    case, partner = world.own(Case), world.own(Partner)
    case.risk_level = "tinggi"  # before the intervention stage only emergencies are referred
    db.session.commit()
    client = login(world.users[Role.WORKER])
    response = client.post(
        f"/caseview/{case.id}/referral",
        data={
            "referral-partner": str(partner.id),
            "referral-reason": "Butuh pendampingan hukum",
            "referral-sent_on": "2026-03-02",
            "referral-is_emergency": "y",
            "referral-consent": "",
        },
    )
    assert response.status_code == 302, _refusal(response.text)
    referral = the_row(mark, AuditAction.REFERRAL, object_type="Referral")
    assert (referral.unit_id, referral.username) == (case.unit_id, world.users[Role.WORKER])
    assert referral.details["changes"]["status"] == [None, "dikirim"]

    plan = InterventionPlan(case=case, drafted_on=date(2026, 3, 1), goals="Rasa aman pulih")
    db.session.add(plan)
    db.session.commit()
    plan.approved_by_id = factories.user(world.users[Role.SUPERVISOR]).id
    db.session.commit()
    approval = the_row(mark, AuditAction.APPROVAL, object_type="InterventionPlan")
    assert approval.object_id == plan.id
    assert approval.unit_id == case.unit_id


def test_the_audit_screen_has_no_change_routes(world, login, app_ctx):
    client = login(world.users[Role.ADMIN])
    row = world.own(AuditLog)
    assert client.get("/audit/list/").status_code == 200
    assert client.get(f"/audit/show/{row.id}").status_code == 200
    for method, url in [
        ("get", "/audit/add"),
        ("post", "/audit/add"),
        ("get", f"/audit/edit/{row.id}"),
        ("post", f"/audit/edit/{row.id}"),
        ("post", f"/audit/delete/{row.id}"),
        ("post", "/audit/action_post"),
        ("post", "/api/v1/auditlogview/"),
        ("delete", f"/api/v1/auditlogview/{row.id}"),
    ]:
        assert getattr(client, method)(url).status_code in (404, 405), url
    db.session.expire_all()
    assert db.session.get(AuditLog, row.id).username == row.username


def test_the_orm_refuses_changing_the_log(world, app_ctx):
    row = world.own(AuditLog)
    row.username = "lain"
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditLog, row.id))
    with pytest.raises(audit.AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    for statement in (update(AuditLog).values(username="x"), delete(AuditLog)):
        with pytest.raises(audit.AuditLogIsAppendOnly):
            db.session.execute(statement)
        db.session.rollback()


def test_postgresql_refuses_changing_the_log(world, backend, app_ctx):
    if backend != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (migration 0002)")
    for statement in (
        "UPDATE audit_log SET username = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
    assert db.session.scalar(select(AuditLog.username).where(AuditLog.id == world.own(AuditLog).id))
