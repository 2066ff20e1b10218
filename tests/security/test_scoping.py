"""The scoping rules role by role: teams, referring agencies, regions, what a user entered,
users without a scope, and the refusal of saving a row out of reach."""

import pytest
from sqlalchemy import select

from lk3admin import access
from lk3admin.access import Principal, Role
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import Case, Family, Lk3Unit, Partner, PartnerKind, Person, Report
from tests import factories


def reachable(user, model):
    principal = Principal.of(factories.user(user.username))
    rows = db.session.scalars(select(model).where(access.row_filter(principal, model)))
    return {row.id for row in rows}


@pytest.fixture
def unit(app_ctx):
    return factories.unit()


def test_a_team_is_the_workers_of_one_supervisor(unit):
    a = {"unit_id": unit.id}
    lead = factories.user("supervisor_satu", Role.SUPERVISOR, **a)
    other_lead = factories.user("supervisor_dua", Role.SUPERVISOR, **a)
    worker = factories.user("peksos_satu", Role.WORKER, supervisor_id=lead.id, **a)
    teammate = factories.user("peksos_dua", Role.WORKER, supervisor_id=lead.id, **a)
    stranger = factories.user("peksos_tiga", Role.WORKER, supervisor_id=other_lead.id, **a)
    own = factories.case(unit, worker_id=worker.id)
    team = factories.case(unit, worker_id=teammate.id, family=factories.family(unit, "K-2"))
    other = factories.case(unit, worker_id=stranger.id, family=factories.family(unit, "K-3"))
    entered = factories.case(
        unit, worker_id=stranger.id, submitted_by_id=worker.id, family=factories.family(unit, "K-4")
    )
    assert reachable(worker, Case) == {own.id, team.id, entered.id}
    assert reachable(stranger, Case) == {other.id, entered.id}
    assert reachable(lead, Case) == {own.id, team.id, other.id, entered.id}  # the whole unit
    # Families follow their cases.
    assert reachable(worker, Family) == {own.family_id, team.family_id, entered.family_id}


def test_a_referring_agency_sees_what_it_submitted(unit):
    agency = factories.user("satpol_pp", Role.REFERRER, unit_id=unit.id)
    mine = factories.case(unit, submitted_by_id=agency.id)
    factories.case(unit, family=factories.family(unit, "Keluarga lain"))
    registered = Family(unit=unit, label="Keluarga baru", submitted_by_id=agency.id)
    db.session.add(registered)
    db.session.commit()
    assert reachable(agency, Case) == {mine.id}
    assert reachable(agency, Family) == {mine.family_id, registered.id}


def test_regions(app_ctx):
    bontang = factories.unit()
    samarinda = factories.unit("SMD", "64.72", "Kota Samarinda")
    factories.province("63", "Kalimantan Selatan")
    banjarmasin = factories.unit("BJM", "63.71", "Kota Banjarmasin")
    province = factories.user(
        "dinsos_kaltim", Role.DINSOS_PROVINCE, province_id=bontang.regency.province_id
    )
    regency = factories.user("dinsos_bontang", Role.DINSOS_REGENCY, regency_id=bontang.regency_id)
    assert reachable(province, Lk3Unit) == {bontang.id, samarinda.id}
    assert reachable(regency, Lk3Unit) == {bontang.id}
    for unit in (bontang, samarinda, banjarmasin):
        db.session.add(
            Report(
                scope="unit",
                unit=unit,
                period_start=unit.created_at.date(),
                period_end=unit.created_at.date(),
            )
        )
    db.session.add(
        Report(
            scope="provinsi",
            province_id=bontang.regency.province_id,
            period_start=bontang.created_at.date(),
            period_end=bontang.created_at.date(),
        )
    )
    db.session.commit()
    units_of = {r.id: r.unit_id for r in db.session.scalars(select(Report))}
    assert {units_of[i] for i in reachable(province, Report)} == {bontang.id, samarinda.id, None}
    assert {units_of[i] for i in reachable(regency, Report)} == {bontang.id}
    # Case data only as figures for the province.
    factories.case(bontang)
    assert reachable(province, Case) == set()
    assert access.figures_area(Principal.of(province))["province_ids"] == [
        bontang.regency.province_id
    ]


def test_no_scope_or_no_rule_reaches_nothing(unit):
    factories.partner(unit)
    unscoped = factories.user("sekretariat_tanpa_wilayah", Role.SECRETARIAT)
    stranger = factories.user("peran_asing", "Peran Asing", unit_id=unit.id)
    assert reachable(unscoped, Partner) == set()
    assert reachable(stranger, Partner) == set()
    assert access.figures_area(Principal.of(stranger)) == {
        "province_ids": None,
        "regency_ids": None,
        "unit_ids": [],
    }


def test_what_a_user_entered_stays_reachable(unit, client):
    clerk = factories.user("sekretariat", Role.SECRETARIAT, unit_id=unit.id)
    client.post("/login/", data={"username": clerk.username, "password": factories.PASSWORD})
    response = client.post("/personview/add", data={"full_name": "Rahmat Hidayat"})
    assert response.status_code == 302
    person = db.session.scalar(select(Person).filter_by(full_name="Rahmat Hidayat"))
    assert person.submitted_by_id == clerk.id
    assert client.get(f"/personview/show/{person.id}").status_code == 200


def test_saving_out_of_reach_is_refused(app_ctx):
    own = factories.unit()
    factories.province("63", "Kalimantan Selatan")
    foreign = factories.unit("BJM", "63.71", "Kota Banjarmasin")
    clerk = Principal.of(factories.user("sekretariat", Role.SECRETARIAT, unit_id=own.id))
    kind = factories.by_code(PartnerKind, "kepolisian")
    with pytest.raises(RuleViolation):
        access.require_reachable(db.session, clerk, Partner(unit=foreign, name="X", kind=kind))
    db.session.rollback()
    access.require_reachable(db.session, clerk, Partner(unit=own, name="Y", kind=kind))
    db.session.rollback()


def test_the_dashboard_counts_the_users_area_only(app_ctx, client):
    bontang = factories.unit()
    factories.province("63", "Kalimantan Selatan")
    factories.unit("BJM", "63.71", "Kota Banjarmasin")
    monitor = factories.user("pemantau", Role.MONITOR, province_id=bontang.regency.province_id)
    client.post("/login/", data={"username": monitor.username, "password": factories.PASSWORD})
    page = client.get("/").text
    assert "Kalimantan Timur" in page and "Kalimantan Selatan" not in page


def test_a_regency_office_founds_its_unit(app_ctx, client):
    """The new unit is in the office's area once saved, so saving it is allowed."""
    regency = factories.regency("64.72", "Kota Samarinda")
    office = factories.user("dinsos_samarinda", Role.DINSOS_REGENCY, regency_id=regency.id)
    client.post("/login/", data={"username": office.username, "password": factories.PASSWORD})
    response = client.post(
        "/unitview/add",
        data={
            "regency": regency.id,
            "name": "LK3 Kota Samarinda",
            "code": "SMD",
            "responsible_agency": "Dinas Sosial Kota Samarinda",
            "status": "aktif",
        },
    )
    assert response.status_code == 302
    assert reachable(office, Lk3Unit) == {db.session.scalar(select(Lk3Unit.id))}
