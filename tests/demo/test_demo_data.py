"""The demo data: East Kalimantan as described, and every case consistent with the rules."""

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lk3admin import workflow
from lk3admin.dates import local_today
from lk3admin.demo import DEMO_PASSWORD, DEMO_USERS
from lk3admin.demo.data import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from lk3admin.extensions import db
from models import (
    AssessmentKind,
    BoardPeriod,
    Case,
    CaseEventKind,
    CaseNumberCounter,
    ConsentGiver,
    FamilyMember,
    FollowUp,
    Lk3Unit,
    Meeting,
    Membership,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
    Regency,
    RiskLevel,
    Service,
    ServiceDelivery,
    Stage,
    UnitStatus,
)

pytestmark = pytest.mark.usefixtures("demo")

STAGES = list(Stage)


def _unit(code):
    return db.session.scalar(select(Lk3Unit).where(Lk3Unit.code == code))


def _current_period(unit):
    today = local_today()
    return db.session.scalar(
        select(BoardPeriod).where(
            BoardPeriod.unit_id == unit.id,
            BoardPeriod.starts_on <= today,
            BoardPeriod.ends_on >= today,
        )
    )


# --- regions and units --------------------------------------------------------------------


def test_east_kalimantan_has_its_ten_regencies_and_cities():
    regencies = {r.code: r for r in db.session.scalars(select(Regency))}
    assert sorted(regencies) == [
        "64.01", "64.02", "64.03", "64.04", "64.05", "64.09", "64.11", "64.71", "64.72", "64.74",
    ]  # fmt: skip
    cities = {code for code, r in regencies.items() if r.kind == "kota"}
    assert cities == {"64.71", "64.72", "64.74"}
    assert regencies["64.74"].name == "Kota Bontang"


def test_units_are_active_inactive_or_not_formed():
    units = db.session.scalars(select(Lk3Unit)).all()
    by_status = {
        status: {u.regency.code for u in units if u.status == status} for status in UnitStatus
    }
    assert by_status[UnitStatus.ACTIVE] == {"64.74", "64.72", "64.03", "64.71"}
    assert by_status[UnitStatus.INACTIVE] == {"64.05"}
    formed = {u.regency.code for u in units}
    not_formed = {r.code for r in db.session.scalars(select(Regency))} - formed
    assert not_formed == {"64.01", "64.02", "64.04", "64.09", "64.11"}


def test_inactive_unit_has_its_status_history():
    berau = _unit("BRU")
    history = sorted(berau.status_changes, key=lambda change: change.changed_on)
    assert [change.status for change in history] == [UnitStatus.ACTIVE, UnitStatus.INACTIVE]
    assert all(change.reason for change in history)


def test_bontang_unit_has_its_founding_decree():
    bontang = _unit("BTG")
    assert bontang.decree_number == "467/Kep. LK3/26-DTKS/IV/2009"
    assert bontang.decree_date.year == 2009
    assert bontang.decree_issuer == "Wali Kota Bontang"


# --- the board ----------------------------------------------------------------------------


def test_bontang_board_has_149_current_members_across_all_elements():
    period = _current_period(_unit("BTG"))
    current = [m for m in period.memberships if m.left_on is None]
    assert len(current) == 149
    elements = {m.element.code for m in current}
    assert elements == {code for code, _name in _reference("MEMBER_ELEMENTS")}
    positions = Counter(m.position.code for m in current)
    assert positions["ketua"] == 1
    assert positions["anggota"] > positions["konselor"] > positions["sekretaris"] >= 1


def test_bontang_board_changed_over_time():
    bontang = _unit("BTG")
    current = _current_period(bontang)
    previous = [p for p in bontang.board_periods if p.ends_on < current.starts_on]
    assert len(previous) == 1
    left = [m for m in current.memberships if m.left_on is not None]
    assert {m.left_reason for m in left} >= {"kesehatan", "mutasi"}
    assert all(m.left_note for m in left)
    reappointed = {m.person_id for m in current.memberships} & {
        m.person_id for m in previous[0].memberships
    }
    assert reappointed


def test_a_board_term_ends_soon():
    ending = db.session.scalars(
        select(BoardPeriod).where(
            BoardPeriod.ends_on.between(local_today(), local_today() + timedelta(days=60))
        )
    ).all()
    assert [period.unit.code for period in ending] == ["SMD"]


