"""Client families and their members. Identity numbers, addresses and phones are encrypted."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Choice, Model, TimestampMixin, check_choice, choice_column, user_fk
from models.types import EncryptedText


class Sex(Choice):
    MALE = "L", _l("Laki-laki")
    FEMALE = "P", _l("Perempuan")


class FamilyRole(Choice):
    HEAD = "kepala_keluarga", _l("Kepala keluarga")
    SPOUSE = "pasangan", _l("Suami/istri")
    CHILD = "anak", _l("Anak")
    PARENT = "orang_tua", _l("Orang tua")
    RELATIVE = "kerabat", _l("Kerabat")
    OTHER = "lainnya", _l("Lainnya")


class Family(TimestampMixin, Model):
    __tablename__ = "family"
    __table_args__ = (Index("ix_family_unit_label", "unit_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("lk3_unit.id"), nullable=False)
    # A non-identifying label the secretariat uses, e.g. "Keluarga A-017".
    label: Mapped[str] = mapped_column(String(100), nullable=False)
    district: Mapped[str | None] = mapped_column(String(100))  # kecamatan
    village: Mapped[str | None] = mapped_column(String(100))  # kelurahan/desa
    address = mapped_column(EncryptedText)
    phone = mapped_column(EncryptedText)
    # The account that registered the family; a referring agency sees the families it
    # registered (before any case exists) besides those of its own cases.
    submitted_by_id: Mapped[int | None] = user_fk(index=True)

    unit = relationship("Lk3Unit")
    members = relationship("FamilyMember", back_populates="family", order_by="FamilyMember.id")
    cases = relationship("Case", back_populates="family")

    def __str__(self):
        return self.label


class FamilyMember(TimestampMixin, Model):
    __tablename__ = "family_member"
    __table_args__ = (
        check_choice("sex", Sex, "family_member"),
        check_choice("role", FamilyRole, "family_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(150), nullable=False)
    role: Mapped[str] = choice_column(FamilyRole, nullable=False, default=FamilyRole.OTHER)
    sex: Mapped[str | None] = choice_column(Sex)
    birth_date: Mapped[date | None] = mapped_column(Date)
    is_minor: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    nik = mapped_column(EncryptedText)
    # Keyed hash of the NIK, to find a person again without decrypting every row.
    nik_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone = mapped_column(EncryptedText)

    family = relationship("Family", back_populates="members")

    @property
    def initials(self):
        return "".join(part[0].upper() + "." for part in self.full_name.split() if part)

    def __str__(self):
        return self.full_name
