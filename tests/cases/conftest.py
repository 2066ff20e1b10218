"""Fixtures for the case tests: people, a unit with a family and partners, cases at any
stage (reached through lk3admin.cases, as a social worker would), and query counting."""

from datetime import date
from html.parser import HTMLParser

import pytest
from flask import g, request_started
from sqlalchemy import select, text

from lk3admin import cases, workflow
from lk3admin.extensions import db
from models import AssessmentKind, Model, ProblemCategory, RiskLevel, Service, Stage
from tests import factories

OPENED = date(2026, 1, 5)


@pytest.fixture(autouse=True)
def fresh_request_state(app):
    """Requests of the test client run in the test's app context, so they share its session
    and `g` (where Flask-Login keeps the logged-in user). Start each request afresh, as in
    its own app context: rows are loaded anew, and the user comes from the request."""

    def start_afresh(sender, **extra):
        db.session.expire_all()
        for name in list(vars(g)):
            delattr(g, name)

    request_started.connect(start_afresh, app)
    yield
    request_started.disconnect(start_afresh, app)


@pytest.fixture
def people(app_ctx):
    """A social worker and the supervisor of the cases (both may do everything)."""
    return {
        "worker": factories.user("pekerja", role="Administrator"),
        "supervisor": factories.user("supervisor", role="Administrator"),
    }


@pytest.fixture
def unit(app_ctx):
    return factories.unit()


@pytest.fixture
def partner(unit):
    return factories.partner(unit, name="UPTD PPA Kota Bontang", kind="uptd_ppa")


def category(code="kdrt"):
    return db.session.scalar(select(ProblemCategory).where(ProblemCategory.code == code))


def service(code):
    return db.session.scalar(select(Service).where(Service.code == code))


def new_case(unit, people, family=None, risk_level=RiskLevel.MEDIUM, categories=("kdrt",), **kw):
    """A case opened through lk3admin.cases and committed."""
    case = cases.create_case(
        unit=unit,
        family=family or factories.family(unit),
        user=people["worker"],
        opened_on=kw.pop("opened_on", OPENED),
        risk_level=risk_level,
        categories=[category(code) for code in categories],
        worker=people["worker"],
        supervisor=people["supervisor"],
        **kw,
    )
    db.session.commit()
    return case


def satisfy(case, people):
    """Record what the case's current stage needs before it may move on."""
    worker, supervisor = people["worker"], people["supervisor"]
    stage = workflow.stage_of(case)
    if stage is Stage.ASSESSMENT:
        cases.add_assessment(case, user=worker, kind=AssessmentKind.INITIAL, assessed_on=OPENED)
        if case.risk_level == RiskLevel.HIGH:
            cases.add_assessment(
                case,
                user=worker,
                kind=AssessmentKind.IN_DEPTH,
                assessed_on=OPENED,
                risk_level=RiskLevel.HIGH,
                **{name: "Tercatat." for name in cases.IN_DEPTH_FIELDS},
            )
    elif stage is Stage.PLANNING:
        plan = cases.add_plan(case, user=worker, drafted_on=OPENED, goals="Keluarga aman.")
        cases.approve_plan(plan, user=supervisor)
    elif stage is Stage.MONITORING:
        evaluation = cases.add_evaluation(
            case, user=worker, evaluated_on=OPENED, outcome="Tujuan tercapai."
        )
        cases.approve_evaluation(evaluation, user=supervisor)
    db.session.commit()


def advance(case, people, to_stage):
    """Walk the case forward to `to_stage`, meeting every requirement on the way."""
    while workflow.stage_of(case) != to_stage:
        satisfy(case, people)
        cases.move_stage(case, workflow.next_stage(workflow.stage_of(case)), user=people["worker"])
        db.session.commit()
    return case


def snapshot():
    """Every row of every table, in primary-key order: the database as it stands."""
    db.session.rollback()
    rows = {}
    with db.engine.connect() as conn:
        for table in Model.metadata.sorted_tables:
            order = [column.name for column in table.primary_key.columns] or ["1"]
            rows[table.name] = conn.execute(
                text(f'SELECT * FROM "{table.name}" ORDER BY {", ".join(order)}')
            ).all()
    return rows


class _FormReader(HTMLParser):
    """The values a browser would submit with one form of a page."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self._select = self._textarea = self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag not in ("option",):
            return
        if tag == "input":
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(attrs["name"], []).append(attrs.get("value", "y"))
        elif tag == "select":
            self._select = attrs["name"]
            self.values.setdefault(self._select, [])
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.values[self._select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            # With no option selected, a browser sends the first one.
            if not self.values[self._select] and self._first_option is not None:
                self.values[self._select].append(self._first_option)
            self._select = self._first_option = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the newline that opens a textarea's content.
            text = self.values[self._textarea][0]
            self.values[self._textarea][0] = text.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None


def form_values(html, form_id="model_form"):
    """{name: [values]} of the form `form_id` in `html`, as a browser would post it."""
    reader = _FormReader(form_id)
    reader.feed(html if isinstance(html, str) else html.decode())
    return {name: values for name, values in reader.values.items()}
