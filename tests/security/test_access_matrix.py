"""Acceptance 1: every route of the portal, for every role, against a record of its own unit
and one of another unit (tests/security/conftest.py builds them).

The routes come from the application (app.url_map and appbuilder.baseviews), so a screen
added later is checked without touching this file. A screen on a model this file does not
classify, a route argument it cannot fill, or a route without a permission check that is
not listed as public makes the test fail with a message saying so.

What each role should see is written here from the requirements (issue 4), independently
of lk3admin.access: ROLE_SEES (kinds of data) and MODEL_KIND (the kind of each model).
"""

import re
from datetime import date, datetime
from enum import Enum

import pytest
from flask import current_app
from flask_appbuilder import ModelView
from flask_appbuilder.api import BaseApi, ModelRestApi
from sqlalchemy import func, select
from sqlalchemy.orm import RelationshipProperty

from lk3admin.access import Role
from lk3admin.extensions import db
from lk3admin.mail import LINK_TARGETS
from models import (
    ActionItem,
    AuditLog,
    BoardPeriod,
    BoardPosition,
    Case,
    Consent,
    Family,
    FamilyMember,
    FollowUp,
    Lk3Unit,
    Meeting,
    MeetingInvitee,
    MemberElement,
    Membership,
    OutboxMessage,
    Partner,
    PartnerKind,
    Person,
    ProblemCategory,
    Province,
    Referral,
    ReferralSource,
    Regency,
    Report,
    ReportFile,
    Service,
    ServiceDelivery,
    UnitStatusChange,
    UserScope,
)
from tests.security.conftest import FOREIGN_MARKER, UNKNOWN_ROLE
from views.base import Lk3ModelView

REFERENCE, UNIT, CASE, AGGREGATE = "reference", "unit", "case", "aggregate"

# What each role sees of its own unit or area (issue 4). A role not named sees nothing.
ROLE_SEES = {
    Role.ADMIN: {REFERENCE, UNIT, CASE, AGGREGATE},
    Role.DINSOS_PROVINCE: {REFERENCE, UNIT, AGGREGATE},  # case data only as figures
    Role.DINSOS_REGENCY: {REFERENCE, UNIT, CASE, AGGREGATE},
    Role.SECRETARIAT: {REFERENCE, UNIT, AGGREGATE},  # no case content
    Role.WORKER: {REFERENCE, UNIT, CASE},  # the world's cases are assigned to it
    Role.SUPERVISOR: {REFERENCE, UNIT, CASE, AGGREGATE},
    Role.REFERRER: {REFERENCE, UNIT, CASE},  # the world's cases were submitted by it
    Role.MONITOR: {REFERENCE, AGGREGATE},
    UNKNOWN_ROLE: set(),
}
MODEL_KIND = {
    **dict.fromkeys(
        (
            Province,
            Regency,
            ProblemCategory,
            Service,
            PartnerKind,
            MemberElement,
            BoardPosition,
            ReferralSource,
        ),
        REFERENCE,
    ),
    **dict.fromkeys(
        (
            Lk3Unit,
            UnitStatusChange,
            BoardPeriod,
            Membership,
            Person,
            Partner,
            Meeting,
            MeetingInvitee,
            ActionItem,
            OutboxMessage,
            AuditLog,
            UserScope,
        ),
        UNIT,
    ),
    **dict.fromkeys(
        (Case, Family, FamilyMember, Referral, FollowUp, ServiceDelivery, Consent), CASE
    ),
    **dict.fromkeys((Report, ReportFile), AGGREGATE),
}
# Routes anybody may call; everything else must check a permission.
PUBLIC_ENDPOINTS = {
    "static",
    "appbuilder.static",
    "HomeView.index",
    "UtilView.back",
    "LocaleView.index",
    "Lk3AuthDBView.login",
    "Lk3AuthDBView.logout",
    "Lk3SecurityApi.login",
    "Lk3SecurityApi.refresh",
}
# Routes that only redirect to a screen that checks (followed by the test).
REDIRECTING_ENDPOINTS = {"LinkView.follow"}
# Route arguments other than the view's own row, by name: the model of the row they name.
ARGUMENT_MODELS = {"file_id": ReportFile, "item_id": None}
REFUSED = {401, 403, 404, 405}
ROLES = list(ROLE_SEES)


