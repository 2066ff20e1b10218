"""LK3 units: one per regency/city, founded by decree, with a status history."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Choice, Model, TimestampMixin, check_choice, choice_column, user_fk, utcnow


class UnitStatus(Choice):
    ACTIVE = "aktif", _l("Aktif")
    INACTIVE = "tidak_aktif", _l("Tidak aktif")


class Lk3Unit(TimestampMixin, Model):
    __tablename__ = "lk3_unit"
    __table_args__ = (check_choice("status", UnitStatus, "lk3_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regency_id: Mapped[int] = mapped_column(ForeignKey("regency.id"), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(150), nullable=False)
    # Short code used in case numbers, e.g. "BTG" in "BTG/2026/0001".
    code: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)
    decree_number: Mapped[str | None] = mapped_column(String(100))
    decree_date: Mapped[date | None] = mapped_column(Date)
    decree_issuer: Mapped[str | None] = mapped_column(String(150))
    responsible_agency: Mapped[str] = mapped_column(String(150), nullable=False)
    status: Mapped[str] = choice_column(UnitStatus, nullable=False, default=UnitStatus.ACTIVE)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(120))
    # Where board, term and MoU reminders go.
    secretariat_email: Mapped[str | None] = mapped_column(String(120))

    regency = relationship("Regency", back_populates="unit")
    status_changes = relationship(
        "UnitStatusChange", back_populates="unit", order_by="UnitStatusChange.changed_on.desc()"
    )
    board_periods = relationship(
        "BoardPeriod", back_populates="unit", order_by="BoardPeriod.starts_on.desc()"
    )
    partners = relationship("Partner", back_populates="unit")
    cases = relationship("Case", back_populates="unit", lazy="dynamic")

    def __str__(self):
        return self.name


class UnitStatusChange(Model):
    __tablename__ = "unit_status_change"
    __table_args__ = (
        check_choice("status", UnitStatus, "unit_status_change"),
        Index("ix_unit_status_change_unit", "unit_id", "changed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    status: Mapped[str] = choice_column(UnitStatus, nullable=False)
    changed_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = user_fk()
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    unit = relationship("Lk3Unit", back_populates="status_changes")
    recorded_by = relationship("User")

    def __str__(self):
        return f"{self.unit} {self.changed_on}: {UnitStatus.label_of(self.status)}"
