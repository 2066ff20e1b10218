"""The eight-stage process (issue 3, acceptance 1): every stage pair, allowed or refused, and
each rule's refusal message. Every change writes a CaseEvent in the same transaction."""

import pytest
from sqlalchemy import func, select

from lk3admin import cases, workflow
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import (
    AssessmentKind,
    CaseEvent,
    CaseEventKind,
    ClientType,
    ClosureReason,
    ReferralStatus,
    RiskLevel,
    Stage,
)
from tests.cases.conftest import OPENED, advance, new_case, satisfy, service

STAGES = list(Stage)
ONE_STEP = "Tahap hanya dapat maju satu langkah, ke tahap berikutnya."
BACK_NEEDS_REASON = "Kembali ke tahap sebelumnya memerlukan alasan."
CLOSED = "Kasus sudah ditutup; buka kembali kasus terlebih dahulu."


def refusal(call, *args, **kwargs):
    """The message a refused call gives; the transaction is rolled back afterwards."""
    with pytest.raises(RuleViolation) as refused:
        call(*args, **kwargs)
    db.session.rollback()
    return str(refused.value.message)


def events_of(case):
    return db.session.scalar(select(func.count()).where(CaseEvent.case_id == case.id))


@pytest.fixture
def case_at(unit, people):
    """One case per stage, each with everything its stage needs to move on."""
    by_stage = {}
    for stage in STAGES:
        case = advance(new_case(unit, people), people, stage)
        satisfy(case, people)
        by_stage[stage] = case
    return by_stage


def expected_outcome(from_stage, to_stage, with_reason):
    """None when the move is allowed, else the refusal message."""
    step = STAGES.index(to_stage) - STAGES.index(from_stage)
    if step == 1:
        return None
    if step < 0:
        return None if with_reason else BACK_NEEDS_REASON
    return ONE_STEP


def test_every_stage_pair_is_allowed_or_refused_with_its_message(case_at, people):
    outcomes = {}
    for from_stage, case in case_at.items():
        for to_stage in STAGES:
            for reason in ("", "Data keluarga perlu diperiksa ulang."):
                events_before = events_of(case)
                try:
                    cases.move_stage(case, to_stage, user=people["worker"], reason=reason)
                except RuleViolation as refused:
                    outcome = str(refused.message)
                    db.session.rollback()
                    assert events_of(case) == events_before
                else:
                    outcome = None
                    assert case.stage == to_stage
                    db.session.flush()
                    assert events_of(case) == events_before + 1
                    db.session.rollback()
                assert workflow.stage_of(case) == from_stage
                outcomes[from_stage, to_stage, bool(reason)] = outcome

    expected = {key: expected_outcome(*key) for key in outcomes}
    assert outcomes == expected
    assert len(outcomes) == 8 * 8 * 2


def test_a_move_records_who_when_and_why(unit, people):
    case = advance(new_case(unit, people), people, Stage.ASSESSMENT)
    cases.move_stage(case, Stage.FIRST_CONTACT, user=people["supervisor"], reason="Salah catat.")
    db.session.commit()

    event = case.events[0]
    assert (event.kind, event.from_stage, event.to_stage) == (
        CaseEventKind.STAGE_BACK,
        Stage.ASSESSMENT,
        Stage.FIRST_CONTACT,
    )
    assert event.user_id == people["supervisor"].id
    assert event.note == "Salah catat."
    assert event.at is not None


def test_identification_needs_a_problem_category(unit, people):
    case = advance(new_case(unit, people, categories=()), people, Stage.IDENTIFICATION)
    message = refusal(cases.move_stage, case, Stage.ASSESSMENT, user=people["worker"])
    assert message == "Identifikasi kasus memerlukan minimal satu kategori masalah."


def test_leaving_assessment_needs_an_initial_assessment(unit, people):
    case = advance(new_case(unit, people), people, Stage.ASSESSMENT)
    message = refusal(cases.move_stage, case, Stage.PLANNING, user=people["worker"])
    assert message == "Penelaahan kasus memerlukan asesmen awal."