# --- what the portal has ---------------------------------------------------------------


def portal_routes(app):
    """(rule, view, method name) of every route, from the application itself."""
    views = {view.endpoint: view for view in app.appbuilder.baseviews}
    for rule in app.url_map.iter_rules():
        view_name, _, method = rule.endpoint.partition(".")
        yield rule, views.get(view_name), method


def route_permission(view, method):
    """The permission FAB checks for a route (None: the route checks none itself)."""
    if method in ("action", "action_post"):
        return "action"  # checks the permission of the action it runs
    function = getattr(view, method, None)
    name = getattr(function, "_permission_name", None)
    if name is None:
        return None
    if isinstance(view, BaseApi):
        return f"can_{name}"
    return name if name.startswith("can_") else f"can_{name}"


def granted(role_name):
    sm = current_app.appbuilder.sm
    role = sm.find_role(role_name)
    return {(pv.permission.name, pv.view_menu.name) for pv in role.permissions}


def may(permissions, view, permission):
    return (permission, view.class_permission_name) in permissions


def sees(role, model):
    return MODEL_KIND[model] in ROLE_SEES[role]


def unit_relation(view):
    """The form field that places a new row of the view in a unit, if there is one."""
    model = view.datamodel.obj
    if model is Lk3Unit:
        return "regency"
    first = view.unit_path.split(".")[0] if view.unit_path else None
    for name, prop in view.datamodel.list_properties.items():
        many_to_one = isinstance(prop, RelationshipProperty) and prop.direction.name == "MANYTOONE"
        if many_to_one and (first == name or first in {c.key for c in prop.local_columns}):
            return name
    return None


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- forms -------------------------------------------------------------------------------

_SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
_OPTION = re.compile(r'<option[^>]*value="([^"]*)"')
_FIELD = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"')


def select_options(html):
    return {name: set(_OPTION.findall(body)) for name, body in _SELECT.findall(html)}


def form_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "y" if value else ""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [str(db.inspect(v).identity[0]) for v in value]
    if hasattr(value, "__table__"):
        return str(db.inspect(value).identity[0])
    return str(value)


def payload(html, record, overrides):
    """The add form's fields filled from `record` (a row of the view's model)."""
    data = {}
    for name in dict.fromkeys(_FIELD.findall(html)):
        if name in overrides:
            data[name] = overrides[name]
        elif hasattr(type(record), name):
            value = form_value(getattr(record, name))
            if value != "":
                data[name] = value
    return {k: v for k, v in data.items() if v is not None}


# --- the test ----------------------------------------------------------------------------


def test_every_view_model_is_classified(app_ctx):
    """A screen on a model this test does not know must be classified here first."""
    unknown = {
        type(view).__name__: view.datamodel.obj.__name__
        for view in current_app.appbuilder.baseviews
        if isinstance(view, Lk3ModelView) and view.datamodel.obj not in MODEL_KIND
    }
    assert not unknown, f"classify these models in MODEL_KIND (and seed them): {unknown}"


