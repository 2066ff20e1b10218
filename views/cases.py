"""Case screens (menu Kasus): the case list, the add and edit forms, the case page a social
worker works from, and the lists of deliveries, referrals, follow-ups and consents.

Thin: every change goes through lk3admin.cases, which asks lk3admin.workflow. Deliveries,
referrals, follow-ups and consents are recorded on the case page only, so their own screens
are lists and detail pages.
"""

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.fieldwidgets import DatePickerWidget, Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.security.decorators import permission_name
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from wtforms import DateField, HiddenField, SelectField
from wtforms.validators import InputRequired

from lk3admin import audit, cases, constraints, privacy, workflow
from lk3admin.dates import local_today
from lk3admin.errors import RuleViolation
from lk3admin.workflow import Action, Attempt
from models import (
    AssessmentKind,
    AuditAction,
    Case,
    CaseEventKind,
    ClientType,
    ClosureReason,
    Consent,
    ConsentGiver,
    Evaluation,
    FollowUp,
    InterventionPlan,
    Partner,
    Referral,
    ReferralStatus,
    RiskLevel,
    Service,
    ServiceDelivery,
    Stage,
)
from views.base import Lk3Interface, Lk3ModelView
from views.case_forms import FORMS, ITEM_FORMS

MENU = "Kasus"
YES, NO = "y", "n"


# --- list filters that are not a column ---------------------------------------------------


class ConditionFilter(BaseFilter):
    """A yes/no list filter on an SQL condition (e.g. "has an overdue follow-up")."""

    name = _l("adalah")
    condition = None

    def apply(self, query, value):
        condition = type(self).condition()
        return query.filter(~condition if value == NO else condition)


def condition_filter(condition):
    return type("ConditionFilter", (ConditionFilter,), {"condition": staticmethod(condition)})


def yes_no_field(label):
    return SelectField(label, choices=[(YES, _l("Ya")), (NO, _l("Tidak"))], widget=Select2Widget())


class ConditionFiltersMixin:
    """Adds `condition_filters` ({name: (label, condition)}) to a list's search.

    FAB builds filters from columns only; these get a yes/no field in the search form and
    a `_flt_0_<name>=y` URL argument like any other filter.
    """

    condition_filters = {}

    def _init_properties(self):
        self.label_columns = {
            **(self.label_columns or {}),
            **{name: label for name, (label, _) in self.condition_filters.items()},
        }
        self.search_form_extra_fields = {
            **(self.search_form_extra_fields or {}),
            **{name: yes_no_field(label) for name, (label, _) in self.condition_filters.items()},
        }
        super()._init_properties()
        # Added after FAB built its column filters (it knows no such columns); the search
        # form, built next, takes their fields from search_form_extra_fields.
        self.search_columns = [*self.search_columns, *self.condition_filters]
        for name, (_, condition) in self.condition_filters.items():
            instance = condition_filter(condition)(name, self.datamodel)
            # FAB keeps the filters it offers and those it reads from the URL apart.
            self._filters._search_filters[name] = [instance]
            self._filters._all_filters[name] = [instance]


def case_link(case):
    url = url_for("CaseView.show", pk=case.id)
    return Markup('<a href="{}">{}</a>').format(url, case.number)


# --- the case list, forms and page --------------------------------------------------------


class ClientTypeChoiceField(SelectField):
    """The add form's client type: automatic (from the family's cases) or an override.

    lk3admin.cases.open_case decides; the form only passes the choice on.
    """

    def populate_obj(self, obj, name):
        pass


