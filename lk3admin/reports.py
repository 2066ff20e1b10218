"""Reports from request to inbox: request, compile (figures, PDF, XLSX), store, email.

A report is a row first (status pending), so a request never waits for a worker and never
gets lost when the broker is down: the periodic pass compiles every pending report.
Compiling claims the row (pending → running), so two workers never compile the same one;
a report left "running" by a worker that died is claimed again after
REPORT_RUNNING_TIMEOUT_SECONDS.

The scheduler creates, once each (the report's schedule_key is unique):
- the rakor report of a meeting held within REPORT_BEFORE_MEETING_DAYS, emailed with its
  files to the meeting's invitees;
- the periodic reports of PERIODIC_REPORTS: monthly for each active unit (to its
  secretariat), quarterly for each regency/city (to its unit's secretariat) and province
  (kept in the portal: a province has no address of its own).
Reports compiled on request ("compile now", the CLI) are stored, not emailed.
"""

import logging
from datetime import datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from lk3admin import mail, reminders
from lk3admin.dates import local_today, previous_month, previous_quarter
from lk3admin.extensions import db
from lk3admin.report_render import (
    PDF_MIMETYPE,
    XLSX_MIMETYPE,
    render_pdf,
    render_xlsx,
    shown,
)
from lk3admin.reporting import compute_figures, period_label
from lk3admin.sql import insert_if_absent
from models import (
    Lk3Unit,
    MailKind,
    Meeting,
    Province,
    Regency,
    Report,
    ReportFile,
    ReportKind,
    ReportScope,
    ReportStatus,
    UnitStatus,
)
from models.base import utcnow

log = logging.getLogger(__name__)

ERROR_MAX_CHARS = 500
# The words of PERIODIC_REPORTS.
PLAN_SCOPES = {
    "unit": ReportScope.UNIT,
    "regency": ReportScope.REGENCY,
    "province": ReportScope.PROVINCE,
}
PLAN_FREQUENCIES = {"monthly": ReportKind.MONTHLY, "quarterly": ReportKind.QUARTERLY}


def request_report(
    scope, scope_id, start, end, *, kind=ReportKind.ON_REQUEST, meeting=None, requested_by_id=None
):
    """A pending report for an explicit scope and period. The caller commits.

    The caller has checked that the user may see this scope (lk3admin/access.py).
    """
    if end < start:
        raise ValueError(_("Akhir periode tidak boleh sebelum awal periode."))
    scope = ReportScope(scope)
    report = Report(
        scope=scope,
        kind=kind,
        period_start=start,
        period_end=end,
        meeting=meeting,
        requested_by_id=requested_by_id,
        status=ReportStatus.PENDING,
        **_scope_columns(scope, scope_id),
    )
    db.session.add(report)
    db.session.flush()
    return report


def request_meeting_report(meeting, requested_by_id=None):
    """'Compile now' on a meeting: its unit's figures for the period the meeting reviews."""
    return request_report(
        ReportScope.UNIT,
        meeting.unit_id,
        meeting.period_start,
        meeting.period_end,
        kind=ReportKind.MEETING,
        meeting=meeting,
        requested_by_id=requested_by_id,
    )


def request_meeting_report_by_id(meeting_id, requested_by_id=None):
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise LookupError(_("Rapat nomor %(id)s tidak ditemukan.", id=meeting_id))
    return request_meeting_report(meeting, requested_by_id)


def request_report_by_code(scope, code, start, end, requested_by_id=None):
    """A pending report for the unit, regency/city or province with this code."""
    scope = ReportScope(scope)
    model = {
        ReportScope.UNIT: Lk3Unit,
        ReportScope.REGENCY: Regency,
        ReportScope.PROVINCE: Province,
    }[scope]
    scope_id = db.session.scalar(select(model.id).where(model.code == code))
    if scope_id is None:
        raise LookupError(_("Kode %(code)s tidak ditemukan.", code=code))
    return request_report(scope, scope_id, start, end, requested_by_id=requested_by_id)


def _scope_columns(scope, scope_id):
    column = {
        ReportScope.UNIT: "unit_id",
        ReportScope.REGENCY: "regency_id",
        ReportScope.PROVINCE: "province_id",
    }[scope]
    return {column: scope_id}


def report_scope_id(report):
    return {
        ReportScope.UNIT: report.unit_id,
        ReportScope.REGENCY: report.regency_id,
        ReportScope.PROVINCE: report.province_id,
    }[ReportScope(report.scope)]


