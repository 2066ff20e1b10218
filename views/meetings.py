"""Coordination meetings (menu Rapat Koordinasi): invitees, attendance, action items."""

from flask_babel import lazy_gettext as _l

from models import ActionItem, Meeting, MeetingInvitee
from views.base import Lk3Interface, Lk3ModelView

MENU = "Rapat Koordinasi"


class MeetingInviteeView(Lk3ModelView):
    datamodel = Lk3Interface(MeetingInvitee)
    unit_path = "meeting.unit_id"
    object_name = _l("Undangan")
    list_columns = ["name", "membership", "partner", "email", "attended"]
    list_eager = ("membership.person", "membership.position")
    form_eager = {"membership": ("person", "position")}
    show_columns = add_columns = edit_columns = [
        "meeting",
        "membership",
        "partner",
        "name",
        "email",
        "attended",
    ]
    search_columns = ["name", "email", "attended"]
    email_columns = ("email",)
    label_columns = {
        "meeting": _l("Rapat"),
        "membership": _l("Pengurus"),
        "partner": _l("Lembaga mitra"),
        "name": _l("Nama"),
        "email": _l("Email"),
        "attended": _l("Hadir"),
    }
    description_columns = {
        "email": _l("Untuk undangan di luar pengurus dan mitra, atau alamat tambahan."),
    }
    base_order = ("name", "asc")
    constraint_messages = {
        "ck_meeting_invitee_someone": _l(
            "Pilih pengurus atau lembaga mitra, atau isi alamat email undangan."
        ),
    }


class ActionItemView(Lk3ModelView):
    datamodel = Lk3Interface(ActionItem)
    unit_path = "meeting.unit_id"
    object_name = _l("Tindak Lanjut Rapat")
    list_columns = ["description", "owner", "due_on", "done_on"]
    show_columns = add_columns = edit_columns = [
        "meeting",
        "description",
        "owner",
        "due_on",
        "done_on",
    ]
    search_columns = ["description", "owner", "due_on", "done_on"]
    label_columns = {
        "meeting": _l("Rapat"),
        "description": _l("Uraian"),
        "owner": _l("Penanggung jawab"),
        "due_on": _l("Tenggat"),
        "done_on": _l("Selesai"),
    }
    base_order = ("due_on", "asc")


class MeetingView(Lk3ModelView):
    datamodel = Lk3Interface(Meeting)
    unit_path = "unit_id"
    object_name = _l("Rapat Koordinasi")
    list_columns = ["held_at", "title", "unit", "venue", "period_start", "period_end"]
    show_columns = add_columns = edit_columns = [
        "unit",
        "title",
        "held_at",
        "venue",
        "agenda",
        "period_start",
        "period_end",
        "minutes",
    ]
    search_columns = ["title", "unit", "held_at", "venue"]
    label_columns = {
        "unit": _l("Unit LK3"),
        "title": _l("Judul"),
        "held_at": _l("Waktu"),
        "venue": _l("Tempat"),
        "agenda": _l("Agenda"),
        "period_start": _l("Periode laporan mulai"),
        "period_end": _l("Periode laporan sampai"),
        "minutes": _l("Notulen"),
    }
    description_columns = {
        "period_start": _l("Kasus dan layanan pada periode ini dibahas dalam laporan rapat."),
    }
    base_order = ("held_at", "desc")
    related_views = [MeetingInviteeView, ActionItemView]
    constraint_messages = {
        "ck_meeting_period": _l("Akhir periode laporan tidak boleh sebelum awal periode."),
    }


def register(appbuilder):
    appbuilder.add_view(
        MeetingView,
        "Rapat Koordinasi",
        label=_l("Rapat Koordinasi"),
        category=MENU,
        category_label=_l("Rapat Koordinasi"),
        category_icon="fa-calendar",
    )
    appbuilder.add_view_no_menu(MeetingInviteeView)
    appbuilder.add_view_no_menu(ActionItemView)
