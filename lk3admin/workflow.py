"""The eight-stage LK3 service process: what may happen to a case, and why not.

Every rule is one line of RULES below, grouped by what someone tries to do. `check()`
refuses with the first rule that does not hold (a RuleViolation carrying the rule's
message); the case page lists the same messages as "what is needed to move on".
The stage changes themselves (move, close, reopen) are here too, so nothing else changes a
stage; lk3admin.cases calls them, and every change writes a CaseEvent in the caller's
transaction. No Flask-AppBuilder here: screens and tasks both come through lk3admin.cases.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from lk3admin.dates import local_today
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import (
    AssessmentKind,
    CaseEvent,
    CaseEventKind,
    ClientType,
    ClosureReason,
    ConsentGiver,
    ReferralStatus,
    RiskLevel,
    Stage,
)

STAGES = list(Stage)
# Services that are interventions: given once a plan is approved (pelaksanaan intervensi).
INTERVENTION_SERVICES = {"perlindungan", "pendampingan", "rujukan"}
PROTECTION_SERVICE = "perlindungan"
CLOSING_STAGES = {Stage.TERMINATION, Stage.AFTERCARE}
# Where a reopened case starts again: its problems are identified anew.
REOPENED_STAGE = Stage.IDENTIFICATION
# The steps a referral's status may take; the other statuses are final.
REFERRAL_STEPS = {
    ReferralStatus.SENT: {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.CANCELLED,
    },
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.CANCELLED},
}


class Action(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    CLOSE = "close"
    REOPEN = "reopen"
    ASSESS = "assess"
    PLAN = "plan"
    APPROVE_PLAN = "approve_plan"
    EVALUATE = "evaluate"
    APPROVE_EVALUATION = "approve_evaluation"
    DELIVER = "deliver"
    REFER = "refer"
    UPDATE_REFERRAL = "update_referral"
    SCHEDULE_FOLLOW_UP = "schedule_follow_up"


@dataclass(frozen=True)
class Attempt:
    """What someone tries to do to a case, as the rules see it."""

    case: object
    user_id: int | None = None
    to_stage: Stage | None = None
    reason: str = ""
    closure_reason: str | None = None
    service_code: str | None = None
    emergency: bool = False
    shares_client_data: bool = False
    consent: object = None
    may_override_consent: bool = False
    referral: object = None
    to_status: str | None = None


@dataclass(frozen=True)
class Rule:
    holds: Callable[[Attempt], bool]
    message: str
    # A forward rule that applies only when the case leaves this stage.
    leaving: Stage | None = None


# --- what the rules look at ---------------------------------------------------------------


def stage_of(case):
    return Stage(case.stage)


def next_stage(stage):
    position = STAGES.index(stage)
    return STAGES[position + 1] if position + 1 < len(STAGES) else None


def is_high_risk(case):
    return case.risk_level == RiskLevel.HIGH


def consent_covers_referral(consent, case, on=None):
    """A recorded, not withdrawn consent to share the client's data, given by the client, or
    by a parent/guardian when the client is a minor."""
    if consent is None or consent.case_id != case.id or not consent.allows_data_sharing:
        return False
    if consent.withdrawn_on is not None or consent.given_on > (on or local_today()):
        return False
    minor = case.client is not None and case.client.is_minor
    return consent.given_by == (ConsentGiver.GUARDIAN if minor else ConsentGiver.CLIENT)


def _is_open(a):
    return not a.case.is_closed


def _is_closed(a):
    return a.case.is_closed


def _has_reason(a):
    return bool((a.reason or "").strip())


def _to_next_stage(a):
    return a.to_stage is not None and a.to_stage == next_stage(stage_of(a.case))


def _to_earlier_stage(a):
    return a.to_stage is not None and STAGES.index(a.to_stage) < STAGES.index(stage_of(a.case))


def _has_category(a):
    return bool(a.case.categories)


def _has_assessment(kind):
    return lambda a: any(x.kind == kind for x in a.case.assessments)


def _in_depth_assessment_if_high_risk(a):
    return not is_high_risk(a.case) or _has_assessment(AssessmentKind.IN_DEPTH)(a)


def _has_approved_plan(a):
    return any(plan.approved_at for plan in a.case.plans)


def _has_evaluation(a):
    return bool(a.case.evaluations)


def _has_approved_evaluation(a):
    return any(evaluation.approved_at for evaluation in a.case.evaluations)


def _at_or_after(stage):
    return lambda a: STAGES.index(stage_of(a.case)) >= STAGES.index(stage)


def _at_closing_stage(a):
    return stage_of(a.case) in CLOSING_STAGES


def _has_closure_reason(a):
    return a.closure_reason in {reason.value for reason in ClosureReason}


def _has_supervisor(a):
    return a.case.supervisor_id is not None


def _by_supervisor(a):
    return a.user_id is not None and a.user_id == a.case.supervisor_id


def _service_allowed_now(a):
    if a.service_code not in INTERVENTION_SERVICES or _at_or_after(Stage.INTERVENTION)(a):
        return True
    return a.service_code == PROTECTION_SERVICE and is_high_risk(a.case)


def _referral_allowed_now(a):
    return _at_or_after(Stage.INTERVENTION)(a) or (a.emergency and is_high_risk(a.case))


def _consent_or_override_permission(a):
    if not a.shares_client_data or consent_covers_referral(a.consent, a.case):
        return True
    return a.may_override_consent


def _consent_or_override_reason(a):
    if not a.shares_client_data or consent_covers_referral(a.consent, a.case):
        return True
    return _has_reason(a)


def _referral_step_allowed(a):
    return a.to_status in REFERRAL_STEPS.get(a.referral.status, set())


# --- the rules ----------------------------------------------------------------------------

CLOSED = _l("Kasus sudah ditutup; buka kembali kasus terlebih dahulu.")
SUPERVISOR_MISSING = _l("Kasus belum memiliki supervisor; tetapkan supervisor terlebih dahulu.")

RULES = {
    Action.FORWARD: (
        Rule(_is_open, CLOSED),
        Rule(_to_next_stage, _l("Tahap hanya dapat maju satu langkah, ke tahap berikutnya.")),
        Rule(
            _has_category,
            _l("Identifikasi kasus memerlukan minimal satu kategori masalah."),
            leaving=Stage.IDENTIFICATION,
        ),
        Rule(
            _has_assessment(AssessmentKind.INITIAL),
            _l("Penelaahan kasus memerlukan asesmen awal."),
            leaving=Stage.ASSESSMENT,
        ),
        Rule(
            _in_depth_assessment_if_high_risk,
            _l("Kasus berisiko tinggi memerlukan asesmen mendalam sebelum penelaahan selesai."),
            leaving=Stage.ASSESSMENT,
        ),
        Rule(
            _has_approved_plan,
            _l("Pelaksanaan intervensi memerlukan rencana intervensi yang disetujui supervisor."),
            leaving=Stage.PLANNING,
        ),
        Rule(
            _has_evaluation,
            _l("Terminasi memerlukan hasil monitoring & evaluasi."),
            leaving=Stage.MONITORING,
        ),
        Rule(
            _has_approved_evaluation,
            _l("Terminasi memerlukan persetujuan supervisor atas evaluasi."),
            leaving=Stage.MONITORING,
        ),
    ),
    Action.BACK: (
        Rule(_is_open, CLOSED),
        Rule(_to_earlier_stage, _l("Tahap tujuan harus sebelum tahap sekarang.")),
        Rule(_has_reason, _l("Kembali ke tahap sebelumnya memerlukan alasan.")),
    ),
    Action.CLOSE: (
        Rule(_is_open, _l("Kasus sudah ditutup.")),
        Rule(
            _at_closing_stage,
            _l("Kasus hanya dapat ditutup pada tahap terminasi & rujukan atau pembinaan lanjut."),
        ),
        Rule(_has_closure_reason, _l("Penutupan kasus memerlukan alasan penutupan.")),
    ),
    Action.REOPEN: (
        Rule(_is_closed, _l("Hanya kasus yang sudah ditutup yang dapat dibuka kembali.")),
        Rule(_has_reason, _l("Membuka kembali kasus memerlukan alasan.")),
    ),
    Action.ASSESS: (
        Rule(_is_open, CLOSED),
        Rule(
            _at_or_after(Stage.ASSESSMENT),
            _l("Asesmen dilakukan mulai tahap penelaahan kasus."),
        ),
    ),
    Action.PLAN: (
        Rule(_is_open, CLOSED),
        Rule(
            _at_or_after(Stage.PLANNING),
            _l("Rencana intervensi disusun mulai tahap rencana intervensi, sesudah asesmen."),
        ),
    ),
    Action.APPROVE_PLAN: (
        Rule(_is_open, CLOSED),
        Rule(_has_supervisor, SUPERVISOR_MISSING),
        Rule(_by_supervisor, _l("Hanya supervisor kasus yang dapat menyetujui rencana.")),
    ),
    Action.EVALUATE: (
        Rule(_is_open, CLOSED),
        Rule(
            _at_or_after(Stage.MONITORING),
            _l("Evaluasi dilakukan mulai tahap monitoring & evaluasi."),
        ),
    ),
    Action.APPROVE_EVALUATION: (
        Rule(_is_open, CLOSED),
        Rule(_has_supervisor, SUPERVISOR_MISSING),
        Rule(_by_supervisor, _l("Hanya supervisor kasus yang dapat menyetujui evaluasi.")),
    ),
    Action.DELIVER: (
        Rule(_is_open, CLOSED),
        Rule(
            _service_allowed_now,
            _l(
                "Layanan perlindungan, pendampingan dan rujukan diberikan mulai tahap "
                "pelaksanaan intervensi; sebelumnya hanya perlindungan bagi kasus berisiko "
                "tinggi."
            ),
        ),
    ),
    Action.REFER: (
        Rule(_is_open, CLOSED),
        Rule(
            _referral_allowed_now,
            _l(
                "Rujukan dikirim mulai tahap pelaksanaan intervensi; sebelumnya hanya "
                "rujukan darurat bagi kasus berisiko tinggi."
            ),
        ),
        Rule(
            _consent_or_override_permission,
            _l(
                "Rujukan yang membagikan data klien memerlukan persetujuan berbagi data yang "
                "tercatat dan belum ditarik, dari klien atau dari orang tua/wali bila klien "
                "anak."
            ),
        ),
        Rule(
            _consent_or_override_reason,
            _l("Rujukan tanpa persetujuan klien memerlukan alasan pengecualian."),
        ),
    ),
    Action.UPDATE_REFERRAL: (
        Rule(
            _referral_step_allowed,
            _l(
                "Status rujukan hanya dapat berubah dari dikirim ke diterima, ditolak atau "
                "dibatalkan, dan dari diterima ke selesai atau dibatalkan."
            ),
        ),
    ),
    Action.SCHEDULE_FOLLOW_UP: (Rule(_is_open, CLOSED),),
}


def _applies(rule, attempt):
    return rule.leaving is None or rule.leaving == stage_of(attempt.case)


def unmet(action, attempt):
    """The messages of the rules for `action` that `attempt` does not satisfy, in order."""
    return [
        rule.message
        for rule in RULES[action]
        if _applies(rule, attempt) and not rule.holds(attempt)
    ]


def check(action, attempt, field=None):
    """Refuse `attempt` with the first unmet rule, as a RuleViolation."""
    for message in unmet(action, attempt):
        raise RuleViolation(message, field=field)


def is_allowed(action, attempt):
    return not unmet(action, attempt)


def requirements_to_advance(case):
    """[(message, met)] for leaving the case's current stage: what is needed to move on."""
    attempt = Attempt(case, to_stage=next_stage(stage_of(case)))
    return [
        (rule.message, rule.holds(attempt))
        for rule in RULES[Action.FORWARD]
        if rule.leaving == stage_of(case)
    ]


