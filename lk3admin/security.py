"""The portal's one security manager."""

from flask_appbuilder.security.sqla.manager import SecurityManager


class Lk3SecurityManager(SecurityManager):
    pass
