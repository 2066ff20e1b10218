"""Shared fixtures: a fresh app per test, on every configured database backend.

The schema is built once per backend by Alembic (the real migrations); each test then
starts from empty tables (FAB's roles and permissions kept) and a new app object.
Backends come from LK3_TEST_BACKENDS ("sqlite,postgresql" by default).
"""

import os
import secrets
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="lk3-tests-"))
os.environ.setdefault("LK3_INSTANCE_DIR", str(_TMP / "instance"))
os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "test-field-encryption-key")

from sqlalchemy import create_engine, event, text  # noqa: E402

from tests import factories  # noqa: E402

PG_ADMIN_URL = os.environ.get(
    "LK3_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = [b for b in os.environ.get("LK3_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
# Rows of these tables survive between tests: the permissions and roles written once.
KEPT_TABLES = {
    "alembic_version",
    "ab_permission",
    "ab_view_menu",
    "ab_permission_view",
    "ab_role",
    "ab_permission_view_role",
}


def create_database(backend):
    """A new, empty database for this test session; returns (url, drop)."""
    if backend == "sqlite":
        path = _TMP / f"lk3-{secrets.token_hex(4)}.sqlite"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    name = f"lk3_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", drop


def make_app(database_url, **overrides):
    from lk3admin import create_app

    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "AUTH_RATE_LIMITED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


def migrate_to_head(app):
    from flask_migrate import upgrade

    from lk3admin.roles import sync_roles

    with app.app_context():
        upgrade()
        sync_roles(app.appbuilder)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request):
    """A migrated database per backend, shared by the tests of the session."""
    url, drop = create_database(request.param)
    migrate_to_head(make_app(url))
    yield url
    from lk3admin.extensions import db

    # Close pooled connections before dropping the database.
    app = make_app(url)
    with app.app_context():
        db.engine.dispose()
    drop()


@pytest.fixture
def backend(database_url):
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


def _empty_tables(app):
    from lk3admin.extensions import db

    with app.app_context():
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # The audit log refuses DELETE by trigger (migration 0002); tests start empty.
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            for table in tables:
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        factories.reference_data()
    yield app
    _empty_tables(app)


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, username="admin", password="Rahasia-123!"):
        return self._client.post(
            "/login/", data={"username": username, "password": password}, follow_redirects=True
        )

    def logout(self):
        return self._client.get("/logout/", follow_redirects=True)


@pytest.fixture
def auth(client, app):
    with app.app_context():
        factories.user("admin", role="Administrator", password="Rahasia-123!")
    return AuthActions(client)


@pytest.fixture
def admin(auth, client):
    """The test client, logged in as the administrator."""
    assert auth.login().status_code == 200
    return client


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects the SQL run inside the block."""

    @contextmanager
    def counting():
        from lk3admin.extensions import db

        statements = []

        def collect(conn, cursor, statement, *args):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", collect)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", collect)

    return counting
