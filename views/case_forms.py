"""The forms of the case page. Each has a fixed prefix, so its fields keep stable, unique
names and ids on a page that shows many forms ("assessment-kind", "back-reason").

`prepare(case, today)` fills what depends on the case (choices, default dates). The rules
themselves are not here: lk3admin.cases and lk3admin.workflow refuse what breaks them, and
the page shows their message on the form.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lk3admin import workflow
from lk3admin.extensions import db
from models import (
    AssessmentKind,
    ClosureReason,
    ConsentGiver,
    Partner,
    ReferralStatus,
    RiskLevel,
    Service,
)

REQUIRED_DATE = _l("Tanggal wajib diisi.")


def _date(label, required=True):
    validators = [InputRequired(message=REQUIRED_DATE)] if required else [Optional()]
    return DateField(label, validators=validators)


def _text(label, required=False, max_length=None):
    validators = [DataRequired()] if required else [Optional()]
    if max_length:
        validators.append(Length(max=max_length))
    field = StringField if max_length else TextAreaField
    return field(label, validators=validators)


def _choices(choice, blank=None):
    options = [(member.value, member.label) for member in choice]
    return options if blank is None else [("", blank), *options]


class CasePageForm(FlaskForm):
    """A form of the case page."""

    # Date fields an empty form fills with today.
    dated_today = ()

    def prepare(self, case, today, item=None):
        """Fill the choices that depend on the case (and on the item the form is about)."""

    def fill_defaults(self, today):
        for name in self.dated_today:
            self[name].data = today


class ForwardForm(CasePageForm):
    """No fields: the target stage is the next one, named in the URL."""


class BackForm(CasePageForm):
    to_stage = SelectField(_l("Kembali ke tahap"))
    reason = _text(_l("Alasan kembali"))

    def prepare(self, case, today, item=None):
        self.to_stage.choices = [(s.value, s.label) for s in workflow.earlier_stages(case)]


class CloseForm(CasePageForm):
    reason = SelectField(_l("Alasan penutupan"), choices=_choices(ClosureReason))
    note = _text(_l("Catatan penutupan"))


class ReopenForm(CasePageForm):
    reason = _text(_l("Alasan membuka kembali"))


class AssessmentForm(CasePageForm):
    dated_today = ("assessed_on",)
    kind = SelectField(_l("Jenis asesmen"), choices=_choices(AssessmentKind))
    assessed_on = _date(_l("Tanggal asesmen"))
    risk_level = SelectField(
        _l("Tingkat risiko"), choices=_choices(RiskLevel, blank=_l("— tidak dinilai —"))
    )
    attitudes = _text(_l("Sikap"))
    thoughts = _text(_l("Pikiran"))
    behaviour = _text(_l("Perilaku"))
    protective_factors = _text(_l("Faktor pelindung"))
    risk_factors = _text(_l("Faktor risiko"))
    narrative = _text(_l("Uraian"))


class PlanForm(CasePageForm):
    dated_today = ("drafted_on",)
    drafted_on = _date(_l("Tanggal disusun"))
    goals = _text(_l("Tujuan"))
    activities = _text(_l("Kegiatan"))


class ApproveForm(CasePageForm):
    """A supervisor's approval: a button, no fields."""


class EvaluationForm(CasePageForm):
    dated_today = ("evaluated_on",)
    evaluated_on = _date(_l("Tanggal evaluasi"))
    outcome = _text(_l("Hasil evaluasi"))
    recommends_closure = BooleanField(_l("Disarankan terminasi"))


def _partner_choices(case, blank):
    rows = db.session.execute(
        select(Partner.id, Partner.name)
        .where(Partner.unit_id == case.unit_id)
        .order_by(Partner.name)
    ).all()
    return [("", blank), *((str(row.id), row.name) for row in rows)]


