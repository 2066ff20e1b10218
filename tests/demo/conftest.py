"""One seeded portal per backend for the read-only demo tests (seeding takes seconds)."""

import pytest

from tests.conftest import _empty_tables, make_app


@pytest.fixture(scope="module")
def demo_app(database_url):
    from lk3admin.demo import seed_demo

    app = make_app(database_url)
    with app.app_context():
        seed_demo()
    yield app
    _empty_tables(app)


@pytest.fixture
def demo(demo_app):
    """An app context on the seeded portal."""
    with demo_app.app_context():
        yield demo_app