def test_every_model_screen_is_scoped(app_ctx):
    """FAB model screens are ours (scoped) or FAB's own security screens (admin only)."""
    fab_security = {"User", "Role", "Group", "Permission", "ViewMenu", "PermissionView"}
    unscoped = [
        type(view).__name__
        for view in current_app.appbuilder.baseviews
        if isinstance(view, ModelView | ModelRestApi)
        and not isinstance(view, Lk3ModelView)
        and view.datamodel.obj.__name__ not in fab_security
    ]
    assert not unscoped, f"model screens not built on Lk3ModelView: {unscoped}"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_role(role, world, login, app_ctx):
    client = login(world.users[role])
    permissions = granted(role)
    admin = role == Role.ADMIN
    problems = []

    def expect(condition, what, response):
        if not condition:
            problems.append(f"{what}: {response.status_code}")

    for rule, view, method in portal_routes(current_app):
        endpoint = rule.endpoint
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        if view is None:
            problems.append(f"{endpoint}: a route outside FAB's views; list it or give it one")
            continue
        permission = route_permission(view, method)
        if permission is None and endpoint not in REDIRECTING_ENDPOINTS:
            problems.append(f"{endpoint}: checks no permission and is not listed as public")
            continue
        if isinstance(view, Lk3ModelView):
            check_model_route(client, world, role, permissions, view, rule, method, expect)
        elif isinstance(view, ModelRestApi):
            problems.append(f"{endpoint}: model APIs are not scoped yet; add scoping and a test")
        else:
            check_other_route(client, world, permissions, view, rule, method, permission, expect)
    assert not problems, f"{role}:\n" + "\n".join(problems)
    if not admin:
        for model in {model for _, model in world.records}:
            assert db.session.get(model, db.inspect(world.foreign(model)).identity) is not None


def _url(rule, **values):
    return current_app.url_map.bind("localhost").build(rule.endpoint, values)


def _reference_row(model):
    return db.session.scalar(select(model).order_by(*db.inspect(model).primary_key).limit(1))


def _fill(rule, view, side_record):
    values = {}
    for argument in rule.arguments:
        if argument == "pk":
            values["pk"] = db.inspect(side_record(view.datamodel.obj)).identity[0]
        elif argument in ARGUMENT_MODELS:
            model = ARGUMENT_MODELS[argument]
            values[argument] = db.inspect(side_record(model)).identity[0] if model else 1
        else:
            return None
    return values


def check_other_route(client, world, permissions, view, rule, method, permission, expect):
    """Routes of screens without a model of ours: FAB's security screens (administrators
    only), one's own profile and password, the menu API, and links from emails."""
    if rule.endpoint in REDIRECTING_ENDPOINTS:
        check_links(client, world, permissions, rule, expect)
        return
    if method in ("action", "action_post"):
        check_fab_actions(client, permissions, view, rule, expect)
        return
    url = _url(rule, **dict.fromkeys(rule.arguments, "1"))
    if not may(permissions, view, permission):
        response = client.get(url) if "GET" in rule.methods else client.post(url, data={})
        expect(response.status_code in REFUSED, f"{rule.endpoint} without permission", response)
    elif "GET" in rule.methods and not rule.arguments:
        response = client.get(url)
        expect(response.status_code == 200, rule.endpoint, response)
        expect(FOREIGN_MARKER not in response.text, f"{url} shows another unit's data", response)


def check_fab_actions(client, permissions, view, rule, expect):
    """FAB's own screens refuse an action the role lacks with a redirect and a message."""
    for action_name in view.actions:
        if may(permissions, view, view.get_action_permission_name(action_name)):
            continue
        if rule.arguments:
            response = client.post(_url(rule, name=action_name, pk="1"))
        else:
            response = client.post(_url(rule), data={"action": action_name, "rowid": ["1"]})
        denied = response.status_code in REFUSED or "danger" in _flashes(client)
        expect(denied, f"{rule.endpoint} {action_name} without permission", response)


def _flashes(client):
    """The categories of the messages waiting to be shown."""
    with client.session_transaction() as session:
        return {category for category, _ in session.pop("_flashes", [])}


def check_links(client, world, permissions, rule, expect):
    """A link from an email to another unit's row ends refused, after its redirect."""
    admin = ("can_list", "UnitView") in permissions and ("can_list", "AuditLogView") in permissions
    for target, model in LINK_TARGETS.items():
        if ("B", model) not in world.records:
            expect(False, f"{rule.endpoint}: seed a {model.__name__} in the world", _NoResponse)
            continue
        pk = db.inspect(world.foreign(model)).identity[0]
        response = client.get(_url(rule, target=target, pk=pk), follow_redirects=True)
        if not admin:
            expect(response.status_code in REFUSED, f"/go/{target}/{pk} (foreign row)", response)


