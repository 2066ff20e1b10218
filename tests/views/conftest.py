"""Fixtures for the screen tests: a board with members."""

from datetime import date

from lk3admin.extensions import db
from models import BoardPeriod, Membership, Person
from tests import factories


def board_period(the_unit=None, decree_number="SK-001/2021", starts_on=date(2021, 1, 1), **kw):
    period = BoardPeriod(
        unit=the_unit or factories.unit(), decree_number=decree_number, starts_on=starts_on, **kw
    )
    db.session.add(period)
    db.session.commit()
    return period


def membership(period, full_name, position="anggota", element="peksos", **fields):
    member = Membership(
        period=period,
        person=Person(full_name=full_name),
        position=factories.position(position),
        element=factories.element(element),
        joined_on=fields.pop("joined_on", period.starts_on),
        **fields,
    )
    db.session.add(member)
    db.session.commit()
    return member