def test_a_high_risk_case_also_needs_an_in_depth_assessment(unit, people):
    case = advance(new_case(unit, people, risk_level=RiskLevel.HIGH), people, Stage.ASSESSMENT)
    cases.add_assessment(
        case, user=people["worker"], kind=AssessmentKind.INITIAL, assessed_on=OPENED
    )
    db.session.commit()
    message = refusal(cases.move_stage, case, Stage.PLANNING, user=people["worker"])
    assert message == (
        "Kasus berisiko tinggi memerlukan asesmen mendalam sebelum penelaahan selesai."
    )


def test_an_in_depth_assessment_needs_all_its_findings(unit, people):
    case = advance(new_case(unit, people), people, Stage.ASSESSMENT)
    message = refusal(
        cases.add_assessment,
        case,
        user=people["worker"],
        kind=AssessmentKind.IN_DEPTH,
        assessed_on=OPENED,
        attitudes="Tertutup.",
        risk_level=RiskLevel.HIGH,
    )
    assert message.startswith("Asesmen mendalam memerlukan sikap, pikiran, perilaku")


def test_a_plan_needs_an_assessment_first(unit, people):
    case = advance(new_case(unit, people), people, Stage.ASSESSMENT)
    message = refusal(cases.add_plan, case, user=people["worker"], drafted_on=OPENED, goals="Aman.")
    assert message == (
        "Rencana intervensi disusun mulai tahap rencana intervensi, sesudah asesmen."
    )


def test_intervention_needs_a_plan_approved_by_the_case_supervisor(unit, people):
    case = advance(new_case(unit, people), people, Stage.PLANNING)
    plan = cases.add_plan(case, user=people["worker"], drafted_on=OPENED, goals="Aman.")
    db.session.commit()

    message = refusal(cases.move_stage, case, Stage.INTERVENTION, user=people["worker"])
    assert message == (
        "Pelaksanaan intervensi memerlukan rencana intervensi yang disetujui supervisor."
    )
    message = refusal(cases.approve_plan, plan, user=people["worker"])
    assert message == "Hanya supervisor kasus yang dapat menyetujui rencana."

    cases.approve_plan(plan, user=people["supervisor"])
    cases.move_stage(case, Stage.INTERVENTION, user=people["worker"])
    db.session.commit()
    assert case.stage == Stage.INTERVENTION
    assert plan.approved_by_id == people["supervisor"].id


def test_approval_needs_a_supervisor_on_the_case(unit, people):
    case = advance(new_case(unit, people), people, Stage.PLANNING)
    case.supervisor = None
    plan = cases.add_plan(case, user=people["worker"], drafted_on=OPENED, goals="Aman.")
    db.session.commit()
    message = refusal(cases.approve_plan, plan, user=people["supervisor"])
    assert message == "Kasus belum memiliki supervisor; tetapkan supervisor terlebih dahulu."


def test_termination_needs_an_evaluation_and_the_supervisors_approval(unit, people):
    case = advance(new_case(unit, people), people, Stage.MONITORING)
    message = refusal(cases.move_stage, case, Stage.TERMINATION, user=people["worker"])
    assert message == "Terminasi memerlukan hasil monitoring & evaluasi."

    evaluation = cases.add_evaluation(
        case, user=people["worker"], evaluated_on=OPENED, outcome="Membaik."
    )
    db.session.commit()
    message = refusal(cases.move_stage, case, Stage.TERMINATION, user=people["worker"])
    assert message == "Terminasi memerlukan persetujuan supervisor atas evaluasi."
    message = refusal(cases.approve_evaluation, evaluation, user=people["worker"])
    assert message == "Hanya supervisor kasus yang dapat menyetujui evaluasi."

    cases.approve_evaluation(evaluation, user=people["supervisor"])
    cases.move_stage(case, Stage.TERMINATION, user=people["worker"])
    db.session.commit()
    assert case.stage == Stage.TERMINATION


