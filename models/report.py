"""Generated reports (rakor and periodic) and their files."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Choice, Model, TimestampMixin, check_choice, choice_column, user_fk


class ReportScope(Choice):
    UNIT = "unit", _l("Unit LK3")
    REGENCY = "kabupaten_kota", _l("Kabupaten/Kota")
    PROVINCE = "provinsi", _l("Provinsi")


class ReportKind(Choice):
    MEETING = "rakor", _l("Rapat koordinasi")
    MONTHLY = "bulanan", _l("Bulanan")
    QUARTERLY = "triwulanan", _l("Triwulanan")
    ON_REQUEST = "permintaan", _l("Sesuai permintaan")


class ReportStatus(Choice):
    PENDING = "menunggu", _l("Menunggu")
    RUNNING = "diproses", _l("Diproses")
    DONE = "selesai", _l("Selesai")
    FAILED = "gagal", _l("Gagal")


class Report(TimestampMixin, Model):
    __tablename__ = "report"
    __table_args__ = (
        check_choice("scope", ReportScope, "report"),
        check_choice("kind", ReportKind, "report"),
        check_choice("status", ReportStatus, "report"),
        CheckConstraint("period_end >= period_start", name="ck_report_period"),
        Index("ix_report_unit_period", "unit_id", "period_start"),
        Index("ix_report_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = choice_column(ReportScope, nullable=False)
    kind: Mapped[str] = choice_column(ReportKind, nullable=False, default=ReportKind.ON_REQUEST)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("lk3_unit.id"))
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regency.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = choice_column(ReportStatus, nullable=False, default=ReportStatus.PENDING)
    # Set on the reports the scheduler creates (before a meeting, monthly, quarterly), so each
    # is created once however often the scan runs; empty for reports compiled on request.
    schedule_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)
    figures: Mapped[dict | None] = mapped_column(JSON)
    requested_by_id: Mapped[int | None] = user_fk()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit = relationship("Lk3Unit")
    regency = relationship("Regency")
    province = relationship("Province")
    meeting = relationship("Meeting", back_populates="reports")
    files = relationship("ReportFile", back_populates="report", order_by="ReportFile.filename")

    @property
    def scope_name(self):
        """The unit, regency/city or province the figures cover."""
        owner = self.unit or self.regency or self.province
        return owner.name if owner else ""

    def __str__(self):
        return f"{ReportScope.label_of(self.scope)} {self.period_start}–{self.period_end}"


class ReportFile(Model):
    __tablename__ = "report_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(100), nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    report = relationship("Report", back_populates="files")
