"""Links in emails: /go/<target>/<id> opens the screen that shows that row.

Emails outlive screens, so they link here instead of to a view's own URL. The target view
checks the user's permission and scope as for any other visit; this only needs a login.
"""

from flask import abort, redirect, request, url_for
from flask_appbuilder import BaseView, ModelView, expose
from flask_login import current_user

from lk3admin.mail import LINK_TARGETS


class LinkView(BaseView):
    route_base = "/go"
    # Only redirects; the view it redirects to applies the permissions.
    base_permissions = []

    @expose("/<target>/<int:pk>")
    def follow(self, target, pk):
        if not current_user.is_authenticated:
            return redirect(self.appbuilder.get_url_for_login_with(request.full_path))
        model = LINK_TARGETS.get(target)
        view = self._show_view_of(model) if model else None
        if view is None:
            abort(404)
        return redirect(url_for(f"{view.endpoint}.show", pk=pk))

    def _show_view_of(self, model):
        """The first registered screen of `model` that can show a row (menu order)."""
        for view in self.appbuilder.baseviews:
            if isinstance(view, ModelView) and view.datamodel.obj is model:
                return view
        return None


def register(appbuilder):
    appbuilder.add_view_no_menu(LinkView)
