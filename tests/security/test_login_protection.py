"""Acceptance 4 and the rest of login protection: lockout after LOGIN_MAX_FAILURES failed
logins (HTML form and API), unlock by an administrator or when the lock expires (time is
injected, nothing sleeps); rate limits on both logins (memory and Redis); password policy;
permanent, expiring sessions with safe cookie flags; CSRF on forms."""

import re
import secrets
from datetime import timedelta

import pytest
import redis
from sqlalchemy import select

from lk3admin import security
from lk3admin.access import Role
from lk3admin.extensions import db
from models import AuditAction, AuditLog, LoginLock
from models.base import utcnow
from tests import factories
from tests.conftest import make_app
from views.base import Lk3ModelView

LOCKED_MESSAGE = "dikunci sementara"


def form_login(client, username, password):
    client.get("/logout/")
    return client.post(
        "/login/", data={"username": username, "password": password}, follow_redirects=True
    )


def api_login(client, username, password):
    return client.post(
        "/api/v1/security/login",
        json={"username": username, "password": password, "provider": "db"},
    )


def logged_in(response):
    return "/logout/" in response.text


@pytest.fixture
def clerk(app_ctx):
    return factories.user("sekretariat_btg", "Sekretariat LK3", unit_id=factories.unit().id)


@pytest.mark.parametrize("channel", ["form", "api"])
def test_failed_logins_lock_the_account(channel, clerk, client, app, app_ctx):
    failures = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(failures):
        if channel == "form":
            assert not logged_in(form_login(client, clerk.username, "Salah-12345"))
        else:
            assert api_login(client, clerk.username, "Salah-12345").status_code == 401
    # Locked: even the right password is refused, with the reason.
    if channel == "form":
        page = form_login(client, clerk.username, factories.PASSWORD)
        assert not logged_in(page)
        assert LOCKED_MESSAGE in page.text
    else:
        response = api_login(client, clerk.username, factories.PASSWORD)
        assert response.status_code == 401
        assert LOCKED_MESSAGE in response.json["message"]
    db.session.expire_all()
    assert db.session.get(LoginLock, clerk.id) is not None
    locks = db.session.scalars(
        select(AuditLog).where(AuditLog.action == AuditAction.ACCOUNT_LOCKED)
    ).all()
    assert [row.user_id for row in locks] == [clerk.id]


def lock(user, client, app):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        api_login(client, user.username, "Salah-12345")
    db.session.expire_all()
    assert db.session.get(LoginLock, user.id) is not None


def test_an_administrator_unlocks(clerk, client, app, app_ctx, auth):
    lock(clerk, client, app)
    auth.login()
    response = client.post(
        "/users/action_post", data={"action": "unlock", "rowid": [str(clerk.id)]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LoginLock, clerk.id) is None
    unlocked = db.session.scalar(
        select(AuditLog).where(AuditLog.action == AuditAction.ACCOUNT_UNLOCKED)
    )
    assert (unlocked.object_id, unlocked.username) == (clerk.id, "admin")
    assert logged_in(form_login(client, clerk.username, factories.PASSWORD))
    assert api_login(client, clerk.username, factories.PASSWORD).status_code == 200


def test_the_lock_expires(clerk, client, app, app_ctx, monkeypatch):
    lock(clerk, client, app)
    minutes = app.config["LOGIN_LOCKOUT_MINUTES"]
    start = utcnow()
    monkeypatch.setattr(security, "utcnow", lambda: start + timedelta(minutes=minutes - 1))
    assert api_login(client, clerk.username, factories.PASSWORD).status_code == 401
    monkeypatch.setattr(security, "utcnow", lambda: start + timedelta(minutes=minutes + 1))
    assert api_login(client, clerk.username, factories.PASSWORD).status_code == 200
    db.session.expire_all()
    assert db.session.get(LoginLock, clerk.id) is None
    assert factories.user(clerk.username).fail_login_count == 0


def test_a_success_resets_the_count(clerk, client, app, app_ctx):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        api_login(client, clerk.username, "Salah-12345")
    assert api_login(client, clerk.username, factories.PASSWORD).status_code == 200
    api_login(client, clerk.username, "Salah-12345")
    db.session.expire_all()
    assert db.session.get(LoginLock, clerk.id) is None


# --- rate limits ---------------------------------------------------------------------------


@pytest.fixture(params=["memory", "redis"])
def limited_client(request, app, database_url):
    """A second portal on the same database with a low login rate limit."""
    storage = "memory://" if request.param == "memory" else "redis://127.0.0.1:6379/15"
    prefix = f"lk3-test-{secrets.token_hex(4)}"
    limited = make_app(
        database_url,
        AUTH_RATE_LIMITED=True,
        RATELIMIT_ENABLED=True,
        AUTH_RATE_LIMIT="3 per minute",
        RATELIMIT_STORAGE_URI=storage,
        RATELIMIT_KEY_PREFIX=prefix,
    )
    yield limited.test_client()
    if request.param == "redis":
        connection = redis.Redis.from_url(storage)
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)


