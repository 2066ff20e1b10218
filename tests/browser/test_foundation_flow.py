"""A person signs in and records an LK3 unit and a case; nothing leaves the server."""

import pytest
from flask import url_for
from sqlalchemy import select

from lk3admin.extensions import db
from models import Case, Lk3Unit
from tests import factories

pytestmark = pytest.mark.browser


def endpoint_path(app, endpoint):
    with app.test_request_context():
        return url_for(endpoint)


def choose(page, field, label):
    """Pick an option by its visible text in a form's dropdown (FAB's Select2 fields)."""
    value = page.eval_on_selector(
        f"select#{field}",
        "(select, label) => [...select.options].find(o => o.text.trim() === label).value",
        label,
    )
    page.select_option(f"select#{field}", value, force=True)


def submit(page):
    """Submit the form and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click("form [type=submit]")


def test_login_form_signs_in_without_leaving_the_server(auth, page, log_in, request_log):
    log_in("admin", factories.PASSWORD)

    assert page.locator("a[href*='/logout']").count() == 1
    request_log.assert_none_left_server()


def test_unit_and_case_are_recorded_through_the_forms(app, auth, page, log_in, request_log):
    with app.app_context():
        factories.regency("64.74", "Kota Bontang")
    log_in("admin", factories.PASSWORD)

    page.goto(endpoint_path(app, "UnitView.add"))
    choose(page, "regency", "Kota Bontang")
    page.fill("#name", "LK3 Kota Bontang")
    page.fill("#code", "BTG")
    page.fill("#responsible_agency", "Dinas Sosial Kota Bontang")
    page.fill("#decree_number", "467/Kep. LK3/26-DTKS/IV/2009")
    submit(page)

    with app.app_context():
        unit = db.session.scalar(select(Lk3Unit).where(Lk3Unit.code == "BTG"))
        assert unit is not None, page.content()
        assert unit.decree_number == "467/Kep. LK3/26-DTKS/IV/2009"
        factories.family(unit, label="Keluarga Bontang-01", members=(("Rina Kartika", False),))

    page.goto(endpoint_path(app, "CaseView.add"))
    choose(page, "unit", "LK3 Kota Bontang")
    choose(page, "family", "Keluarga Bontang-01")
    submit(page)

    with app.app_context():
        case = db.session.scalar(select(Case).join(Case.unit).where(Lk3Unit.code == "BTG"))
        assert case is not None, page.content()
        assert case.family.label == "Keluarga Bontang-01"
    assert case.number in page.content()
    request_log.assert_none_left_server()
