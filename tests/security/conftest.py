"""The security tests' world: two LK3 units in two provinces, a record of every kind in
each, and one user per role working in unit A (or its regency or province).

Unit A is "own" for every scoped user; unit B is foreign to all of them. Every text a B
record shows carries the marker ZZB, so a page that leaks B's rows is caught by text.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from flask import current_app

from lk3admin.access import Role
from lk3admin.extensions import db
from models import (
    ActionItem,
    AuditLog,
    BoardPeriod,
    Case,
    Consent,
    Family,
    FamilyMember,
    FollowUp,
    Lk3Unit,
    Meeting,
    MeetingInvitee,
    Membership,
    OutboxMessage,
    Partner,
    Person,
    Referral,
    Report,
    ReportFile,
    Service,
    ServiceDelivery,
    UnitStatusChange,
    UserScope,
)
from tests import factories

FOREIGN_MARKER = "ZZB"
OWN_MARKER = "AAA"
PASSWORD = factories.PASSWORD
# A role the portal does not know: given every permission, it still reaches no row.
UNKNOWN_ROLE = "Tanpa Aturan"


@dataclass
class World:
    units: dict = field(default_factory=dict)  # "A"/"B" -> Lk3Unit
    records: dict = field(default_factory=dict)  # ("A"|"B", model) -> row
    users: dict = field(default_factory=dict)  # role name -> username
    spare_regency: object = None  # a regency of province B without a unit

    def own(self, model):
        return self.records[("A", model)]

    def foreign(self, model):
        return self.records[("B", model)]


def _add(row):
    db.session.add(row)
    db.session.commit()
    return row


def _side(world, side, marker, the_unit, worker, supervisor, submitter):
    """One record of every kind in `the_unit`, its texts carrying `marker`."""
    rec = world.records
    rec[(side, Lk3Unit)] = the_unit
    rec[(side, UnitStatusChange)] = _add(
        UnitStatusChange(unit=the_unit, status="aktif", changed_on=date(2020, 1, 1), reason=marker)
    )
    period = rec[(side, BoardPeriod)] = _add(
        BoardPeriod(
            unit=the_unit,
            decree_number=f"{marker}-SK/2021",
            starts_on=date(2021, 1, 1),
            ends_on=date(2025, 12, 31),
        )
    )
    person = rec[(side, Person)] = _add(Person(full_name=f"{marker} Pengurus"))
    rec[(side, Membership)] = _add(
        Membership(
            period=period,
            person=person,
            position=factories.position(),
            element=factories.element(),
            joined_on=date(2021, 1, 1),
            origin_agency=f"{marker} Dinas",
        )
    )
    partner = rec[(side, Partner)] = factories.partner(
        the_unit,
        name=f"{marker} Rumah Aman",
        kind="rumah_aman",
        address=f"{marker} Jalan Rahasia 1",
        address_confidential=True,
    )
    family = rec[(side, Family)] = factories.family(
        the_unit, label=f"{marker} Keluarga", members=((f"{marker} Klien", False),)
    )
    family.address = f"{marker} Jalan Klien 2"
    rec[(side, FamilyMember)] = family.members[0]
    case = rec[(side, Case)] = factories.case(
        the_unit,
        family=family,
        worker_id=worker.id,
        supervisor_id=supervisor.id,
        submitted_by_id=submitter.id,
        summary=f"{marker} ringkasan",
    )
    rec[(side, Referral)] = _add(
        Referral(case=case, partner=partner, reason=f"{marker} alasan", sent_on=date(2026, 2, 1))
    )
    rec[(side, FollowUp)] = _add(
        FollowUp(case=case, due_on=date(2026, 3, 1), description=f"{marker} tindak lanjut")
    )
    rec[(side, ServiceDelivery)] = _add(
        ServiceDelivery(
            case=case,
            service=db.session.scalar(db.select(Service).limit(1)),
            delivered_on=date(2026, 2, 1),
            note=f"{marker} layanan",
        )
    )
    rec[(side, Consent)] = _add(
        Consent(
            case=case,
            purpose=f"{marker} rujukan",
            given_by="klien",
            given_by_name=f"{marker} Pemberi",
            given_on=date(2026, 1, 20),
        )
    )
    meeting = rec[(side, Meeting)] = _add(
        Meeting(
            unit=the_unit,
            title=f"{marker} Rakor",
            held_at=datetime(2026, 6, 1, 9),
            venue=f"{marker} Aula",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 5, 31),
        )
    )
    rec[(side, MeetingInvitee)] = _add(
        MeetingInvitee(meeting=meeting, name=f"{marker} Undangan", email="undangan@example.id")
    )
    rec[(side, ActionItem)] = _add(
        ActionItem(meeting=meeting, description=f"{marker} tugas", owner=f"{marker} PJ")
    )
    report = rec[(side, Report)] = _add(
        Report(
            scope="unit",
            unit=the_unit,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 5, 31),
            status="selesai",
            error=f"{marker} laporan",
        )
    )
    rec[(side, ReportFile)] = _add(
        ReportFile(
            report=report,
            filename=f"{marker}-laporan.csv",
            mimetype="text/csv",
            content=f"{marker} isi".encode(),
        )
    )
    rec[(side, OutboxMessage)] = _add(
        OutboxMessage(
            kind="laporan_rakor",
            object_key=f"{marker}-1",
            recipient="rakor@example.id",
            subject=f"{marker} email",
            body_text=f"{marker} isi",
            unit_id=the_unit.id,
        )
    )
    rec[(side, AuditLog)] = _add(
        AuditLog(action="lihat", username=f"{marker} auditor", unit_id=the_unit.id)
    )
    rec[(side, UserScope)] = db.session.get(UserScope, worker.id)
    db.session.commit()


def build_world():
    world = World()
    unit_a = world.units["A"] = factories.unit()  # Kota Bontang, Kalimantan Timur (64)
    factories.province("63", "Kalimantan Selatan")
    unit_b = world.units["B"] = factories.unit(
        "BJM", "63.71", "Kota Banjarmasin", name=f"LK3 {FOREIGN_MARKER} Banjarmasin"
    )
    world.spare_regency = factories.regency("63.72", "Kota Banjarbaru")
    a = {"unit_id": unit_a.id}
    supervisor = factories.user("supervisor_a", Role.SUPERVISOR, **a)
    scopes = {
        Role.ADMIN: {},
        Role.DINSOS_PROVINCE: {"province_id": unit_a.regency.province_id},
        Role.DINSOS_REGENCY: {"regency_id": unit_a.regency_id},
        Role.SECRETARIAT: a,
        Role.WORKER: {**a, "supervisor_id": supervisor.id},
        Role.REFERRER: a,
        Role.MONITOR: {"province_id": unit_a.regency.province_id},
        UNKNOWN_ROLE: a,
    }
    users = {Role.SUPERVISOR: supervisor}
    for role, scope in scopes.items():
        username = role.lower().replace(" ", "_").replace("/", "_")
        users[role] = factories.user(username, role, **scope)
    world.users = {role: user.username for role, user in users.items()}
    sm = current_app.appbuilder.sm
    sm.find_role(UNKNOWN_ROLE).permissions = list(sm.find_role(Role.ADMIN).permissions)
    db.session.commit()
    worker_b = factories.user("pekerja_b", Role.WORKER, unit_id=unit_b.id)
    supervisor_b = factories.user("supervisor_b", Role.SUPERVISOR, unit_id=unit_b.id)
    _side(world, "A", OWN_MARKER, unit_a, users[Role.WORKER], supervisor, users[Role.REFERRER])
    _side(world, "B", FOREIGN_MARKER, unit_b, worker_b, supervisor_b, worker_b)
    return world


@pytest.fixture
def world(app_ctx):
    return build_world()


@pytest.fixture
def login(client):
    def log_in(username, password=PASSWORD):
        client.get("/logout/")
        response = client.post("/login/", data={"username": username, "password": password})
        assert response.status_code == 302, f"{username} could not log in"
        return client

    return log_in
