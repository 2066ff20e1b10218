"""The audit log screen (Keamanan › Log Audit): search, read; nothing else, for anybody.

The view has no add, edit, delete or action routes at all; the log is append-only
(lk3admin.audit), administrators included.
"""

import json

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from models import AuditAction, AuditLog
from views.base import Lk3Interface, Lk3ModelView

MENU = "Security"


def details_block(details):
    if not details:
        return ""
    text = json.dumps(details, ensure_ascii=False, indent=2, sort_keys=True)
    return Markup("<pre>{}</pre>").format(text)


class AuditLogView(Lk3ModelView):
    datamodel = Lk3Interface(AuditLog)
    route_base = "/audit"
    unit_path = "unit_id"
    object_name = _l("Log Audit")
    include_route_methods = {"list", "show"}
    base_permissions = ["can_list", "can_show"]
    list_columns = ["at", "username", "action", "object_type", "object_id", "unit_id", "ip"]
    show_columns = [*list_columns, "user_id", "details"]
    search_columns = ["at", "username", "action", "object_type", "object_id", "unit_id", "ip"]
    order_columns = ["at", "username", "action", "object_type"]
    choice_columns = {"action": AuditAction}
    formatters_columns = {"details": details_block}
    label_columns = {
        "at": _l("Waktu (UTC)"),
        "user_id": _l("ID pengguna"),
        "username": _l("Pengguna"),
        "action": _l("Tindakan"),
        "object_type": _l("Jenis data"),
        "object_id": _l("ID data"),
        "unit_id": _l("ID unit LK3"),
        "ip": _l("Alamat IP"),
        "details": _l("Rincian"),
    }
    base_order = ("at", "desc")


def register(appbuilder):
    appbuilder.add_view(
        AuditLogView,
        "Log Audit",
        label=_l("Log Audit"),
        icon="fa-history",
        category=MENU,
    )
