"""The Outbox screen: every email the portal wrote, its status and attempts; resend failed ones."""

from flask import flash, redirect
from flask_appbuilder.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lk3admin import background, mail
from models import MailKind, OutboxMessage, OutboxStatus
from views.base import Lk3Interface, Lk3ModelView

MENU = "Laporan"


class OutboxMessageView(Lk3ModelView):
    datamodel = Lk3Interface(OutboxMessage)
    route_base = "/outbox"
    unit_path = "unit_id"
    object_name = _l("Email Keluar")
    # Emails are written by the portal, never by hand.
    base_permissions = ["can_list", "can_show"]
    list_columns = [
        "created_at",
        "kind",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    show_columns = [
        "created_at",
        "kind",
        "unit",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "body_text",
    ]
    search_columns = ["kind", "status", "recipient", "created_at"]
    order_columns = ["created_at", "status", "attempts", "next_attempt_at", "sent_at"]
    choice_columns = {"kind": MailKind, "status": OutboxStatus}
    label_columns = {
        "created_at": _l("Dibuat"),
        "kind": _l("Jenis"),
        "unit": _l("Unit LK3"),
        "recipient": _l("Penerima"),
        "subject": _l("Subjek"),
        "status": _l("Status"),
        "attempts": _l("Percobaan"),
        "last_error": _l("Galat terakhir"),
        "next_attempt_at": _l("Percobaan berikutnya"),
        "sent_at": _l("Terkirim"),
        "body_text": _l("Isi"),
    }
    base_order = ("created_at", "desc")

    @action(
        "resend",
        _l("Kirim ulang"),
        _l("Kirim ulang email gagal yang dipilih?"),
        "fa-repeat",
        multiple=True,
        single=True,
    )
    def resend(self, messages):
        messages = messages if isinstance(messages, list) else [messages]
        reachable = [m.id for m in messages if m and self.datamodel.get(m.id, self._base_filters)]
        count = mail.resend(reachable)
        self.datamodel.session.commit()
        if count:
            background.wake_worker(background.DELIVER_OUTBOX)
            flash(_("%(count)d email masuk antrean untuk dikirim ulang.", count=count), "success")
        else:
            flash(_("Hanya email berstatus Gagal yang dapat dikirim ulang."), "warning")
        return redirect(self.get_redirect())


def register(appbuilder):
    appbuilder.add_view(
        OutboxMessageView,
        "Kotak Keluar Email",
        label=_l("Kotak Keluar Email"),
        category=MENU,
        category_label=_l("Laporan"),
        category_icon="fa-bar-chart",
    )