class _NoResponse:
    status_code = None


def check_model_route(client, world, role, permissions, view, rule, method, expect):
    model = view.datamodel.obj
    admin = role == Role.ADMIN
    permission = route_permission(view, method)
    allowed = permission == "action" or may(permissions, view, permission)
    name = rule.endpoint
    if method == "download":
        expect(False, f"{name}: FAB's unscoped file download is registered", _NoResponse)
        return
    if not rule.arguments:
        check_unbound_route(client, world, role, permissions, view, rule, method, allowed, expect)
        return
    if MODEL_KIND[model] == REFERENCE:
        check_reference_route(client, role, permissions, view, rule, method, allowed, expect)
        return
    if method == "action":
        for action_name in view.actions:
            pk = db.inspect(world.foreign(model)).identity[0]
            response = client.post(_url(rule, name=action_name, pk=pk))
            if not admin:
                expect(response.status_code in REFUSED, f"{name} {action_name} foreign", response)
        return
    foreign = _fill(rule, view, world.foreign)
    if foreign is None:
        expect(False, f"{name}: cannot fill {sorted(rule.arguments)}", _NoResponse)
        return
    # Another unit's row: never reached, whatever the method, except by the administrator.
    url = _url(rule, **foreign)
    reads = "GET" in rule.methods and method != "delete"
    response = client.get(url) if reads else client.post(url, data={})
    if not admin:
        expect(response.status_code in REFUSED | {400}, f"{url} (foreign row)", response)
    if response.status_code == 200:
        expect(admin or FOREIGN_MARKER not in response.text, f"{url} leaks", response)
    # Its own row: read routes answer as the requirements say.
    if "GET" not in rule.methods or method in ("delete", "action"):
        return
    own = _fill(rule, view, world.own)
    response = client.get(_url(rule, **own))
    if not allowed:
        expect(response.status_code in REFUSED, f"{name} own row without permission", response)
    elif sees(role, model):
        expect(response.status_code == 200, f"{name} own row", response)
    else:
        expect(response.status_code == 404, f"{name} own row, not the role's data", response)
    if response.status_code == 200 and not admin:
        expect(FOREIGN_MARKER not in response.text, f"{name} own row page leaks", response)


def check_reference_route(client, role, permissions, view, rule, method, allowed, expect):
    """Reference lists belong to no unit: read as the role's permission says."""
    if "GET" not in rule.methods or method in ("delete", "action") or "pk" not in rule.arguments:
        return
    pk = db.inspect(_reference_row(view.datamodel.obj)).identity[0]
    response = client.get(_url(rule, pk=pk))
    if not allowed:
        expect(response.status_code in REFUSED, f"{rule.endpoint} without permission", response)
    else:
        expected = 200 if sees(role, view.datamodel.obj) else 404
        expect(response.status_code == expected, f"{rule.endpoint} reference row", response)


def check_unbound_route(client, world, role, permissions, view, rule, method, allowed, expect):
    admin = role == Role.ADMIN
    name = rule.endpoint
    if "GET" not in rule.methods:  # action_post
        if ("B", view.datamodel.obj) not in world.records:
            return  # reference rows belong to no unit
        foreign_pk = db.inspect(world.foreign(view.datamodel.obj)).identity[0]
        for action_name in view.actions:
            response = client.post(
                _url(rule), data={"action": action_name, "rowid": [str(foreign_pk)]}
            )
            if not admin:
                expect(response.status_code in REFUSED, f"{name} {action_name} foreign", response)
        return
    response = client.get(_url(rule))
    if not allowed:
        expect(response.status_code in REFUSED, f"{name} without permission", response)
        return
    expect(response.status_code == 200, name, response)
    if not admin:
        expect(FOREIGN_MARKER not in response.text, f"{name} shows another unit's rows", response)
    if method == "list":
        check_search(client, world, role, view, rule, expect)
    if method == "add":
        check_add(client, world, role, view, rule, response.text, expect)


