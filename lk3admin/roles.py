"""The portal's roles, kept as data and written to FAB's permission tables."""

from flask import current_app

from lk3admin.extensions import db


def sync_roles(appbuilder):
    """Create the built-in roles, then every view's permissions (the admin role gets all)."""
    sm = appbuilder.sm
    sm.add_role(current_app.config["AUTH_ROLE_ADMIN"])
    sm.add_role(current_app.config["AUTH_ROLE_PUBLIC"])
    appbuilder.add_permissions(update_perms=True)
    db.session.commit()


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
