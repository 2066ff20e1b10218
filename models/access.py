"""Where a user works (the unit, regency or province whose rows their role may reach),
and the lock that follows repeated failed logins."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Model, utcnow


class UserScope(Model):
    __tablename__ = "user_scope"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("lk3_unit.id"), index=True)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regency.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("province.id"), index=True)
    # A referring agency's account (Instansi Perujuk) names the source it speaks for.
    referral_source_id: Mapped[int | None] = mapped_column(ForeignKey("referral_source.id"))
    # The supervisor a social worker reports to; the workers sharing one form a team.
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"), index=True)

    # Deleting a user deletes their scope and lock on both backends (SQLite runs without
    # foreign-key enforcement, so ON DELETE CASCADE alone is not enough).
    user = relationship(
        "User",
        foreign_keys=[user_id],
        backref=backref("scope", uselist=False, cascade="all, delete-orphan"),
    )
    unit = relationship("Lk3Unit")
    regency = relationship("Regency")
    province = relationship("Province")
    referral_source = relationship("ReferralSource")
    supervisor = relationship("User", foreign_keys=[supervisor_id])

    def __str__(self):
        return str(self.unit or self.regency or self.province or "—")


class LoginLock(Model):
    """An account locked after LOGIN_MAX_FAILURES failed logins, until `locked_until`
    or until an administrator unlocks it."""

    __tablename__ = "login_lock"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True
    )
    locked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    locked_until: Mapped[datetime] = mapped_column(DateTime, nullable=False)

    user = relationship(
        "User", backref=backref("login_lock", uselist=False, cascade="all, delete-orphan")
    )
