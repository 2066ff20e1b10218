"""Case numbers "<UNIT CODE>/<YEAR>/<NNNN>": gapless and unique per unit and year, also when
cases are created at the same moment (issue 3, acceptance 3); new vs continuing clients."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import select

from lk3admin import cases
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import Case, CaseEventKind, ClientType, Family, Lk3Unit
from tests import factories
from tests.cases.conftest import new_case

THREADS = 8


def test_numbers_count_up_per_unit_and_year(unit, people):
    other_unit = factories.unit("SMD", "64.72", "Kota Samarinda")
    numbers = [
        new_case(unit, people).number,
        new_case(unit, people).number,
        new_case(other_unit, people).number,
        new_case(unit, people, opened_on=date(2025, 12, 30)).number,
        new_case(unit, people).number,
    ]
    assert numbers == [
        "BTG/2026/0001",
        "BTG/2026/0002",
        "SMD/2026/0001",
        "BTG/2025/0001",
        "BTG/2026/0003",
    ]


def test_a_refused_creation_leaves_no_gap(unit, people):
    family = factories.family(unit)
    new_case(unit, people, family=family)
    with pytest.raises(RuleViolation):
        cases.create_case(
            unit=unit,
            family=family,
            opened_on=date(2026, 2, 1),
            client_type=ClientType.NEW,  # the family has a case: needs a reason
        )
    db.session.rollback()
    assert new_case(unit, people).number == "BTG/2026/0002"


def test_concurrent_creation_gives_consecutive_unique_numbers(app, unit, people, backend):
    """THREADS people open a case in the same unit at once, each in its own connection."""
    unit_id = unit.id
    family_ids = [factories.family(unit, label=f"Keluarga B-{n:03d}").id for n in range(THREADS)]
    start = threading.Barrier(THREADS)

    def open_one(family_id):
        with app.app_context():
            the_unit = db.session.get(Lk3Unit, unit_id)
            family = db.session.get(Family, family_id)
            start.wait()
            case = cases.create_case(unit=the_unit, family=family, opened_on=date(2026, 3, 1))
            db.session.commit()
            return case.number

    with ThreadPoolExecutor(THREADS) as pool:
        numbers = list(pool.map(open_one, family_ids))

    expected = [f"BTG/2026/{n:04d}" for n in range(1, THREADS + 1)]
    assert sorted(numbers) == expected
    stored = db.session.scalars(select(Case.number).order_by(Case.number)).all()
    assert stored == expected


def test_the_first_case_of_a_family_is_a_new_client_the_next_a_continuing_one(unit, people):
    family = factories.family(unit)
    first = new_case(unit, people, family=family)
    second = new_case(unit, people, family=family)
    assert (first.client_type, second.client_type) == (ClientType.NEW, ClientType.CONTINUING)
    assert second.events[0].kind == CaseEventKind.OPENED
    assert second.events[0].code == ClientType.CONTINUING


def test_the_client_type_can_be_overridden_with_a_reason(unit, people):
    family = factories.family(unit)
    new_case(unit, people, family=family)
    with pytest.raises(RuleViolation) as refused:
        cases.create_case(unit=unit, family=family, client_type=ClientType.NEW)
    db.session.rollback()
    assert refused.value.field == "client_type_reason"
    assert "Jenis klien berbeda dari riwayat keluarga" in str(refused.value.message)

    case = new_case(
        unit,
        people,
        family=family,
        client_type=ClientType.NEW,
        client_type_reason="Kasus lama tercatat keliru pada keluarga ini.",
    )
    assert case.client_type == ClientType.NEW
    assert case.client_type_reason == "Kasus lama tercatat keliru pada keluarga ini."


def test_a_family_of_another_unit_is_refused(unit, people):
    other_family = factories.family(factories.unit("SMD", "64.72", "Kota Samarinda"))
    with pytest.raises(RuleViolation) as refused:
        cases.create_case(unit=unit, family=other_family)
    db.session.rollback()
    assert (refused.value.field, str(refused.value.message)) == (
        "family",
        "Keluarga ini terdaftar di LK3 lain.",
    )


def test_a_number_typed_over_another_cases_number_is_refused(unit, people):
    first, second = new_case(unit, people), new_case(unit, people)
    second.number = "BTG/2026/1"
    with pytest.raises(RuleViolation) as refused:
        cases.save_case_changes(second, user=people["worker"])
    db.session.rollback()
    assert (refused.value.field, str(refused.value.message)) == (
        "number",
        "Nomor kasus BTG/2026/0001 sudah dipakai kasus lain di LK3 ini.",
    )
    assert second.number == "BTG/2026/0002" and first.number == "BTG/2026/0001"


def test_a_corrected_number_moves_the_counter_past_it(unit, people):
    case = new_case(unit, people)
    case.number = "BTG/2026/0040"
    cases.save_case_changes(case, user=people["worker"])
    db.session.commit()
    assert (case.year, case.sequence) == (2026, 40)
    assert new_case(unit, people).number == "BTG/2026/0041"


def test_a_number_in_another_form_is_refused(unit, people):
    case = new_case(unit, people)
    case.number = "SMD/2026/0002"
    with pytest.raises(RuleViolation) as refused:
        cases.save_case_changes(case, user=people["worker"])
    db.session.rollback()
    assert str(refused.value.message) == "Nomor kasus harus berbentuk BTG/2026/0001."


def test_changing_the_client_type_later_needs_a_reason_too(unit, people):
    case = new_case(unit, people)
    case.client_type = ClientType.CONTINUING
    with pytest.raises(RuleViolation) as refused:
        cases.save_case_changes(case, user=people["worker"])
    db.session.rollback()
    assert refused.value.field == "client_type_reason"

    case.client_type = ClientType.CONTINUING
    case.client_type_reason = "Keluarga dibina LK3 sebelum portal ini dipakai."
    cases.save_case_changes(case, user=people["worker"])
    db.session.commit()
    assert [event.kind for event in case.events[:2]] == [
        CaseEventKind.UPDATED,
        CaseEventKind.CLIENT_TYPE,
    ]
