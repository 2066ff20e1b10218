"""The board (kepengurusan): periods appointed by decree, and the people holding positions."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Choice, Model, TimestampMixin, check_choice, choice_column, user_fk


class LeaveReason(Choice):
    HEALTH = "kesehatan", _l("Kesehatan")
    TRANSFER = "mutasi", _l("Mutasi / pindah tugas")
    RESIGNED = "mengundurkan_diri", _l("Mengundurkan diri")
    DECEASED = "meninggal", _l("Meninggal dunia")
    TERM_ENDED = "masa_bakti_berakhir", _l("Masa bakti berakhir")
    OTHER = "lainnya", _l("Lainnya")


class BoardPeriod(TimestampMixin, Model):
    __tablename__ = "board_period"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ck_board_period_dates"),
        Index("ix_board_period_unit", "unit_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    decree_number: Mapped[str] = mapped_column(String(100), nullable=False)
    decree_date: Mapped[date | None] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(Date)
    inaugurated_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    unit = relationship("Lk3Unit", back_populates="board_periods")
    memberships = relationship("Membership", back_populates="period")

    def __str__(self):
        end = self.ends_on.year if self.ends_on else "…"
        return f"{self.decree_number} ({self.starts_on.year}–{end})"


class Person(TimestampMixin, Model):
    """A board member or contact person (never a client: clients are FamilyMember)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(150), nullable=False, index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(120))
    # The account that entered the person: it reaches the person before any membership does
    # (lk3admin.access).
    submitted_by_id: Mapped[int | None] = user_fk(index=True)

    memberships = relationship("Membership", back_populates="person")

    def __str__(self):
        return self.full_name


class Membership(TimestampMixin, Model):
    """A person's position on the board in one period."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("period_id", "person_id", name="uq_membership_period_person"),
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="ck_membership_dates"),
        check_choice("left_reason", LeaveReason, "membership"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("board_period.id"), nullable=False)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), nullable=False, index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("board_position.id"), nullable=False)
    element_id: Mapped[int] = mapped_column(ForeignKey("member_element.id"), nullable=False)
    origin_agency: Mapped[str | None] = mapped_column(String(150))
    expertise: Mapped[str | None] = mapped_column(String(150))
    joined_on: Mapped[date] = mapped_column(Date, nullable=False)
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = choice_column(LeaveReason)
    left_note: Mapped[str | None] = mapped_column(Text)

    period = relationship("BoardPeriod", back_populates="memberships")
    person = relationship("Person", back_populates="memberships")
    position = relationship("BoardPosition")
    element = relationship("MemberElement")

    def __str__(self):
        return f"{self.person} — {self.position}"
