"""lk3admin: the admin portal for LK3 units. `create_app()` builds one portal."""

from pathlib import Path

from flask import Flask
from flask_appbuilder import AppBuilder

from config import Config

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR.parent / "migrations"


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_path=str(Config.INSTANCE_DIR),
        instance_relative_config=False,
    )
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)

    init_database(app)
    with app.app_context():
        init_appbuilder(app)
    init_translations(app)
    init_cli(app)
    return app


def init_database(app):
    from lk3admin.extensions import db, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)


def init_appbuilder(app):
    """AppBuilder is built per app: a module-level one breaks a second app in one process."""
    from lk3admin.extensions import db
    from views import register_views

    appbuilder = AppBuilder(base_template="lk3/base.html")
    appbuilder.init_app(app, db.session)
    register_views(appbuilder)
    return appbuilder


def init_translations(app):
    from lk3admin import translations

    translations.init_app(app)


def init_cli(app):
    from lk3admin.cli import lk3_cli

    app.cli.add_command(lk3_cli)
