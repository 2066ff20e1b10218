"""Reading a database refusal the same way on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from lk3admin import constraints
from lk3admin.extensions import db
from models import BoardPeriod, Lk3Unit, Membership, Person
from tests import factories
from tests.views.conftest import board_period


def refusal(*rows):
    db.session.add_all(rows)
    with pytest.raises(IntegrityError) as error:
        db.session.commit()
    db.session.rollback()
    return constraints.describe(error.value)


def test_unique_column(app_ctx):
    unit = factories.unit()
    duplicate = Lk3Unit(
        regency=factories.regency("64.72", "Kota Samarinda"),
        name="LK3 Lain",
        code=unit.code,
        responsible_agency="Dinas Sosial",
    )
    assert refusal(duplicate) == constraints.Violation(constraints.UNIQUE, "lk3_unit", ("code",))


def test_named_unique_constraint(app_ctx):
    period = board_period()
    person = Person(full_name="Agus Santoso")
    rows = [
        Membership(
            period=period,
            person=person,
            position=factories.position(),
            element=factories.element(),
            joined_on=date(2021, 1, 1),
        )
        for _ in range(2)
    ]
    assert refusal(*rows) == constraints.Violation(
        constraints.UNIQUE,
        "membership",
        ("period_id", "person_id"),
        "uq_membership_period_person",
    )


def test_check_constraint(app_ctx):
    period = BoardPeriod(
        unit=factories.unit(),
        decree_number="SK-1",
        starts_on=date(2024, 1, 1),
        ends_on=date(2023, 1, 1),
    )
    violation = refusal(period)
    assert (violation.kind, violation.constraint) == (constraints.CHECK, "ck_board_period_dates")


def test_not_null(app_ctx):
    unit = Lk3Unit(regency=factories.regency(), name="LK3", code="X", responsible_agency=None)
    violation = refusal(unit)
    assert (violation.kind, violation.table, violation.columns) == (
        constraints.NOT_NULL,
        "lk3_unit",
        ("responsible_agency",),
    )


def test_unknown_text_is_none():
    assert constraints.describe(Exception("disk I/O error")) is None
