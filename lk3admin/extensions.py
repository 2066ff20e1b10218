"""Extension objects, created unbound and attached to an app in create_app()."""

from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate

import models

# The FAB metadata holds every table (ours and ab_*), so Alembic sees one schema.
db = SQLA(metadata=models.Model.metadata)
migrate = Migrate()
