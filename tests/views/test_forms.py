"""Saving through the forms: clear messages in Bahasa Indonesia, nothing half-written,
Boolean columns savable as False, and the unit status history."""

from datetime import date

import pytest
from sqlalchemy import func, select

from lk3admin.extensions import db
from models import BoardPeriod, Lk3Unit, MeetingInvitee, Membership, Partner, UnitStatusChange
from tests import factories
from tests.views.conftest import board_period, membership


def count(model):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def page_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def unit_form(regency, **fields):
    return {
        "regency": str(regency.id),
        "name": "LK3 Kota Samarinda",
        "code": "SMD",
        "responsible_agency": "Dinas Sosial Kota Samarinda",
        "status": "aktif",
        "decree_date": "2012-03-01",
        **fields,
    }


# --- units ------------------------------------------------------------------------------


def test_a_new_unit_starts_its_status_history(admin, app_ctx):
    regency = factories.regency("64.72", "Kota Samarinda")
    response = admin.post("/unitview/add", data=unit_form(regency))
    assert response.status_code == 302
    unit = db.session.scalar(select(Lk3Unit).where(Lk3Unit.code == "SMD"))
    assert [(c.status, c.changed_on) for c in unit.status_changes] == [("aktif", date(2012, 3, 1))]


def test_changing_a_units_status_records_it(admin, app_ctx):
    unit = factories.unit()
    data = unit_form(
        unit.regency,
        name=unit.name,
        code=unit.code,
        status="tidak_aktif",
        status_changed_on="2025-07-01",
        status_reason="Pengurus tidak aktif sejak mutasi ketua.",
    )
    assert admin.post(f"/unitview/edit/{unit.id}", data=data).status_code == 302
    db.session.expire_all()
    change = db.session.scalar(select(UnitStatusChange))
    assert (change.status, change.changed_on) == ("tidak_aktif", date(2025, 7, 1))
    assert change.reason == "Pengurus tidak aktif sejak mutasi ketua."
    assert change.recorded_by.username == "admin"
    # Saving again without a change of status adds nothing.
    data.pop("status_changed_on")
    assert admin.post(f"/unitview/edit/{unit.id}", data=data).status_code == 302
    assert count(UnitStatusChange) == 1


def test_invalid_email_gets_a_message(admin, app_ctx):
    regency = factories.regency("64.72", "Kota Samarinda")
    page = page_of(admin.post("/unitview/add", data=unit_form(regency, email="bukan-email")))
    assert "Alamat email tidak valid." in page
    assert count(Lk3Unit) == 0


def test_duplicate_unit_code_gets_a_message(admin, app_ctx):
    factories.unit()
    regency = factories.regency("64.72", "Kota Samarinda")
    page = page_of(admin.post("/unitview/add", data=unit_form(regency, code="BTG")))
    assert "Kode ini sudah dipakai unit lain." in page
    assert count(Lk3Unit) == 1


def test_second_unit_in_a_regency_is_refused_by_the_database_with_a_message(admin, app_ctx):
    existing = factories.unit()
    page = page_of(admin.post("/unitview/add", data=unit_form(existing.regency)))
    assert "Kabupaten/kota ini sudah memiliki unit LK3." in page
    assert count(Lk3Unit) == 1
    assert count(UnitStatusChange) == 0  # the history entry went with the refused save


def test_refused_edit_leaves_nothing_half_written(admin, app_ctx):
    """The status change and its history entry are refused together with the unit."""
    factories.unit("SMD", "64.72", "Kota Samarinda")
    unit = factories.unit()
    data = unit_form(
        factories.regency("64.72", "Kota Samarinda"),
        name=unit.name,
        code=unit.code,
        status="tidak_aktif",
    )
    page = page_of(admin.post(f"/unitview/edit/{unit.id}", data=data))
    assert "Kabupaten/kota ini sudah memiliki unit LK3." in page
    assert '<option selected value="tidak_aktif">' in page  # what was typed stays on the form
    db.session.expire_all()
    assert db.session.get(Lk3Unit, unit.id).status == "aktif"
    assert count(UnitStatusChange) == 0


# --- board ------------------------------------------------------------------------------


def period_form(unit, **fields):
    return {
        "unit": str(unit.id),
        "decree_number": "188.45/123/2024",
        "starts_on": "2024-01-01",
        "ends_on": "2026-12-31",
        **fields,
    }


def test_period_ending_before_it_starts_gets_a_message(admin, app_ctx):
    unit = factories.unit()
    page = page_of(admin.post("/boardperiodview/add", data=period_form(unit, ends_on="2023-06-30")))
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in page
    assert count(BoardPeriod) == 0


def test_overlapping_period_gets_a_message(admin, app_ctx):
    unit = factories.unit()
    board_period(unit, "SK-LAMA/2021", date(2021, 1, 1), ends_on=date(2024, 6, 30))
    page = page_of(admin.post("/boardperiodview/add", data=period_form(unit)))
    assert "bertumpang tindih dengan periode SK-LAMA/2021" in page
    assert count(BoardPeriod) == 1


