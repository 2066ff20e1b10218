"""Cases: opening and numbering them, and everything recorded along the service process.

Each function changes the database in the caller's transaction (the caller commits) and
refuses bad input with a RuleViolation before it changes anything, so a refused call leaves
the database as it was once the caller rolls back. Stage rules live in lk3admin.workflow;
every change here writes a CaseEvent there, the case's timeline.
"""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from lk3admin import audit, workflow
from lk3admin.dates import local_today
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from lk3admin.workflow import Action, Attempt, record_event
from models import (
    Assessment,
    AssessmentKind,
    AuditAction,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNumberCounter,
    ClientType,
    ClosureReason,
    Consent,
    ConsentGiver,
    Evaluation,
    FollowUp,
    InterventionPlan,
    Referral,
    ReferralStatus,
    ServiceDelivery,
    Stage,
)
from models.base import utcnow

OPEN_REFERRAL_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
NUMBER_FORMAT = re.compile(r"(?P<code>[A-Za-z0-9-]+)/(?P<year>\d{4})/(?P<sequence>\d{1,6})")
CONFLICT = _l(
    "Kasus ini baru saja diubah oleh pengguna lain, jadi perubahan Anda belum disimpan. "
    "Isian Anda masih tampil di bawah: buka kasus di tab lain untuk melihat versi terbaru, "
    "lalu ulangi perubahan Anda."
)
# The case fields a person edits, with the labels screens and the timeline show.
CASE_FIELD_LABELS = {
    "number": _l("Nomor kasus"),
    "unit": _l("LK3"),
    "family": _l("Keluarga"),
    "client": _l("Klien"),
    "referral_source": _l("Sumber rujukan"),
    "categories": _l("Kategori masalah"),
    "client_type": _l("Jenis klien"),
    "client_type_reason": _l("Alasan jenis klien"),
    "risk_level": _l("Tingkat risiko"),
    "worker": _l("Pekerja sosial"),
    "supervisor": _l("Supervisor"),
    "stage": _l("Tahap"),
    "opened_on": _l("Tanggal dibuka"),
    "closed_on": _l("Tanggal ditutup"),
    "closure_reason": _l("Alasan penutupan"),
    "confidential": _l("Rahasia"),
    "summary": _l("Ringkasan"),
}
# Which choice an event's `code` is a value of, so the timeline can show its label.
EVENT_CODES = {
    CaseEventKind.OPENED: ClientType,
    CaseEventKind.REOPENED: ClientType,
    CaseEventKind.CLIENT_TYPE: ClientType,
    CaseEventKind.CLOSED: ClosureReason,
    CaseEventKind.ASSESSMENT: AssessmentKind,
    CaseEventKind.REFERRAL: ReferralStatus,
    CaseEventKind.REFERRAL_STATUS: ReferralStatus,
    CaseEventKind.CONSENT: ConsentGiver,
}


# --- opening and numbering ----------------------------------------------------------------


def format_number(unit_code, year, sequence):
    return f"{unit_code}/{year}/{sequence:04d}"


def expected_client_type(family_id, case_id=None):
    """Continuing client (klien binaan lanjutan) when the family had a case before."""
    earlier = select(Case.id).where(Case.family_id == family_id)
    if case_id is not None:
        earlier = earlier.where(Case.id != case_id)
    has_earlier = db.session.scalar(earlier.limit(1)) is not None
    return ClientType.CONTINUING if has_earlier else ClientType.NEW


def open_case(case, *, user=None, client_type=None, client_type_reason=None):
    """Number a new case and record its opening, in the caller's transaction.

    `case` carries what a person entered (unit, family, dates, ...). The client type comes
    from the family's earlier cases unless `client_type` overrides it with a reason.
    """
    with db.session.no_autoflush:
        _check_family(case)
        _check_dates(case.opened_on, "opened_on", not_before=None)
        expected = expected_client_type(case.family.id)
        _check_client_type(client_type or expected, expected, _text(client_type_reason))
        case.client_type = client_type or expected
        case.client_type_reason = (client_type_reason or "").strip() or None
        case.stage = Stage.FIRST_CONTACT
        case.closed_on = case.closure_reason = None
        case.submitted_by_id = case.submitted_by_id or _id(user)
        case.year = case.opened_on.year
        # Taken last: from here on the counter row stays locked until the caller commits.
        case.sequence = _take_next_sequence(case.unit.id, case.year)
        case.number = format_number(case.unit.code, case.year, case.sequence)
        db.session.add(case)
        record_event(
            case, CaseEventKind.OPENED, user, to_stage=Stage.FIRST_CONTACT, code=case.client_type
        )
    return case


