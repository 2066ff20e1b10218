"""The board register (menu Pengurus): periods by decree, persons, memberships."""

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, DatePickerWidget
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.widgets import FormWidget
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Email, Optional

from lk3admin import board
from models import BoardPeriod, LeaveReason, Membership, Person
from views.base import Lk3Interface, Lk3ModelView

MENU = "Pengurus"

MEMBERSHIP_LABELS = {
    "period": _l("Periode"),
    "period.unit": _l("Unit LK3"),
    "person": _l("Nama"),
    "position": _l("Jabatan"),
    "element": _l("Unsur"),
    "origin_agency": _l("Instansi asal"),
    "expertise": _l("Keahlian"),
    "joined_on": _l("Tanggal bergabung"),
    "left_on": _l("Tanggal keluar"),
    "left_reason": _l("Alasan keluar"),
    "left_note": _l("Keterangan keluar"),
}


class MembershipView(Lk3ModelView):
    datamodel = Lk3Interface(Membership)
    unit_path = "period.unit_id"
    object_name = _l("Keanggotaan Pengurus")
    list_columns = [
        "person",
        "position",
        "element",
        "origin_agency",
        "period",
        "period.unit",
        "joined_on",
        "left_on",
    ]
    show_columns = edit_columns = [
        "period",
        "person",
        "position",
        "element",
        "origin_agency",
        "expertise",
        "joined_on",
        "left_on",
        "left_reason",
        "left_note",
    ]
    # A new member who is not registered yet is typed in by name instead of chosen.
    add_columns = [
        "period",
        "person",
        "new_person_name",
        "new_person_phone",
        "new_person_email",
        *edit_columns[2:],
    ]
    add_form_extra_fields = {
        "new_person_name": StringField(
            _l("atau nama orang baru"), validators=[Optional()], widget=BS3TextFieldWidget()
        ),
        "new_person_phone": StringField(
            _l("Telepon orang baru"), validators=[Optional()], widget=BS3TextFieldWidget()
        ),
        "new_person_email": StringField(
            _l("Email orang baru"),
            validators=[Optional(), Email(message=_l("Alamat email tidak valid."))],
            widget=BS3TextFieldWidget(),
        ),
    }
    # Optional here so that a new name can stand in for it; the rule checks one is given.
    validators_columns = {"person": [Optional()]}
    search_columns = [
        "period",
        "position",
        "element",
        "origin_agency",
        "expertise",
        "joined_on",
        "left_on",
        "left_reason",
    ]
    choice_columns = {"left_reason": LeaveReason}
    label_columns = MEMBERSHIP_LABELS
    base_order = ("joined_on", "desc")
    constraint_messages = {
        "uq_membership_period_person": _l(
            "Orang ini sudah tercatat sebagai pengurus pada periode tersebut."
        ),
        "ck_membership_dates": _l("Tanggal keluar tidak boleh sebelum tanggal bergabung."),
    }

    def apply_rules(self, item, form, created):
        new_person = {}
        if created:
            new_person = {
                "full_name": form.new_person_name.data,
                "phone": form.new_person_phone.data,
                "email": form.new_person_email.data,
            }
        board.assign_person(item, **new_person)
        board.check_membership(item)


class PersonView(Lk3ModelView):
    datamodel = Lk3Interface(Person)
    unit_path = "memberships.period.unit_id"
    object_name = _l("Orang")
    list_columns = show_columns = add_columns = edit_columns = ["full_name", "phone", "email"]
    search_columns = ["full_name", "phone", "email"]
    email_columns = ("email",)
    label_columns = {"full_name": _l("Nama lengkap"), "phone": _l("Telepon"), "email": _l("Email")}
    base_order = ("full_name", "asc")
    related_views = [MembershipView]


class CarryOverForm(DynamicForm):
    FIELDS = ["decree_number", "decree_date", "starts_on", "ends_on", "inaugurated_on"]

    decree_number = StringField(
        _l("Nomor SK periode baru"), validators=[DataRequired()], widget=BS3TextFieldWidget()
    )
    decree_date = DateField(_l("Tanggal SK"), validators=[Optional()], widget=DatePickerWidget())
    starts_on = DateField(_l("Mulai"), validators=[DataRequired()], widget=DatePickerWidget())
    ends_on = DateField(_l("Berakhir"), validators=[Optional()], widget=DatePickerWidget())
    inaugurated_on = DateField(
        _l("Tanggal pengukuhan"), validators=[Optional()], widget=DatePickerWidget()
    )


class BoardPeriodView(Lk3ModelView):
    datamodel = Lk3Interface(BoardPeriod)
    unit_path = "unit_id"
    object_name = _l("Periode Kepengurusan")
    show_template = "lk3/board_period_show.html"
    list_columns = ["unit", "decree_number", "starts_on", "ends_on", "inaugurated_on"]
    show_columns = add_columns = edit_columns = [
        "unit",
        "decree_number",
        "decree_date",
        "starts_on",
        "ends_on",
        "inaugurated_on",
        "note",
    ]
    search_columns = ["unit", "decree_number", "starts_on", "ends_on"]
    label_columns = {
        "unit": _l("Unit LK3"),
        "decree_number": _l("Nomor SK"),
        "decree_date": _l("Tanggal SK"),
        "starts_on": _l("Mulai"),
        "ends_on": _l("Berakhir"),
        "inaugurated_on": _l("Tanggal pengukuhan"),
        "note": _l("Catatan"),
    }
    base_order = ("starts_on", "desc")
    related_views = [MembershipView]
    constraint_messages = {
        "ck_board_period_dates": _l("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
    }

    def apply_rules(self, item, form, created):
        board.check_period(item)

    @expose("/carry-over/<int:pk>", methods=["GET", "POST"])
    @has_access
    def carry_over(self, pk):
        """Start the next period with everyone still serving in this one."""
        previous = self.datamodel.get(pk, self._base_filters)
        if previous is None:
            abort(404)
        form = CarryOverForm()
        if request.method == "POST" and form.validate():
            fields = {name: form[name].data for name in CarryOverForm.FIELDS}
            period = self.commit_or_refuse(
                form, lambda: board.start_next_period(previous, **fields)
            )
            if period is not None:
                flash(
                    _(
                        "Periode %(decree)s dimulai dengan %(count)d pengurus dari periode "
                        "sebelumnya.",
                        decree=period.decree_number,
                        count=len(period.memberships),
                    ),
                    "success",
                )
                return redirect(url_for(".show", pk=period.id))
        serving = board.serving_members(previous)
        return self.render_template(
            "lk3/carry_over.html",
            title=_("Lanjutkan pengurus ke periode baru"),
            previous=previous,
            serving_count=len(serving),
            widgets={"edit": FormWidget(form=form, include_cols=CarryOverForm.FIELDS)},
        )


def register(appbuilder):
    category = {"category": MENU, "category_label": _l("Pengurus"), "category_icon": "fa-users"}
    appbuilder.add_view(
        BoardPeriodView, "Periode Kepengurusan", label=_l("Periode Kepengurusan"), **category
    )
    appbuilder.add_view(
        MembershipView, "Anggota Pengurus", label=_l("Anggota Pengurus"), **category
    )
    appbuilder.add_view(PersonView, "Orang", label=_l("Orang"), **category)
