"""Where each user works (Keamanan › Wilayah Kerja Pengguna): the unit, regency or province
whose rows their role reaches, the supervisor of a social worker's team, and the referral
source a referring agency speaks for (lk3admin.access)."""

from flask_babel import lazy_gettext as _l

from lk3admin import access
from models import UserScope
from views.base import Lk3Interface, Lk3ModelView

MENU = "Security"
COLUMNS = ["user", "unit", "regency", "province", "supervisor", "referral_source"]


class UserScopeView(Lk3ModelView):
    datamodel = Lk3Interface(UserScope)
    route_base = "/user-scope"
    unit_path = "unit_id"
    object_name = _l("Wilayah Kerja Pengguna")
    list_columns = show_columns = add_columns = edit_columns = COLUMNS
    search_columns = ["user", "unit", "regency", "province", "supervisor"]
    label_columns = {
        "user": _l("Pengguna"),
        "unit": _l("Unit LK3"),
        "regency": _l("Kabupaten/Kota"),
        "province": _l("Provinsi"),
        "supervisor": _l("Supervisor (tim)"),
        "referral_source": _l("Sumber rujukan (Instansi Perujuk)"),
    }
    description_columns = {
        "unit": _l("Untuk Sekretariat LK3, Pekerja Sosial, Supervisor dan Instansi Perujuk."),
        "regency": _l("Untuk Dinsos Kabupaten/Kota."),
        "province": _l("Untuk Dinsos Provinsi dan Pemantau."),
        "supervisor": _l("Pekerja sosial dengan supervisor yang sama membentuk satu tim."),
    }

    def apply_rules(self, item, form, created):
        access.check_scope(item)


def register(appbuilder):
    appbuilder.add_view(
        UserScopeView,
        "Wilayah Kerja Pengguna",
        label=_l("Wilayah Kerja Pengguna"),
        icon="fa-map-marker",
        category=MENU,
    )
