"""Every screen of the portal, registered on one AppBuilder by `register_views`.

Each area module has a `register(appbuilder)`; the order here is the menu order.
"""

from views import (
    access,
    audit,
    board,
    cases,
    families,
    home,
    links,
    meetings,
    outbox,
    partners,
    reference,
    reports,
    units,
)

# Menu order: Lembaga, Pengurus, Mitra, Kasus, Rapat Koordinasi, Referensi, Keamanan.
# The case screens join "Kasus" next to families.
AREAS = [
    units,
    board,
    partners,
    cases,
    families,
    meetings,
    reports,
    outbox,
    reference,
    links,
    access,
    audit,
]


def register_views(appbuilder):
    for area in AREAS:
        area.register(appbuilder)
    home.register(appbuilder)
