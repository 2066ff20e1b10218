"""Reference data that administrators edit: regions (Kemendagri codes) and the LK3 lists."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Choice, Model, check_choice, choice_column


class RegencyKind(Choice):
    KABUPATEN = "kabupaten", _l("Kabupaten")
    KOTA = "kota", _l("Kota")


class Province(Model):
    __tablename__ = "province"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)

    regencies = relationship("Regency", back_populates="province", order_by="Regency.code")

    def __str__(self):
        return self.name


class Regency(Model):
    """A regency (kabupaten) or city (kota); Indonesia has 514 of them."""

    __tablename__ = "regency"
    __table_args__ = (check_choice("kind", RegencyKind, "regency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(5), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    kind: Mapped[str] = choice_column(RegencyKind, nullable=False)

    province = relationship("Province", back_populates="regencies")
    unit = relationship("Lk3Unit", back_populates="regency", uselist=False)

    def __str__(self):
        return self.name


class _Named:
    """A short reference list: a code for reports and imports, a name for people."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(150), unique=True, nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)

    def __str__(self):
        return self.name


class ProblemCategory(_Named, Model):
    """A welfare problem (KDRT, neglect, ...); never sexual orientation or gender identity."""

    __tablename__ = "problem_category"

    # Cases in these categories show the client's initials only, except to the case's
    # worker and supervisor (sexual and domestic violence).
    conceals_client_name: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class Service(_Named, Model):
    """One of the eight LK3 services (konseling, konsultasi, ... pusat informasi)."""

    __tablename__ = "service"


class PartnerKind(_Named, Model):
    __tablename__ = "partner_kind"


class MemberElement(_Named, Model):
    """The element (unsur) a board member comes from: police, army, health, Peksos, ..."""

    __tablename__ = "member_element"


class BoardPosition(_Named, Model):
    __tablename__ = "board_position"


class ReferralSource(_Named, Model):
    """Who found the case first: Satpol PP, Dinkes, DP3A, police, school, the family itself."""

    __tablename__ = "referral_source"


__all__ = [
    "RegencyKind",
    "Province",
    "Regency",
    "ProblemCategory",
    "Service",
    "PartnerKind",
    "MemberElement",
    "BoardPosition",
    "ReferralSource",
]
