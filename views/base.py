"""The base of every model screen: capped page sizes and explicit search columns.

FAB makes every column searchable and every relation a dropdown that loads its whole
table; it accepts any psize_* value. Our views must name their search columns, and the
page size is capped whatever the URL asks.
"""

from flask import current_app
from flask_appbuilder import ModelView


class Lk3ModelView(ModelView):
    page_size = 25

    def __init__(self, *args, **kwargs):
        if self.search_columns is None:
            raise TypeError(f"{type(self).__name__} must name its search_columns explicitly")
        super().__init__(*args, **kwargs)

    def _get_list_widget(self, filters, page_size=None, **kwargs):
        cap = current_app.config["LIST_PAGE_SIZE_MAX"]
        page_size = min(max(page_size or self.page_size, 1), cap)
        return super()._get_list_widget(filters, page_size=page_size, **kwargs)
