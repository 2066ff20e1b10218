"""Cases in all eight stages, each with the history the workflow would have written."""

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from lk3admin.access import Role
from lk3admin.cases import format_number
from lk3admin.dates import utc_start_of
from lk3admin.demo.common import NamePicker, added, phone, scaled, weighted
from lk3admin.demo.data import (
    ASSESSMENT_TEXT,
    CATEGORY_WEIGHTS,
    CHILD_CATEGORIES,
    CLOSURE_WEIGHTS,
    CONFIDENTIAL_CATEGORIES,
    CONSENT_PURPOSE,
    CONSENT_PURPOSE_SERVICE_ONLY,
    DEMO_USERS,
    EVALUATION_OUTCOMES,
    FOLLOW_UP_RESULTS,
    FOLLOW_UPS,
    PARTNER_KINDS_BY_CATEGORY,
    PLAN_ACTIVITIES,
    PLAN_GOALS,
    REFERRAL_REASONS,
    REFERRAL_SOURCES_BY_CATEGORY,
    SECOND_CATEGORY,
    SEED,
    STAGE_GAPS,
    STAGE_MIX,
    STREET_NAMES,
    SUMMARIES,
    VIOLENCE_CATEGORIES,
)
from lk3admin.extensions import db
from models import (
    Assessment,
    AssessmentKind,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseNumberCounter,
    ClientType,
    Consent,
    ConsentGiver,
    Evaluation,
    Family,
    FamilyMember,
    FamilyRole,
    FollowUp,
    InterventionPlan,
    Partner,
    Referral,
    ReferralStatus,
    RiskLevel,
    ServiceDelivery,
    Sex,
    Stage,
)
from models.types import blind_index


def seed_cases(unit, profile, refs, users, today):
    """The unit's cases with their whole history, if it has none yet."""
    if db.session.scalar(select(Case.id).where(Case.unit_id == unit.id).limit(1)):
        return
    rng = random.Random(f"{SEED}-{profile.code}-cases")
    staff = [(users[demo.username], demo.role) for demo in DEMO_USERS if demo.unit == profile.code]
    workers = [user for user, role in staff if role == Role.WORKER]
    supervisor = next(user for user, role in staff if role == Role.SUPERVISOR)
    partners = {}
    for partner in db.session.scalars(select(Partner).where(Partner.unit_id == unit.id)):
        partners.setdefault(partner.kind.code, []).append(partner)

    stages = [
        stage
        for stage, count in zip(Stage, scaled(STAGE_MIX, profile.case_count), strict=True)
        for _ in range(count)
    ]
    timelines = sorted(
        (Timeline.draw(stage, rng, today) for stage in stages), key=lambda t: t.dates[0]
    )
    builder = CaseBuilder(unit, profile, refs, rng, today, workers, supervisor, partners)
    # Cases are numbered once all exist: no flush before that (numbers would collide).
    with db.session.no_autoflush:
        for timeline in timelines:
            builder.build(timeline)
        builder.number_cases()
    db.session.flush()


@dataclass
class Timeline:
    """When a case entered each stage up to its current one; dates[0] is its opening."""

    stage: Stage
    dates: list

    @classmethod
    def draw(cls, stage, rng, today):
        steps = stage.position
        gaps = [rng.randint(*STAGE_GAPS[i]) for i in range(steps)]
        # Time spent in the current stage so far; finished cases may have ended long ago.
        dwell = rng.randint(0, 300) if steps >= 6 else rng.randint(0, 40)
        day = today - timedelta(days=sum(gaps) + dwell)
        dates = [day]
        for gap in gaps:
            day += timedelta(days=gap)
            dates.append(day)
        return cls(stage, dates)

    def window(self, position, today):
        """(first, last) day the case spent in the stage at `position`."""
        end = self.dates[position + 1] if position + 1 < len(self.dates) else today
        return self.dates[position], end