def membership_form(period, person, **fields):
    return {
        "period": str(period.id),
        "person": str(person.id) if person else "",
        "position": str(factories.position("anggota").id),
        "element": str(factories.element("polri").id),
        "joined_on": "2021-02-01",
        **fields,
    }


def test_leaving_before_joining_gets_a_message(admin, app_ctx):
    member = membership(board_period(), "Agus Santoso")
    data = membership_form(member.period, member.person, left_on="2021-01-15", left_reason="mutasi")
    page = page_of(admin.post(f"/membershipview/edit/{member.id}", data=data))
    assert "Tanggal keluar tidak boleh sebelum tanggal bergabung." in page
    db.session.expire_all()
    assert db.session.get(Membership, member.id).left_on is None


def test_duplicate_membership_in_a_period_gets_a_message(admin, app_ctx):
    member = membership(board_period(), "Agus Santoso")
    page = page_of(
        admin.post("/membershipview/add", data=membership_form(member.period, member.person))
    )
    assert "Orang ini sudah tercatat sebagai pengurus pada periode tersebut." in page
    assert count(Membership) == 1


# --- Boolean columns saved as False -----------------------------------------------------


def partner_form(unit, **fields):
    return {
        "unit": str(unit.id),
        "name": "Rumah Aman Harapan",
        "kind": str(factories.by_code(factories.PartnerKind, "rumah_aman").id),
        **fields,
    }


@pytest.mark.parametrize("ticked", [True, False])
def test_partner_address_confidential_is_saved_either_way(admin, app_ctx, ticked):
    unit = factories.unit()
    data = partner_form(unit, **({"address_confidential": "y"} if ticked else {}))
    assert admin.post("/partnerview/add", data=data).status_code == 302
    assert db.session.scalar(select(Partner.address_confidential)) is ticked


def test_partner_address_confidential_can_be_unticked(admin, app_ctx):
    partner = factories.partner(address_confidential=True)
    response = admin.post(f"/partnerview/edit/{partner.id}", data=partner_form(partner.unit))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Partner, partner.id).address_confidential is False


def test_invitee_attendance_can_be_unticked(admin, app_ctx):
    from datetime import datetime

    from models import Meeting

    unit = factories.unit()
    meeting = Meeting(
        unit=unit,
        title="Rakor Triwulan II",
        held_at=datetime(2026, 7, 9, 9, 0),
        venue="Aula Dinas Sosial",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
    )
    invitee = MeetingInvitee(meeting=meeting, email="ppa@polres.example.id", attended=True)
    db.session.add(invitee)
    db.session.commit()
    data = {"meeting": str(meeting.id), "email": "ppa@polres.example.id"}
    assert admin.post(f"/meetinginviteeview/edit/{invitee.id}", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(MeetingInvitee, invitee.id).attended is False


def test_invitee_without_anyone_gets_a_message(admin, app_ctx):
    from datetime import datetime

    from models import Meeting

    meeting = Meeting(
        unit=factories.unit(),
        title="Rakor",
        held_at=datetime(2026, 7, 9, 9, 0),
        venue="Aula",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
    )
    db.session.add(meeting)
    db.session.commit()
    page = page_of(admin.post("/meetinginviteeview/add", data={"meeting": str(meeting.id)}))
    assert "Pilih pengurus atau lembaga mitra, atau isi alamat email undangan." in page
    assert count(MeetingInvitee) == 0


# --- deleting ---------------------------------------------------------------------------


def test_deleting_a_unit_still_in_use_gets_a_message(admin, app_ctx):
    partner = factories.partner()
    response = admin.post(f"/unitview/delete/{partner.unit_id}", follow_redirects=True)
    page = page_of(response)
    assert "Data ini tidak dapat dihapus karena masih dipakai data lain." in page
    assert count(Lk3Unit) == 1 and count(Partner) == 1


def test_deleting_an_unused_row_works(admin, app_ctx):
    partner = factories.partner()
    response = admin.post(f"/partnerview/delete/{partner.id}", follow_redirects=True)
    assert response.status_code == 200
    assert count(Partner) == 0


def test_a_new_member_can_be_registered_by_name(admin, app_ctx):
    period = board_period()
    data = membership_form(
        period, None, new_person_name="Siti Rahmawati", new_person_email="siti@example.id"
    )
    assert admin.post("/membershipview/add", data=data).status_code == 302
    member = db.session.scalar(select(Membership))
    assert (member.person.full_name, member.person.email) == ("Siti Rahmawati", "siti@example.id")


def test_a_member_needs_a_person(admin, app_ctx):
    data = membership_form(board_period(), None)
    page = page_of(admin.post("/membershipview/add", data=data))
    assert "Pilih orang yang sudah terdaftar, atau isi nama orang baru." in page
    assert count(Membership) == 0