@pytest.mark.parametrize("stage", [Stage.TERMINATION, Stage.AFTERCARE])
def test_closure_records_its_reason(unit, people, stage):
    case = advance(new_case(unit, people), people, stage)
    message = refusal(cases.close_case, case, user=people["worker"], reason=None)
    assert message == "Penutupan kasus memerlukan alasan penutupan."

    cases.close_case(case, user=people["worker"], reason=ClosureReason.RESOLVED, note="Aman.")
    db.session.commit()
    assert case.is_closed and case.closure_reason == ClosureReason.RESOLVED
    assert (case.events[0].kind, case.events[0].code) == (CaseEventKind.CLOSED, "teratasi")


@pytest.mark.parametrize("stage", STAGES[:6])
def test_a_case_is_closed_only_after_termination(unit, people, stage):
    case = advance(new_case(unit, people), people, stage)
    worker = people["worker"]
    message = refusal(cases.close_case, case, user=worker, reason=ClosureReason.MOVED_AWAY)
    assert message == (
        "Kasus hanya dapat ditutup pada tahap terminasi & rujukan atau pembinaan lanjut."
    )


def test_a_closed_case_takes_no_more_steps_until_reopened_with_a_reason(unit, people):
    case = advance(new_case(unit, people), people, Stage.TERMINATION)
    cases.close_case(case, user=people["worker"], reason=ClosureReason.RESOLVED)
    db.session.commit()

    assert refusal(cases.move_stage, case, Stage.AFTERCARE, user=people["worker"]) == CLOSED
    assert (
        refusal(cases.move_stage, case, Stage.MONITORING, user=people["worker"], reason="Kambuh.")
        == CLOSED
    )
    assert refusal(cases.close_case, case, reason=ClosureReason.RESOLVED) == (
        "Kasus sudah ditutup."
    )
    assert refusal(cases.reopen_case, case, user=people["worker"], reason=" ") == (
        "Membuka kembali kasus memerlukan alasan."
    )

    cases.reopen_case(case, user=people["worker"], reason="Kekerasan terulang.")
    db.session.commit()
    assert not case.is_closed and case.closure_reason is None
    assert case.stage == workflow.REOPENED_STAGE
    assert case.client_type == ClientType.CONTINUING
    assert (case.events[0].kind, case.events[0].note) == (
        CaseEventKind.REOPENED,
        "Kekerasan terulang.",
    )


def test_only_a_closed_case_can_be_reopened(unit, people):
    case = new_case(unit, people)
    message = refusal(cases.reopen_case, case, user=people["worker"], reason="Kambuh.")
    assert message == "Hanya kasus yang sudah ditutup yang dapat dibuka kembali."


def test_a_high_risk_case_gets_protection_and_an_emergency_referral_at_first_contact(
    unit, people, partner
):
    case = new_case(unit, people, risk_level=RiskLevel.HIGH)
    cases.record_delivery(
        case, user=people["worker"], service=service("perlindungan"), delivered_on=OPENED
    )
    referral = cases.refer(
        case,
        user=people["worker"],
        partner=partner,
        reason="Korban butuh rumah aman malam ini.",
        sent_on=OPENED,
        is_emergency=True,
        shares_client_data=False,
    )
    db.session.commit()
    assert case.stage == Stage.FIRST_CONTACT
    assert referral.is_emergency and case.deliveries[0].service.code == "perlindungan"


