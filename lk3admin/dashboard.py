"""The figures of the home page, each one SQL aggregate, narrowed by explicit filters.

Filters are lists of ids (None = no narrowing): the caller decides what a user may see.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select

from lk3admin.extensions import db
from models import BoardPeriod, Lk3Unit, Membership, Partner, Province, Regency, UnitStatus


@dataclass(frozen=True)
class ProvinceUnits:
    province_id: int
    province: str
    regencies: int
    active: int
    inactive: int

    @property
    def not_formed(self):
        return self.regencies - self.active - self.inactive


@dataclass(frozen=True)
class Overview:
    provinces: list
    partners: int
    serving_members: int

    @property
    def totals(self):
        return ProvinceUnits(
            0,
            "",
            sum(p.regencies for p in self.provinces),
            sum(p.active for p in self.provinces),
            sum(p.inactive for p in self.provinces),
        )


def overview(province_ids=None, regency_ids=None, unit_ids=None, today=None):
    scope = {"province_ids": province_ids, "regency_ids": regency_ids, "unit_ids": unit_ids}
    partners = select(func.count(Partner.id)).join(Partner.unit)
    return Overview(
        provinces=units_by_province(**scope),
        partners=_count(partners, **scope),
        serving_members=_count(_serving_members_query(today or date.today()), **scope),
    )


def units_by_province(province_ids=None, regency_ids=None, unit_ids=None):
    """Per province: its regencies/cities and how many have an active, an inactive or no
    LK3 unit ("belum terbentuk")."""

    def with_status(status):
        return func.coalesce(func.sum(case((Lk3Unit.status == status, 1), else_=0)), 0)

    query = (
        select(
            Province.id,
            Province.name,
            func.count(Regency.id),
            with_status(UnitStatus.ACTIVE),
            with_status(UnitStatus.INACTIVE),
        )
        .join(Regency, Regency.province_id == Province.id)
        .outerjoin(Lk3Unit, Lk3Unit.regency_id == Regency.id)
        .group_by(Province.id, Province.name)
        .order_by(Province.name)
    )
    query = _narrow(query, province_ids, regency_ids, unit_ids)
    return [ProvinceUnits(*row) for row in db.session.execute(query)]


def _serving_members_query(today):
    """Memberships not left, in a period running today."""
    return (
        select(func.count(Membership.id))
        .join(Membership.period)
        .join(BoardPeriod.unit)
        .where(
            Membership.left_on.is_(None),
            BoardPeriod.starts_on <= today,
            or_(BoardPeriod.ends_on.is_(None), BoardPeriod.ends_on >= today),
        )
    )


def _count(query, province_ids, regency_ids, unit_ids):
    query = _narrow(query.join(Lk3Unit.regency), province_ids, regency_ids, unit_ids)
    return db.session.scalar(query) or 0


def _narrow(query, province_ids, regency_ids, unit_ids):
    conditions = []
    if province_ids is not None:
        conditions.append(Regency.province_id.in_(province_ids))
    if regency_ids is not None:
        conditions.append(Regency.id.in_(regency_ids))
    if unit_ids is not None:
        conditions.append(Lk3Unit.id.in_(unit_ids))
    return query.where(and_(*conditions)) if conditions else query
