"""Partner institutions (jaringan kerja / lembaga rujukan) that take referrals."""

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model, TimestampMixin

partner_service = Table(
    "partner_service",
    Model.metadata,
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id"), primary_key=True),
)


class Partner(TimestampMixin, Model):
    __tablename__ = "partner"
    __table_args__ = (Index("ix_partner_unit_name", "unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind_id: Mapped[int] = mapped_column(ForeignKey("partner_kind.id"), nullable=False, index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    # Shelters (rumah aman) must not leak their address.
    address_confidential: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    contact_name: Mapped[str | None] = mapped_column(String(150))
    contact_phone: Mapped[str | None] = mapped_column(String(30))
    contact_email: Mapped[str | None] = mapped_column(String(120))
    mou_number: Mapped[str | None] = mapped_column(String(100))
    mou_expires_on: Mapped[date | None] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)

    unit = relationship("Lk3Unit", back_populates="partners")
    kind = relationship("PartnerKind")
    services = relationship("Service", secondary=partner_service)

    def __str__(self):
        return self.name
