"""Client families and their members (menu Kasus, "Keluarga").

Identity numbers, addresses and phones are encrypted at rest and appear only on a
record's own page and form, never in lists or search.
"""

from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Optional

from lk3admin import families
from models import Family, FamilyMember, FamilyRole, Sex
from views.base import Lk3Interface, Lk3ModelView

MENU = "Kasus"


def _text_field(label):
    """A one-line input for an encrypted column (FAB would offer a text area)."""
    return StringField(label, validators=[Optional()], widget=BS3TextFieldWidget())


class FamilyMemberView(Lk3ModelView):
    datamodel = Lk3Interface(FamilyMember)
    unit_path = "family.unit_id"
    object_name = _l("Anggota Keluarga")
    list_columns = ["full_name", "family", "role", "sex", "birth_date", "is_minor"]
    show_columns = add_columns = edit_columns = [
        "family",
        "full_name",
        "role",
        "sex",
        "birth_date",
        "is_minor",
        "nik",
        "phone",
    ]
    search_columns = ["full_name", "role", "sex", "is_minor"]
    choice_columns = {"role": FamilyRole, "sex": Sex}
    label_columns = {
        "family": _l("Keluarga"),
        "full_name": _l("Nama lengkap"),
        "role": _l("Hubungan dalam keluarga"),
        "sex": _l("Jenis kelamin"),
        "birth_date": _l("Tanggal lahir"),
        "is_minor": _l("Anak (di bawah 18 tahun)"),
        "nik": _l("NIK"),
        "phone": _l("Telepon"),
    }
    description_columns = {
        "is_minor": _l("Dihitung dari tanggal lahir bila diisi."),
        "nik": _l("16 angka; disimpan terenkripsi."),
    }
    add_form_extra_fields = edit_form_extra_fields = {
        "nik": _text_field(_l("NIK")),
        "phone": _text_field(_l("Telepon")),
    }
    base_order = ("full_name", "asc")

    def apply_rules(self, item, form, created):
        families.check_member(item)


class FamilyView(Lk3ModelView):
    datamodel = Lk3Interface(Family)
    unit_path = "unit_id"
    object_name = _l("Keluarga")
    list_columns = ["label", "unit", "district", "village"]
    show_columns = add_columns = edit_columns = [
        "unit",
        "label",
        "district",
        "village",
        "address",
        "phone",
    ]
    search_columns = ["label", "unit", "district", "village"]
    label_columns = {
        "unit": _l("Unit LK3"),
        "label": _l("Label keluarga"),
        "district": _l("Kecamatan"),
        "village": _l("Kelurahan/Desa"),
        "address": _l("Alamat"),
        "phone": _l("Telepon"),
    }
    description_columns = {
        "label": _l("Label yang tidak mengungkap identitas, mis. Keluarga A-017."),
    }
    add_form_extra_fields = edit_form_extra_fields = {"phone": _text_field(_l("Telepon"))}
    base_order = ("label", "asc")
    related_views = [FamilyMemberView]


def register(appbuilder):
    appbuilder.add_view(
        FamilyView,
        "Keluarga",
        label=_l("Keluarga"),
        category=MENU,
        category_label=_l("Kasus"),
        category_icon="fa-folder-open",
    )
    appbuilder.add_view_no_menu(FamilyMemberView)