def check_search(client, world, role, view, rule, expect):
    """Searching by a relation with another unit's row finds nothing of it; the search
    form's dropdowns list no row of another unit."""
    if role == Role.ADMIN:
        return
    url = _url(rule)
    for index, column in enumerate(view.search_columns):
        related = _related_model(view, column)
        if related is None or ("B", related) not in world.records:
            continue
        foreign_pk = db.inspect(world.foreign(related)).identity[0]
        response = client.get(f"{url}?_flt_0_{column}={foreign_pk}")
        expect(
            response.status_code in (200, 400) and FOREIGN_MARKER not in response.text,
            f"{rule.endpoint} search {column}={foreign_pk} (filter {index})",
            response,
        )
    check_dropdowns(client.get(url).text, world, view, f"{rule.endpoint} search", expect)


def _related_model(view, column):
    prop = view.datamodel.list_properties.get(column)
    return prop.mapper.class_ if isinstance(prop, RelationshipProperty) else None


def check_dropdowns(html, world, view, what, expect, own_expected=()):
    options = select_options(html)
    for column, values in options.items():
        related = _related_model(view, column)
        if related is None or ("B", related) not in world.records:
            continue
        foreign_pk = str(db.inspect(world.foreign(related)).identity[0])
        expect(
            foreign_pk not in values,
            f"{what}: dropdown {column} lists another unit's row",
            _Shown(values),
        )
        if column in own_expected:
            own_pk = str(db.inspect(world.own(related)).identity[0])
            expect(
                own_pk in values,
                f"{what}: dropdown {column} misses the own unit's row",
                _Shown(values),
            )


class _Shown:
    def __init__(self, values):
        self.status_code = sorted(values)


# Adding a copy of the own row cannot succeed for these (a unique key, a one-per-user row);
# the refusal of the foreign copy is still checked.
COPY_IMPOSSIBLE = {Lk3Unit, UserScope, Membership}
# What a copy of the own row changes to pass the domain rules.
COPY_CHANGES = {
    # The client type follows the family's history; the world's case (inserted directly)
    # holds number 1 of 2026 without the counter knowing, so the copy opens in 2025.
    Case: {"client_type": "", "opened_on": "2025-03-01"},
    BoardPeriod: {"decree_number": "AAA-SK/2030", "starts_on": "2030-01-01", "ends_on": ""},
}


def check_add(client, world, role, view, rule, html, expect):
    """Adding with another unit's id is refused: as a form value and as a filter argument
    (FAB fills fields hidden by a filter from the URL). A copy of the own row is accepted,
    so the refusals are not an accident of an invalid form."""
    model = view.datamodel.obj
    field = unit_relation(view)
    if field is None or ("A", model) not in world.records:
        return
    related = _related_model(view, field)
    own = world.own(model)
    sees_own = sees(role, related) if related in MODEL_KIND else True
    if role != Role.ADMIN:
        own_expected = (field,) if sees_own else ()
        check_dropdowns(html, world, view, f"{rule.endpoint} add", expect, own_expected)
        if ("B", related) in world.records:
            foreign_unit = form_value(world.foreign(related))
        else:
            foreign_unit = form_value(world.spare_regency)
        before = count(model)
        data = payload(html, own, {field: foreign_unit})
        response = client.post(_url(rule), data=data)
        expect(count(model) == before, f"{rule.endpoint} added with another unit's id", response)
        data.pop(field, None)
        response = client.post(f"{_url(rule)}?_flt_0_{field}={foreign_unit}", data=data)
        expect(count(model) == before, f"{rule.endpoint} added via _flt_ (another unit)", response)
    if model not in COPY_IMPOSSIBLE and sees_own and sees(role, model):
        before = count(model)
        response = client.post(_url(rule), data=payload(html, own, COPY_CHANGES.get(model, {})))
        expect(count(model) == before + 1, f"{rule.endpoint} refused a valid own copy", response)