class CaseBuilder:
    """Builds one case at a time, each step as the workflow would have recorded it."""

    def __init__(self, unit, profile, refs, rng, today, workers, supervisor, partners):
        self.unit = unit
        self.profile = profile
        self.refs = refs
        self.rng = rng
        self.today = today
        self.workers = workers
        self.supervisor = supervisor
        self.partners = partners
        self.names = NamePicker(rng)
        self.cases = []
        self.closed_families = []  # (closed_on, family, client) for continuing clients
        self.family_count = db.session.scalar(
            select(func.count()).select_from(Family).where(Family.unit_id == unit.id)
        )

    # -- one case

    def build(self, timeline):
        rng = self.rng
        opened_on = timeline.dates[0]
        primary = weighted(rng, CATEGORY_WEIGHTS)
        categories = [primary]
        if primary in SECOND_CATEGORY and rng.random() < 0.3:
            categories.append(SECOND_CATEGORY[primary])
        risk = self._risk(primary)
        family, client, client_type, reason = self._family(primary, opened_on)
        case = Case(
            unit=self.unit,
            year=opened_on.year,
            sequence=1,  # numbered once all the unit's cases exist (number_cases)
            number="",
            family=family,
            client=client,
            referral_source=self.refs.sources[rng.choice(REFERRAL_SOURCES_BY_CATEGORY[primary])],
            client_type=client_type,
            client_type_reason=reason,
            risk_level=risk,
            worker_id=rng.choice(self.workers).id,
            supervisor_id=self.supervisor.id,
            stage=timeline.stage,
            opened_on=opened_on,
            confidential=primary in CONFIDENTIAL_CATEGORIES,
            summary=SUMMARIES[primary],
        )
        case.categories = [self.refs.categories[code] for code in categories]
        db.session.add(case)
        self.cases.append(case)
        CaseHistory(self, case, timeline, primary).write()

    def _risk(self, primary):
        high = 0.45 if primary in VIOLENCE_CATEGORIES else 0.08
        roll = self.rng.random()
        if roll < high:
            return RiskLevel.HIGH
        return RiskLevel.MEDIUM if roll < high + 0.35 else RiskLevel.LOW

    def _family(self, primary, opened_on):
        """(family, client, client type, reason): a new family, or one served before."""
        earlier = [entry for entry in self.closed_families if entry[0] < opened_on]
        if earlier and self.rng.random() < 0.15:
            _closed_on, family, client = self.rng.choice(earlier)
            return family, client, ClientType.CONTINUING, None
        family, client = self._new_family(primary)
        if self.rng.random() < 0.05:
            reason = "Klien binaan LK3 sebelum pencatatan di portal."
            return family, client, ClientType.CONTINUING, reason
        return family, client, ClientType.NEW, None

    def _new_family(self, primary):
        rng = self.rng
        district = rng.choice(list(self.profile.districts))
        self.family_count += 1
        family = Family(
            unit=self.unit,
            label=f"Keluarga {self.unit.code}-{self.family_count:03d}",
            district=district,
            village=rng.choice(self.profile.districts[district]),
            address=f"Jl. {rng.choice(STREET_NAMES)} RT {rng.randint(1, 45):02d}",
            phone=phone(rng),
        )
        surname = self.names.surname()
        head = self._member(family, FamilyRole.HEAD, Sex.MALE, rng.randint(30, 55), surname)
        spouse = self._member(family, FamilyRole.SPOUSE, Sex.FEMALE, rng.randint(25, 50))
        children = [
            self._member(
                family, FamilyRole.CHILD, rng.choice(list(Sex)), rng.randint(2, 17), surname
            )
            for _ in range(rng.randint(1, 3))
        ]
        if primary in CHILD_CATEGORIES:
            client = rng.choice(children)
        elif primary in {"kdrt", "kekerasan_seksual", "perceraian", "pekerja_migran"}:
            client = spouse
        elif primary == "lansia_terlantar":
            client = self._member(
                family, FamilyRole.PARENT, rng.choice(list(Sex)), rng.randint(66, 84)
            )
        elif primary in {"napza", "kesehatan_jiwa", "disabilitas"}:
            client = self._member(family, FamilyRole.CHILD, Sex.MALE, rng.randint(19, 28), surname)
        else:
            client = head
        return family, client

    def _member(self, family, role, sex, age, surname=None):
        birth_date = self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))
        name = self.names.full(sex, surname)
        member = FamilyMember(
            family=family,
            full_name=name,
            role=role,
            sex=sex,
            birth_date=birth_date,
            is_minor=age < 18,
        )
        if age >= 17:
            # A made-up NIK: the regency's code, the birth date (+40 for women), a serial.
            day = birth_date.day + (40 if sex == Sex.FEMALE else 0)
            member.nik = (
                f"{self.profile.regency_code.replace('.', '')}{self.rng.randint(1, 3):02d}"
                f"{day:02d}{birth_date:%m%y}{self.rng.randint(1, 9999):04d}"
            )
            member.nik_index = blind_index(member.nik)
        return member

    # -- numbering

    def number_cases(self):
        """Number the unit's cases by opening date per year, and move the counters on."""
        by_year = {}
        for case in self.cases:  # built in order of opening
            by_year.setdefault(case.year, []).append(case)
        for year, cases in by_year.items():
            counter = db.session.get(CaseNumberCounter, (self.unit.id, year))
            if counter is None:
                counter = CaseNumberCounter(unit_id=self.unit.id, year=year, last_sequence=0)
                db.session.add(counter)
            for case in cases:
                counter.last_sequence += 1
                case.sequence = counter.last_sequence
                case.number = format_number(self.unit.code, year, case.sequence)

    def closed(self, case, closed_on):
        self.closed_families.append((closed_on, case.family, case.client))


