"""Every screen of the portal, registered on one AppBuilder by `register_views`.

Each area module has a `register(appbuilder)`; the order here is the menu order.
"""

from views import home

AREAS = []


def register_views(appbuilder):
    for area in AREAS:
        area.register(appbuilder)
    home.register(appbuilder)