def test_both_logins_are_rate_limited(limited_client, app_ctx):
    for _ in range(3):
        assert (
            limited_client.post("/login/", data={"username": "x", "password": "y"}).status_code
            == 302
        )
    assert (
        limited_client.post("/login/", data={"username": "x", "password": "y"}).status_code == 429
    )
    body = {"username": "x", "password": "y", "provider": "db"}
    for _ in range(3):
        assert limited_client.post("/api/v1/security/login", json=body).status_code == 401
    assert limited_client.post("/api/v1/security/login", json=body).status_code == 429


# --- passwords, sessions, cookies, CSRF ------------------------------------------------------


def test_password_policy(auth, client, app_ctx):
    auth.login()
    role = factories.user("admin").roles[0]
    weak = client.post(
        "/users/add",
        data={
            "first_name": "Dewi",
            "last_name": "Lestari",
            "username": "dewi",
            "email": "dewi@example.id",
            "roles": [str(role.id)],
            "password": "rahasia",
            "conf_password": "rahasia",
            "active": "y",
        },
    )
    assert "Kata sandi minimal" in weak.text
    assert not _exists("dewi")
    with pytest.raises(Exception, match="Kata sandi minimal"):
        security.check_password_policy("semuakecil123")
    security.check_password_policy("Cukup-Kuat-2026")


def _exists(username):
    from models import User

    return db.session.scalar(select(User).filter_by(username=username)) is not None


def test_sessions_are_permanent_and_cookies_safe(auth, client):
    response = client.post("/login/", data={"username": "admin", "password": factories.PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # A permanent session: the cookie, and the signed session in it, end after
    # PERMANENT_SESSION_LIFETIME without a request.
    assert "Expires=" in cookie
    with client.session_transaction() as session:
        assert session.permanent


_POST_FORM = re.compile(r"<form[^>]*method=[\"']post[\"'][^>]*>.*?</form>", re.S | re.I)
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def test_every_form_carries_a_csrf_token(world, database_url, app_ctx):
    """With CSRF on (as in production), a POST without the token is refused, and every
    form the portal shows, on every screen, carries the token."""
    protected = make_app(database_url, WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    admin = world.users[Role.ADMIN]
    credentials = {"username": admin, "password": factories.PASSWORD}
    assert client.post("/login/", data=credentials).status_code == 400
    token = _TOKEN.search(client.get("/login/").text).group(1)
    assert client.post("/login/", data={**credentials, "csrf_token": token}).status_code == 302
    # The API takes JSON, not a form: exempt.
    api = client.post("/api/v1/security/login", json={**credentials, "provider": "db"})
    assert api.status_code == 200

    pages = []
    for view in protected.appbuilder.baseviews:
        if isinstance(view, Lk3ModelView):
            base = view.route_base
            pages += [f"{base}/list/", f"{base}/add"]
            if ("A", view.datamodel.obj) in world.records:
                pk = db.inspect(world.own(view.datamodel.obj)).identity[0]
                pages += [f"{base}/show/{pk}", f"{base}/edit/{pk}"]
    pages += ["/users/list/", "/users/add", "/resetmypassword/form", "/userinfoeditview/form"]
    forms = 0
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            continue
        for form in _POST_FORM.findall(response.text):
            forms += 1
            # A prefixed form's token is "<prefix>-csrf_token"; CSRFProtect accepts it.
            assert re.search(r'name="[^"]*csrf_token"', form), f"{page}: form without a token"
    assert forms > 50  # add and edit forms, list actions, the case page's forms
    assert client.post("/partnerview/add", data={"name": "Tanpa token"}).status_code == 400
