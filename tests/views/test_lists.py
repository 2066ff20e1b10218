"""List pages: a fixed number of SQL queries whatever the page size, a capped page size,
and a clear 400 for paging or ordering arguments that make no sense."""

from datetime import date

import pytest
from sqlalchemy import func, select

from lk3admin.extensions import db
from models import Lk3Unit, Membership, Partner, PartnerKind, Regency, Service
from tests import factories
from tests.views.conftest import board_period, membership

ROWS = 60


@pytest.fixture
def many_units(app_ctx):
    province = factories.province()
    for number in range(ROWS):
        regency = Regency(
            code=f"64.{number + 10:02d}", name=f"Kabupaten Uji {number}", kind="kabupaten"
        )
        regency.province = province
        db.session.add(
            Lk3Unit(
                regency=regency,
                code=f"U{number:03d}",
                name=f"LK3 Uji {number}",
                responsible_agency="Dinas Sosial",
                status="aktif" if number % 3 else "tidak_aktif",
            )
        )
    db.session.commit()
    return "/unitview/list/", "UnitView"


@pytest.fixture
def many_members(app_ctx):
    period = board_period()
    elements = ["dinsos", "polri", "tni", "dokter", "psikolog", "peksos"]
    for number in range(ROWS):
        membership(
            period,
            f"Anggota Uji {number}",
            element=elements[number % len(elements)],
            origin_agency="Instansi Uji",
        )
    return "/membershipview/list/", "MembershipView"


@pytest.fixture
def many_partners(app_ctx):
    unit = factories.unit()
    kinds = db.session.scalars(select(PartnerKind)).all()
    services = db.session.scalars(select(Service)).all()
    for number in range(ROWS):
        db.session.add(
            Partner(
                unit=unit,
                name=f"Mitra Uji {number:02d}",
                kind=kinds[number % len(kinds)],
                services=services[: 1 + number % len(services)],
                mou_expires_on=date(2027, 1, 1),
            )
        )
    db.session.commit()
    return "/partnerview/list/", "PartnerView"


@pytest.fixture(params=["many_units", "many_members", "many_partners"])
def big_list(request):
    return request.getfixturevalue(request.param)


def data_rows(html):
    """Rows of the list table: each has one "show" button."""
    return html.count("/show/")


def test_query_count_does_not_grow_with_page_size(admin, count_queries, big_list):
    url, view = big_list
    admin.get(url)  # warm up: first-request work is not part of a page
    counts = {}
    for size in (5, 50):
        with count_queries() as statements:
            response = admin.get(f"{url}?psize_{view}={size}")
        assert response.status_code == 200
        assert data_rows(response.get_data(as_text=True)) == size
        counts[size] = len(statements)
    assert counts[5] == counts[50]


def test_page_size_is_capped(app, admin, many_partners):
    url, view = many_partners
    app.config["LIST_PAGE_SIZE_MAX"] = 20
    response = admin.get(f"{url}?psize_{view}=100000")
    assert response.status_code == 200
    assert data_rows(response.get_data(as_text=True)) == 20


@pytest.mark.parametrize(
    "argument",
    ["psize_PartnerView=abc", "page_PartnerView=x", "page_PartnerView=-1", "psize_PartnerView="],
)
def test_paging_argument_that_is_not_a_number_is_a_400(admin, many_partners, argument):
    response = admin.get(f"/partnerview/list/?{argument}")
    assert response.status_code == 400
    assert "Halaman dan jumlah baris per halaman harus angka." in response.get_data(as_text=True)


def test_unknown_order_column_is_a_400(admin, many_partners):
    response = admin.get("/partnerview/list/?_oc_PartnerView=secret&_od_PartnerView=asc")
    assert response.status_code == 400
    assert "Kolom pengurutan tidak dikenal." in response.get_data(as_text=True)


def test_known_order_column_and_page_work(admin, many_partners):
    response = admin.get(
        "/partnerview/list/?_oc_PartnerView=name&_od_PartnerView=desc"
        "&psize_PartnerView=10&page_PartnerView=1"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mitra Uji 49" in page and "Mitra Uji 59" not in page


def test_members_of_a_unit_are_listed_on_its_page(admin, app_ctx, many_members):
    bontang = factories.unit()
    samarinda = factories.unit("SMD", "64.72", "Kota Samarinda")
    membership(board_period(samarinda, "SK-SMD/2022"), "Dewi Lestari")
    page = admin.get(f"/unitview/show/{bontang.id}").get_data(as_text=True)
    assert "Anggota Uji 59" in page  # newest first, one capped page of them
    assert "Dewi Lestari" not in page
    assert db.session.scalar(select(func.count(Membership.id))) == ROWS + 1


def test_meeting_page_does_not_query_per_invitee(admin, app_ctx, count_queries):
    from datetime import datetime

    from models import Meeting, MeetingInvitee

    period = board_period()
    meeting = Meeting(
        unit=period.unit,
        title="Rakor Triwulan I",
        held_at=datetime(2026, 4, 10, 9, 0),
        venue="Aula Dinas Sosial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    db.session.add(meeting)
    counts = []
    for invitees in (2, 8):
        while len(meeting.invitees) < invitees:
            member = membership(period, f"Undangan {len(meeting.invitees)}")
            meeting.invitees.append(MeetingInvitee(membership=member))
        db.session.commit()
        admin.get(f"/meetingview/show/{meeting.id}")
        with count_queries() as statements:
            page = admin.get(f"/meetingview/show/{meeting.id}").get_data(as_text=True)
        assert f"Undangan {invitees - 1}" in page
        counts.append(len(statements))
    assert counts[0] == counts[1]
