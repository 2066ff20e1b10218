"""Where a user works: the unit, regency or province whose rows their role may reach."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model


class UserScope(Model):
    __tablename__ = "user_scope"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("lk3_unit.id"), index=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regency.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"))
    # A referring agency's account (Instansi Perujuk) names the source it speaks for.
    referral_source_id: Mapped[int | None] = mapped_column(ForeignKey("referral_source.id"))

    user = relationship("User", backref="scope")
    unit = relationship("Lk3Unit")
    regency = relationship("Regency")
    province = relationship("Province")
    referral_source = relationship("ReferralSource")
