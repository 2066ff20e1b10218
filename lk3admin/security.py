"""The portal's one security manager: login protection, account lockout, login audit,
password policy, permanent (timed-out) sessions and CSRF protection on every form.

- Rate limit: FAB limits only the HTML login form (AUTH_RATE_LIMITED, AUTH_RATE_LIMIT); the
  API login (/api/v1/security/login) gets the same limit here. Counts are kept in
  RATELIMIT_STORAGE_URI (memory, or Redis for several web processes).
- Lockout: after LOGIN_MAX_FAILURES failed logins in a row an account is locked for
  LOGIN_LOCKOUT_MINUTES (models.LoginLock), also against the right password; an
  administrator unlocks it earlier with the "Buka kunci akun" action of the user list.
- Every login, failed login, logout, lock and unlock is an audit row.
"""

import re
from datetime import timedelta

from flask import current_app, flash, g, redirect, session
from flask_appbuilder.actions import action
from flask_appbuilder.api import expose, safe
from flask_appbuilder.exceptions import PasswordComplexityValidationError
from flask_appbuilder.security.api import SecurityApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView, UserDBModelView
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFProtect
from werkzeug.security import check_password_hash

from lk3admin import access, audit
from lk3admin.extensions import db
from models import AuditAction, LoginLock
from models.base import utcnow

_PASSWORD_RULES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"))


def check_password_policy(password):
    """FAB's password validator hook (FAB_PASSWORD_COMPLEXITY_VALIDATOR)."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password or "") < minimum or not all(r.search(password) for r in _PASSWORD_RULES):
        raise PasswordComplexityValidationError(
            _(
                "Kata sandi minimal %(length)d karakter dan memuat huruf kecil, huruf besar "
                "dan angka.",
                length=minimum,
            )
        )


# --- lockout -----------------------------------------------------------------------------


def lock_message():
    config = current_app.config
    return _(
        "Akun ini dikunci sementara setelah %(failures)d kali gagal masuk. Coba lagi setelah "
        "%(minutes)d menit, atau minta administrator membuka kuncinya.",
        failures=config["LOGIN_MAX_FAILURES"],
        minutes=config["LOGIN_LOCKOUT_MINUTES"],
    )


def is_locked(user):
    """Whether `user` is locked now; a lock whose time is over is lifted here."""
    lock = user.login_lock
    if lock is None:
        return False
    if lock.locked_until > utcnow():
        return True
    unlock(user, reason="waktu_habis")
    return False


def lock_after_failure(user):
    """Lock `user` when its failed logins in a row reach LOGIN_MAX_FAILURES."""
    config = current_app.config
    if (user.fail_login_count or 0) < config["LOGIN_MAX_FAILURES"] or user.login_lock:
        return False
    now = utcnow()
    user.login_lock = LoginLock(
        locked_at=now, locked_until=now + timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
    )
    audit.record(AuditAction.ACCOUNT_LOCKED, user, user=user)
    return True


def unlock(user, reason):
    """Lift the lock of `user` and start counting failures from zero."""
    if user.login_lock is None and not user.fail_login_count:
        return False
    user.login_lock = None
    user.fail_login_count = 0
    audit.record(AuditAction.ACCOUNT_UNLOCKED, user, details={"alasan": reason})
    return True


# --- views -------------------------------------------------------------------------------


class Lk3AuthDBView(AuthDBView):
    @property
    def invalid_login_message(self):
        """The lockout message when the login was refused for a lock, FAB's otherwise."""
        return g.get("login_refusal") or AuthDBView.invalid_login_message


class Lk3SecurityApi(SecurityApi):
    @expose("/login", methods=["POST"])
    @safe
    def login(self):
        response = super().login()
        if g.get("login_refusal"):
            return self.response(401, message=str(g.login_refusal))
        return response


class Lk3UserDBModelView(UserDBModelView):
    @action(
        "unlock",
        _l("Buka kunci akun"),
        _l("Buka kunci akun yang dipilih?"),
        "fa-unlock",
        single=False,
    )
    def unlock(self, users):
        users = users if isinstance(users, list) else [users]
        unlocked = [user for user in users if user is not None and unlock(user, reason="admin")]
        db.session.commit()
        flash(_("%(count)d akun dibuka kuncinya.", count=len(unlocked)), "success")
        return redirect(self.get_redirect())


# --- the manager -------------------------------------------------------------------------


class Lk3SecurityManager(SecurityManager):
    authdbview = Lk3AuthDBView
    security_api = Lk3SecurityApi
    userdbmodelview = Lk3UserDBModelView
    # FAB's user statistics chart loads Google Charts from the internet: not offered.
    userstatschartview = None

    def __init__(self, appbuilder):
        app = current_app
        app.config.setdefault("FAB_PASSWORD_COMPLEXITY_VALIDATOR", check_password_policy)
        # Before any view is registered: FAB exempts its APIs from the CSRF check it finds.
        if "csrf" not in app.extensions:
            CSRFProtect(app)
        super().__init__(appbuilder)
        app.before_request(_start_request)
        app.after_request(audit.record_download)
        audit.install()
        access.install()

    def register_views(self):
        super().register_views()
        if self.is_auth_limited:
            api = next(v for v in self.appbuilder.baseviews if isinstance(v, SecurityApi))
            self.limiter.limit(self.auth_rate_limit, methods=["POST"])(api.blueprint)

    def _has_view_access(self, user, permission_name, view_name):
        """Read the user's permissions once per request, not once per menu item and button
        (FAB asks the database for each, some forty times a page)."""
        roles = self.get_user_roles(user)
        key = (getattr(user, "id", None), tuple(sorted(role.id for role in roles)))
        cache = g.setdefault("lk3_permissions", {})
        if key not in cache:
            cache[key] = self.get_user_permissions(user)
        return (permission_name, view_name) in cache[key]

    def auth_user_db(self, username, password):
        user = None
        if username:
            user = self.find_user(username=username) or self.find_user(email=username)
        if user is not None and user.is_active and is_locked(user):
            # Same work as a password check, so a lock is not told apart by timing alone.
            check_password_hash(current_app.config["AUTH_DB_FAKE_PASSWORD_HASH_CHECK"], "x")
            self._refuse(user, "terkunci")
            g.login_refusal = lock_message()
            return None
        authenticated = super().auth_user_db(username, password)
        if authenticated is None and username and (user is None or not user.is_active):
            self._refuse(user, "tidak_dikenal" if user is None else "tidak_aktif", username)
        return authenticated

    def _refuse(self, user, reason, username=None):
        details = {"alasan": reason}
        if username is not None:
            details["username"] = username[:100]
        audit.record(AuditAction.LOGIN_FAILED, user, user=user, details=details)
        db.session.commit()

    def on_user_login(self, user):
        audit.record(AuditAction.LOGIN, user, user=user)
        db.session.commit()

    def on_user_login_failed(self, user):
        audit.record(AuditAction.LOGIN_FAILED, user, user=user, details={"alasan": "sandi"})
        if lock_after_failure(user):
            g.login_refusal = lock_message()
        db.session.commit()

    def on_user_logout(self, user):
        audit.record(AuditAction.LOGOUT, user, user=user)
        db.session.commit()


# What the portal notes in `g` about one request (a request may share its app context).
REQUEST_STATE = (
    "login_refusal",
    "lk3_principal",
    "lk3_permissions",
    access.AREA_CACHE,
    "lk3_concealed",
    "lk3_export_recorded",
)


def _start_request():
    # Sessions expire PERMANENT_SESSION_LIFETIME after the last request (idle timeout).
    session.permanent = True
    for name in REQUEST_STATE:
        g.pop(name, None)
