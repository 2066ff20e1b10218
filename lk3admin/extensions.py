"""Extension objects, created unbound and attached to an app in create_app()."""

import sqlite3

from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate
from sqlalchemy import event
from sqlalchemy.engine import Engine

import models

# The FAB metadata holds every table (ours and ab_*), so Alembic sees one schema.
db = SQLA(metadata=models.Model.metadata)
migrate = Migrate()


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked, per connection; PostgreSQL always checks."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