def test_other_cases_wait_for_intervention_before_protection_and_referrals(unit, people, partner):
    case = new_case(unit, people, risk_level=RiskLevel.MEDIUM)
    message = refusal(
        cases.record_delivery,
        case,
        user=people["worker"],
        service=service("perlindungan"),
        delivered_on=OPENED,
    )
    assert message.startswith("Layanan perlindungan, pendampingan dan rujukan diberikan mulai")
    message = refusal(
        cases.refer,
        case,
        user=people["worker"],
        partner=partner,
        reason="Rujukan.",
        sent_on=OPENED,
        is_emergency=True,
        shares_client_data=False,
    )
    assert message.startswith("Rujukan dikirim mulai tahap pelaksanaan intervensi")

    high = new_case(unit, people, risk_level=RiskLevel.HIGH)
    message = refusal(
        cases.refer,
        high,
        user=people["worker"],
        partner=partner,
        reason="Rujukan biasa.",
        sent_on=OPENED,
        shares_client_data=False,
    )
    assert message.startswith("Rujukan dikirim mulai tahap pelaksanaan intervensi")

    # Counselling and information need no plan.
    cases.record_delivery(
        case, user=people["worker"], service=service("konseling"), delivered_on=OPENED
    )
    db.session.commit()


def test_referral_status_moves_only_along_its_steps(unit, people, partner):
    case = advance(new_case(unit, people), people, Stage.INTERVENTION)
    referral = cases.refer(
        case,
        user=people["worker"],
        partner=partner,
        reason="Pendampingan hukum.",
        sent_on=OPENED,
        shares_client_data=False,
    )
    db.session.commit()
    steps = "Status rujukan hanya dapat berubah dari dikirim ke diterima"
    assert refusal(
        cases.update_referral, referral, status=ReferralStatus.COMPLETED, on=OPENED
    ).startswith(steps)

    cases.update_referral(referral, status=ReferralStatus.ACCEPTED, on=OPENED)
    cases.update_referral(referral, status=ReferralStatus.COMPLETED, on=OPENED, feedback="Ok.")
    db.session.commit()
    assert (referral.responded_on, referral.finished_on) == (OPENED, OPENED)
    assert refusal(
        cases.update_referral, referral, status=ReferralStatus.CANCELLED, on=OPENED
    ).startswith(steps)


def test_every_change_writes_one_event_in_its_transaction(unit, people, partner):
    """Each service call adds exactly one event; a rollback takes the change and the event
    away together."""
    case = advance(new_case(unit, people), people, Stage.INTERVENTION)
    worker = people["worker"]
    calls = [
        lambda: cases.add_note(case, user=worker, text="Klien datang bersama ibunya."),
        lambda: cases.record_delivery(
            case, user=worker, service=service("konseling"), delivered_on=OPENED
        ),
        lambda: cases.schedule_follow_up(
            case, user=worker, due_on=OPENED, description="Kunjungan rumah."
        ),
        lambda: cases.record_consent(
            case,
            user=worker,
            purpose="Berbagi data dengan UPTD PPA",
            given_by="klien",
            given_by_name="Sari Wulandari",
            given_on=OPENED,
            allows_data_sharing=True,
        ),
        lambda: cases.refer(
            case,
            user=worker,
            partner=partner,
            reason="Visum.",
            sent_on=OPENED,
            shares_client_data=False,
        ),
    ]
    for call in calls:
        before = events_of(case)
        call()
        db.session.flush()
        assert events_of(case) == before + 1
        db.session.rollback()
        assert events_of(case) == before


def test_the_rules_table_names_every_action():
    assert set(workflow.RULES) == set(workflow.Action)
    leaving = {rule.leaving for rule in workflow.RULES[workflow.Action.FORWARD] if rule.leaving}
    assert leaving == {Stage.IDENTIFICATION, Stage.ASSESSMENT, Stage.PLANNING, Stage.MONITORING}


def test_requirements_to_move_on_are_listed_with_what_is_met(unit, people):
    case = advance(new_case(unit, people, risk_level=RiskLevel.HIGH), people, Stage.ASSESSMENT)
    cases.add_assessment(
        case, user=people["worker"], kind=AssessmentKind.INITIAL, assessed_on=OPENED
    )
    db.session.commit()
    assert [(str(message), met) for message, met in workflow.requirements_to_advance(case)] == [
        ("Penelaahan kasus memerlukan asesmen awal.", True),
        ("Kasus berisiko tinggi memerlukan asesmen mendalam sebelum penelaahan selesai.", False),
    ]
