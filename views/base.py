"""The base of every model screen: capped page sizes, explicit search columns, a unit path.

FAB makes every column searchable and every relation a dropdown that loads its whole
table; it accepts any psize_* value. Our views must name their search columns, and the
page size is capped whatever the URL asks.

It also closes the other FAB gaps once for every screen:
- list relations are eager-loaded (no query per row): every relation named in
  `list_columns`, plus the dotted paths in `list_eager` (what `__str__` of a listed row
  touches);
- paging and ordering arguments that are not numbers or columns get a 400, not a 500;
- `choice_columns` (column -> Choice) become selects of labels in forms and search, and
  labels in lists; Boolean columns get a plain checkbox so False can be saved;
- saving is all or nothing: a `RuleViolation` raised by a service (in `pre_add`,
  `pre_update` or `apply_rules`) or a database constraint (IntegrityError) rolls the
  whole save back and comes back as a message on the form, never an error page;
- access (lk3admin.access, default-deny) scopes every path by the view's `unit_path`: the
  list, show, edit, delete, actions and related lists through a base filter, every
  dropdown of the add, edit and search forms, and every save (a foreign unit id is
  refused). Values are shown through lk3admin.privacy (concealed client names, shelter
  addresses); the edit form leaves out what the user may not read. Opening a row of
  client data (a case, a family ...) is an audit row.
"""

import re
from datetime import date, datetime

from flask import abort, current_app, flash, redirect, request
from flask_appbuilder import ModelView, expose
from flask_appbuilder.const import FLAMSG_ERR_SEC_ACCESS_DENIED
from flask_appbuilder.fields import QuerySelectField, QuerySelectMultipleField
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.urltools import (
    get_filter_args,
    get_order_args,
    get_page_args,
    get_page_size_args,
)
from flask_appbuilder.validators import Unique
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import RelationshipProperty, joinedload, selectinload
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import Email, InputRequired, Optional

from lk3admin import access, audit, constraints, privacy
from lk3admin.errors import RuleViolation
from models import AuditAction

_UNDECLARED = object()
_PAGING_VALUE = re.compile(r"[0-9]{1,9}")


class Lk3Interface(SQLAInterface):
    """FAB's model interface, plus the loader options its queries use: `load_options` for
    the list and show, `related_loads` (relation -> paths) for the dropdowns of a form."""

    def __init__(self, obj, session=None):
        super().__init__(obj, session)
        self.load_options = ()
        self.related_loads = {}

    def apply_all(self, query, *args, **kwargs):
        return super().apply_all(query.options(*self.load_options), *args, **kwargs)

    def get_related_interface(self, col_name):
        related = super().get_related_interface(col_name)
        related.load_options = eager_loads(related.obj, self.related_loads.get(col_name, ()))
        return related

    def _get_attr_value(self, item, col):
        # The one place list and show pages read values: what the user may read of them.
        return privacy.shown_value(item, col, super()._get_attr_value(item, col))


class ScopeFilter(BaseFilter):
    """Narrows a query of any model to the rows the current user reaches (lk3admin.access).

    A base filter of every view and a filter of every dropdown; column and value unused.
    """

    name = "scope"

    def apply(self, query, value):
        return query.filter(access.row_filter(access.current_principal(), self.model))


def _keep_value(field, value):
    """Give a form field the row's value as if it had been posted (it was not shown)."""
    field.process(None, value)
    field.raw_data = [field._value()] if value is not None else []


def _reachable_only(query_func):
    """A dropdown's own query narrowed to the rows the current user reaches."""

    def query():
        return access.only_reachable(access.current_principal(), query_func())

    return query


class ChoiceField(SelectField):
    """A Choice column as a select of its labels; an optional one stores NULL when empty."""

    def __init__(self, label, choice, optional, **kwargs):
        choices = [SelectChoice(value, label) for value, label in choice.choices()]
        if optional:
            choices = [SelectChoice("", "—"), *choices]
        validators = [Optional()] if optional else [InputRequired()]
        super().__init__(
            label, choices=choices, validators=validators, widget=Select2Widget(), **kwargs
        )
        self.optional = optional

    def pre_validate(self, form):
        if not (self.optional and not self.data):
            super().pre_validate(form)

    def populate_obj(self, obj, name):
        setattr(obj, name, self.data or None)


