"""A full case, from first contact to pembinaan lanjut, driven through the case screens in
Chromium (issue 3, acceptance 2); its timeline shows every step with who and when."""

import re
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from lk3admin.extensions import db
from models import Case, CaseEvent, Stage
from tests import factories

pytestmark = pytest.mark.browser

WORKER, SUPERVISOR = "Admin Test", "Supervisor Test"


def path(app, endpoint, **values):
    with app.test_request_context():
        return url_for(endpoint, **values)


def choose(page, field, *labels):
    """Pick options by their visible text in a dropdown of FAB's add form (Select2)."""
    values = page.eval_on_selector(
        f"select#{field}",
        "(select, labels) => [...select.options]"
        ".filter(o => labels.includes(o.text.trim())).map(o => o.value)",
        list(labels),
    )
    assert len(values) == len(labels), f"{field}: {labels}"
    page.select_option(f"select#{field}", values, force=True)


def submit(page, button):
    with page.expect_navigation():
        page.click(button)


def record(page, key, fields=(), selects=(), checks=()):
    """Open the folded form `key` of the case page, fill it, send it."""
    page.click(f"#open-{key}")
    for name, value in fields:
        page.fill(f"#{key}-{name}", value)
    for name, label in selects:
        page.select_option(f"#{key}-{name}", label=label)
    for name, checked in checks:
        page.set_checked(f"#{key}-{name}", checked)
    submit(page, f"#form-{key}-submit")
    assert page.locator(".alert-danger").count() == 0, page.locator(".alert-danger").inner_text()


def forward(page, to_label):
    submit(page, "#form-forward-submit")
    assert page.inner_text("#current-stage") == to_label


def switch_user(page, log_in, username, case_url):
    page.goto("/logout/")
    log_in(username, factories.PASSWORD)
    page.goto(case_url)


def approve(page, kind):
    """The supervisor approves the one waiting plan or evaluation."""
    button = page.locator(f"form[id^='form-approve-{kind}-'] button")
    assert button.count() == 1
    with page.expect_navigation():
        button.click()


def test_a_case_goes_from_first_contact_to_aftercare_through_the_screens(
    app, auth, page, log_in, request_log
):
    with app.app_context():
        unit = factories.unit()
        factories.family(unit, label="Keluarga Bontang-07", members=(("Wulan Safitri", False),))
        factories.partner(unit, name="UPTD PPA Kota Bontang", kind="uptd_ppa")
        factories.user("supervisor", role="Administrator")
    log_in("admin", factories.PASSWORD)

    # Kontak awal: a high-risk domestic violence case, protected at once.
    page.goto(path(app, "CaseView.add"))
    choose(page, "unit", "LK3 Kota Bontang")
    choose(page, "family", "Keluarga Bontang-07")
    choose(page, "client", "Wulan Safitri")
    choose(page, "categories", "Kekerasan dalam rumah tangga (KDRT)")
    choose(page, "risk_level", "Tinggi")
    choose(page, "worker", WORKER)
    choose(page, "supervisor", SUPERVISOR)
    submit(page, "form#model_form [type=submit]")
    number = page.inner_text("#case-number")
    assert re.fullmatch(r"BTG/\d{4}/0001", number)
    case_url = page.url
    assert page.inner_text("#current-stage") == "Kontak awal"
    record(page, "delivery", selects=[("service", "Perlindungan")])

    forward(page, "Identifikasi kasus")
    forward(page, "Penelaahan kasus")
    assert page.locator("#form-forward").count() == 0  # no assessment yet

    record(page, "assessment", selects=[("kind", "Asesmen awal")])
    record(
        page,
        "assessment",
        fields=[
            ("attitudes", "Menutup diri, takut pada pasangan."),
            ("thoughts", "Merasa bersalah atas kekerasan."),
            ("behaviour", "Jarang keluar rumah."),
            ("protective_factors", "Dukungan kakak kandung."),
            ("risk_factors", "Ancaman berulang dari pasangan."),
        ],
        selects=[("kind", "Asesmen mendalam"), ("risk_level", "Tinggi")],
    )
    forward(page, "Rencana intervensi")

    record(page, "plan", fields=[("goals", "Klien aman dan pulih; keluarga tanpa kekerasan.")])
    assert page.locator("#form-forward").count() == 0  # the plan is not approved yet
    switch_user(page, log_in, "supervisor", case_url)
    approve(page, "plan")
    switch_user(page, log_in, "admin", case_url)
    forward(page, "Pelaksanaan intervensi")

    record(page, "delivery", selects=[("service", "Konseling")])
    record(
        page,
        "consent",
        fields=[
            ("purpose", "Berbagi data dengan UPTD PPA untuk pendampingan hukum"),
            ("given_by_name", "Wulan Safitri"),
        ],
        checks=[("allows_data_sharing", True)],
    )
    record(
        page,
        "referral",
        fields=[("reason", "Pendampingan hukum dan psikologis.")],
        selects=[("partner", "UPTD PPA Kota Bontang")],
    )
    referral_form = page.locator("details[id^='details-referral-status-']")
    record(
        page,
        referral_form.get_attribute("id").removeprefix("details-"),
        selects=[("status", "Diterima")],
    )
    record(
        page,
        "follow-up",
        fields=[
            ("due_on", (date.today() + timedelta(days=14)).isoformat()),
            ("description", "Kunjungan rumah bersama Bhabinkamtibmas."),
        ],
    )
    forward(page, "Monitoring & evaluasi")

    record(
        page,
        "evaluation",
        fields=[("outcome", "Klien aman; proses hukum berjalan.")],
        checks=[("recommends_closure", True)],
    )
    switch_user(page, log_in, "supervisor", case_url)
    approve(page, "evaluation")
    switch_user(page, log_in, "admin", case_url)
    forward(page, "Terminasi & rujukan")
    forward(page, "Pembinaan lanjut")

    done_form = page.locator("details[id^='details-follow-up-done-']")
    record(
        page,
        done_form.get_attribute("id").removeprefix("details-"),
        fields=[("result", "Klien dan anak dalam keadaan baik.")],
    )
    record(page, "note", fields=[("text", "Pembinaan lanjut tiap bulan oleh TKSK.")])

    # The timeline: every step, each with who and when.
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.stage == Stage.AFTERCARE
        events = db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        ).all()
        expected = [(event.kind, event.user.get_full_name()) for event in events]
    items = page.locator("#timeline li.timeline-event")
    shown = [
        (
            items.nth(index).get_attribute("data-kind"),
            items.nth(index).locator(".event-user").inner_text(),
        )
        for index in range(items.count())
    ]
    assert shown == list(reversed(expected))
    for index in range(items.count()):
        assert items.nth(index).locator("time.event-time").inner_text().strip()
    kinds = [kind for kind, _ in expected]
    assert kinds.count("tahap_maju") == 7
    for kind in (
        "dibuka",
        "asesmen",
        "rencana",
        "evaluasi",
        "layanan",
        "persetujuan",
        "rujukan",
        "status_rujukan",
        "tindak_lanjut",
        "tindak_lanjut_selesai",
        "catatan",
    ):
        assert kind in kinds
    assert ("rencana_disetujui", SUPERVISOR) in expected
    assert ("terminasi_disetujui", SUPERVISOR) in expected
    request_log.assert_none_left_server()
