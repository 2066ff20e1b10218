"""LK3 units, their status history and contacts (menu Lembaga)."""

from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget, DatePickerWidget
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, TextAreaField
from wtforms.validators import Optional

from lk3admin import units
from models import BoardPeriod, Lk3Unit, UnitStatus, UnitStatusChange
from views.base import Lk3Interface, Lk3ModelView
from views.board import BoardPeriodView, MembershipView
from views.partners import PartnerView

MENU = "Lembaga"

UNIT_LABELS = {
    "code": _l("Kode"),
    "name": _l("Nama unit"),
    "regency": _l("Kabupaten/Kota"),
    "regency.province": _l("Provinsi"),
    "status": _l("Status"),
    "responsible_agency": _l("Instansi penanggung jawab"),
    "decree_number": _l("Nomor SK pembentukan"),
    "decree_date": _l("Tanggal SK"),
    "decree_issuer": _l("Penerbit SK"),
    "address": _l("Alamat"),
    "phone": _l("Telepon"),
    "email": _l("Email"),
    "secretariat_email": _l("Email sekretariat"),
    "status_changed_on": _l("Tanggal perubahan status"),
    "status_reason": _l("Alasan perubahan status"),
}
CONTACT_COLUMNS = ["address", "phone", "email", "secretariat_email"]


class UnitStatusChangeView(Lk3ModelView):
    """The status history of a unit: written by the unit's form, never edited by hand."""

    datamodel = Lk3Interface(UnitStatusChange)
    unit_path = "unit_id"
    object_name = _l("Riwayat Status")
    base_permissions = ["can_list", "can_show"]
    list_columns = ["changed_on", "status", "reason", "recorded_by"]
    show_columns = ["unit", "changed_on", "status", "reason", "recorded_by", "recorded_at"]
    search_columns = ["status", "changed_on"]
    choice_columns = {"status": UnitStatus}
    label_columns = {
        "unit": _l("Unit LK3"),
        "changed_on": _l("Tanggal"),
        "status": _l("Status"),
        "reason": _l("Alasan"),
        "recorded_by": _l("Dicatat oleh"),
        "recorded_at": _l("Waktu pencatatan"),
    }
    base_order = ("changed_on", "desc")


class MembershipsOfUnit(BaseFilter):
    """Memberships in any period of the given unit."""

    name = _l("Unit LK3")

    def apply(self, query, value):
        return query.join(BoardPeriod, self.model.period).filter(BoardPeriod.unit_id == value)


class UnitView(Lk3ModelView):
    datamodel = Lk3Interface(Lk3Unit)
    unit_path = "id"
    object_name = _l("Unit LK3")
    list_columns = ["code", "name", "regency", "regency.province", "status", "responsible_agency"]
    show_fieldsets = [
        (
            _l("Identitas"),
            {"fields": ["name", "code", "regency", "responsible_agency", "status"]},
        ),
        (_l("SK pembentukan"), {"fields": ["decree_number", "decree_date", "decree_issuer"]}),
        (_l("Kontak"), {"fields": CONTACT_COLUMNS}),
    ]
    add_columns = [
        "regency",
        "name",
        "code",
        "responsible_agency",
        "decree_number",
        "decree_date",
        "decree_issuer",
        "status",
        *CONTACT_COLUMNS,
    ]
    edit_columns = [*add_columns, "status_changed_on", "status_reason"]
    edit_form_extra_fields = {
        "status_changed_on": DateField(
            UNIT_LABELS["status_changed_on"],
            description=_l("Diisi bila status berubah; kosong berarti hari ini."),
            validators=[Optional()],
            widget=DatePickerWidget(),
        ),
        "status_reason": TextAreaField(
            UNIT_LABELS["status_reason"], validators=[Optional()], widget=BS3TextAreaFieldWidget()
        ),
    }
    search_columns = ["code", "name", "status", "regency", "responsible_agency"]
    choice_columns = {"status": UnitStatus}
    email_columns = ("email", "secretariat_email")
    label_columns = UNIT_LABELS
    description_columns = {
        "code": _l("Singkatan untuk nomor kasus, mis. BTG pada BTG/2026/0001."),
    }
    base_order = ("code", "asc")
    # Other areas add their tabs with add_unit_related_view (e.g. the cases list).
    related_views = [UnitStatusChangeView, BoardPeriodView, MembershipView, PartnerView]
    constraint_messages = {
        "code": _l("Kode ini sudah dipakai unit lain."),
        "regency_id": _l("Kabupaten/kota ini sudah memiliki unit LK3."),
    }

    def apply_rules(self, item, form, created):
        change = {}
        if not created:
            change = {
                "status_changed_on": form.status_changed_on.data,
                "status_reason": form.status_reason.data,
            }
        units.record_status(item, recorded_by_id=current_user.id, **change)

    def _get_related_view_widget(self, item, related_view, *args, **kwargs):
        if not isinstance(related_view, MembershipView):
            return super()._get_related_view_widget(item, related_view, *args, **kwargs)
        # Members reach their unit through a period, not a foreign key of their own.
        order_column, order_direction = args or ("", "")
        filters = related_view.datamodel.get_filters()
        filters.add_filter("period", MembershipsOfUnit, item.id)
        return related_view._get_view_widget(
            filters=filters,
            order_column=order_column,
            order_direction=order_direction,
            **kwargs,
        )


def add_unit_related_view(view_class):
    """Show view_class as a tab on a unit's page; call before appbuilder.add_view of it."""
    if view_class not in UnitView.related_views:
        UnitView.related_views.append(view_class)


class UnitContactView(Lk3ModelView):
    """The contact directory of the units; only the contact columns are edited here."""

    datamodel = Lk3Interface(Lk3Unit)
    unit_path = "id"
    object_name = _l("Kontak Unit")
    base_permissions = ["can_list", "can_show", "can_edit"]
    list_columns = ["name", "regency", *CONTACT_COLUMNS]
    show_columns = ["name", "regency", "responsible_agency", *CONTACT_COLUMNS]
    edit_columns = CONTACT_COLUMNS
    search_columns = ["name", "regency", "email", "phone"]
    email_columns = ("email", "secretariat_email")
    label_columns = UNIT_LABELS
    base_order = ("name", "asc")


def register(appbuilder):
    category = {"category": MENU, "category_label": _l("Lembaga"), "category_icon": "fa-building"}
    appbuilder.add_view(UnitView, "Unit LK3", label=_l("Unit LK3"), **category)
    appbuilder.add_view(UnitContactView, "Kontak Unit", label=_l("Kontak Unit"), **category)
    appbuilder.add_view_no_menu(UnitStatusChangeView)
