"""Carrying a board over into the next period: one action, one transaction."""

from datetime import date

import pytest
from sqlalchemy import func, select

from lk3admin import board
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import BoardPeriod, Membership
from tests import factories
from tests.views.conftest import board_period, membership


@pytest.fixture
def serving_board(app_ctx):
    """A 2021 period of three members, one of whom left in 2023."""
    period = board_period(factories.unit(), "SK-001/2021", date(2021, 1, 1))
    membership(period, "Rina Kartika", position="ketua", element="dinsos")
    membership(period, "Bripka Hendra Wijaya", element="polri", origin_agency="Polres Bontang")
    membership(
        period,
        "Sertu Yusuf Pratama",
        element="tni",
        left_on=date(2023, 5, 2),
        left_reason="mutasi",
    )
    return period


def members_of(period):
    return db.session.scalars(
        select(Membership).where(Membership.period_id == period.id).order_by(Membership.id)
    ).all()


def test_carry_over_keeps_everyone_still_serving(admin, serving_board):
    response = admin.post(
        f"/boardperiodview/carry-over/{serving_board.id}",
        data={"decree_number": "SK-077/2024", "starts_on": "2024-01-15", "ends_on": "2026-12-31"},
    )
    new = db.session.scalar(select(BoardPeriod).where(BoardPeriod.decree_number == "SK-077/2024"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/boardperiodview/show/{new.id}")
    carried = members_of(new)
    assert [m.person.full_name for m in carried] == ["Rina Kartika", "Bripka Hendra Wijaya"]
    assert {m.joined_on for m in carried} == {date(2024, 1, 15)}
    assert carried[0].position.code == "ketua" and carried[1].origin_agency == "Polres Bontang"
    db.session.expire_all()
    # The open-ended old period is closed the day before; its own members are untouched.
    assert db.session.get(BoardPeriod, serving_board.id).ends_on == date(2024, 1, 14)
    assert len(members_of(serving_board)) == 3
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Periode SK-077/2024 dimulai dengan 2 pengurus dari periode sebelumnya." in page


def test_carry_over_refuses_a_start_inside_the_old_period(admin, serving_board):
    serving_board.ends_on = date(2023, 12, 31)
    db.session.commit()
    response = admin.post(
        f"/boardperiodview/carry-over/{serving_board.id}",
        data={"decree_number": "SK-077/2023", "starts_on": "2023-06-01"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Periode baru harus dimulai setelah 31-12-2023 (periode SK-001/2021)." in page
    assert db.session.scalar(select(func.count(BoardPeriod.id))) == 1
    assert db.session.scalar(select(func.count(Membership.id))) == 3


def test_carry_over_refuses_to_overlap_a_later_period(app_ctx, serving_board):
    serving_board.ends_on = date(2023, 12, 31)
    board_period(serving_board.unit, "SK-050/2025", date(2025, 1, 1))
    with pytest.raises(RuleViolation) as refused:
        board.start_next_period(serving_board, "SK-077/2024", date(2024, 1, 1))
    assert "SK-050/2025" in str(refused.value.message)
    assert refused.value.field == "starts_on"
    db.session.rollback()


def test_carry_over_refuses_an_end_before_the_start(app_ctx, serving_board):
    with pytest.raises(RuleViolation) as refused:
        board.start_next_period(
            serving_board, "SK-077/2024", date(2024, 1, 1), ends_on=date(2023, 1, 1)
        )
    assert refused.value.field == "ends_on"
    db.session.rollback()
    assert db.session.get(BoardPeriod, serving_board.id).ends_on is None


def test_carry_over_form_needs_a_decree_and_a_start(admin, serving_board):
    response = admin.post(f"/boardperiodview/carry-over/{serving_board.id}", data={})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(BoardPeriod.id))) == 1


def test_carry_over_of_an_unknown_period_is_a_404(admin, app_ctx):
    assert admin.get("/boardperiodview/carry-over/999999").status_code == 404


def test_board_period_page_offers_the_carry_over(admin, serving_board):
    page = admin.get(f"/boardperiodview/show/{serving_board.id}").get_data(as_text=True)
    assert f"/boardperiodview/carry-over/{serving_board.id}" in page
    assert "Lanjutkan pengurus ke periode baru" in page
