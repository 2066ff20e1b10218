"""The landing page after login: where LK3 units stand, and a few counts."""

from flask import redirect
from flask_appbuilder import IndexView, expose
from flask_login import current_user

from lk3admin import access, dashboard


class HomeView(IndexView):
    index_template = "lk3/index.html"

    @expose("/")
    def index(self):
        if not current_user.is_authenticated:
            return redirect(self.appbuilder.get_url_for_login)
        # The figures of the user's area only (lk3admin.access: aggregate reach).
        area = access.figures_area(access.current_principal()) or {}
        return self.render_template(
            self.index_template, appbuilder=self.appbuilder, overview=dashboard.overview(**area)
        )


def register(appbuilder):
    """The index view is set through FAB_INDEX_VIEW; nothing else to add yet."""
