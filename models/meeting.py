"""Coordination meetings (rapat koordinasi, "rakor"): invitees, attendance, action items."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, TimestampMixin


class Meeting(TimestampMixin, Model):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="ck_meeting_period"),
        Index("ix_meeting_unit_held", "unit_id", "held_at"),
        Index("ix_meeting_held", "held_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    venue: Mapped[str] = mapped_column(String(200), nullable=False)
    agenda: Mapped[str | None] = mapped_column(Text)
    # The period whose figures the meeting reviews.
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    minutes: Mapped[str | None] = mapped_column(Text)

    unit = relationship("Lk3Unit")
    invitees = relationship(
        "MeetingInvitee", back_populates="meeting", order_by="MeetingInvitee.id"
    )
    action_items = relationship(
        "ActionItem", back_populates="meeting", order_by="ActionItem.due_on"
    )
    reports = relationship("Report", back_populates="meeting")

    def __str__(self):
        return f"{self.title} ({self.held_at:%d-%m-%Y})"


class MeetingInvitee(Model):
    """Who is invited: a board member, a partner's contact, or an extra address."""

    __tablename__ = "meeting_invitee"
    __table_args__ = (
        CheckConstraint(
            "(membership_id IS NOT NULL) OR (partner_id IS NOT NULL) OR (email IS NOT NULL)",
            name="ck_meeting_invitee_someone",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), nullable=False, index=True)
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"))
    name: Mapped[str | None] = mapped_column(String(150))
    email: Mapped[str | None] = mapped_column(String(120))
    attended: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    meeting = relationship("Meeting", back_populates="invitees")
    membership = relationship("Membership")
    partner = relationship("Partner")

    def __str__(self):
        return self.name or str(self.membership or self.partner or self.email)


class ActionItem(TimestampMixin, Model):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), nullable=False, index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    owner: Mapped[str] = mapped_column(String(150), nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)

    meeting = relationship("Meeting", back_populates="action_items")
