"""The audit log: who saw or changed what. Append-only."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Choice, Model, utcnow


class AuditAction(Choice):
    LOGIN = "login", _l("Masuk")
    LOGIN_FAILED = "login_gagal", _l("Gagal masuk")
    LOGOUT = "logout", _l("Keluar dari portal")
    ACCOUNT_LOCKED = "akun_dikunci", _l("Akun dikunci")
    ACCOUNT_UNLOCKED = "akun_dibuka", _l("Akun dibuka")
    VIEW = "lihat", _l("Melihat")
    CREATE = "tambah", _l("Menambah")
    UPDATE = "ubah", _l("Mengubah")
    DELETE = "hapus", _l("Menghapus")
    EXPORT = "ekspor", _l("Mengekspor")
    REFERRAL = "rujukan", _l("Rujukan")
    APPROVAL = "persetujuan", _l("Persetujuan atasan")
    CONSENT_OVERRIDE = "tanpa_persetujuan", _l("Rujukan tanpa persetujuan klien")
    RETENTION_DRY_RUN = "retensi_uji", _l("Retensi (uji coba)")
    RETENTION = "retensi", _l("Retensi (anonimisasi)")
    KEY_ROTATION = "rotasi_kunci", _l("Rotasi kunci enkripsi")


class AuditLog(Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_object", "object_type", "object_id"),
        Index("ix_audit_log_user_at", "user_id", "at"),
        Index("ix_audit_log_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    # No foreign keys: the log outlives the users and rows it speaks of.
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[int | None] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict | None] = mapped_column(JSON)

    def __str__(self):
        return (
            f"{self.at:%d-%m-%Y %H:%M} {self.username or '—'} {AuditAction.label_of(self.action)}"
        )
