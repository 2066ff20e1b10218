"""Fixtures for the screen tests: a logged-in admin, a board, and SQL query counting."""

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from lk3admin.extensions import db
from models import BoardPeriod, Membership, Person
from tests import factories


@pytest.fixture
def admin(auth, client):
    """The test client, logged in as the administrator."""
    response = auth.login()
    assert response.status_code == 200
    return client


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects the SQL run inside the block."""

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


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
