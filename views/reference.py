"""Reference data administrators edit (menu Referensi): regions and the LK3 lists."""

from flask_babel import lazy_gettext as _l

from models import (
    BoardPosition,
    MemberElement,
    PartnerKind,
    ProblemCategory,
    Province,
    ReferralSource,
    Regency,
    RegencyKind,
    Service,
)
from views.base import Lk3Interface, Lk3ModelView

MENU = "Referensi"


class RegencyView(Lk3ModelView):
    datamodel = Lk3Interface(Regency)
    unit_path = None
    object_name = _l("Kabupaten/Kota")
    list_columns = ["code", "name", "kind", "province"]
    show_columns = add_columns = edit_columns = ["province", "code", "name", "kind"]
    search_columns = ["code", "name", "kind", "province"]
    choice_columns = {"kind": RegencyKind}
    label_columns = {
        "code": _l("Kode Kemendagri"),
        "name": _l("Nama"),
        "kind": _l("Jenis"),
        "province": _l("Provinsi"),
    }
    base_order = ("code", "asc")
    constraint_messages = {"code": _l("Kode Kemendagri ini sudah dipakai kabupaten/kota lain.")}


class ProvinceView(Lk3ModelView):
    datamodel = Lk3Interface(Province)
    unit_path = None
    object_name = _l("Provinsi")
    list_columns = show_columns = add_columns = edit_columns = ["code", "name"]
    search_columns = ["code", "name"]
    label_columns = {"code": _l("Kode Kemendagri"), "name": _l("Nama")}
    base_order = ("code", "asc")
    related_views = [RegencyView]


class _NamedListView(Lk3ModelView):
    """A short reference list: code, name, order on screens, still in use."""

    unit_path = None
    list_columns = ["name", "code", "sort_order", "active"]
    show_columns = add_columns = edit_columns = ["name", "code", "sort_order", "active"]
    search_columns = ["name", "code", "active"]
    label_columns = {
        "name": _l("Nama"),
        "code": _l("Kode"),
        "sort_order": _l("Urutan"),
        "active": _l("Dipakai"),
    }
    description_columns = {
        "code": _l("Kode tetap untuk laporan dan impor; jangan diubah setelah dipakai."),
        "active": _l("Yang tidak dipakai lagi tidak muncul sebagai pilihan baru."),
    }
    base_order = ("sort_order", "asc")


class ProblemCategoryView(_NamedListView):
    datamodel = Lk3Interface(ProblemCategory)
    object_name = _l("Kategori Masalah")
    list_columns = [*_NamedListView.list_columns, "conceals_client_name"]
    show_columns = add_columns = edit_columns = list_columns
    label_columns = {
        **_NamedListView.label_columns,
        "conceals_client_name": _l("Samarkan nama klien"),
    }
    description_columns = {
        **_NamedListView.description_columns,
        "conceals_client_name": _l(
            "Kasus kategori ini hanya menampilkan inisial klien, kecuali kepada pekerja "
            "sosial dan supervisor kasusnya."
        ),
    }


class ServiceView(_NamedListView):
    datamodel = Lk3Interface(Service)
    object_name = _l("Layanan LK3")


class PartnerKindView(_NamedListView):
    datamodel = Lk3Interface(PartnerKind)
    object_name = _l("Jenis Mitra")


class MemberElementView(_NamedListView):
    datamodel = Lk3Interface(MemberElement)
    object_name = _l("Unsur Pengurus")


class BoardPositionView(_NamedListView):
    datamodel = Lk3Interface(BoardPosition)
    object_name = _l("Jabatan Pengurus")


class ReferralSourceView(_NamedListView):
    datamodel = Lk3Interface(ReferralSource)
    object_name = _l("Sumber Rujukan")


def register(appbuilder):
    category = {"category": MENU, "category_label": _l("Referensi"), "category_icon": "fa-book"}
    appbuilder.add_view(ProvinceView, "Provinsi", label=_l("Provinsi"), **category)
    appbuilder.add_view(RegencyView, "Kabupaten/Kota", label=_l("Kabupaten/Kota"), **category)
    appbuilder.add_separator(MENU)
    for view, name, label in [
        (ProblemCategoryView, "Kategori Masalah", _l("Kategori Masalah")),
        (ServiceView, "Layanan LK3", _l("Layanan LK3")),
        (ReferralSourceView, "Sumber Rujukan", _l("Sumber Rujukan")),
        (PartnerKindView, "Jenis Mitra", _l("Jenis Mitra")),
        (MemberElementView, "Unsur Pengurus", _l("Unsur Pengurus")),
        (BoardPositionView, "Jabatan Pengurus", _l("Jabatan Pengurus")),
    ]:
        appbuilder.add_view(view, name, label=label, **category)