def yes_no(value):
    return _("Ya") if value else _("Tidak")


def shown(value):
    """How a value reads on a list or detail page: blank for nothing, Indonesian dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def eager_loads(model, paths):
    """Loader options for dotted relation paths: joined for one row, select-in for many.

    Either way the number of queries does not grow with the number of listed rows.
    """
    options = []
    for path in paths:
        option, current = None, model
        for name in path.split("."):
            prop = getattr(getattr(current, name, None), "property", None)
            if not isinstance(prop, RelationshipProperty) or prop.lazy == "dynamic":
                break
            attribute = getattr(current, name)
            loader = selectinload if prop.uselist else joinedload
            option = (
                loader(attribute) if option is None else getattr(option, loader.__name__)(attribute)
            )
            current = prop.mapper.class_
        if option is not None:
            options.append(option)
    return tuple(options)


class Lk3ModelView(ModelView):
    page_size = 25
    # How a row reaches its LK3 unit, as a dotted path from the view's model to a unit id:
    # "unit_id" (Partner), "period.unit_id" (Membership), "case.unit_id" (Referral), or
    # None for data that belongs to no unit (reference lists). The access rules in
    # lk3admin/access.py scope every path of the view (list, show, edit, add, dropdowns,
    # exports, API) by it, so every view must declare it.
    unit_path = _UNDECLARED
    # Relation paths loaded with the list beyond the relations in list_columns.
    list_eager = ()
    # Paths loaded with a form's dropdown, for options whose label reads relations:
    # {"membership": ("person", "position")}.
    form_eager = {}
    # Enumerated columns: {"status": UnitStatus}.
    choice_columns = {}
    # Columns that hold an email address (checked, optional).
    email_columns = ()
    # Messages for database refusals, by constraint name or by column name; anything not
    # named here gets a generic message built from the column labels.
    constraint_messages = {}
    # What one row is called ("Unit LK3"): gives the list/show/add/edit titles.
    object_name = None

    def __init__(self, *args, **kwargs):
        if self.search_columns is None:
            raise TypeError(f"{type(self).__name__} must name its search_columns explicitly")
        if self.unit_path is _UNDECLARED:
            raise TypeError(f"{type(self).__name__} must declare its unit_path")
        if not isinstance(self.datamodel, Lk3Interface):
            raise TypeError(f"{type(self).__name__} must use Lk3Interface as its datamodel")
        access.declare_unit_path(self.datamodel.obj, self.unit_path)
        # Every lookup of the view's rows (list, show, edit, delete, actions, related lists).
        scope = [self.datamodel.get_pk_name(), ScopeFilter, None]
        self.base_filters = [*(type(self).base_filters or []), scope]
        # FAB's download serves any uploaded file by name, whichever row it belongs to.
        self.exclude_route_methods = {*self.exclude_route_methods, "download"}
        super().__init__(*args, **kwargs)
        listed = [c for c in self.list_columns if self.datamodel.is_relation(c.split(".")[0])]
        self.datamodel.load_options = eager_loads(self.datamodel.obj, [*listed, *self.list_eager])

    def _get_list_widget(self, filters, page_size=None, **kwargs):
        cap = current_app.config["LIST_PAGE_SIZE_MAX"]
        page_size = min(max(page_size or self.page_size, 1), cap)
        return super()._get_list_widget(filters, page_size=page_size, **kwargs)

    def _init_titles(self):
        if self.object_name:
            name = self.object_name
            self.list_title = self.list_title or _l("Daftar %(name)s", name=name)
            self.show_title = self.show_title or _l("Detail %(name)s", name=name)
            self.add_title = self.add_title or _l("Tambah %(name)s", name=name)
            self.edit_title = self.edit_title or _l("Ubah %(name)s", name=name)
        super()._init_titles()

    # --- request arguments -------------------------------------------------------------

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        blueprint.before_request(self._refuse_bad_list_args)
        return blueprint

    def _refuse_bad_list_args(self):
        """FAB answers page_*=x with a 500 and orders by any text it is given."""
        views = {type(view).__name__: view for view in [self, *(self._related_views or [])]}
        for name, value in request.args.items():
            if name.startswith(("page_", "psize_")) and not _PAGING_VALUE.fullmatch(value):
                abort(400, description=_("Halaman dan jumlah baris per halaman harus angka."))
            view = views.get(name[len("_oc_") :]) if name.startswith("_oc_") else None
            if view is not None and value not in view.order_columns:
                abort(400, description=_("Kolom pengurutan tidak dikenal."))

    # --- forms -------------------------------------------------------------------------

    def _init_forms(self):
        self._add_generated_fields()
        self._scope_dropdowns()
        super()._init_forms()
        self._scope_own_dropdowns()
        for form in (self.add_form, self.edit_form):
            for name, field in vars(form).items():
                if isinstance(field, UnboundField):
                    for validator in field.kwargs.get("validators", []):
                        if isinstance(validator, Unique):
                            validator.message = self._explain_unique((name,))

    def _add_generated_fields(self):
        # Copies: FAB keeps these on the class and appends to them at every app start.
        self.validators_columns = {c: list(v) for c, v in self.validators_columns.items()}
        self.add_form_extra_fields = dict(self.add_form_extra_fields)
        self.edit_form_extra_fields = dict(self.edit_form_extra_fields)
        self.search_form_extra_fields = dict(self.search_form_extra_fields or {})
        self.formatters_columns = dict(self.formatters_columns)
        for column in self.email_columns:
            self.validators_columns.setdefault(
                column, [Optional(), Email(message=_l("Alamat email tidak valid."))]
            )
        forms = (
            (self.add_columns, self.add_form_extra_fields),
            (self.edit_columns, self.edit_form_extra_fields),
            (self.search_columns, self.search_form_extra_fields),
        )
        for columns, extra_fields in forms:
            for column in columns:
                if column not in extra_fields and self._generated_field(column):
                    extra_fields[column] = self._generated_field(column)
        for column, choice in self.choice_columns.items():
            self.formatters_columns.setdefault(column, choice.label_of)
        for column in {*self.list_columns, *self.show_columns}:
            formatter = yes_no if self.datamodel.is_boolean(column) else shown
            self.formatters_columns.setdefault(column, formatter)

    def _scope_dropdowns(self):
        """The relation dropdowns FAB builds list only rows the user reaches (SQL filter)."""
        for attribute, columns in (
            ("add_form_query_rel_fields", self.add_columns),
            ("edit_form_query_rel_fields", self.edit_columns),
            ("search_form_query_rel_fields", self.search_columns),
        ):
            rel_fields = {c: list(f) for c, f in (getattr(self, attribute) or {}).items()}
            for column in columns:
                if self.datamodel.is_relation(column):
                    rel_fields[column] = [*rel_fields.get(column, []), ["id", ScopeFilter, None]]
            setattr(self, attribute, rel_fields)

    def _scope_own_dropdowns(self):
        """Dropdowns a view builds itself are narrowed too; every option is labelled as
        the user may read it (lk3admin.privacy.label)."""
        for form, columns, extra_fields in (
            (self.add_form, self.add_columns, self.add_form_extra_fields),
            (self.edit_form, self.edit_columns, self.edit_form_extra_fields),
            (self.search_form, self.search_columns, self.search_form_extra_fields),
        ):
            scoped_by_fab = {c for c in columns if self.datamodel.is_relation(c)} - set(
                extra_fields
            )
            for name, field in vars(form).items():
                if not isinstance(field, UnboundField) or not issubclass(
                    field.field_class, QuerySelectField | QuerySelectMultipleField
                ):
                    continue
                field.kwargs.setdefault("get_label", privacy.label)
                if name not in scoped_by_fab and not getattr(field, "lk3_scoped", False):
                    field.kwargs["query_func"] = _reachable_only(field.kwargs["query_func"])
                    field.lk3_scoped = True

    def _generated_field(self, column):
        label = self.label_columns.get(column)
        if column in self.choice_columns:
            optional = self.datamodel.is_nullable(column)
            return ChoiceField(label, self.choice_columns[column], optional)
        if self.datamodel.is_boolean(column):
            # FAB requires input for a NOT NULL Boolean, so an unticked box never saves.
            return BooleanField(label, default=bool(self.datamodel.get_col_default(column)))
        return None

    # --- saving ------------------------------------------------------------------------

    def apply_rules(self, item, form, created):
        """Call the services that belong to this save; raise RuleViolation to refuse it.

        Runs after pre_add/pre_update, in the same transaction as the save.
        """

    def _add(self):
        if request.method != "POST":
            return super()._add()
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        form = self.add_form.refresh()
        self._fill_form_exclude_cols(exclude_cols, form)
        if form.validate() and self._save(form, self.datamodel.obj(), created=True):
            return None
        return self._get_add_widget(form=form, exclude_cols=exclude_cols)

    def _edit(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        get_filter_args(self._filters, disallow_if_not_in_search=False)
        exclude_cols = self._filters.get_relation_cols()
        # Columns the user may not read (lk3admin.privacy) are neither shown nor changed.
        concealed = privacy.hidden_fields(item) & set(self.edit_columns)
        if request.method == "POST":
            form = self.edit_form.refresh(request.form)
            self._fill_form_exclude_cols(exclude_cols, form)
            for name in concealed:
                _keep_value(form[name], getattr(item, name))
            form._id = self.datamodel.get_pk_value(item)  # lets FAB's unique check skip this row
            if form.validate() and self._save(form, item, created=False):
                return None
        else:
            form = self.edit_form.refresh(obj=item)
            self.prefill_form(form, pk)
            self.update_redirect()
        widgets = self._get_edit_widget(form=form, exclude_cols=[*exclude_cols, *concealed])
        return self._get_related_views_widgets(
            item,
            orders=get_order_args(),
            pages=get_page_args(),
            page_sizes=get_page_size_args(),
            widgets=widgets,
        )

    def _save(self, form, item, created):
        """Fill item from the form and commit it with whatever the rules add."""
        self.process_form(form, created)

        def fill_and_check():
            # Filling loads each relation's old value; an autoflush then would write the
            # half-filled row (and bump a version) before the rules have checked it.
            with self.datamodel.session.no_autoflush:
                form.populate_obj(item)
            if created:
                self.pre_add(item)
                self.datamodel.session.add(item)
            else:
                self.pre_update(item)
            self.apply_rules(item, form, created)
            session = self.datamodel.session
            access.require_reachable(session, access.current_principal(), item, self.unit_path)
            return item

        if self.commit_or_refuse(form, fill_and_check) is None:
            return False
        if created:
            self.post_add(item)
        else:
            self.post_update(item)
        flash(str(self.add_row_message if created else self.edit_row_message), "success")
        return True

    def commit_or_refuse(self, form, work):
        """Run work() and commit, all or nothing: a RuleViolation or a database constraint
        rolls everything back and becomes a message on the form. Returns what work()
        returned, or None when refused."""
        session = self.datamodel.session
        try:
            result = work()
            session.commit()
        except RuleViolation as refusal:
            session.rollback()
            self._show_refusal(form, refusal.field, refusal.message)
            return None
        except IntegrityError as error:
            session.rollback()
            self._show_refusal(form, *self.explain_violation(constraints.describe(error)))
            return None
        return result

    def _delete(self, pk):
        item = self.datamodel.get(pk, self._base_filters)
        if not item:
            abort(404)
        session = self.datamodel.session
        try:
            self.pre_delete(item)
            session.delete(item)
            session.commit()
        except RuleViolation as refusal:
            session.rollback()
            flash(str(refusal.message), "danger")
        except IntegrityError as error:
            session.rollback()
            violation = constraints.describe(error)
            # Rows still pointing here: the database refuses the key, or the ORM, detaching
            # them first, meets their NOT NULL.
            if violation and violation.kind in (constraints.FOREIGN_KEY, constraints.NOT_NULL):
                flash(_("Data ini tidak dapat dihapus karena masih dipakai data lain."), "danger")
            else:
                flash(str(self.explain_violation(violation)[1]), "danger")
        else:
            self.post_delete(item)
            flash(str(self.delete_row_message), "success")
        self.update_redirect()

    # --- reading and actions ---------------------------------------------------------

    def _get_show_widget(self, pk, item, *args, **kwargs):
        widgets = super()._get_show_widget(pk, item, *args, **kwargs)
        if access.kind_of(self.datamodel.obj, self.unit_path) is access.Kind.CASE:
            audit.record(AuditAction.VIEW, item)
            self.datamodel.session.commit()
        return widgets

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name, pk):
        """FAB's single-row action, with the row looked up within the user's reach."""
        if name not in self.actions:
            abort(404)
        if not self.is_get_mutation_allowed():
            flash(str(FLAMSG_ERR_SEC_ACCESS_DENIED), "danger")
            return redirect(self.get_redirect())
        if not self.appbuilder.sm.has_access(
            self.get_action_permission_name(name), self.class_permission_name
        ):
            abort(403)
        item = self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters)
        if item is None:
            abort(404)
        return self.actions[name].func(item)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        """FAB's action on selected rows, with the rows looked up within the user's reach."""
        name = request.form.get("action", "")
        if name not in self.actions:
            abort(400)
        if not self.appbuilder.sm.has_access(
            self.get_action_permission_name(name), self.class_permission_name
        ):
            abort(403)
        items = [
            self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters)
            for pk in request.form.getlist("rowid")
        ]
        if None in items:
            abort(404)
        return self.actions[name].func(items)

    def _show_refusal(self, form, field, message):
        if field and field in form:
            form[field].errors = [*form[field].errors, str(message)]
        else:
            flash(str(message), "danger")

    def explain_violation(self, violation):
        """(form field, message) for a database refusal, in words a person understands."""
        if violation is not None and violation.constraint in self.constraint_messages:
            field = self._form_field_of(violation.columns)
            return field, self.constraint_messages[violation.constraint]
        if violation is None or violation.table not in (None, self.datamodel.obj.__tablename__):
            # Another table refused (a row a rule added): its columns are not on this form.
            return None, _("Data tidak dapat disimpan karena bertentangan dengan data lain.")
        field = self._form_field_of(violation.columns)
        for column in violation.columns:
            if column in self.constraint_messages:
                return field, self.constraint_messages[column]
        if violation.kind == constraints.UNIQUE:
            return field, self._explain_unique(violation.columns)
        if violation.kind == constraints.NOT_NULL:
            return field, _("%(field)s wajib diisi.", field=self._labels(violation.columns))
        if violation.kind == constraints.FOREIGN_KEY:
            return field, _("Data yang dirujuk tidak ada, atau data ini masih dipakai data lain.")
        return field, _("Isian tidak memenuhi aturan data; periksa kembali tanggal dan pilihan.")

    def _explain_unique(self, columns):
        for key in columns:
            if key in self.constraint_messages:
                return self.constraint_messages[key]
        fields = LazyString(self._labels, columns)
        return _l("%(fields)s sudah dipakai oleh data lain.", fields=fields)

    def _form_field_of(self, columns):
        """The form field a constraint's columns are entered in (a relation for a FK)."""
        properties = self.datamodel.list_properties
        for column in reversed(columns):
            for name, prop in properties.items():
                if (
                    isinstance(prop, RelationshipProperty)
                    and prop.direction.name == "MANYTOONE"
                    and column in {c.name for c in prop.local_columns}
                ):
                    return name
            if column in properties:
                return column
        return None

    def _labels(self, columns):
        fields = [self._form_field_of((column,)) or column for column in columns]
        return ", ".join(str(self.label_columns.get(field, field)) for field in fields)
