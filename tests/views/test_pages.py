"""Every registered model screen renders its list, show, add and edit pages for the admin."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from lk3admin.extensions import db
from models import ActionItem, Meeting, MeetingInvitee, Service, UnitStatusChange
from tests import factories
from tests.views.conftest import board_period, membership
from views.base import Lk3ModelView


@pytest.fixture
def one_of_everything(app_ctx):
    """At least one row for every model a screen shows."""
    unit = factories.unit()
    db.session.add(UnitStatusChange(unit=unit, status="aktif", changed_on=date(2020, 1, 1)))
    period = board_period(unit)
    member = membership(period, "Rina Kartika", position="ketua", element="dinsos")
    partner = factories.partner(unit, address_confidential=True)
    partner.services = db.session.scalars(select(Service).limit(2)).all()
    factories.case(unit)  # also a family with a member
    meeting = Meeting(
        unit=unit,
        title="Rakor Triwulan I",
        held_at=datetime(2026, 4, 10, 9, 0),
        venue="Aula Dinas Sosial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    meeting.invitees = [MeetingInvitee(membership=member), MeetingInvitee(partner=partner)]
    meeting.action_items = [ActionItem(description="Data kasus diperbarui", owner="Sekretaris")]
    db.session.add(meeting)
    db.session.commit()


def model_views(app):
    return [view for view in app.appbuilder.baseviews if isinstance(view, Lk3ModelView)]


def test_every_model_screen_renders(app, admin, one_of_everything):
    failures = []
    for view in model_views(app):
        base = view.route_base
        pages = ["list/"]
        if "can_add" in view.base_permissions:
            pages.append("add")
        item = db.session.scalars(select(view.datamodel.obj).limit(1)).first()
        if item is not None:
            pk = view.datamodel.get_pk_value(item)
            pages.append(f"show/{pk}")
            if "can_edit" in view.base_permissions:
                pages.append(f"edit/{pk}")
        for page in pages:
            response = admin.get(f"{base}/{page}")
            if response.status_code != 200:
                failures.append(f"{type(view).__name__} {page}: {response.status_code}")
    assert len(model_views(app)) >= 17
    assert failures == []


def test_dashboard_shows_units_by_status(app, admin, app_ctx):
    factories.unit()
    factories.unit("SMD", "64.72", "Kota Samarinda", status="tidak_aktif")
    factories.regency("64.01", "Kabupaten Paser", kind="kabupaten")
    page = admin.get("/").get_data(as_text=True)
    assert "Status unit LK3 per provinsi" in page
    assert "Kalimantan Timur" in page
    assert "Belum terbentuk" in page


def test_dashboard_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