class VersionField(HiddenField):
    """The case version the edit form was loaded at; compared on save, never written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "HiddenField"  # FAB's form template lists hidden fields only once

    def populate_obj(self, obj, name):
        pass


CASE_FORM_COLUMNS = [
    "family",
    "client",
    "opened_on",
    "referral_source",
    "categories",
    "risk_level",
    "worker",
    "supervisor",
    "client_type",
    "client_type_reason",
    "confidential",
    "summary",
]


class CaseView(ConditionFiltersMixin, Lk3ModelView):
    datamodel = Lk3Interface(Case)
    unit_path = "unit_id"
    object_name = _l("Kasus")
    list_columns = ["number", "unit", "stage", "risk_level", "worker", "opened_on"]
    add_columns = ["unit", *CASE_FORM_COLUMNS]
    edit_columns = ["number", *CASE_FORM_COLUMNS, "expected_version"]
    search_columns = [
        "number",
        "unit",
        "stage",
        "risk_level",
        "client_type",
        "worker",
        "supervisor",
        "categories",
        "referral_source",
        "opened_on",
        "closed_on",
    ]
    condition_filters = {
        "overdue_follow_up": (
            _l("Tindak lanjut terlambat"),
            lambda: Case.follow_ups.any(cases.follow_up_overdue()),
        ),
        "overdue_referral_feedback": (
            _l("Umpan balik rujukan terlambat"),
            lambda: Case.referrals.any(cases.referral_feedback_overdue()),
        ),
    }
    choice_columns = {
        "stage": Stage,
        "risk_level": RiskLevel,
        "client_type": ClientType,
        "closure_reason": ClosureReason,
    }
    label_columns = {**cases.CASE_FIELD_LABELS, "expected_version": ""}
    description_columns = {
        "number": _l("Dibuat otomatis; ubah hanya untuk menyamakan dengan buku register."),
        "client_type": _l("Otomatis dari riwayat kasus keluarga; mengubahnya perlu alasan."),
        "confidential": _l("Kasus rahasia hanya terlihat oleh petugas yang menanganinya."),
    }
    add_form_extra_fields = {
        "opened_on": DateField(
            _l("Tanggal dibuka"),
            default=local_today,
            validators=[InputRequired()],
            widget=DatePickerWidget(),
        ),
        "client_type": ClientTypeChoiceField(
            _l("Jenis klien"),
            choices=[("", _l("Otomatis dari riwayat keluarga")), *ClientType.choices()],
            widget=Select2Widget(),
        ),
    }
    edit_form_extra_fields = {"expected_version": VersionField()}
    constraint_messages = {
        "uq_case_unit_number": _l("Nomor kasus ini sudah dipakai kasus lain di LK3 ini."),
        "uq_case_unit_year_sequence": _l("Nomor kasus ini sudah dipakai kasus lain di LK3 ini."),
    }
    order_columns = ["number", "risk_level", "opened_on"]
    base_order = ("opened_on", "desc")
    # No deleting: a case's history is kept (retention anonymises it instead).
    base_permissions = [
        "can_list",
        "can_show",
        "can_add",
        "can_edit",
        "can_approve",
        "can_override_consent",
    ]
    list_template = "lk3/case_list.html"
    show_template = "lk3/case_show.html"

    # --- add and edit (FAB's forms, saved through lk3admin.cases) ----------------------

    def apply_rules(self, item, form, created):
        if created:
            cases.open_case(
                item,
                user=g.user,
                client_type=form.client_type.data or None,
                client_type_reason=form.client_type_reason.data,
            )
        else:
            cases.save_case_changes(item, user=g.user, expected_version=form.expected_version.data)

    def prefill_form(self, form, pk):
        form.expected_version.data = self.datamodel.get(pk).version

    def post_add(self, item):
        g.lk3_saved_case_id = item.id

    def post_update(self, item):
        g.lk3_saved_case_id = item.id

    def post_add_redirect(self):
        return redirect(url_for(".show", pk=g.lk3_saved_case_id))

    def post_edit_redirect(self):
        return redirect(url_for(".show", pk=g.lk3_saved_case_id))

    # --- the case page ------------------------------------------------------------------

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        case = self._reachable_case(pk)
        audit.record(AuditAction.VIEW, case)
        self.datamodel.session.commit()
        return self._case_page(case)

    @expose("/<int:pk>/forward", methods=["POST"])
    @has_access
    @permission_name("edit")
    def forward(self, pk):
        def perform(case, form):
            cases.move_stage(case, workflow.next_stage(workflow.stage_of(case)), user=g.user)

        return self._act(pk, "forward", perform, _l("Kasus maju ke tahap berikutnya."))

    @expose("/<int:pk>/back", methods=["POST"])
    @has_access
    @permission_name("edit")
    def back(self, pk):
        def perform(case, form):
            cases.move_stage(case, form.to_stage.data, user=g.user, reason=form.reason.data)

        return self._act(pk, "back", perform, _l("Kasus kembali ke tahap sebelumnya."))

    @expose("/<int:pk>/close", methods=["POST"])
    @has_access
    @permission_name("edit")
    def close(self, pk):
        def perform(case, form):
            cases.close_case(case, user=g.user, reason=form.reason.data, note=form.note.data)

        return self._act(pk, "close", perform, _l("Kasus ditutup."))

    @expose("/<int:pk>/reopen", methods=["POST"])
    @has_access
    @permission_name("edit")
    def reopen(self, pk):
        def perform(case, form):
            cases.reopen_case(case, user=g.user, reason=form.reason.data)

        return self._act(pk, "reopen", perform, _l("Kasus dibuka kembali."))

    @expose("/<int:pk>/assessment", methods=["POST"])
    @has_access
    @permission_name("edit")
    def assessment(self, pk):
        def perform(case, form):
            cases.add_assessment(
                case,
                user=g.user,
                kind=form.kind.data,
                assessed_on=form.assessed_on.data,
                risk_level=form.risk_level.data or None,
                attitudes=form.attitudes.data,
                thoughts=form.thoughts.data,
                behaviour=form.behaviour.data,
                protective_factors=form.protective_factors.data,
                risk_factors=form.risk_factors.data,
                narrative=form.narrative.data,
            )

        return self._act(pk, "assessment", perform, _l("Asesmen dicatat."))

    @expose("/<int:pk>/plan", methods=["POST"])
    @has_access
    @permission_name("edit")
    def plan(self, pk):
        def perform(case, form):
            cases.add_plan(
                case,
                user=g.user,
                drafted_on=form.drafted_on.data,
                goals=form.goals.data,
                activities=form.activities.data,
            )

        return self._act(pk, "plan", perform, _l("Rencana intervensi dicatat."))

    @expose("/<int:pk>/plan/<int:item_id>/approve", methods=["POST"])
    @has_access
    @permission_name("approve")
    def approve_plan(self, pk, item_id):
        def perform(case, form):
            cases.approve_plan(self._case_item(case, InterventionPlan, item_id), user=g.user)

        return self._act(
            pk, "approve-plan", perform, _l("Rencana intervensi disetujui."), item_id=item_id
        )

    @expose("/<int:pk>/evaluation", methods=["POST"])
    @has_access
    @permission_name("edit")
    def evaluation(self, pk):
        def perform(case, form):
            cases.add_evaluation(
                case,
                user=g.user,
                evaluated_on=form.evaluated_on.data,
                outcome=form.outcome.data,
                recommends_closure=form.recommends_closure.data,
            )

        return self._act(pk, "evaluation", perform, _l("Evaluasi dicatat."))

    @expose("/<int:pk>/evaluation/<int:item_id>/approve", methods=["POST"])
    @has_access
    @permission_name("approve")
    def approve_evaluation(self, pk, item_id):
        def perform(case, form):
            cases.approve_evaluation(self._case_item(case, Evaluation, item_id), user=g.user)

        return self._act(
            pk, "approve-evaluation", perform, _l("Evaluasi disetujui."), item_id=item_id
        )

    @expose("/<int:pk>/delivery", methods=["POST"])
    @has_access
    @permission_name("edit")
    def delivery(self, pk):
        def perform(case, form):
            cases.record_delivery(
                case,
                user=g.user,
                service=self._chosen(Service, form.service.data),
                delivered_on=form.delivered_on.data,
                partner=self._chosen(Partner, form.partner.data),
                note=form.note.data,
            )

        return self._act(pk, "delivery", perform, _l("Layanan dicatat."))

    @expose("/<int:pk>/referral", methods=["POST"])
    @has_access
    @permission_name("edit")
    def referral(self, pk):
        def perform(case, form):
            cases.refer(
                case,
                user=g.user,
                partner=self._chosen(Partner, form.partner.data),
                reason=form.reason.data,
                sent_on=form.sent_on.data,
                feedback_due_on=form.feedback_due_on.data,
                is_emergency=form.is_emergency.data,
                shares_client_data=form.shares_client_data.data,
                consent=self._case_item(case, Consent, form.consent.data or None),
                override_reason=form.override_reason.data or "",
                may_override_consent=self._may("can_override_consent"),
            )

        return self._act(pk, "referral", perform, _l("Rujukan dikirim."))

    @expose("/<int:pk>/referral/<int:item_id>/status", methods=["POST"])
    @has_access
    @permission_name("edit")
    def referral_status(self, pk, item_id):
        def perform(case, form):
            cases.update_referral(
                self._case_item(case, Referral, item_id),
                user=g.user,
                status=form.status.data,
                on=form.on.data,
                feedback=form.feedback.data,
            )

        return self._act(
            pk, "referral-status", perform, _l("Status rujukan diperbarui."), item_id=item_id
        )

    @expose("/<int:pk>/follow-up", methods=["POST"])
    @has_access
    @permission_name("edit")
    def follow_up(self, pk):
        def perform(case, form):
            cases.schedule_follow_up(
                case,
                user=g.user,
                due_on=form.due_on.data,
                description=form.description.data,
                assigned_to=case.worker,
            )

        return self._act(pk, "follow-up", perform, _l("Tindak lanjut dijadwalkan."))

    @expose("/<int:pk>/follow-up/<int:item_id>/done", methods=["POST"])
    @has_access
    @permission_name("edit")
    def follow_up_done(self, pk, item_id):
        def perform(case, form):
            cases.complete_follow_up(
                self._case_item(case, FollowUp, item_id),
                user=g.user,
                done_on=form.done_on.data,
                result=form.result.data,
            )

        return self._act(
            pk, "follow-up-done", perform, _l("Tindak lanjut selesai."), item_id=item_id
        )

    @expose("/<int:pk>/consent", methods=["POST"])
    @has_access
    @permission_name("edit")
    def consent(self, pk):
        def perform(case, form):
            cases.record_consent(
                case,
                user=g.user,
                purpose=form.purpose.data,
                given_by=form.given_by.data,
                given_by_name=form.given_by_name.data,
                given_on=form.given_on.data,
                allows_data_sharing=form.allows_data_sharing.data,
            )

        return self._act(pk, "consent", perform, _l("Persetujuan dicatat."))

    @expose("/<int:pk>/consent/<int:item_id>/withdraw", methods=["POST"])
    @has_access
    @permission_name("edit")
    def withdraw_consent(self, pk, item_id):
        def perform(case, form):
            cases.withdraw_consent(
                self._case_item(case, Consent, item_id),
                user=g.user,
                withdrawn_on=form.withdrawn_on.data,
            )

        return self._act(
            pk, "withdraw-consent", perform, _l("Persetujuan ditarik."), item_id=item_id
        )

    @expose("/<int:pk>/note", methods=["POST"])
    @has_access
    @permission_name("edit")
    def note(self, pk):
        def perform(case, form):
            cases.add_note(case, user=g.user, text=form.text.data)

        return self._act(pk, "note", perform, _l("Catatan ditambahkan."))

    # --- helpers of the case page -------------------------------------------------------

    def _reachable_case(self, pk):
        """The case if this user may reach it (the view's row scoping), else 404."""
        case = self.datamodel.get(pk, self._base_filters)
        if case is None:
            abort(404)
        return case

    def _case_item(self, case, model, item_id):
        """A row of this case (a plan, a referral, ...), or 404; None when no id is given."""
        if item_id in (None, ""):
            return None
        item = self.datamodel.session.get(model, int(item_id))
        if item is None or item.case_id != case.id:
            abort(404)
        return item

    def _chosen(self, model, value):
        return self.datamodel.session.get(model, int(value)) if value else None

    def _may(self, permission):
        return self.appbuilder.sm.has_access(permission, self.class_permission_name)

    def _form(self, name, case, item=None, submitted=False):
        form_class = FORMS.get(name) or ITEM_FORMS[name]
        prefix = f"{name}-{item.id}" if item is not None else name
        form = form_class(formdata=request.form if submitted else None, prefix=prefix)
        form.prepare(case, local_today(), item)
        if not submitted:
            form.fill_defaults(local_today())
        return form

    def _act(self, pk, name, perform, done_message, item_id=None):
        """Run one change of the case page, all or nothing.

        Done: back to the case page. Refused (invalid input, or a rule of lk3admin.cases /
        workflow): the case page again, with the person's input and the reason on the form.
        """
        case = self._reachable_case(pk)
        item = self._form_item(name, case, item_id)
        form = self._form(name, case, item, submitted=True)
        if form.validate():
            session = self.datamodel.session
            try:
                perform(case, form)
                session.commit()
            except RuleViolation as refusal:
                session.rollback()
                self._show_case_refusal(form, refusal.field, refusal.message)
            except IntegrityError as error:
                session.rollback()
                field, message = self.explain_violation(constraints.describe(error))
                self._show_case_refusal(form, field, message)
            else:
                flash(str(done_message), "success")
                return redirect(url_for(".show", pk=case.id, _anchor=f"section-{name}"))
        key = f"{name}-{item.id}" if item is not None else name
        return self._case_page(self._reachable_case(pk), refused=(key, form))

    def _form_item(self, name, case, item_id):
        models = {
            "approve-plan": InterventionPlan,
            "approve-evaluation": Evaluation,
            "referral-status": Referral,
            "follow-up-done": FollowUp,
            "withdraw-consent": Consent,
        }
        return self._case_item(case, models[name], item_id) if name in models else None

    @staticmethod
    def _show_case_refusal(form, field, message):
        if field and field in form:
            form[field].errors = [*form[field].errors, str(message)]
        else:
            flash(str(message), "danger")

    def _case_page(self, case, refused=None):
        """The case page: stage and what is needed to move on, the allowed moves, the forms
        and the timeline. `refused` is (key, form) of a refused form, shown as it was filled.
        """
        case = cases.load_case_page(case.id)
        today = local_today()
        forms = {name: self._form(name, case) for name in FORMS}
        item_forms = {}
        for name, items in (
            ("approve-plan", [p for p in case.plans if not p.approved_at]),
            ("approve-evaluation", [e for e in case.evaluations if not e.approved_at]),
            (
                "referral-status",
                [r for r in case.referrals if r.status in workflow.REFERRAL_STEPS],
            ),
            ("follow-up-done", [f for f in case.follow_ups if f.done_on is None]),
            ("withdraw-consent", [c for c in case.consents if c.withdrawn_on is None]),
        ):
            for item in items:
                item_forms[f"{name}-{item.id}"] = self._form(name, case, item)
        refused_key, refused_form = refused or (None, None)
        if refused_key in forms:
            forms[refused_key] = refused_form
        elif refused_key is not None:
            item_forms[refused_key] = refused_form
        next_stage = workflow.next_stage(workflow.stage_of(case))
        is_supervisor = g.user is not None and g.user.id == case.supervisor_id
        return self.render_template(
            self.show_template,
            title=_l("Kasus %(number)s", number=case.number),
            case=case,
            forms=forms,
            item_forms=item_forms,
            refused_key=refused_key,
            stages=workflow.STAGES,
            current_position=workflow.STAGES.index(workflow.stage_of(case)),
            next_stage=next_stage,
            requirements=workflow.requirements_to_advance(case) if next_stage else [],
            can_forward=workflow.is_allowed(Action.FORWARD, Attempt(case, to_stage=next_stage)),
            can_back=not case.is_closed and bool(workflow.earlier_stages(case)),
            # The close form asks for the reason; any reason will do to know it may be shown.
            can_close=workflow.is_allowed(
                Action.CLOSE, Attempt(case, closure_reason=ClosureReason.RESOLVED)
            ),
            can_reopen=case.is_closed,
            blocked={
                "assessment": workflow.unmet(Action.ASSESS, Attempt(case)),
                "plan": workflow.unmet(Action.PLAN, Attempt(case)),
                "evaluation": workflow.unmet(Action.EVALUATE, Attempt(case)),
                "delivery": workflow.unmet(Action.DELIVER, Attempt(case)),
                "referral": workflow.unmet(Action.REFER, Attempt(case, emergency=True)),
                "follow-up": workflow.unmet(Action.SCHEDULE_FOLLOW_UP, Attempt(case)),
            },
            may_edit=self._may("can_edit"),
            may_approve=self._may("can_approve") and is_supervisor,
            may_override_consent=self._may("can_override_consent"),
            late_follow_ups=[f for f in case.follow_ups if cases.is_follow_up_overdue(f, today)],
            late_referrals=[
                r for r in case.referrals if cases.is_referral_feedback_overdue(r, today)
            ],
            label=privacy.label,
            shown_value=privacy.shown_value,
            event_code_label=cases.event_code_label,
            changed_field_labels=cases.changed_field_labels,
            Stage=Stage,
            AssessmentKind=AssessmentKind,
            RiskLevel=RiskLevel,
            ClientType=ClientType,
            ClosureReason=ClosureReason,
            ConsentGiver=ConsentGiver,
            ReferralStatus=ReferralStatus,
            CaseEventKind=CaseEventKind,
        )


# --- lists of what happened in cases ------------------------------------------------------


class _CaseRecordView(Lk3ModelView):
    """Rows recorded on the case page: listed and shown here, changed there."""

    unit_path = "case.unit_id"
    base_permissions = ["can_list", "can_show"]
    formatters_columns = {"case": case_link}


class ServiceDeliveryView(_CaseRecordView):
    datamodel = Lk3Interface(ServiceDelivery)
    object_name = _l("Layanan Diberikan")
    list_columns = ["case", "service", "delivered_on", "partner", "delivered_by"]
    show_columns = [*list_columns, "note"]
    search_columns = ["service", "partner", "delivered_on"]
    label_columns = {
        "case": _l("Kasus"),
        "service": _l("Layanan"),
        "delivered_on": _l("Tanggal"),
        "partner": _l("Mitra"),
        "delivered_by": _l("Petugas"),
        "note": _l("Catatan"),
    }
    base_order = ("delivered_on", "desc")


class ReferralView(ConditionFiltersMixin, _CaseRecordView):
    datamodel = Lk3Interface(Referral)
    object_name = _l("Rujukan")
    list_columns = ["case", "partner", "status", "sent_on", "feedback_due_on", "is_emergency"]
    show_columns = [
        *list_columns,
        "reason",
        "shares_client_data",
        "consent",
        "consent_override_reason",
        "consent_overridden_by",
        "responded_on",
        "finished_on",
        "feedback",
        "sent_by",
    ]
    search_columns = ["partner", "status", "is_emergency", "sent_on", "feedback_due_on"]
    condition_filters = {
        "overdue_feedback": (_l("Umpan balik terlambat"), cases.referral_feedback_overdue),
    }
    choice_columns = {"status": ReferralStatus}
    label_columns = {
        "case": _l("Kasus"),
        "partner": _l("Lembaga tujuan"),
        "status": _l("Status"),
        "sent_on": _l("Tanggal rujukan"),
        "feedback_due_on": _l("Batas umpan balik"),
        "is_emergency": _l("Darurat"),
        "reason": _l("Alasan rujukan"),
        "shares_client_data": _l("Membagikan data klien"),
        "consent": _l("Persetujuan"),
        "consent_override_reason": _l("Alasan tanpa persetujuan"),
        "consent_overridden_by": _l("Pengecualian oleh"),
        "responded_on": _l("Tanggal dijawab"),
        "finished_on": _l("Tanggal selesai"),
        "feedback": _l("Umpan balik"),
        "sent_by": _l("Pengirim"),
    }
    base_order = ("sent_on", "desc")


class FollowUpView(ConditionFiltersMixin, _CaseRecordView):
    datamodel = Lk3Interface(FollowUp)
    object_name = _l("Tindak Lanjut")
    list_columns = ["case", "description", "due_on", "done_on", "assigned_to"]
    show_columns = [*list_columns, "result"]
    search_columns = ["description", "due_on", "done_on", "assigned_to"]
    condition_filters = {"overdue": (_l("Terlambat"), cases.follow_up_overdue)}
    label_columns = {
        "case": _l("Kasus"),
        "description": _l("Yang harus dilakukan"),
        "due_on": _l("Jatuh tempo"),
        "done_on": _l("Selesai"),
        "assigned_to": _l("Petugas"),
        "result": _l("Hasil"),
    }
    base_order = ("due_on", "asc")


class ConsentView(_CaseRecordView):
    datamodel = Lk3Interface(Consent)
    object_name = _l("Persetujuan")
    list_columns = [
        "case",
        "purpose",
        "given_by",
        "given_on",
        "allows_data_sharing",
        "withdrawn_on",
    ]
    show_columns = [*list_columns, "given_by_name"]
    search_columns = ["purpose", "given_by", "given_on", "allows_data_sharing", "withdrawn_on"]
    choice_columns = {"given_by": ConsentGiver}
    label_columns = {
        "case": _l("Kasus"),
        "purpose": _l("Tujuan"),
        "given_by": _l("Diberikan oleh"),
        "given_by_name": _l("Nama pemberi"),
        "given_on": _l("Tanggal"),
        "allows_data_sharing": _l("Berbagi data untuk rujukan"),
        "withdrawn_on": _l("Ditarik"),
    }
    base_order = ("given_on", "desc")


def register(appbuilder):
    menu = {"category": MENU, "category_label": _l("Kasus"), "category_icon": "fa-folder-open"}
    appbuilder.add_view(CaseView, "Daftar Kasus", label=_l("Daftar Kasus"), **menu)
    appbuilder.add_view(ReferralView, "Rujukan", label=_l("Rujukan"), **menu)
    appbuilder.add_view(FollowUpView, "Tindak Lanjut", label=_l("Tindak Lanjut"), **menu)
    appbuilder.add_view(
        ServiceDeliveryView, "Layanan Diberikan", label=_l("Layanan Diberikan"), **menu
    )
    appbuilder.add_view(ConsentView, "Persetujuan", label=_l("Persetujuan"), **menu)