class CaseHistory:
    """Everything that happened in one case, stage by stage, with its timeline events."""

    def __init__(self, builder, case, timeline, primary):
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.case = case
        self.timeline = timeline
        self.primary = primary
        self.worker_id = case.worker_id
        self.supervisor_id = case.supervisor_id
        self.consent = None
        self.events = []  # (day, order, user id, kind, fields), written at the end

    def write(self):
        """The case's steps in the order they happened, stage by stage."""
        final = self.timeline.stage.position
        work = {
            Stage.ASSESSMENT.position: self._assessments,
            Stage.PLANNING.position: self._plan,
            Stage.INTERVENTION.position: self._interventions,
            Stage.MONITORING.position: self._evaluation,
        }
        self._opened()
        for position in range(1, final + 1):
            self._enter(position)
            if position in work:
                work[position](final)
        if final >= Stage.TERMINATION.position:
            self._termination(final)
        self._write_events()

    # -- events

    def event(self, day, kind, user_id=None, **fields):
        """Note an event of `day`; same-day events keep the order they are noted in."""
        self.events.append((day, len(self.events), user_id or self.worker_id, kind, fields))

    def _write_events(self):
        minute_of = {}
        for day, _order, user_id, kind, fields in sorted(self.events, key=lambda e: e[:2]):
            # Office hours: the first event of a day from 08:00, the next ones later on.
            minute_of[day] = minute_of.get(day, self.rng.randint(8 * 60, 10 * 60))
            minute_of[day] += self.rng.randint(5, 40)
            at = utc_start_of(day) + timedelta(minutes=minute_of[day])
            db.session.add(CaseEvent(case=self.case, at=at, user_id=user_id, kind=kind, **fields))

    def day_in(self, position, earliest=0, latest=None):
        """A day within the stage at `position` (offsets in days from entering it)."""
        first, last = self.timeline.window(position, self.today)
        span = (last - first).days
        latest = span if latest is None else min(latest, span)
        return first + timedelta(days=self.rng.randint(min(earliest, latest), latest))

    # -- stages

    def _opened(self):
        opened_on = self.case.opened_on
        self.event(
            opened_on,
            CaseEventKind.OPENED,
            to_stage=Stage.FIRST_CONTACT,
            code=self.case.client_type,
        )
        self._consent(opened_on)
        if self.case.risk_level == RiskLevel.HIGH and self.primary in VIOLENCE_CATEGORIES:
            # A high-risk case gets protection, and an emergency referral, at first contact.
            self.deliver("perlindungan", opened_on)
            shelter = self.b.partners.get("rumah_aman") or self.b.partners.get("uptd_ppa")
            if shelter and self.rng.random() < 0.6:
                self.refer(shelter[0], opened_on, emergency=True)
        elif self.primary in {"anak_jalanan", "lansia_terlantar"}:
            self.deliver("penjangkauan", opened_on)

    def _enter(self, position):
        day = self.timeline.dates[position]
        stage = list(Stage)[position]
        self.event(
            day, CaseEventKind.STAGE_FORWARD, from_stage=list(Stage)[position - 1], to_stage=stage
        )
        if stage == Stage.IDENTIFICATION:
            self.deliver(self.rng.choice(["konsultasi", "informasi", "pusat_informasi"]), day)

    def _consent(self, day):
        minor = self.case.client is not None and self.case.client.is_minor
        giver = ConsentGiver.GUARDIAN if minor else ConsentGiver.CLIENT
        family = self.case.family
        guardian = next((m for m in family.members if m.role == FamilyRole.SPOUSE), None)
        shares = self.rng.random() < 0.85
        self.consent = added(
            Consent(
                case=self.case,
                purpose=CONSENT_PURPOSE if shares else CONSENT_PURPOSE_SERVICE_ONLY,
                given_by=giver,
                given_by_name=(guardian if minor and guardian else self.case.client).full_name,
                given_on=day,
                allows_data_sharing=shares,
                recorded_by_id=self.worker_id,
            )
        )
        self.event(day, CaseEventKind.CONSENT, subject=self.consent.purpose, code=giver)

    def _assessments(self, stage):
        position = Stage.ASSESSMENT.position
        finished = stage > position
        if not finished and self.rng.random() < 0.5:
            return
        self.assess(AssessmentKind.INITIAL, self.day_in(position, 0, 4))
        if self.case.risk_level == RiskLevel.HIGH and (finished or self.rng.random() < 0.5):
            self.assess(AssessmentKind.IN_DEPTH, self.day_in(position, 3))

    def assess(self, kind, day):
        pick = self.rng.choice
        db.session.add(
            Assessment(
                case=self.case,
                kind=kind,
                assessed_on=day,
                assessor_id=self.worker_id,
                risk_level=self.case.risk_level,
                attitudes=pick(ASSESSMENT_TEXT["attitudes"]),
                thoughts=pick(ASSESSMENT_TEXT["thoughts"]),
                behaviour=pick(ASSESSMENT_TEXT["behaviour"]),
                protective_factors=pick(ASSESSMENT_TEXT["protective_factors"]),
                risk_factors=pick(ASSESSMENT_TEXT["risk_factors"]),
                narrative=SUMMARIES[self.primary],
            )
        )
        self.event(day, CaseEventKind.ASSESSMENT, code=kind.value)

    def _plan(self, stage):
        position = Stage.PLANNING.position
        finished = stage > position
        if not finished and self.rng.random() < 0.3:
            return
        drafted_on = self.day_in(position, 0, 3)
        plan = added(
            InterventionPlan(
                case=self.case,
                drafted_on=drafted_on,
                goals=self.rng.choice(PLAN_GOALS),
                activities=self.rng.choice(PLAN_ACTIVITIES),
            )
        )
        self.event(drafted_on, CaseEventKind.PLAN)
        if finished or self.rng.random() < 0.4:
            approved_on = self.day_in(position, (drafted_on - self.timeline.dates[position]).days)
            plan.approved_by_id = self.supervisor_id
            plan.approved_at = utc_start_of(approved_on) + timedelta(hours=3)
            self.event(approved_on, CaseEventKind.PLAN_APPROVED, user_id=self.supervisor_id)

    def _interventions(self, stage):
        position = Stage.INTERVENTION.position
        services = ["konseling", "pendampingan", "konseling", "konsultasi"]
        for _ in range(self.rng.randint(1, 4)):
            self.deliver(self.rng.choice(services), self.day_in(position))
        kinds = [k for k in PARTNER_KINDS_BY_CATEGORY[self.primary] if k in self.b.partners]
        if kinds and self.rng.random() < 0.55:
            partner = self.rng.choice(self.b.partners[self.rng.choice(kinds)])
            self.refer(partner, self.day_in(position, 2))
        for _ in range(self.rng.randint(1, 2)):
            self.follow_up(self.day_in(position, 3), position)

    def _evaluation(self, stage):
        position = Stage.MONITORING.position
        finished = stage > position
        if finished and self.rng.random() < 0.15:
            # Monitoring sent the case back to intervention once, then forward again.
            back_on = self.day_in(position, 1, 5)
            self.event(
                back_on,
                CaseEventKind.STAGE_BACK,
                from_stage=Stage.MONITORING,
                to_stage=Stage.INTERVENTION,
                note="Tujuan belum tercapai; intervensi dilanjutkan.",
            )
            self.event(
                back_on + timedelta(days=7),
                CaseEventKind.STAGE_FORWARD,
                from_stage=Stage.INTERVENTION,
                to_stage=Stage.MONITORING,
            )
        if not finished and self.rng.random() < 0.4:
            return
        evaluated_on = self.day_in(position, 12 if finished else 0)
        evaluation = added(
            Evaluation(
                case=self.case,
                evaluated_on=evaluated_on,
                evaluator_id=self.worker_id,
                outcome=self.rng.choice(EVALUATION_OUTCOMES),
                recommends_closure=finished or self.rng.random() < 0.5,
            )
        )
        self.event(evaluated_on, CaseEventKind.EVALUATION)
        if finished:
            approved_on = self.day_in(position, (evaluated_on - self.timeline.dates[position]).days)
            evaluation.approved_by_id = self.supervisor_id
            evaluation.approved_at = utc_start_of(approved_on) + timedelta(hours=4)
            self.event(approved_on, CaseEventKind.CLOSURE_APPROVED, user_id=self.supervisor_id)

    def _termination(self, stage):
        """Close at terminasi, or after aftercare (pembinaan lanjut); recent ones stay open."""
        position = stage
        first, last = self.timeline.window(position, self.today)
        if stage == Stage.AFTERCARE.position:
            self.follow_up(self.day_in(position, 0, 5), position, aftercare=True)
        settle = 30 if stage == Stage.AFTERCARE.position else 7
        if (last - first).days < settle:
            return
        closed_on = first + timedelta(days=self.rng.randint(settle // 2, settle))
        reason = weighted(self.rng, CLOSURE_WEIGHTS)
        self.case.closed_on = closed_on
        self.case.closure_reason = reason
        self.event(closed_on, CaseEventKind.CLOSED, code=reason.value)
        for follow_up in self.case.follow_ups:
            if follow_up.done_on is None:
                self._done(follow_up, min(closed_on, max(follow_up.due_on, first)))
        self.b.closed(self.case, closed_on)
        if self.consent and self.rng.random() < 0.03 and closed_on < self.today:
            self.consent.withdrawn_on = closed_on + timedelta(
                days=self.rng.randint(1, (self.today - closed_on).days)
            )
            self.event(
                self.consent.withdrawn_on,
                CaseEventKind.CONSENT_WITHDRAWN,
                subject=self.consent.purpose,
            )

    # -- services, referrals, follow-ups

    def deliver(self, service_code, day, partner=None):
        service = self.b.refs.services[service_code]
        db.session.add(
            ServiceDelivery(
                case=self.case,
                service=service,
                delivered_on=day,
                delivered_by_id=self.worker_id,
                partner=partner,
            )
        )
        subject = f"{service.name} — {partner.name}" if partner else service.name
        self.event(day, CaseEventKind.DELIVERY, subject=subject[:200])

    def refer(self, partner, sent_on, emergency=False):
        rng = self.rng
        covered = self.consent is not None and self.consent.allows_data_sharing
        referral = added(
            Referral(
                case=self.case,
                partner=partner,
                reason=REFERRAL_REASONS[partner.kind.code],
                is_emergency=emergency,
                shares_client_data=covered or emergency,
                consent=self.consent if covered else None,
                sent_on=sent_on,
                feedback_due_on=sent_on + timedelta(days=14),
                sent_by_id=self.worker_id,
            )
        )
        if emergency and not covered:
            referral.consent_override_reason = "Keadaan darurat: keselamatan klien terancam."
            referral.consent_overridden_by_id = self.supervisor_id
            self.event(
                sent_on,
                CaseEventKind.CONSENT_OVERRIDDEN,
                user_id=self.supervisor_id,
                subject=partner.name,
                note=referral.consent_override_reason,
            )
        self.event(sent_on, CaseEventKind.REFERRAL, subject=partner.name, code=ReferralStatus.SENT)
        if not emergency:  # the rujukan service is an intervention (lk3admin.workflow)
            self.deliver("rujukan", sent_on, partner=partner)

        # How far the referral got depends on how long ago it was sent.
        age = (self.today - sent_on).days
        if age < 6 or (age < 30 and rng.random() < 0.35):
            return  # still waiting for the partner; some are overdue for feedback
        responded_on = sent_on + timedelta(days=rng.randint(1, 5))
        if rng.random() < 0.1:
            self._referral_status(
                referral,
                ReferralStatus.DECLINED,
                responded_on,
                "Di luar layanan mitra; klien dirujuk ke lembaga lain.",
            )
            return
        if rng.random() < 0.06:
            self._referral_status(
                referral, ReferralStatus.CANCELLED, responded_on, "Klien membatalkan rujukan."
            )
            return
        self._referral_status(referral, ReferralStatus.ACCEPTED, responded_on, None)
        finished_on = responded_on + timedelta(days=rng.randint(7, 40))
        if finished_on < self.today and rng.random() < 0.8:
            status = ReferralStatus.COMPLETED if rng.random() < 0.9 else ReferralStatus.CANCELLED
            feedback = (
                "Layanan mitra selesai diberikan."
                if status == ReferralStatus.COMPLETED
                else "Klien pindah domisili sebelum layanan selesai."
            )
            self._referral_status(referral, status, finished_on, feedback)

    def _referral_status(self, referral, status, day, feedback):
        referral.status = status
        if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
            referral.responded_on = day
        else:
            referral.finished_on = day
        referral.feedback = feedback or referral.feedback
        self.event(
            day,
            CaseEventKind.REFERRAL_STATUS,
            code=status,
            subject=referral.partner.name,
            note=feedback,
        )

    def follow_up(self, scheduled_on, position, aftercare=False):
        due_on = scheduled_on + timedelta(days=self.rng.randint(7, 21))
        follow_up = added(
            FollowUp(
                case=self.case,
                due_on=due_on,
                assigned_to_id=self.worker_id,
                description=(
                    "Pembinaan lanjut: kunjungan rumah pascaterminasi."
                    if aftercare
                    else self.rng.choice(FOLLOW_UPS)
                ),
            )
        )
        self.event(scheduled_on, CaseEventKind.FOLLOW_UP, subject=follow_up.description)
        _first, stage_end = self.timeline.window(position, self.today)
        current = position == self.timeline.stage.position
        # Follow-ups of earlier stages were done; some of the current stage are overdue.
        if not current or (due_on < self.today and self.rng.random() < 0.6):
            self._done(
                follow_up,
                min(
                    due_on + timedelta(days=self.rng.randint(-3, 2)),
                    stage_end if not current else self.today,
                ),
            )

    def _done(self, follow_up, day):
        day = max(day, self.case.opened_on)
        follow_up.done_on = day
        follow_up.result = self.rng.choice(FOLLOW_UP_RESULTS)
        self.event(
            day, CaseEventKind.FOLLOW_UP_DONE, subject=follow_up.description, note=follow_up.result
        )
