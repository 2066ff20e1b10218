"""All models, imported here so that Model.metadata knows every table (Alembic, tests)."""

from flask_appbuilder.security.sqla.models import User  # noqa: F401  (FAB's ab_* tables)

from models.access import LoginLock, UserScope
from models.audit import AuditAction, AuditLog
from models.base import Model
from models.board import BoardPeriod, LeaveReason, Membership, Person
from models.case import (
    Assessment,
    AssessmentKind,
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
    RiskLevel,
    ServiceDelivery,
    Stage,
)
from models.family import Family, FamilyMember, FamilyRole, Sex
from models.meeting import ActionItem, Meeting, MeetingInvitee
from models.outbox import MailKind, OutboxAttachment, OutboxMessage, OutboxStatus
from models.partner import Partner
from models.reference import (
    BoardPosition,
    MemberElement,
    PartnerKind,
    ProblemCategory,
    Province,
    ReferralSource,
    Regency,
    RegencyKind,
    Service,
)
from models.report import Report, ReportFile, ReportKind, ReportScope, ReportStatus
from models.unit import Lk3Unit, UnitStatus, UnitStatusChange
