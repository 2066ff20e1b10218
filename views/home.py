"""The landing page after login."""

from flask_appbuilder import IndexView


class HomeView(IndexView):
    index_template = "lk3/index.html"


def register(appbuilder):
    """The index view is set through FAB_INDEX_VIEW; nothing else to add yet."""
