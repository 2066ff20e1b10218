"""The portal's roles, kept as data and written to FAB's permission tables.

ROLE_GRANTS says, for each role, which permissions it holds on which screens. A key is a
model name (the grant applies to every screen of that model: "Case" covers the case list
and the case page) or a screen's class name (for screens without a model, or to add to
one screen only). A permission a screen does not have is skipped, so a grant names what a
role may do, not how each screen spells it. Menu entries follow the screens a role may open.

Which rows a role reaches on those screens is decided separately, by lk3admin.access.

`flask lk3 sync-roles` writes these grants (the Administrator gets every permission);
`flask lk3 export-roles` and `import-roles` move the resulting permissions as JSON between
installations (an import replaces the permissions of the roles it names).
"""

import json

from flask import current_app

from lk3admin.access import Role
from lk3admin.extensions import db

READ = frozenset({"can_list", "can_show"})
WRITE = READ | {"can_add", "can_edit", "can_delete"}

BOARD = ("BoardPeriod", "Membership", "Person")
MEETINGS = ("Meeting", "MeetingInvitee", "ActionItem")
UNIT_RECORDS = ("Lk3Unit", "UnitStatusChange", *BOARD, "Partner", *MEETINGS)
CLIENT_RECORDS = ("Family", "FamilyMember")
CASE_RECORDS = ("Referral", "FollowUp", "ServiceDelivery", "Consent")
REFERENCE = (
    "Province",
    "Regency",
    "ProblemCategory",
    "Service",
    "PartnerKind",
    "MemberElement",
    "BoardPosition",
    "ReferralSource",
)
# Every account: its own profile and password.
OWN_ACCOUNT = {
    "UserInfoEditView": {"can_this_form_get", "can_this_form_post"},
    "ResetMyPasswordView": {"can_this_form_get", "can_this_form_post"},
    "Lk3UserDBModelView": {"can_userinfo", "userinfoedit", "resetmypassword"},
}


def _grant(names, permissions):
    return {name: frozenset(permissions) for name in names}


ROLE_GRANTS = {
    Role.DINSOS_PROVINCE: {
        **_grant(UNIT_RECORDS, READ),
        **_grant(REFERENCE, READ),
        "Report": READ,
    },
    Role.DINSOS_REGENCY: {
        **_grant(UNIT_RECORDS, READ),
        **_grant(("Lk3Unit", "Partner"), WRITE),
        **_grant(REFERENCE, READ),
        "Case": READ | {"can_add", "can_edit"},
        **_grant(CLIENT_RECORDS, WRITE),
        **_grant(CASE_RECORDS, READ),
        "Report": READ,
        "MeetingReportView": READ | {"compile_now"},
    },
    Role.SECRETARIAT: {
        "Lk3Unit": READ,
        "UnitContactView": READ | {"can_edit"},
        "UnitStatusChange": READ,
        **_grant(BOARD, WRITE),
        "BoardPeriod": WRITE | {"can_carry_over"},
        **_grant(MEETINGS, WRITE),
        "Partner": WRITE,
        "Report": READ,
        "MeetingReportView": READ | {"compile_now"},
    },
    Role.WORKER: {
        **_grant(("Lk3Unit", "Partner"), READ),
        "Case": READ | {"can_add", "can_edit"},
        **_grant(CLIENT_RECORDS, READ | {"can_add", "can_edit"}),
        **_grant(CASE_RECORDS, READ),
    },
    Role.SUPERVISOR: {
        **_grant(("Lk3Unit", "Partner", *MEETINGS), READ),
        "Case": READ | {"can_add", "can_edit", "can_approve", "can_override_consent"},
        **_grant(CLIENT_RECORDS, READ | {"can_add", "can_edit"}),
        **_grant(CASE_RECORDS, READ),
        "Report": READ,
    },
    Role.REFERRER: {
        "Case": READ | {"can_add"},
        **_grant(CLIENT_RECORDS, READ | {"can_add"}),
    },
    Role.MONITOR: {
        "Report": READ,
    },
}


def role_permissions(appbuilder, grants):
    """The (permission, view name) pairs `grants` give on the screens of this portal."""
    pairs = set()
    for view in appbuilder.baseviews:
        datamodel = getattr(view, "datamodel", None)
        model_name = datamodel.obj.__name__ if datamodel is not None else None
        granted = (
            grants.get(model_name, frozenset())
            | grants.get(type(view).__name__, frozenset())
            | OWN_ACCOUNT.get(type(view).__name__, frozenset())
        )
        pairs |= {(p, view.class_permission_name) for p in granted if p in view.base_permissions}
    return pairs | _menu_access(appbuilder.menu.get_list(), {view for _, view in pairs})


def _menu_access(items, views, category=None):
    """menu_access on every menu entry of a view the role may list, and on its category."""
    pairs = set()
    for item in items:
        if item.childs:
            pairs |= _menu_access(item.childs, views, category=item.name)
        elif item.baseview is not None and item.baseview.class_permission_name in views:
            pairs.add(("menu_access", item.name))
            if category:
                pairs.add(("menu_access", category))
    return pairs


def sync_roles(appbuilder):
    """Create every view's permissions (the admin role gets all) and write ROLE_GRANTS."""
    sm = appbuilder.sm
    sm.add_role(current_app.config["AUTH_ROLE_ADMIN"])
    sm.add_role(current_app.config["AUTH_ROLE_PUBLIC"])
    appbuilder.add_permissions(update_perms=True)
    for role_name, grants in ROLE_GRANTS.items():
        _set_role_permissions(sm, role_name, role_permissions(appbuilder, grants))
    db.session.commit()


def _set_role_permissions(sm, role_name, pairs):
    role = sm.find_role(role_name) or sm.add_role(role_name)
    role.permissions = [sm.add_permission_view_menu(p, view) for p, view in sorted(pairs)]


def export_roles(appbuilder, path):
    """Write every role's permissions as JSON: {role: [[permission, view], ...]}."""
    roles = {
        role.name: sorted([pv.permission.name, pv.view_menu.name] for pv in role.permissions)
        for role in appbuilder.sm.get_all_roles()
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(dict(sorted(roles.items())), out, indent=2, ensure_ascii=False)
    return len(roles)


def import_roles(appbuilder, path):
    """Set the permissions of each role in the JSON file to exactly those listed."""
    with open(path, encoding="utf-8") as source:
        roles = json.load(source)
    for role_name, pairs in roles.items():
        _set_role_permissions(appbuilder.sm, role_name, {tuple(pair) for pair in pairs})
    db.session.commit()
    return len(roles)


def ensure_admin(appbuilder, username, password, email):
    sm = appbuilder.sm
    if sm.find_user(username=username):
        return False
    role = sm.find_role(current_app.config["AUTH_ROLE_ADMIN"])
    if role is None:
        raise RuntimeError("run `flask lk3 sync-roles` first: the admin role does not exist")
    if not sm.add_user(username, "Admin", "LK3", email, role, password):
        raise RuntimeError("could not create the admin user")
    return True
