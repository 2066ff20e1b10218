"""Small builders for test data. Each commits, so the rows are visible to any connection."""

from datetime import date

from flask import current_app
from sqlalchemy import select

from lk3admin.extensions import db
from lk3admin.reference_data import load_reference_data
from models import (
    BoardPosition,
    Case,
    Family,
    FamilyMember,
    Lk3Unit,
    MemberElement,
    Partner,
    PartnerKind,
    ProblemCategory,
    Province,
    ReferralSource,
    Regency,
)

PASSWORD = "Rahasia-123!"


def reference_data():
    load_reference_data()
    db.session.commit()


def by_code(model, code):
    return db.session.scalar(select(model).where(model.code == code))


def user(username, role="Administrator", password=PASSWORD, **scope):
    sm = current_app.appbuilder.sm
    existing = sm.find_user(username=username)
    if existing:
        return existing
    found = sm.find_role(role) or sm.add_role(role)
    created = sm.add_user(
        username, username.title(), "Test", f"{username}@example.id", found, password
    )
    assert created, f"could not create user {username}"
    if scope:
        from models import UserScope

        db.session.add(UserScope(user_id=created.id, **scope))
        db.session.commit()
    return created


def province(code="64", name="Kalimantan Timur"):
    found = by_code(Province, code)
    if found:
        return found
    found = Province(code=code, name=name)
    db.session.add(found)
    db.session.commit()
    return found


def regency(code="64.74", name="Kota Bontang", kind="kota"):
    found = by_code(Regency, code)
    if found:
        return found
    found = Regency(code=code, name=name, kind=kind, province=province(code[:2]))
    db.session.add(found)
    db.session.commit()
    return found


def unit(code="BTG", regency_code="64.74", regency_name="Kota Bontang", **fields):
    found = by_code(Lk3Unit, code)
    if found:
        return found
    found = Lk3Unit(
        code=code,
        name=fields.pop("name", f"LK3 {regency_name}"),
        regency=regency(regency_code, regency_name),
        responsible_agency=fields.pop("responsible_agency", f"Dinas Sosial {regency_name}"),
        **fields,
    )
    db.session.add(found)
    db.session.commit()
    return found


def partner(the_unit=None, name="Polres Bontang", kind="kepolisian", **fields):
    found = Partner(unit=the_unit or unit(), name=name, kind=by_code(PartnerKind, kind), **fields)
    db.session.add(found)
    db.session.commit()
    return found


def family(the_unit=None, label="Keluarga A-001", members=(("Sari Wulandari", False),)):
    found = Family(unit=the_unit or unit(), label=label)
    for full_name, is_minor in members:
        found.members.append(FamilyMember(full_name=full_name, is_minor=is_minor))
    db.session.add(found)
    db.session.commit()
    return found


def case(the_unit=None, sequence=None, categories=("kdrt",), **fields):
    """A case inserted directly (bypassing the workflow service) for list and access tests."""
    the_unit = the_unit or unit()
    the_family = fields.pop("family", None) or family(the_unit)
    year = fields.pop("year", 2026)
    if sequence is None:
        sequence = (
            db.session.scalar(
                select(db.func.max(Case.sequence)).where(
                    Case.unit_id == the_unit.id, Case.year == year
                )
            )
            or 0
        ) + 1
    found = Case(
        unit=the_unit,
        year=year,
        sequence=sequence,
        number=f"{the_unit.code}/{year}/{sequence:04d}",
        family=the_family,
        client=the_family.members[0] if the_family.members else None,
        opened_on=fields.pop("opened_on", date(year, 1, 15)),
        referral_source=fields.pop("referral_source", None)
        or by_code(ReferralSource, "datang_sendiri"),
        **fields,
    )
    found.categories = [by_code(ProblemCategory, c) for c in categories]
    db.session.add(found)
    db.session.commit()
    return found


def element(code="peksos"):
    return by_code(MemberElement, code)


def position(code="anggota"):
    return by_code(BoardPosition, code)