def create_case(*, unit, family, user=None, client_type=None, client_type_reason=None, **fields):
    """A new case from keyword fields (tasks, imports, tests); see open_case."""
    fields.setdefault("opened_on", local_today())
    fields["categories"] = list(fields.get("categories", ()))
    case = Case(unit=unit, family=family, **fields)
    return open_case(
        case, user=user, client_type=client_type, client_type_reason=client_type_reason
    )


def _take_next_sequence(unit_id, year):
    """The next number of the unit's year, holding its counter row until the transaction ends.

    PostgreSQL locks the row (SELECT ... FOR UPDATE): a concurrent creation waits for this
    transaction and then reads the number it left. SQLite has no row locks: the counter's
    INSERT ... ON CONFLICT DO NOTHING is this transaction's first write, which takes the
    database write lock, so creations are serialised there too. A rolled back creation
    rolls its increment back as well: numbers are gapless.
    """
    counter = _locked_counter(unit_id, year)
    # Cases written without this service (imports, demo data) must not be numbered twice.
    highest = db.session.scalar(
        select(func.max(Case.sequence)).where(Case.unit_id == unit_id, Case.year == year)
    )
    counter.last_sequence = max(counter.last_sequence, highest or 0) + 1
    return counter.last_sequence


def _locked_counter(unit_id, year):
    _ensure_counter(unit_id, year)
    return db.session.execute(
        select(CaseNumberCounter)
        .where(CaseNumberCounter.unit_id == unit_id, CaseNumberCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _ensure_counter(unit_id, year):
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(CaseNumberCounter)
        .values(unit_id=unit_id, year=year, last_sequence=0)
        .on_conflict_do_nothing()
    )


def claim_number(case, number):
    """Give the case a number typed by a person or brought by an import (a correction, a
    paper register's number), in the caller's transaction; a number in use is refused."""
    match = NUMBER_FORMAT.fullmatch((number or "").strip())
    code = case.unit.code
    if not match or match["code"] != code:
        raise RuleViolation(
            _l("Nomor kasus harus berbentuk %(example)s.", example=f"{code}/2026/0001"),
            field="number",
        )
    year, sequence = int(match["year"]), int(match["sequence"])
    canonical = format_number(code, year, sequence)
    taken = db.session.scalar(
        select(Case.id).where(
            Case.unit_id == case.unit_id,
            Case.id != case.id,
            (Case.number == canonical) | and_(Case.year == year, Case.sequence == sequence),
        )
    )
    if taken is not None or sequence == 0:
        raise RuleViolation(
            _l("Nomor kasus %(number)s sudah dipakai kasus lain di LK3 ini.", number=canonical),
            field="number",
        )
    case.number, case.year, case.sequence = canonical, year, sequence
    # New cases must never be given a number taken this way.
    counter = _locked_counter(case.unit_id, year)
    counter.last_sequence = max(counter.last_sequence, sequence)


# --- editing ------------------------------------------------------------------------------


def save_case_changes(case, *, user=None, expected_version=None):
    """Check and record the changes a person made to a case's fields (already set on it).

    `expected_version` is the version the person's form was loaded at: if someone else
    saved in between, the save is refused (optimistic locking) and nothing is lost.
    """
    state = inspect(case)
    if expected_version not in (None, "") and int(expected_version) != case.version:
        raise RuleViolation(CONFLICT)
    changed = [
        name
        for name in CASE_FIELD_LABELS
        if name in state.attrs and state.attrs[name].history.has_changes()
    ]
    if not changed:
        return None
    with db.session.no_autoflush:
        _check_family(case)
        _check_dates(case.opened_on, "opened_on", not_before=None)
        if "number" in changed:
            claim_number(case, case.number)
        if "client_type" in changed:
            _check_client_type_change(case)
            record_event(
                case,
                CaseEventKind.CLIENT_TYPE,
                user,
                code=case.client_type,
                note=case.client_type_reason,
            )
        case.updated_at = utcnow()  # a change of categories alone still bumps the version
        event = record_event(case, CaseEventKind.UPDATED, user, subject=", ".join(changed))
    flush_case()
    return event


def _check_client_type_change(case):
    """A changed client type that departs from the family's history needs a new reason."""
    written = inspect(case).attrs.client_type_reason.history.added
    reason = _text(case.client_type_reason) if written else None
    _check_client_type(case.client_type, expected_client_type(case.family.id, case.id), reason)


def _check_client_type(client_type, expected, reason):
    if client_type != expected and not reason:
        raise RuleViolation(
            _l(
                "Jenis klien berbeda dari riwayat keluarga (%(expected)s); tuliskan alasannya.",
                expected=expected.label,
            ),
            field="client_type_reason",
        )


def flush_case():
    """Write pending changes now, turning a lost optimistic-lock race into a clear refusal."""
    try:
        db.session.flush()
    except StaleDataError as error:
        raise RuleViolation(CONFLICT) from error


def _check_family(case):
    family = case.family
    if family is not None and family.unit_id != (case.unit_id or case.unit.id):
        raise RuleViolation(_l("Keluarga ini terdaftar di LK3 lain."), field="family")
    if case.client is not None and case.client.family_id != (family.id if family else None):
        raise RuleViolation(_l("Klien harus anggota keluarga kasus ini."), field="client")


def _check_dates(day, field, not_before, not_after=True):
    if day is None:
        return
    if not_after and day > local_today():
        raise RuleViolation(_l("Tanggal tidak boleh di masa depan."), field=field)
    if not_before is not None and day < not_before:
        raise RuleViolation(
            _l("Tanggal tidak boleh sebelum kasus dibuka (%(day)s).", day=not_before.isoformat()),
            field=field,
        )


# --- stage changes ------------------------------------------------------------------------


def move_stage(case, to_stage, *, user=None, reason=""):
    event = workflow.move(case, to_stage, user=user, reason=reason)
    flush_case()
    return event


def close_case(case, *, user=None, reason=None, note=""):
    event = workflow.close(case, user=user, reason=reason, note=note)
    flush_case()
    return event


def reopen_case(case, *, user=None, reason=""):
    event = workflow.reopen(case, user=user, reason=reason)
    flush_case()
    return event


# --- assessments, plans, evaluations ------------------------------------------------------

IN_DEPTH_FIELDS = ("attitudes", "thoughts", "behaviour", "protective_factors", "risk_factors")


def add_assessment(case, *, user=None, kind, assessed_on, risk_level=None, **findings):
    """An asesmen awal or asesmen mendalam; a risk level found here becomes the case's."""
    workflow.check(Action.ASSESS, Attempt(case))
    _check_dates(assessed_on, "assessed_on", not_before=case.opened_on)
    findings = {name: _text(value) for name, value in findings.items()}
    if kind == AssessmentKind.IN_DEPTH:
        missing = [name for name in IN_DEPTH_FIELDS if not findings.get(name)]
        missing += [] if risk_level else ["risk_level"]
        if missing:
            raise RuleViolation(
                _l(
                    "Asesmen mendalam memerlukan sikap, pikiran, perilaku, faktor pelindung, "
                    "faktor risiko dan tingkat risiko."
                ),
                field=missing[0],
            )
    assessment = Assessment(
        case=case,
        kind=kind,
        assessed_on=assessed_on,
        assessor_id=_id(user),
        risk_level=risk_level or None,
        **findings,
    )
    db.session.add(assessment)
    record_event(case, CaseEventKind.ASSESSMENT, user, code=kind)
    if risk_level and risk_level != case.risk_level:
        case.risk_level = risk_level
        record_event(case, CaseEventKind.UPDATED, user, subject="risk_level")
    flush_case()
    return assessment


def add_plan(case, *, user=None, drafted_on, goals, activities=None):
    workflow.check(Action.PLAN, Attempt(case))
    _check_dates(drafted_on, "drafted_on", not_before=case.opened_on)
    _require_text(goals, "goals", _l("Tujuan rencana intervensi wajib diisi."))
    plan = InterventionPlan(
        case=case, drafted_on=drafted_on, goals=goals.strip(), activities=_text(activities)
    )
    db.session.add(plan)
    record_event(case, CaseEventKind.PLAN, user)
    db.session.flush()
    return plan


def approve_plan(plan, *, user):
    case = plan.case
    workflow.check(Action.APPROVE_PLAN, Attempt(case, user_id=_id(user)))
    if plan.approved_at is not None:
        raise RuleViolation(_l("Rencana ini sudah disetujui."))
    plan.approved_by_id, plan.approved_at = user.id, utcnow()
    record_event(case, CaseEventKind.PLAN_APPROVED, user)
    db.session.flush()
    return plan


def add_evaluation(case, *, user=None, evaluated_on, outcome, recommends_closure=False):
    workflow.check(Action.EVALUATE, Attempt(case))
    _check_dates(evaluated_on, "evaluated_on", not_before=case.opened_on)
    _require_text(outcome, "outcome", _l("Hasil evaluasi wajib diisi."))
    evaluation = Evaluation(
        case=case,
        evaluated_on=evaluated_on,
        evaluator_id=_id(user),
        outcome=outcome.strip(),
        recommends_closure=bool(recommends_closure),
    )
    db.session.add(evaluation)
    record_event(case, CaseEventKind.EVALUATION, user)
    db.session.flush()
    return evaluation


def approve_evaluation(evaluation, *, user):
    """The supervisor's approval of an evaluation: what terminasi needs."""
    case = evaluation.case
    workflow.check(Action.APPROVE_EVALUATION, Attempt(case, user_id=_id(user)))
    if evaluation.approved_at is not None:
        raise RuleViolation(_l("Evaluasi ini sudah disetujui."))
    evaluation.approved_by_id, evaluation.approved_at = user.id, utcnow()
    record_event(case, CaseEventKind.CLOSURE_APPROVED, user)
    db.session.flush()
    return evaluation


# --- services, referrals, follow-ups, consent, notes --------------------------------------


def record_delivery(case, *, user=None, service, delivered_on, partner=None, note=None):
    """One of the eight services given to the case, by LK3 or by a partner."""
    attempt = Attempt(case, service_code=service.code if service else None)
    workflow.check(Action.DELIVER, attempt, field="service")
    _check_dates(delivered_on, "delivered_on", not_before=case.opened_on)
    _check_partner(case, partner)
    delivery = ServiceDelivery(
        case=case,
        service=service,
        delivered_on=delivered_on,
        delivered_by_id=_id(user),
        partner=partner,
        note=_text(note),
    )
    db.session.add(delivery)
    subject = f"{service.name} — {partner.name}" if partner else service.name
    record_event(case, CaseEventKind.DELIVERY, user, subject=subject[:200])
    db.session.flush()
    return delivery


def covering_consent(case, on=None):
    """The newest consent that lets a referral share this client's data, if any."""
    for consent in sorted(case.consents, key=lambda c: (c.given_on, c.id), reverse=True):
        if workflow.consent_covers_referral(consent, case, on):
            return consent
    return None


def refer(
    case,
    *,
    user=None,
    partner,
    reason,
    sent_on=None,
    feedback_due_on=None,
    is_emergency=False,
    shares_client_data=True,
    consent=None,
    override_reason="",
    may_override_consent=False,
):
    """Send a referral to a partner institution.

    Sharing the client's data needs a consent that covers it (the newest one is used when
    none is named). Without one, only a user allowed to override consent may send it, with
    a reason, kept on the referral with the user's id; the audit log gets a row naming the
    user and the reason.
    """
    sent_on = sent_on or local_today()
    consent = consent or covering_consent(case, sent_on)
    attempt = Attempt(
        case,
        user_id=_id(user),
        emergency=bool(is_emergency),
        shares_client_data=bool(shares_client_data),
        consent=consent,
        may_override_consent=may_override_consent,
        reason=override_reason,
    )
    workflow.check(Action.REFER, attempt)
    _require_text(reason, "reason", _l("Alasan rujukan wajib diisi."))
    _check_partner(case, partner, required=True)
    _check_dates(sent_on, "sent_on", not_before=case.opened_on)
    if feedback_due_on and feedback_due_on < sent_on:
        raise RuleViolation(
            _l("Batas umpan balik tidak boleh sebelum tanggal rujukan."), field="feedback_due_on"
        )
    covered = workflow.consent_covers_referral(consent, case, sent_on)
    overridden = bool(shares_client_data) and not covered
    referral = Referral(
        case=case,
        partner=partner,
        reason=reason.strip(),
        is_emergency=bool(is_emergency),
        shares_client_data=bool(shares_client_data),
        consent=consent if covered and shares_client_data else None,
        consent_override_reason=override_reason.strip() if overridden else None,
        consent_overridden_by_id=_id(user) if overridden else None,
        sent_on=sent_on,
        feedback_due_on=feedback_due_on,
        sent_by_id=_id(user),
        status=ReferralStatus.SENT,
    )
    db.session.add(referral)
    record_event(
        case, CaseEventKind.REFERRAL, user, subject=partner.name[:200], code=ReferralStatus.SENT
    )
    if overridden:
        record_event(
            case,
            CaseEventKind.CONSENT_OVERRIDDEN,
            user,
            subject=partner.name[:200],
            note=override_reason.strip(),
        )
    db.session.flush()
    if overridden:
        audit.record(
            AuditAction.CONSENT_OVERRIDE,
            referral,
            user=user,
            details={
                "alasan": override_reason.strip(),
                "kasus": case.number,
                "mitra": partner.name,
            },
        )
    return referral


def update_referral(referral, *, user=None, status, on=None, feedback=None):
    """The partner's answer (accepted/declined) or the referral's end (completed/cancelled)."""
    workflow.check(
        Action.UPDATE_REFERRAL,
        Attempt(referral.case, referral=referral, to_status=status),
        field="status",
    )
    on = on or local_today()
    _check_dates(on, "on", not_before=referral.sent_on)
    if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        referral.responded_on = on
    else:
        referral.finished_on = on
    referral.status = status
    if _text(feedback):
        referral.feedback = _text(feedback)
    record_event(
        referral.case,
        CaseEventKind.REFERRAL_STATUS,
        user,
        subject=referral.partner.name[:200],
        code=status,
        note=_text(feedback),
    )
    db.session.flush()
    return referral


def schedule_follow_up(case, *, user=None, due_on, description, assigned_to=None):
    workflow.check(Action.SCHEDULE_FOLLOW_UP, Attempt(case))
    _require_text(description, "description", _l("Uraian tindak lanjut wajib diisi."))
    _check_dates(due_on, "due_on", not_before=case.opened_on, not_after=False)
    follow_up = FollowUp(
        case=case, due_on=due_on, description=description.strip(), assigned_to=assigned_to
    )
    db.session.add(follow_up)
    record_event(case, CaseEventKind.FOLLOW_UP, user, subject=follow_up.description[:200])
    db.session.flush()
    return follow_up


def complete_follow_up(follow_up, *, user=None, done_on=None, result=None):
    if follow_up.done_on is not None:
        raise RuleViolation(_l("Tindak lanjut ini sudah selesai."))
    done_on = done_on or local_today()
    _check_dates(done_on, "done_on", not_before=follow_up.case.opened_on)
    follow_up.done_on, follow_up.result = done_on, _text(result)
    record_event(
        follow_up.case,
        CaseEventKind.FOLLOW_UP_DONE,
        user,
        subject=follow_up.description[:200],
        note=_text(result),
    )
    db.session.flush()
    return follow_up


def record_consent(
    case, *, user=None, purpose, given_by, given_by_name, given_on, allows_data_sharing=False
):
    _require_text(purpose, "purpose", _l("Tujuan persetujuan wajib diisi."))
    _require_text(given_by_name, "given_by_name", _l("Nama pemberi persetujuan wajib diisi."))
    _check_dates(given_on, "given_on", not_before=None)
    consent = Consent(
        case=case,
        purpose=purpose.strip(),
        given_by=given_by,
        given_by_name=given_by_name.strip(),
        given_on=given_on,
        allows_data_sharing=bool(allows_data_sharing),
        recorded_by_id=_id(user),
    )
    db.session.add(consent)
    record_event(case, CaseEventKind.CONSENT, user, subject=consent.purpose[:200], code=given_by)
    db.session.flush()
    return consent


def withdraw_consent(consent, *, user=None, withdrawn_on=None):
    """The client (or guardian) takes the consent back; referrals can no longer rely on it."""
    if consent.withdrawn_on is not None:
        raise RuleViolation(_l("Persetujuan ini sudah ditarik."))
    withdrawn_on = withdrawn_on or local_today()
    _check_dates(withdrawn_on, "withdrawn_on", not_before=consent.given_on)
    consent.withdrawn_on = withdrawn_on
    record_event(consent.case, CaseEventKind.CONSENT_WITHDRAWN, user, subject=consent.purpose[:200])
    db.session.flush()
    return consent


def add_note(case, *, user=None, text):
    _require_text(text, "text", _l("Catatan tidak boleh kosong."))
    event = record_event(case, CaseEventKind.NOTE, user, note=text.strip())
    db.session.flush()
    return event


# --- reading ------------------------------------------------------------------------------


def follow_up_overdue(today=None):
    """SQL condition: an open follow-up whose due date has passed."""
    return and_(FollowUp.done_on.is_(None), FollowUp.due_on < (today or local_today()))


def referral_feedback_overdue(today=None):
    """SQL condition: a referral still waiting for the partner past its feedback date."""
    return and_(
        Referral.status.in_(OPEN_REFERRAL_STATUSES),
        Referral.feedback_due_on < (today or local_today()),
    )


def is_follow_up_overdue(follow_up, today=None):
    return follow_up.done_on is None and follow_up.due_on < (today or local_today())


def is_referral_feedback_overdue(referral, today=None):
    return (
        referral.status in OPEN_REFERRAL_STATUSES
        and referral.feedback_due_on is not None
        and referral.feedback_due_on < (today or local_today())
    )


def load_case_page(case_id):
    """The case with everything its page shows, in a fixed number of queries."""
    return db.session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.categories),
            selectinload(Case.events).joinedload(CaseEvent.user),
            selectinload(Case.assessments),
            selectinload(Case.plans),
            selectinload(Case.evaluations),
            selectinload(Case.deliveries).options(
                selectinload(ServiceDelivery.service), selectinload(ServiceDelivery.partner)
            ),
            selectinload(Case.referrals).selectinload(Referral.partner),
            selectinload(Case.follow_ups),
            selectinload(Case.consents),
        )
        .execution_options(populate_existing=True)
    )


def event_code_label(event):
    choice = EVENT_CODES.get(event.kind)
    return choice.label_of(event.code) if choice and event.code else ""


def changed_field_labels(event):
    """For an UPDATED event: the labels of the fields that changed."""
    names = (event.subject or "").split(", ") if event.kind == CaseEventKind.UPDATED else []
    return [str(CASE_FIELD_LABELS.get(name, name)) for name in names if name]


# --- small helpers ------------------------------------------------------------------------


def _check_partner(case, partner, required=False):
    if partner is None:
        if required:
            raise RuleViolation(_l("Pilih lembaga mitra tujuan."), field="partner")
        return
    if partner.unit_id != case.unit_id:
        raise RuleViolation(_l("Lembaga mitra ini bukan mitra LK3 kasus ini."), field="partner")


def _require_text(value, field, message):
    if not (value or "").strip():
        raise RuleViolation(message, field=field)


def _text(value):
    return (value or "").strip() or None


def _id(user):
    return user.id if user else None
