"""Reports (menu Laporan): every report with its status and files, and "compile now" on a
meeting. The screens only request and show; lk3admin/reports.py does the work, in a worker."""

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_appbuilder import expose, has_access
from flask_appbuilder.actions import action
from flask_appbuilder.security.decorators import permission_name
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from lk3admin import audit, background, reports
from models import (
    AuditAction,
    Meeting,
    ReportFile,
    ReportKind,
    ReportScope,
    ReportStatus,
)
from models import Report as ReportModel
from views.base import Lk3Interface, Lk3ModelView

MENU = "Laporan"


def file_links(files):
    return Markup(" ").join(
        Markup('<a href="{}">{}</a>').format(
            url_for("ReportView.download_file", file_id=report_file.id), report_file.filename
        )
        for report_file in files
    )


def figures_table(figures):
    if not figures:
        return ""
    return Markup(render_template("lk3/report_figures.html", figures=figures))


class ReportView(Lk3ModelView):
    datamodel = Lk3Interface(ReportModel)
    route_base = "/reports"
    unit_path = "unit_id"
    object_name = _l("Laporan")
    # Reports are requested by "compile now" or the scheduler, never typed in.
    base_permissions = ["can_list", "can_show"]
    list_columns = [
        "created_at",
        "kind",
        "scope_name",
        "period_start",
        "period_end",
        "status",
        "files",
    ]
    list_eager = ("unit", "regency", "province")
    show_columns = [
        "kind",
        "scope",
        "scope_name",
        "meeting",
        "period_start",
        "period_end",
        "status",
        "error",
        "finished_at",
        "files",
        "figures",
    ]
    search_columns = ["kind", "scope", "status", "period_start", "period_end"]
    order_columns = ["created_at", "period_start", "period_end", "status"]
    choice_columns = {"kind": ReportKind, "scope": ReportScope, "status": ReportStatus}
    formatters_columns = {"files": file_links, "figures": figures_table}
    label_columns = {
        "created_at": _l("Diminta"),
        "kind": _l("Jenis"),
        "scope": _l("Cakupan"),
        "scope_name": _l("Unit/wilayah"),
        "meeting": _l("Rapat"),
        "period_start": _l("Periode mulai"),
        "period_end": _l("Periode sampai"),
        "status": _l("Status"),
        "error": _l("Galat"),
        "finished_at": _l("Selesai"),
        "files": _l("Berkas"),
        "figures": _l("Angka"),
    }
    base_order = ("created_at", "desc")

    @expose("/file/<int:file_id>")
    @has_access
    @permission_name("show")
    def download_file(self, file_id):
        session = self.datamodel.session
        report_file = session.get(ReportFile, file_id)
        report = report_file and self.datamodel.get(report_file.report_id, self._base_filters)
        if report is None:
            abort(404)
        audit.record(AuditAction.EXPORT, report, details={"file": report_file.filename})
        session.commit()
        return send_file(
            io.BytesIO(report_file.content),
            mimetype=report_file.mimetype,
            as_attachment=True,
            download_name=report_file.filename,
        )


class MeetingReportView(Lk3ModelView):
    """Meetings with their reports; "compile now" requests a meeting's report at once."""

    datamodel = Lk3Interface(Meeting)
    route_base = "/meeting-reports"
    unit_path = "unit_id"
    object_name = _l("Laporan Rapat")
    base_permissions = ["can_list", "can_show"]
    list_columns = ["held_at", "title", "unit", "period_start", "period_end"]
    show_columns = ["held_at", "title", "unit", "venue", "period_start", "period_end"]
    search_columns = ["title", "unit", "held_at"]
    order_columns = ["held_at", "title"]
    label_columns = {
        "held_at": _l("Waktu"),
        "title": _l("Judul"),
        "unit": _l("Unit LK3"),
        "venue": _l("Tempat"),
        "period_start": _l("Periode laporan mulai"),
        "period_end": _l("Periode laporan sampai"),
    }
    related_views = [ReportView]
    base_order = ("held_at", "desc")

    @action(
        "compile_now",
        _l("Susun laporan sekarang"),
        _l("Susun laporan rapat yang dipilih sekarang?"),
        "fa-file-text-o",
        multiple=True,
        single=True,
    )
    def compile_now(self, meetings):
        meetings = meetings if isinstance(meetings, list) else [meetings]
        reachable = [m for m in meetings if m and self.datamodel.get(m.id, self._base_filters)]
        requested = [
            reports.request_meeting_report(meeting, requested_by_id=current_user.id)
            for meeting in reachable
        ]
        self.datamodel.session.commit()
        for report in requested:
            background.wake_worker(background.COMPILE_REPORT, report.id)
        flash(
            _(
                "%(count)d laporan sedang disusun; statusnya terlihat di daftar laporan.",
                count=len(requested),
            ),
            "success",
        )
        return redirect(url_for("ReportView.list"))


def register(appbuilder):
    appbuilder.add_view(
        ReportView,
        "Laporan",
        label=_l("Laporan"),
        category=MENU,
        category_label=_l("Laporan"),
        category_icon="fa-bar-chart",
    )
    appbuilder.add_view(
        MeetingReportView,
        "Laporan Rapat",
        label=_l("Laporan Rapat"),
        category=MENU,
    )
