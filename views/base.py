"""The base of every model screen: capped page sizes, explicit search columns, a unit path.

FAB makes every column searchable and every relation a dropdown that loads its whole
table; it accepts any psize_* value. Our views must name their search columns, and the
page size is capped whatever the URL asks.
"""

from flask import current_app
from flask_appbuilder import ModelView

_UNDECLARED = object()


class Lk3ModelView(ModelView):
    page_size = 25
    # How a row reaches its LK3 unit, as a dotted path from the view's model to a unit id:
    # "unit_id" (Partner), "period.unit_id" (Membership), "case.unit_id" (Referral), or
    # None for data that belongs to no unit (reference lists). The access rules in
    # lk3admin/access.py scope every path of the view (list, show, edit, add, dropdowns,
    # exports, API) by it, so every view must declare it.
    unit_path = _UNDECLARED

    def __init__(self, *args, **kwargs):
        if self.search_columns is None:
            raise TypeError(f"{type(self).__name__} must name its search_columns explicitly")
        if self.unit_path is _UNDECLARED:
            raise TypeError(f"{type(self).__name__} must declare its unit_path")
        super().__init__(*args, **kwargs)

    def _get_list_widget(self, filters, page_size=None, **kwargs):
        cap = current_app.config["LIST_PAGE_SIZE_MAX"]
        page_size = min(max(page_size or self.page_size, 1), cap)
        return super()._get_list_widget(filters, page_size=page_size, **kwargs)