class DeliveryForm(CasePageForm):
    dated_today = ("delivered_on",)
    service = SelectField(_l("Layanan"))
    delivered_on = _date(_l("Tanggal layanan"))
    partner = SelectField(_l("Diberikan oleh mitra"))
    note = _text(_l("Catatan"))

    def prepare(self, case, today, item=None):
        services = db.session.execute(
            select(Service.id, Service.name)
            .where(Service.active.is_(True))
            .order_by(Service.sort_order)
        ).all()
        self.service.choices = [(str(row.id), row.name) for row in services]
        self.partner.choices = _partner_choices(case, _l("— LK3 sendiri —"))


class ReferralForm(CasePageForm):
    dated_today = ("sent_on",)
    partner = SelectField(_l("Lembaga tujuan"))
    reason = _text(_l("Alasan rujukan"))
    sent_on = _date(_l("Tanggal rujukan"))
    feedback_due_on = _date(_l("Batas umpan balik"), required=False)
    is_emergency = BooleanField(_l("Rujukan darurat"))
    shares_client_data = BooleanField(_l("Membagikan data klien"), default=True)
    consent = SelectField(_l("Persetujuan yang dipakai"))
    override_reason = _text(_l("Alasan mengirim tanpa persetujuan (pengecualian)"))

    def prepare(self, case, today, item=None):
        self.partner.choices = _partner_choices(case, _l("— pilih lembaga —"))
        self.consent.choices = [("", _l("— persetujuan terbaru yang berlaku —"))] + [
            (str(consent.id), str(consent))
            for consent in case.consents
            if workflow.consent_covers_referral(consent, case, today)
        ]


class ReferralStatusForm(CasePageForm):
    dated_today = ("on",)
    status = SelectField(_l("Status baru"))
    on = _date(_l("Tanggal"))
    feedback = _text(_l("Umpan balik mitra"))

    def prepare(self, case, today, item=None):
        steps = workflow.REFERRAL_STEPS.get(ReferralStatus(item.status), set())
        self.status.choices = [(s.value, s.label) for s in ReferralStatus if s in steps]


class FollowUpForm(CasePageForm):
    due_on = _date(_l("Jatuh tempo"))
    description = _text(_l("Yang harus dilakukan"), max_length=300)


class FollowUpDoneForm(CasePageForm):
    dated_today = ("done_on",)
    done_on = _date(_l("Tanggal selesai"))
    result = _text(_l("Hasil"))


class ConsentForm(CasePageForm):
    dated_today = ("given_on",)
    purpose = _text(_l("Tujuan persetujuan"), max_length=300)
    given_by = SelectField(_l("Diberikan oleh"), choices=_choices(ConsentGiver))
    given_by_name = _text(_l("Nama pemberi persetujuan"), max_length=150)
    given_on = _date(_l("Tanggal persetujuan"))
    allows_data_sharing = BooleanField(_l("Mengizinkan berbagi data untuk rujukan"))


class WithdrawConsentForm(CasePageForm):
    dated_today = ("withdrawn_on",)
    withdrawn_on = _date(_l("Tanggal ditarik"))


class NoteForm(CasePageForm):
    text = _text(_l("Catatan"))


# The case page's forms by name, which is also their prefix. Forms about one item of the
# case (a plan, a referral, ...) add "-<item id>" to the prefix.
FORMS = {
    "forward": ForwardForm,
    "back": BackForm,
    "close": CloseForm,
    "reopen": ReopenForm,
    "assessment": AssessmentForm,
    "plan": PlanForm,
    "evaluation": EvaluationForm,
    "delivery": DeliveryForm,
    "referral": ReferralForm,
    "follow-up": FollowUpForm,
    "consent": ConsentForm,
    "note": NoteForm,
}
ITEM_FORMS = {
    "approve-plan": ApproveForm,
    "approve-evaluation": ApproveForm,
    "referral-status": ReferralStatusForm,
    "follow-up-done": FollowUpDoneForm,
    "withdraw-consent": WithdrawConsentForm,
}
