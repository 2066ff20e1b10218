"""Demo data (`flask lk3 seed-demo`): East Kalimantan's LK3 units, fictional but realistic.

Kalimantan Timur (64) with its ten regencies and cities (Kemendagri codes); active LK3 units
in Bontang, Samarinda, Kutai Kartanegara and Balikpapan, an inactive one in Berau, none in
the other five. Bontang carries the full picture: a board of 149 current members plus the
previous period, partners of every kind, about 200 cases in all eight stages with their
histories, a past coordination meeting and one in five days.

Idempotent: every part is loaded only where it is missing (regions, units and users by their
codes; a unit's board, partners, cases and meetings only when the unit has none), so a second
run adds and changes nothing. Each part draws from its own fixed random seed, so the data is
the same on every machine; dates are counted back from the day of seeding. People are
fictional, their names drawn from generic lists; public institutions are real.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from lk3admin.dates import local_today
from lk3admin.demo.board import seed_board
from lk3admin.demo.cases import seed_cases
from lk3admin.demo.data import DEMO_PASSWORD, DEMO_USERS, PROVINCE, REGENCIES, UNITS
from lk3admin.demo.meetings import seed_meetings
from lk3admin.demo.partners import seed_partners
from lk3admin.extensions import db
from lk3admin.reference_data import load_reference_data
from models import (
    BoardPeriod,
    BoardPosition,
    Case,
    Family,
    Lk3Unit,
    Meeting,
    MemberElement,
    Membership,
    Partner,
    PartnerKind,
    ProblemCategory,
    Province,
    ReferralSource,
    Regency,
    Service,
    UnitStatusChange,
    User,
    UserScope,
)

COUNTED = [Regency, Lk3Unit, User, BoardPeriod, Membership, Partner, Family, Case, Meeting]


def seed_demo(today=None):
    """Load whatever part of the demo data is missing; return {table: rows added}."""
    today = today or local_today()
    load_reference_data()
    before = _row_counts()
    refs = References.load()
    province, regencies = _seed_regions()
    units = _seed_units(regencies)
    users = seed_users(units, regencies, province, refs)
    for profile in UNITS:
        unit = units[profile.code]
        seed_board(unit, profile, refs, today)
        if profile.case_count:
            seed_partners(unit, profile, refs, today)
            seed_cases(unit, profile, refs, users, today)
    seed_meetings(units["BTG"], today)
    db.session.commit()
    after = _row_counts()
    return {table: after[table] - before[table] for table in after}


def demo_logins():
    """(username, role) of the demo staff, for the command's output and the README."""
    return [(demo.username, demo.role) for demo in DEMO_USERS]


def _row_counts():
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


@dataclass
class References:
    """The reference lists by code (loaded by lk3admin.reference_data)."""

    services: dict
    categories: dict
    partner_kinds: dict
    elements: dict
    positions: dict
    sources: dict

    @classmethod
    def load(cls):
        def by_code(model):
            return {row.code: row for row in db.session.scalars(select(model))}

        return cls(
            services=by_code(Service),
            categories=by_code(ProblemCategory),
            partner_kinds=by_code(PartnerKind),
            elements=by_code(MemberElement),
            positions=by_code(BoardPosition),
            sources=by_code(ReferralSource),
        )


# --- regions, units, users ------------------------------------------------------------------


def _seed_regions():
    code, name = PROVINCE
    province = db.session.scalar(select(Province).where(Province.code == code))
    if province is None:
        province = Province(code=code, name=name)
        db.session.add(province)
    existing = {r.code: r for r in db.session.scalars(select(Regency))}
    for regency_code, regency_name, kind in REGENCIES:
        if regency_code not in existing:
            existing[regency_code] = Regency(
                province=province, code=regency_code, name=regency_name, kind=kind
            )
            db.session.add(existing[regency_code])
    db.session.flush()
    return province, existing


def _seed_units(regencies):
    units = {u.code: u for u in db.session.scalars(select(Lk3Unit))}
    for profile in UNITS:
        if profile.code in units:
            continue
        regency = regencies[profile.regency_code]
        district = next(iter(profile.districts))
        slug = profile.short.lower().replace(" ", "")
        unit = Lk3Unit(
            regency=regency,
            code=profile.code,
            name=f"LK3 {regency.name}",
            decree_number=profile.decree_number,
            decree_date=profile.decree_date,
            decree_issuer=profile.decree_issuer,
            responsible_agency=profile.dinsos,
            status=profile.status_history[-1][0],
            address=f"Kantor {profile.dinsos}, Kecamatan {district}",
            phone=f"({profile.area_code}) 21{len(slug):02d}{profile.decree_date.day:02d}",
            email=f"lk3.{slug}@example.id",
            secretariat_email=f"sekretariat.lk3.{slug}@example.id",
        )
        for status, changed_on, reason in profile.status_history:
            unit.status_changes.append(
                UnitStatusChange(status=status, changed_on=changed_on, reason=reason)
            )
        db.session.add(unit)
        units[profile.code] = unit
    db.session.flush()
    return units


def seed_users(units, regencies, province, refs):
    """The demo staff accounts, by username; existing accounts are left as they are.

    A role that does not exist (yet) falls back to the administrator role. All share
    DEMO_PASSWORD, hashed once (hashing is deliberately slow).
    """
    sm = current_app.appbuilder.sm
    fallback = sm.find_role(current_app.config["AUTH_ROLE_ADMIN"])
    if fallback is None:
        raise RuntimeError("run `flask lk3 sync-roles` first: the admin role does not exist")
    password_hash = generate_password_hash(
        DEMO_PASSWORD,
        method=current_app.config.get("FAB_PASSWORD_HASH_METHOD", "scrypt"),
        salt_length=current_app.config.get("FAB_PASSWORD_HASH_SALT_LENGTH", 16),
    )
    users, created = {}, []
    for demo in DEMO_USERS:
        user = sm.find_user(username=demo.username)
        if user is None:
            first_name, last_name = demo.name.split(" ", 1)
            user = sm.add_user(
                demo.username,
                first_name,
                last_name,
                f"{demo.username}@example.id",
                sm.find_role(demo.role) or fallback,
                hashed_password=password_hash,
                commit=False,
            )
            if not user:
                raise RuntimeError(f"could not create the demo user {demo.username}")
            created.append((user, demo))
        users[demo.username] = user
    for user, demo in created:
        db.session.add(
            UserScope(
                user_id=user.id,
                unit_id=units[demo.unit].id if demo.unit else None,
                regency_id=regencies[demo.regency].id if demo.regency else None,
                province_id=province.id if demo.province else None,
                referral_source_id=(
                    refs.sources[demo.referral_source].id if demo.referral_source else None
                ),
                supervisor_id=users[demo.supervisor].id if demo.supervisor else None,
            )
        )
    db.session.flush()
    return users
