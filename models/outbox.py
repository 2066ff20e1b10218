"""The outbox: every email, written with the change that causes it, delivered by a task."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from models.base import Choice, Model, check_choice, choice_column, utcnow


class OutboxStatus(Choice):
    PENDING = "menunggu", _l("Menunggu")
    SENDING = "mengirim", _l("Sedang dikirim")
    SENT = "terkirim", _l("Terkirim")
    FAILED = "gagal", _l("Gagal")


class MailKind(Choice):
    """What an email is about; the first part of its unique key in the outbox."""

    MEETING_COMING = "rapat_akan_datang", _l("Pengingat rapat koordinasi")
    FOLLOW_UP_DUE = "tindak_lanjut_jatuh_tempo", _l("Tindak lanjut jatuh tempo")
    FOLLOW_UP_OVERDUE = "tindak_lanjut_terlambat", _l("Tindak lanjut terlambat")
    REFERRAL_FEEDBACK_OVERDUE = "umpan_balik_rujukan_terlambat", _l("Umpan balik rujukan terlambat")
    BOARD_TERM_ENDING = "masa_bakti_pengurus_berakhir", _l("Masa bakti kepengurusan berakhir")
    MEMBER_TERM_ENDING = "masa_bakti_anggota_berakhir", _l("Masa bakti anggota berakhir")
    MOU_EXPIRING = "mou_mitra_berakhir", _l("MoU mitra berakhir")
    MEETING_REPORT = "laporan_rakor", _l("Laporan rapat koordinasi")
    PERIODIC_REPORT = "laporan_berkala", _l("Laporan berkala")


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        # One email per kind, object, period and recipient, however often the scan runs.
        UniqueConstraint(
            "kind", "object_key", "period_key", "recipient", name="uq_outbox_message_key"
        ),
        check_choice("status", OutboxStatus, "outbox_message"),
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
        Index("ix_outbox_message_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    object_key: Mapped[str] = mapped_column(String(80), nullable=False)
    period_key: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    recipient: Mapped[str] = mapped_column(String(200), nullable=False)
    # The unit the message speaks for, so the Outbox screen can be scoped like other rows.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("lk3_unit.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300), nullable=False)
    body_text: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = choice_column(OutboxStatus, nullable=False, default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set by the worker that claims the row; only that claim may mark the row sent or failed.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit = relationship("Lk3Unit")
    attachments = relationship(
        "OutboxAttachment", back_populates="message", order_by="OutboxAttachment.id"
    )

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class OutboxAttachment(Model):
    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    mimetype: Mapped[str] = mapped_column(String(100), nullable=False)
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    message = relationship("OutboxMessage", back_populates="attachments")