# --- the schedule --------------------------------------------------------------------------


def schedule_due_reports(today=None):
    """Create the scheduled reports due on `today` that do not exist yet; returns the count."""
    today = today or local_today()
    created = 0
    for values in [*_meeting_schedule(today), *_periodic_schedule(today)]:
        values.update(status=ReportStatus.PENDING, created_at=utcnow(), updated_at=utcnow())
        if insert_if_absent(Report, values, ["schedule_key"]) is not None:
            created += 1
    db.session.commit()
    return created


def _meeting_schedule(today):
    days = current_app.config["REPORT_BEFORE_MEETING_DAYS"]
    meetings = db.session.execute(
        select(
            Meeting.id, Meeting.unit_id, Meeting.held_at, Meeting.period_start, Meeting.period_end
        ).where(
            Meeting.held_at >= datetime.combine(today, time.min),
            Meeting.held_at < datetime.combine(today + timedelta(days=days + 1), time.min),
        )
    )
    for meeting_id, unit_id, held_at, start, end in meetings:
        yield {
            "scope": ReportScope.UNIT,
            "kind": ReportKind.MEETING,
            "unit_id": unit_id,
            "meeting_id": meeting_id,
            "period_start": start,
            "period_end": end,
            # A meeting moved to another day gets a fresh report.
            "schedule_key": f"rakor:{meeting_id}:{held_at:%Y-%m-%d}",
        }


def periodic_plan(setting):
    """[(scope, kind)] from PERIODIC_REPORTS, e.g. "unit:monthly,province:quarterly"."""
    plan = []
    for item in (setting or "").split(","):
        item = item.strip()
        if not item or item == "off":
            continue
        scope, _colon, frequency = item.partition(":")
        if scope not in PLAN_SCOPES or frequency not in PLAN_FREQUENCIES:
            raise ValueError(
                f"PERIODIC_REPORTS: {item!r} is not <{'|'.join(PLAN_SCOPES)}>:"
                f"<{'|'.join(PLAN_FREQUENCIES)}>"
            )
        plan.append((PLAN_SCOPES[scope], PLAN_FREQUENCIES[frequency]))
    return plan


def _periodic_schedule(today):
    active_units = select(Lk3Unit.id, Lk3Unit.regency_id).where(Lk3Unit.status == UnitStatus.ACTIVE)
    for scope, kind in periodic_plan(current_app.config["PERIODIC_REPORTS"]):
        if kind == ReportKind.MONTHLY:
            start, end = previous_month(today)
            label = f"{start:%Y-%m}"
        else:
            start, end, label = previous_quarter(today)
        if scope == ReportScope.UNIT:
            scope_ids = db.session.scalars(select(active_units.subquery().c.id))
        elif scope == ReportScope.REGENCY:
            scope_ids = db.session.scalars(select(active_units.subquery().c.regency_id))
        else:
            regencies = active_units.subquery()
            scope_ids = db.session.scalars(
                select(Regency.province_id)
                .join(regencies, regencies.c.regency_id == Regency.id)
                .distinct()
            )
        for scope_id in scope_ids.all():
            yield {
                "scope": scope,
                "kind": kind,
                "period_start": start,
                "period_end": end,
                "schedule_key": f"{kind.value}:{scope.value}:{scope_id}:{label}",
                **_scope_columns(scope, scope_id),
            }


# --- compiling -----------------------------------------------------------------------------


def compile_pending(limit=20):
    """Compile the pending reports (and those abandoned while running); returns their ids."""
    done = []
    for report_id in db.session.scalars(
        select(Report.id).where(_claimable()).order_by(Report.created_at, Report.id).limit(limit)
    ).all():
        if compile_report(report_id) is not None:
            done.append(report_id)
    return done


def _claimable():
    timeout = current_app.config["REPORT_RUNNING_TIMEOUT_SECONDS"]
    return or_(
        Report.status == ReportStatus.PENDING,
        and_(
            Report.status == ReportStatus.RUNNING,
            Report.started_at < utcnow() - timedelta(seconds=timeout),
        ),
    )


