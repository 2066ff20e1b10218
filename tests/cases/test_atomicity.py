"""Refused transitions and invalid forms leave the database exactly as before (issue 3,
acceptance 5): every table is compared row by row before and after the refused request."""

import pytest

from lk3admin.extensions import db
from models import RiskLevel, Stage
from tests import factories
from tests.cases.conftest import advance, form_values, new_case, snapshot


@pytest.fixture
def case(unit, people):
    return advance(new_case(unit, people, categories=()), people, Stage.IDENTIFICATION)


def page_of(client, case):
    response = client.get(f"/caseview/show/{case.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_refused(client, url, data, message):
    """POST what a person would, and check it is refused with `message` and changes nothing."""
    before = snapshot()
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:500]
    assert message in page
    assert snapshot() == before


def test_refused_moves_change_nothing(admin, case):
    page = page_of(admin, case)
    assert 'id="form-forward"' not in page  # no button for a move the rules refuse
    post_refused(
        admin,
        f"/caseview/{case.id}/forward",
        {},
        "Identifikasi kasus memerlukan minimal satu kategori masalah.",
    )
    post_refused(
        admin,
        f"/caseview/{case.id}/back",
        {"back-to_stage": Stage.FIRST_CONTACT.value, "back-reason": "  "},
        "Kembali ke tahap sebelumnya memerlukan alasan.",
    )
    post_refused(
        admin,
        f"/caseview/{case.id}/close",
        {"close-reason": "teratasi"},
        "Kasus hanya dapat ditutup pada tahap terminasi &amp; rujukan atau pembinaan lanjut.",
    )
    post_refused(
        admin,
        f"/caseview/{case.id}/reopen",
        {"reopen-reason": "Kambuh."},
        "Hanya kasus yang sudah ditutup yang dapat dibuka kembali.",
    )


def test_invalid_forms_of_the_case_page_change_nothing(admin, unit, people, partner):
    case = advance(new_case(unit, people, risk_level=RiskLevel.HIGH), people, Stage.ASSESSMENT)
    page = page_of(admin, case)
    assessment = form_values(page, "form-assessment")
    assessment.update({"assessment-kind": ["mendalam"], "assessment-attitudes": ["Tertutup."]})
    post_refused(
        admin,
        f"/caseview/{case.id}/assessment",
        assessment,
        "Asesmen mendalam memerlukan sikap, pikiran, perilaku",
    )
    for typed, message in (("2026-02-31", "Tanggal tidak valid."), ("", "Tanggal wajib diisi.")):
        assessment = form_values(page, "form-assessment")
        assessment["assessment-assessed_on"] = [typed]
        post_refused(admin, f"/caseview/{case.id}/assessment", assessment, message)
    referral = form_values(page, "form-referral")
    referral.update({"referral-partner": [str(partner.id)], "referral-reason": ["Rumah aman."]})
    post_refused(
        admin,
        f"/caseview/{case.id}/referral",
        referral,
        "Rujukan dikirim mulai tahap pelaksanaan intervensi",
    )
    follow_up = form_values(page, "form-follow-up")
    follow_up["follow-up-due_on"] = ["2026-02-01"]
    post_refused(
        admin, f"/caseview/{case.id}/follow-up", follow_up, "Uraian tindak lanjut wajib diisi."
    )
    post_refused(
        admin, f"/caseview/{case.id}/note", {"note-text": ""}, "Catatan tidak boleh kosong."
    )


def test_refused_case_forms_change_nothing(admin, unit, people):
    first, second = new_case(unit, people), new_case(unit, people)
    edit = form_values(admin.get(f"/caseview/edit/{second.id}").data)
    edit["number"] = [first.number]
    post_refused(
        admin,
        f"/caseview/edit/{second.id}",
        edit,
        f"Nomor kasus {first.number} sudah dipakai kasus lain di LK3 ini.",
    )

    other_family = factories.family(factories.unit("SMD", "64.72", "Kota Samarinda"))
    add = form_values(admin.get("/caseview/add").data)
    add.update({"unit": [str(unit.id)], "family": [str(other_family.id)]})
    post_refused(admin, "/caseview/add", add, "Keluarga ini terdaftar di LK3 lain.")
    db.session.rollback()
