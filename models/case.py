"""Cases and everything that happens in them along the eight-stage LK3 service process.

The rules about moving between stages live in lk3admin.workflow; these models only hold
the facts and the constraints the database itself can enforce.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Choice, Model, TimestampMixin, check_choice, choice_column, user_fk, utcnow
from models.types import EncryptedText


class Stage(Choice):
    """The eight stages of the LK3 service process, in order."""

    FIRST_CONTACT = "kontak_awal", _l("Kontak awal")
    IDENTIFICATION = "identifikasi", _l("Identifikasi kasus")
    ASSESSMENT = "penelaahan", _l("Penelaahan kasus")
    PLANNING = "rencana_intervensi", _l("Rencana intervensi")
    INTERVENTION = "pelaksanaan_intervensi", _l("Pelaksanaan intervensi")
    MONITORING = "monitoring_evaluasi", _l("Monitoring & evaluasi")
    TERMINATION = "terminasi_rujukan", _l("Terminasi & rujukan")
    AFTERCARE = "pembinaan_lanjut", _l("Pembinaan lanjut")

    @property
    def position(self):
        return list(Stage).index(self)


class ClientType(Choice):
    NEW = "baru", _l("Klien baru")
    CONTINUING = "lanjutan", _l("Klien binaan lanjutan")


class RiskLevel(Choice):
    LOW = "rendah", _l("Rendah")
    MEDIUM = "sedang", _l("Sedang")
    HIGH = "tinggi", _l("Tinggi")


class ClosureReason(Choice):
    RESOLVED = "teratasi", _l("Masalah teratasi")
    REFERRED_ON = "dirujuk", _l("Dirujuk ke lembaga lain")
    MOVED_AWAY = "pindah", _l("Pindah domisili")
    DECLINED = "menolak", _l("Klien menolak layanan")
    LOST_CONTACT = "hilang_kontak", _l("Tidak dapat dihubungi")
    DECEASED = "meninggal", _l("Meninggal dunia")


class AssessmentKind(Choice):
    INITIAL = "awal", _l("Asesmen awal")
    IN_DEPTH = "mendalam", _l("Asesmen mendalam")


class ReferralStatus(Choice):
    SENT = "dikirim", _l("Dikirim")
    ACCEPTED = "diterima", _l("Diterima")
    DECLINED = "ditolak", _l("Ditolak")
    COMPLETED = "selesai", _l("Selesai")
    CANCELLED = "dibatalkan", _l("Dibatalkan")


class ConsentGiver(Choice):
    CLIENT = "klien", _l("Klien")
    GUARDIAN = "wali", _l("Orang tua/wali")


class CaseEventKind(Choice):
    OPENED = "dibuka", _l("Kasus dibuka")
    STAGE_FORWARD = "tahap_maju", _l("Tahap maju")
    STAGE_BACK = "tahap_mundur", _l("Tahap mundur")
    CLOSED = "ditutup", _l("Kasus ditutup")
    REOPENED = "dibuka_kembali", _l("Kasus dibuka kembali")
    ASSESSMENT = "asesmen", _l("Asesmen")
    PLAN = "rencana", _l("Rencana intervensi")
    PLAN_APPROVED = "rencana_disetujui", _l("Rencana disetujui")
    EVALUATION = "evaluasi", _l("Evaluasi")
    CLOSURE_APPROVED = "terminasi_disetujui", _l("Terminasi disetujui")
    DELIVERY = "layanan", _l("Layanan diberikan")
    REFERRAL = "rujukan", _l("Rujukan dikirim")
    REFERRAL_STATUS = "status_rujukan", _l("Status rujukan berubah")
    CONSENT_OVERRIDDEN = "tanpa_persetujuan", _l("Rujukan tanpa persetujuan (pengecualian)")
    FOLLOW_UP = "tindak_lanjut", _l("Tindak lanjut dijadwalkan")
    FOLLOW_UP_DONE = "tindak_lanjut_selesai", _l("Tindak lanjut selesai")
    CONSENT = "persetujuan", _l("Persetujuan dicatat")
    CONSENT_WITHDRAWN = "persetujuan_ditarik", _l("Persetujuan ditarik")
    NOTE = "catatan", _l("Catatan")
    UPDATED = "diubah", _l("Data kasus diubah")
    CLIENT_TYPE = "jenis_klien", _l("Jenis klien diubah")


case_category = Table(
    "case_category",
    Model.metadata,
    Column("case_id", ForeignKey("lk3_case.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("problem_category.id"), primary_key=True, index=True),
)


class CaseNumberCounter(Model):
    """Last case sequence used per unit and year; its row lock makes numbers gapless."""

    __tablename__ = "case_number_counter"

    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Case(TimestampMixin, Model):
    __tablename__ = "lk3_case"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", "sequence", name="uq_case_unit_year_sequence"),
        UniqueConstraint("unit_id", "number", name="uq_case_unit_number"),
        check_choice("stage", Stage, "lk3_case"),
        check_choice("client_type", ClientType, "lk3_case"),
        check_choice("risk_level", RiskLevel, "lk3_case"),
        check_choice("closure_reason", ClosureReason, "lk3_case"),
        CheckConstraint("sequence > 0", name="ck_lk3_case_sequence"),
        CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name="ck_lk3_case_closed_after_opened"
        ),
        # The list filters: a unit's cases by stage, by opening date, by worker.
        Index("ix_lk3_case_unit_stage", "unit_id", "stage"),
        Index("ix_lk3_case_unit_opened", "unit_id", "opened_on"),
        # The list's default order over every unit (national and province screens).
        Index("ix_lk3_case_opened", "opened_on", "id"),
        Index("ix_lk3_case_unit_closed", "unit_id", "closed_on"),
        Index("ix_lk3_case_worker", "worker_id", "stage"),
        Index("ix_lk3_case_supervisor", "supervisor_id"),
        Index("ix_lk3_case_submitted_by", "submitted_by_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), nullable=False, index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("family_member.id"), index=True)
    referral_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral_source.id"), index=True
    )
    client_type: Mapped[str] = choice_column(ClientType, nullable=False, default=ClientType.NEW)
    client_type_reason: Mapped[str | None] = mapped_column(Text)
    risk_level: Mapped[str] = choice_column(RiskLevel, nullable=False, default=RiskLevel.LOW)
    worker_id: Mapped[int | None] = user_fk()
    supervisor_id: Mapped[int | None] = user_fk()
    # The account that entered the case; a referring agency (Instansi Perujuk) sees only these.
    submitted_by_id: Mapped[int | None] = user_fk()
    stage: Mapped[str] = choice_column(Stage, nullable=False, default=Stage.FIRST_CONTACT)
    opened_on: Mapped[date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = choice_column(ClosureReason)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    summary = mapped_column(EncryptedText)
    # Optimistic locking: a save based on an older version fails instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    unit = relationship("Lk3Unit", back_populates="cases")
    family = relationship("Family", back_populates="cases")
    client = relationship("FamilyMember")
    referral_source = relationship("ReferralSource")
    categories = relationship("ProblemCategory", secondary=case_category)
    worker = relationship("User", foreign_keys=[worker_id])
    supervisor = relationship("User", foreign_keys=[supervisor_id])
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    events = relationship(
        "CaseEvent", back_populates="case", order_by="CaseEvent.at.desc(), CaseEvent.id.desc()"
    )
    assessments = relationship("Assessment", back_populates="case", order_by="Assessment.id")
    plans = relationship("InterventionPlan", back_populates="case", order_by="InterventionPlan.id")
    evaluations = relationship("Evaluation", back_populates="case", order_by="Evaluation.id")
    deliveries = relationship(
        "ServiceDelivery", back_populates="case", order_by="ServiceDelivery.delivered_on"
    )
    referrals = relationship("Referral", back_populates="case", order_by="Referral.sent_on")
    follow_ups = relationship("FollowUp", back_populates="case", order_by="FollowUp.due_on")
    consents = relationship("Consent", back_populates="case", order_by="Consent.given_on")

    @property
    def is_closed(self):
        return self.closed_on is not None

    def __str__(self):
        return self.number


class CaseEvent(Model):
    """One line of a case's history (timeline): who did what, when."""

    __tablename__ = "case_event"
    __table_args__ = (
        check_choice("kind", CaseEventKind, "case_event"),
        check_choice("from_stage", Stage, "case_event"),
        check_choice("to_stage", Stage, "case_event"),
        Index("ix_case_event_case_at", "case_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    user_id: Mapped[int | None] = user_fk()
    kind: Mapped[str] = choice_column(CaseEventKind, nullable=False)
    from_stage: Mapped[str | None] = choice_column(Stage)
    to_stage: Mapped[str | None] = choice_column(Stage)
    # What the event is about, in data terms: a service, partner or consent purpose.
    subject: Mapped[str | None] = mapped_column(String(200))
    # A choice value the timeline shows by its label: the referral status, closure reason,
    # assessment kind or client type, depending on the kind (lk3admin.cases.EVENT_CODES).
    code: Mapped[str | None] = mapped_column(String(32))
    # Free text a person wrote: a reason, a note. May be sensitive, so encrypted.
    note = mapped_column(EncryptedText)

    case = relationship("Case", back_populates="events")
    user = relationship("User")


class Assessment(TimestampMixin, Model):
    __tablename__ = "assessment"
    __table_args__ = (
        check_choice("kind", AssessmentKind, "assessment"),
        check_choice("risk_level", RiskLevel, "assessment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    kind: Mapped[str] = choice_column(AssessmentKind, nullable=False)
    assessed_on: Mapped[date] = mapped_column(Date, nullable=False)
    assessor_id: Mapped[int | None] = user_fk()
    risk_level: Mapped[str | None] = choice_column(RiskLevel)
    attitudes = mapped_column(EncryptedText)
    thoughts = mapped_column(EncryptedText)
    behaviour = mapped_column(EncryptedText)
    protective_factors = mapped_column(EncryptedText)
    risk_factors = mapped_column(EncryptedText)
    narrative = mapped_column(EncryptedText)

    case = relationship("Case", back_populates="assessments")
    assessor = relationship("User")


class InterventionPlan(TimestampMixin, Model):
    __tablename__ = "intervention_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    drafted_on: Mapped[date] = mapped_column(Date, nullable=False)
    goals = mapped_column(EncryptedText, nullable=False)
    activities = mapped_column(EncryptedText)
    approved_by_id: Mapped[int | None] = user_fk()
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    case = relationship("Case", back_populates="plans")
    approved_by = relationship("User")


class Evaluation(TimestampMixin, Model):
    """Monitoring & evaluation result; the supervisor's approval allows termination."""

    __tablename__ = "evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    evaluated_on: Mapped[date] = mapped_column(Date, nullable=False)
    evaluator_id: Mapped[int | None] = user_fk()
    outcome = mapped_column(EncryptedText, nullable=False)
    recommends_closure: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    approved_by_id: Mapped[int | None] = user_fk()
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)

    case = relationship("Case", back_populates="evaluations")
    evaluator = relationship("User", foreign_keys=[evaluator_id])
    approved_by = relationship("User", foreign_keys=[approved_by_id])


class ServiceDelivery(TimestampMixin, Model):
    __tablename__ = "service_delivery"
    __table_args__ = (
        Index("ix_service_delivery_case", "case_id", "delivered_on"),
        Index("ix_service_delivery_service_on", "service_id", "delivered_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), nullable=False)
    delivered_on: Mapped[date] = mapped_column(Date, nullable=False)
    delivered_by_id: Mapped[int | None] = user_fk()
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    note = mapped_column(EncryptedText)

    case = relationship("Case", back_populates="deliveries")
    service = relationship("Service")
    delivered_by = relationship("User")
    partner = relationship("Partner")


class Consent(TimestampMixin, Model):
    __tablename__ = "consent"
    __table_args__ = (
        check_choice("given_by", ConsentGiver, "consent"),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= given_on", name="ck_consent_dates"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    purpose: Mapped[str] = mapped_column(String(300), nullable=False)
    given_by: Mapped[str] = choice_column(ConsentGiver, nullable=False)
    given_by_name: Mapped[str] = mapped_column(String(150), nullable=False)
    given_on: Mapped[date] = mapped_column(Date, nullable=False)
    # Only a consent that covers sharing the client's data lets a referral share it.
    allows_data_sharing: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = user_fk()

    case = relationship("Case", back_populates="consents")

    def __str__(self):
        return f"{self.purpose} ({self.given_on})"


class Referral(TimestampMixin, Model):
    __tablename__ = "referral"
    __table_args__ = (
        check_choice("status", ReferralStatus, "referral"),
        Index("ix_referral_status_due", "status", "feedback_due_on"),
        Index("ix_referral_partner", "partner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"), nullable=False)
    status: Mapped[str] = choice_column(ReferralStatus, nullable=False, default=ReferralStatus.SENT)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    is_emergency: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    shares_client_data: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consent.id"))
    # A referral sharing client data without consent names who allowed it and why.
    consent_override_reason: Mapped[str | None] = mapped_column(Text)
    consent_overridden_by_id: Mapped[int | None] = user_fk()
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    feedback_due_on: Mapped[date | None] = mapped_column(Date)
    responded_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)
    feedback: Mapped[str | None] = mapped_column(Text)
    sent_by_id: Mapped[int | None] = user_fk()

    case = relationship("Case", back_populates="referrals")
    partner = relationship("Partner")
    consent = relationship("Consent")
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    consent_overridden_by = relationship("User", foreign_keys=[consent_overridden_by_id])


class FollowUp(TimestampMixin, Model):
    __tablename__ = "follow_up"
    __table_args__ = (
        # Overdue scans look for open follow-ups by due date.
        Index("ix_follow_up_open_due", "done_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("lk3_case.id"), nullable=False, index=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    assigned_to_id: Mapped[int | None] = user_fk(index=True)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    result: Mapped[str | None] = mapped_column(Text)

    case = relationship("Case", back_populates="follow_ups")
    assigned_to = relationship("User")