def earlier_stages(case):
    return STAGES[: STAGES.index(stage_of(case))]


# --- the stage changes --------------------------------------------------------------------


def record_event(case, kind, user=None, **fields):
    """Add one line to the case's history, in the caller's transaction."""
    event = CaseEvent(case=case, kind=kind, user_id=user.id if user else None, **fields)
    db.session.add(event)
    return event


def move(case, to_stage, *, user=None, reason=""):
    """Move the case forward one stage, or back to an earlier one with a reason."""
    to_stage, reason = Stage(to_stage), (reason or "").strip()
    going_back = STAGES.index(to_stage) < STAGES.index(stage_of(case))
    action = Action.BACK if going_back else Action.FORWARD
    check(action, Attempt(case, user_id=_id(user), to_stage=to_stage, reason=reason))
    from_stage = stage_of(case)
    case.stage = to_stage
    kind = CaseEventKind.STAGE_BACK if going_back else CaseEventKind.STAGE_FORWARD
    return record_event(
        case, kind, user, from_stage=from_stage, to_stage=to_stage, note=reason or None
    )


def close(case, *, user=None, reason=None, note="", closed_on=None):
    """Close the case at terminasi or pembinaan lanjut, recording why."""
    check(Action.CLOSE, Attempt(case, user_id=_id(user), closure_reason=reason))
    closed_on = closed_on or local_today()
    if closed_on < case.opened_on:
        raise RuleViolation(
            _l("Tanggal penutupan tidak boleh sebelum tanggal kasus dibuka."), field="closed_on"
        )
    case.closed_on = closed_on
    case.closure_reason = reason
    return record_event(
        case, CaseEventKind.CLOSED, user, code=reason, note=(note or "").strip() or None
    )


def reopen(case, *, user=None, reason=""):
    """Open a closed case again; its family now counts as a continuing client."""
    reason = (reason or "").strip()
    check(Action.REOPEN, Attempt(case, user_id=_id(user), reason=reason))
    from_stage = stage_of(case)
    case.closed_on = None
    case.closure_reason = None
    case.stage = REOPENED_STAGE
    case.client_type = ClientType.CONTINUING
    case.client_type_reason = reason
    return record_event(
        case,
        CaseEventKind.REOPENED,
        user,
        from_stage=from_stage,
        to_stage=REOPENED_STAGE,
        code=ClientType.CONTINUING.value,
        note=reason,
    )


def _id(user):
    return user.id if user else None
