"""The case screens: the list (fixed query count, overdue filters), the add form (through
lk3admin.cases), the case page (only allowed moves offered, everything on the timeline)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lk3admin import cases
from lk3admin.dates import local_today
from lk3admin.extensions import db
from models import Case, CaseEventKind, ClosureReason, ReferralStatus, RiskLevel, Stage
from tests import factories
from tests.cases.conftest import advance, category, form_values, new_case

ROWS = 60


@pytest.fixture
def many_cases(unit, people):
    """ROWS cases with workers, categories, follow-ups and referrals, inserted directly."""
    for number in range(ROWS):
        case = factories.case(
            unit,
            family=factories.family(unit, label=f"Keluarga C-{number:03d}"),
            worker=people["worker" if number % 2 else "supervisor"],
            stage=list(Stage)[number % 8],
            risk_level=list(RiskLevel)[number % 3],
        )
        case.follow_ups.append(
            cases.FollowUp(due_on=date(2026, 1, 20), description="Kunjungan rumah.")
        )
    db.session.commit()


def test_the_case_list_runs_the_same_queries_for_5_or_50_rows(admin, many_cases, count_queries):
    admin.get("/caseview/list/")  # the first request of an app loads what it caches
    counts = {}
    for size in (5, 50):
        with count_queries() as statements:
            response = admin.get(f"/caseview/list/?psize_CaseView={size}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("/caseview/show/") >= size
        counts[size] = len(statements)
    assert counts[5] == counts[50]


def test_the_list_shows_number_unit_stage_label_risk_worker_and_opening(admin, unit, people):
    case = new_case(unit, people)
    page = admin.get("/caseview/list/").get_data(as_text=True)
    for text in (case.number, unit.name, "Kontak awal", "Sedang", "Pekerja Test", "05-01-2026"):
        assert text in page


def overdue_setup(unit, people, partner):
    """Cases whose follow-ups and referral feedback are late, on time, or finished."""
    today = local_today()
    late, on_time, done = (new_case(unit, people, risk_level=RiskLevel.HIGH) for _ in range(3))
    for case, due in ((late, today - timedelta(days=2)), (on_time, today + timedelta(days=5))):
        cases.schedule_follow_up(case, due_on=due, description="Kunjungan rumah.")
    finished = cases.schedule_follow_up(
        done, due_on=today - timedelta(days=9), description="Telepon klien."
    )
    cases.complete_follow_up(finished, done_on=today - timedelta(days=1))
    for case, due in ((on_time, today - timedelta(days=1)), (late, today + timedelta(days=3))):
        cases.refer(
            case,
            partner=partner,
            reason="Rumah aman.",
            is_emergency=True,
            shares_client_data=False,
            sent_on=today - timedelta(days=3),
            feedback_due_on=due,
        )
    answered = cases.refer(
        done,
        partner=partner,
        reason="Rumah aman.",
        is_emergency=True,
        shares_client_data=False,
        sent_on=today - timedelta(days=3),
        feedback_due_on=today - timedelta(days=2),
    )
    cases.update_referral(answered, status=ReferralStatus.DECLINED, on=today)
    db.session.commit()
    return late, on_time, done


def listed(client, url):
    page = client.get(url).get_data(as_text=True)
    return {number for number in db.session.scalars(select(Case.number)) if number in page}


def test_overdue_follow_ups_and_referral_feedback_are_list_filters(admin, unit, people, partner):
    late, on_time, done = overdue_setup(unit, people, partner)

    assert listed(admin, "/caseview/list/?_flt_0_overdue_follow_up=y") == {late.number}
    assert listed(admin, "/caseview/list/?_flt_0_overdue_referral_feedback=y") == {on_time.number}
    assert listed(admin, "/caseview/list/?_flt_0_overdue_follow_up=n") == {
        on_time.number,
        done.number,
    }
    follow_ups = admin.get("/followupview/list/?_flt_0_overdue=y").get_data(as_text=True)
    assert late.number in follow_ups and on_time.number not in follow_ups
    referrals = admin.get("/referralview/list/?_flt_0_overdue_feedback=y").get_data(as_text=True)
    assert on_time.number in referrals and late.number not in referrals


def test_the_case_page_highlights_what_is_overdue(admin, unit, people, partner):
    late, on_time, _ = overdue_setup(unit, people, partner)
    page = admin.get(f"/caseview/show/{late.id}").get_data(as_text=True)
    assert 'id="case-overdue"' in page and 'class="follow-up danger overdue"' in page
    page = admin.get(f"/caseview/show/{on_time.id}").get_data(as_text=True)
    assert 'class="referral danger overdue"' in page


def test_the_add_form_opens_the_case_through_the_case_service(admin, unit):
    family = factories.family(unit)
    factories.case(unit, family=factories.family(unit, label="Keluarga lain"))  # BTG/2026/0001
    data = form_values(admin.get("/caseview/add").data)
    data.update(
        {
            "unit": [str(unit.id)],
            "family": [str(family.id)],
            "opened_on": ["2026-02-03"],
            "categories": [str(category("ka_fisik").id)],
            "risk_level": [RiskLevel.HIGH.value],
        }
    )
    response = admin.post("/caseview/add", data=data)

    case = db.session.scalars(select(Case).where(Case.family_id == family.id)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/caseview/show/{case.id}")
    assert case.number == "BTG/2026/0002"
    assert (case.stage, case.client_type) == (Stage.FIRST_CONTACT, "baru")
    assert (case.events[0].kind, case.events[0].user.username) == (CaseEventKind.OPENED, "admin")


def test_an_invalid_add_form_gets_a_message_in_bahasa_indonesia(admin, unit):
    data = form_values(admin.get("/caseview/add").data)
    data.update({"unit": [str(unit.id)], "opened_on": ["kemarin"]})
    response = admin.post("/caseview/add", data=data)
    assert response.status_code == 200
    assert "Tanggal tidak valid." in response.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []


def buttons(page):
    ids = ("form-forward", "form-back", "form-close", "form-reopen")
    return {name for name in ids if f'id="{name}"' in page}


def test_the_page_offers_only_the_moves_the_rules_allow(admin, unit, people):
    case = new_case(unit, people, categories=())
    show = f"/caseview/show/{case.id}"
    assert buttons(admin.get(show).get_data(as_text=True)) == {"form-forward"}

    advance(case, people, Stage.IDENTIFICATION)
    page = admin.get(show).get_data(as_text=True)
    assert buttons(page) == {"form-back"}  # no category yet: identification cannot end
    assert "Identifikasi kasus memerlukan minimal satu kategori masalah." in page

    case.categories = [category("kdrt")]
    db.session.commit()
    assert buttons(admin.get(show).get_data(as_text=True)) == {"form-forward", "form-back"}

    advance(case, people, Stage.TERMINATION)
    page = admin.get(show).get_data(as_text=True)
    assert buttons(page) == {"form-forward", "form-back", "form-close"}

    cases.close_case(case, reason=ClosureReason.RESOLVED)
    db.session.commit()
    assert buttons(admin.get(show).get_data(as_text=True)) == {"form-reopen"}


def test_approval_buttons_are_for_the_cases_supervisor(app, admin, unit, people):
    case = advance(new_case(unit, people), people, Stage.PLANNING)
    plan = cases.add_plan(case, drafted_on=date(2026, 1, 6), goals="Keluarga aman.")
    db.session.commit()
    form_id = f'id="form-approve-plan-{plan.id}"'
    assert form_id not in admin.get(f"/caseview/show/{case.id}").get_data(as_text=True)

    supervisor = app.test_client()
    supervisor.post("/login/", data={"username": "supervisor", "password": factories.PASSWORD})
    page = supervisor.get(f"/caseview/show/{case.id}").get_data(as_text=True)
    assert form_id in page
    response = supervisor.post(f"/caseview/{case.id}/plan/{plan.id}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert plan.approved_by_id == people["supervisor"].id


def test_the_timeline_shows_each_step_with_user_and_time(admin, unit, people):
    case = advance(new_case(unit, people), people, Stage.ASSESSMENT)
    response = admin.post(f"/caseview/{case.id}/note", data={"note-text": "Ibu datang sendiri."})
    assert response.status_code == 302
    page = admin.get(f"/caseview/show/{case.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"') :]
    assert timeline.count('class="timeline-event"') == len(case.events) == 4
    assert "Ibu datang sendiri." in timeline and "Admin Test" in timeline
    assert timeline.count('class="event-time"') == 4