# --- partners -----------------------------------------------------------------------------


def test_bontang_works_with_partners_of_every_kind():
    partners = db.session.scalars(select(Partner).where(Partner.unit_id == _unit("BTG").id)).all()
    kinds = {p.kind.code for p in partners}
    assert kinds == set(db.session.scalars(select(PartnerKind.code)))
    assert any(p.address_confidential for p in partners if p.kind.code == "rumah_aman")
    soon = [
        p
        for p in partners
        if p.mou_expires_on and local_today() <= p.mou_expires_on <= local_today() + timedelta(30)
    ]
    assert len(soon) == 1
    assert all(p.mou_number for p in partners if p.mou_expires_on)


# --- cases --------------------------------------------------------------------------------


def _cases():
    return db.session.scalars(
        select(Case)
        .options(
            selectinload(Case.client),
            selectinload(Case.categories),
            selectinload(Case.events),
            selectinload(Case.assessments),
            selectinload(Case.plans),
            selectinload(Case.evaluations),
            selectinload(Case.deliveries).selectinload(ServiceDelivery.service),
            selectinload(Case.referrals).selectinload(Referral.consent),
            selectinload(Case.follow_ups),
            selectinload(Case.consents),
        )
        .order_by(Case.id)
    ).all()


def test_bontang_has_200_cases_in_all_eight_stages():
    cases = [c for c in _cases() if c.unit.code == "BTG"]
    assert len(cases) == 200
    assert {c.stage for c in cases} == set(Stage)
    assert {c.client_type for c in cases} == {"baru", "lanjutan"}
    assert {c.risk_level for c in cases} == set(RiskLevel)
    assert len({c.referral_source_id for c in cases}) >= 8
    assert len({category.code for c in cases for category in c.categories}) >= 12
    other_units = {c.unit.code for c in _cases()} - {"BTG"}
    assert other_units == {"SMD", "KKR", "BPN"}


def test_case_numbers_follow_the_counters():
    numbers = db.session.execute(
        select(Case.unit_id, Case.year, func.max(Case.sequence), func.count()).group_by(
            Case.unit_id, Case.year
        )
    ).all()
    for unit_id, year, last, count in numbers:
        assert last == count  # gapless from 1
        counter = db.session.get(CaseNumberCounter, (unit_id, year))
        assert counter.last_sequence == last
    for case in db.session.scalars(select(Case)):
        assert case.number == f"{case.unit.code}/{case.year}/{case.sequence:04d}"
        assert case.year == case.opened_on.year


def test_every_case_history_replays_to_its_stage():
    for case in _cases():
        events = sorted(case.events, key=lambda e: (e.at, e.id))
        assert events[0].kind == CaseEventKind.OPENED, case.number
        stage = Stage.FIRST_CONTACT
        for event in events:
            if event.kind in (CaseEventKind.STAGE_FORWARD, CaseEventKind.STAGE_BACK):
                assert event.from_stage == stage, case.number
                stage = Stage(event.to_stage)
        assert stage == case.stage, case.number
        assert all(e.at.date() <= local_today() + timedelta(days=1) for e in events)
        closed = [e for e in events if e.kind == CaseEventKind.CLOSED]
        assert len(closed) == (1 if case.closed_on else 0), case.number


def test_every_case_meets_the_rules_of_the_stages_it_passed():
    for case in _cases():
        position = STAGES.index(Stage(case.stage))
        kinds = {a.kind for a in case.assessments}
        if position > STAGES.index(Stage.ASSESSMENT):
            assert AssessmentKind.INITIAL in kinds, case.number
            if case.risk_level == RiskLevel.HIGH:
                assert AssessmentKind.IN_DEPTH in kinds, case.number
        if position > STAGES.index(Stage.PLANNING):
            assert any(p.approved_at for p in case.plans), case.number
        if position > STAGES.index(Stage.MONITORING):
            assert any(e.approved_at for e in case.evaluations), case.number
        if case.closed_on:
            assert Stage(case.stage) in workflow.CLOSING_STAGES, case.number
            assert case.closure_reason, case.number
            assert all(f.done_on for f in case.follow_ups), case.number