def claim(report_id):
    """pending → running, by one caller only (a conditional UPDATE on both backends)."""
    result = db.session.execute(
        update(Report)
        .where(Report.id == report_id, _claimable())
        .values(status=ReportStatus.RUNNING, started_at=utcnow(), error=None),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount == 1


def compile_report(report_id):
    """Compute, render and store one report, and email it when it is a scheduled one.

    Returns the report's final status, or None when another worker has it.
    """
    if not claim(report_id):
        return None
    report = db.session.get(Report, report_id)
    try:
        figures = compute_figures(
            report.scope, report_scope_id(report), report.period_start, report.period_end
        )
        threshold = current_app.config["REPORT_SMALL_COUNT_THRESHOLD"]
        base_name = _file_base_name(report)
        files = [
            ReportFile(
                report_id=report.id,
                filename=f"{base_name}.pdf",
                mimetype=PDF_MIMETYPE,
                content=render_pdf(figures, threshold, generated_on=local_today()),
            ),
            ReportFile(
                report_id=report.id,
                filename=f"{base_name}.xlsx",
                mimetype=XLSX_MIMETYPE,
                content=render_xlsx(figures, threshold),
            ),
        ]
        db.session.add_all(files)
        report.figures = figures
        report.status = ReportStatus.DONE
        report.finished_at = utcnow()
        if report.schedule_key:
            _enqueue_report_emails(report, figures, files)
        db.session.commit()
    except Exception as exc:  # any failure must show as "failed", never stay "running"
        db.session.rollback()
        log.exception("report %s failed", report_id)
        db.session.execute(
            update(Report)
            .where(Report.id == report_id)
            .values(
                status=ReportStatus.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS],
                finished_at=utcnow(),
            )
        )
        db.session.commit()
        return ReportStatus.FAILED
    return ReportStatus.DONE


def _file_base_name(report):
    owner = report.unit.code if report.unit else (report.regency or report.province).code
    owner = owner.replace(".", "")
    return f"laporan-lk3-{owner}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"


def _enqueue_report_emails(report, figures, files):
    # Each message keeps its own copy of the files: the outbox holds every email as sent.
    attachments = [mail.Attachment(f.filename, f.mimetype, f.content) for f in files]
    kind = MailKind.MEETING_REPORT if report.meeting_id else MailKind.PERIODIC_REPORT
    subject = _(
        "Laporan LK3 %(name)s periode %(period)s",
        name=figures["scope_name"],
        period=period_label(figures),
    )
    body = report_email_body(report, figures)
    for address in report_recipients(report):
        mail.enqueue(
            kind,
            f"report:{report.id}",
            address,
            subject,
            body,
            period_key=f"{report.period_start}/{report.period_end}",
            unit_id=report.unit_id,
            attachments=attachments,
        )


def report_recipients(report):
    if report.meeting_id:
        meeting = db.session.scalar(
            select(Meeting)
            .where(Meeting.id == report.meeting_id)
            .options(*reminders.invitee_loading())
        )
        return [address for _name, address in reminders.invitee_addresses(meeting)]
    if report.scope == ReportScope.UNIT:
        units = [report.unit]
    elif report.scope == ReportScope.REGENCY:
        units = db.session.scalars(
            select(Lk3Unit).where(Lk3Unit.regency_id == report.regency_id)
        ).all()
    else:
        units = []
    return [unit.secretariat_email for unit in units if unit.secretariat_email]


def report_email_body(report, figures):
    """The headline figures (small counts hidden) and a link; the files carry the rest."""
    threshold = current_app.config["REPORT_SMALL_COUNT_THRESHOLD"]
    lines = [_("Yth. Bapak/Ibu,"), ""]
    if report.meeting is not None:
        lines.append(
            _(
                "Berikut laporan untuk %(title)s pada %(day)s.",
                title=report.meeting.title,
                day=f"{report.meeting.held_at:%d-%m-%Y}",
            )
        )
    lines += [
        _(
            "Laporan %(name)s periode %(period)s terlampir (PDF dan XLSX).",
            name=figures["scope_name"],
            period=period_label(figures),
        ),
        "",
        _("Ringkasan (periode ini / periode lalu):"),
    ]
    lines += [
        f"- {item['label']}: {shown(item['current'], threshold)} / "
        f"{shown(item['previous'], threshold)}"
        for item in figures["summary"]
    ]
    lines += [
        "",
        _("Laporan di portal: %(link)s", link=mail.portal_link("laporan", report.id)),
        _("Laporan ini hanya memuat jumlah, tanpa data pribadi klien."),
    ]
    return "\n".join(lines)
