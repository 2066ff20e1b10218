"""Partner institutions that take referrals (menu Mitra)."""

from flask_babel import lazy_gettext as _l

from models import Partner
from views.base import Lk3Interface, Lk3ModelView

MENU = "Mitra"


class PartnerView(Lk3ModelView):
    datamodel = Lk3Interface(Partner)
    unit_path = "unit_id"
    object_name = _l("Lembaga Mitra")
    # No address in lists: shelters (rumah aman) must not leak theirs.
    list_columns = ["name", "kind", "unit", "services", "contact_phone", "mou_expires_on"]
    show_columns = add_columns = edit_columns = [
        "unit",
        "name",
        "kind",
        "services",
        "address",
        "address_confidential",
        "contact_name",
        "contact_phone",
        "contact_email",
        "mou_number",
        "mou_expires_on",
        "note",
    ]
    search_columns = [
        "name",
        "kind",
        "unit",
        "mou_number",
        "mou_expires_on",
        "address_confidential",
    ]
    email_columns = ("contact_email",)
    label_columns = {
        "unit": _l("Unit LK3"),
        "name": _l("Nama lembaga"),
        "kind": _l("Jenis"),
        "services": _l("Layanan yang diberikan"),
        "address": _l("Alamat"),
        "address_confidential": _l("Alamat dirahasiakan"),
        "contact_name": _l("Narahubung"),
        "contact_phone": _l("Telepon narahubung"),
        "contact_email": _l("Email narahubung"),
        "mou_number": _l("Nomor MoU"),
        "mou_expires_on": _l("MoU berlaku sampai"),
        "note": _l("Catatan"),
    }
    description_columns = {
        "address_confidential": _l(
            "Centang untuk rumah aman/shelter: alamatnya tidak dicantumkan di daftar, "
            "laporan, maupun email."
        ),
    }
    base_order = ("name", "asc")


def register(appbuilder):
    appbuilder.add_view(
        PartnerView,
        "Lembaga Mitra",
        label=_l("Lembaga Mitra"),
        category=MENU,
        category_label=_l("Mitra"),
        category_icon="fa-handshake-o",
    )