def test_interventions_and_referrals_come_when_the_rules_allow():
    for case in _cases():
        entered = {
            Stage(e.to_stage): e.at.date()
            for e in sorted(case.events, key=lambda e: e.at)
            if e.kind == CaseEventKind.STAGE_FORWARD
        }
        intervention_from = entered.get(Stage.INTERVENTION)
        for delivery in case.deliveries:
            code = delivery.service.code
            if code in workflow.INTERVENTION_SERVICES and not (
                code == "perlindungan" and case.risk_level == RiskLevel.HIGH
            ):
                assert intervention_from and delivery.delivered_on >= intervention_from
        for referral in case.referrals:
            if not referral.is_emergency:
                assert intervention_from and referral.sent_on >= intervention_from
            if referral.shares_client_data and not referral.consent_override_reason:
                _assert_consent_covered(referral, case)


def test_services_referrals_and_follow_ups_cover_every_kind():
    delivered = set(db.session.scalars(select(Service.code).join(ServiceDelivery)))
    assert delivered == set(db.session.scalars(select(Service.code)))
    statuses = set(db.session.scalars(select(Referral.status)))
    assert statuses == set(ReferralStatus)
    today = local_today()
    overdue = db.session.scalar(
        select(func.count()).where(FollowUp.done_on.is_(None), FollowUp.due_on < today)
    )
    assert overdue > 0
    feedback_overdue = db.session.scalar(
        select(func.count()).where(
            Referral.status == ReferralStatus.SENT, Referral.feedback_due_on < today
        )
    )
    assert feedback_overdue > 0
    givers = {c.given_by for case in _cases() for c in case.consents}
    assert givers == set(ConsentGiver)


def test_families_are_fictional_and_minors_flagged():
    today = local_today()
    first_names = set(FEMALE_NAMES) | set(MALE_NAMES)
    for member in db.session.scalars(select(FamilyMember)):
        first, *_rest, last = member.full_name.split()
        assert first in first_names and last in FAMILY_NAMES, member.full_name
        adult_on = member.birth_date.replace(year=member.birth_date.year + 18)
        assert member.is_minor == (adult_on > today), member.full_name
        if not member.is_minor:
            assert member.nik and member.nik_index, member.full_name


# --- meetings and staff -------------------------------------------------------------------


def test_bontang_has_a_rakor_in_five_days_and_a_past_one():
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.unit_id == _unit("BTG").id).order_by(Meeting.held_at)
    ).all()
    past, upcoming = meetings
    days_ahead = (upcoming.held_at.date() - local_today()).days
    assert 4 <= days_ahead <= 5  # held_at is UTC: the morning can fall on the day before
    assert upcoming.period_start < upcoming.period_end < local_today()
    assert upcoming.agenda
    invitees = upcoming.invitees
    assert any(i.membership_id for i in invitees)
    assert any(i.partner_id for i in invitees)
    assert any(i.email and not i.membership_id and not i.partner_id for i in invitees)
    assert past.minutes
    assert any(i.attended for i in past.invitees)
    assert any(i.done_on for i in past.action_items)
    assert any(i.done_on is None and i.due_on < local_today() for i in past.action_items)


def test_demo_staff_can_log_in(demo_app):
    client = demo_app.test_client()
    response = client.post(
        "/login/",
        data={"username": "supervisor.bontang", "password": DEMO_PASSWORD},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert b"/logout" in response.data
    sm = demo_app.appbuilder.sm
    for demo in DEMO_USERS:
        user = sm.find_user(username=demo.username)
        assert [role.name for role in user.roles] == [demo.role], demo.username
        assert user.scope is not None, demo.username


def test_memberships_and_people_are_consistent():
    current = _current_period(_unit("BTG"))
    people = db.session.scalar(
        select(func.count(func.distinct(Membership.person_id))).where(
            Membership.period_id == current.id
        )
    )
    assert people == len(current.memberships)


def _assert_consent_covered(referral, case):
    """The consent covered the referral when it was sent (it may be withdrawn since)."""
    consent = referral.consent
    assert consent and consent.allows_data_sharing, case.number
    assert consent.given_on <= referral.sent_on, case.number
    assert consent.withdrawn_on is None or consent.withdrawn_on > referral.sent_on
    minor = case.client is not None and case.client.is_minor
    assert consent.given_by == (ConsentGiver.GUARDIAN if minor else ConsentGiver.CLIENT)


def _reference(name):
    from lk3admin import reference_data

    return getattr(reference_data, name)
