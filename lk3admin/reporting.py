"""The rakor figures: what LK3 officials present at a coordination meeting, by SQL aggregation.

`compute_figures(scope, scope_id, start, end)` counts, for the LK3 units of one unit,
regency/city or province, the figures of the period and of the previous period of equal
length. The screen, the PDF, the XLSX and the emails all show what this returns. The caller
decides which scope a user may ask for (lk3admin/access.py); this module only counts.

What each figure means (for a period from `start` to `end`, both included):

- handled: cases open at some time in the period (opened on or before `end`, not closed
  before `start`); of which new and continuing clients (the case's client type);
- opened, closed: cases opened, closed in the period;
- by category, by referral source: handled cases (a case with two categories counts in both);
- by stage at period end: cases still open at `end`, by the stage their history shows at the
  end of that day (the current stage when a case has no recorded stage change);
- services delivered: deliveries in the period, by service (all eight listed);
- referrals: referrals sent in the period, by partner and their status now;
- overdue follow-ups: follow-ups of cases open at `end`, due by `end` and not done by then;
- board changes: members who joined in the period, members who left, by reason;
- attendance: invitees and attendees of each unit's last meeting held by `end`.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as sql_case

from lk3admin.dates import previous_period, utc_start_of
from lk3admin.extensions import db
from models import (
    BoardPeriod,
    Case,
    CaseEvent,
    ClientType,
    FollowUp,
    LeaveReason,
    Lk3Unit,
    Meeting,
    MeetingInvitee,
    Membership,
    Partner,
    ProblemCategory,
    Province,
    Referral,
    ReferralSource,
    ReferralStatus,
    Regency,
    ReportScope,
    Service,
    ServiceDelivery,
    Stage,
)
from models.case import case_category

LAST = 10**6  # sort position of "not recorded" rows: after every listed value


def compute_figures(scope, scope_id, start, end):
    """The figures of the period and of the previous one, as a JSON-ready dict."""
    if end < start:
        raise ValueError(_("Akhir periode tidak boleh sebelum awal periode."))
    scope = ReportScope(scope)
    units = unit_ids(scope, scope_id)
    previous_start, previous_end = previous_period(start, end)
    current = _PeriodCounts(units, start, end)
    previous = _PeriodCounts(units, previous_start, previous_end)
    return {
        "scope": scope.value,
        "scope_id": scope_id,
        "scope_name": scope_name(scope, scope_id),
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "previous_period": {"start": previous_start.isoformat(), "end": previous_end.isoformat()},
        "summary": _summary(current, previous),
        "tables": _tables(current, previous),
    }


def unit_ids(scope, scope_id):
    """A subquery of the ids of the LK3 units within a unit, regency/city or province."""
    query = select(Lk3Unit.id)
    if scope == ReportScope.UNIT:
        return query.where(Lk3Unit.id == scope_id)
    if scope == ReportScope.REGENCY:
        return query.where(Lk3Unit.regency_id == scope_id)
    return query.join(Regency, Regency.id == Lk3Unit.regency_id).where(
        Regency.province_id == scope_id
    )


def scope_name(scope, scope_id):
    model = {
        ReportScope.UNIT: Lk3Unit,
        ReportScope.REGENCY: Regency,
        ReportScope.PROVINCE: Province,
    }
    found = db.session.get(model[ReportScope(scope)], scope_id)
    if found is None:
        raise LookupError(_("Wilayah atau unit laporan tidak ditemukan."))
    return found.name


class _PeriodCounts:
    """Every count of one period, each from one aggregate query."""

    def __init__(self, units, start, end):
        self.units = units
        self.start = start
        self.end = end
        self.handled = and_(
            Case.unit_id.in_(units),
            Case.opened_on <= end,
            or_(Case.closed_on.is_(None), Case.closed_on >= start),
        )
        self.open_at_end = and_(
            Case.unit_id.in_(units),
            Case.opened_on <= end,
            or_(Case.closed_on.is_(None), Case.closed_on > end),
        )

    def cases(self):
        def count_where(condition):
            return func.coalesce(func.sum(sql_case((condition, 1), else_=0)), 0)

        in_period = and_(Case.opened_on >= self.start, Case.opened_on <= self.end)
        closed_in_period = and_(Case.closed_on >= self.start, Case.closed_on <= self.end)
        row = db.session.execute(
            select(
                func.count(Case.id),
                count_where(Case.client_type == ClientType.NEW),
                count_where(Case.client_type == ClientType.CONTINUING),
                count_where(in_period),
                count_where(closed_in_period),
            ).where(self.handled)
        ).one()
        return dict(zip(("handled", "new", "continuing", "opened", "closed"), row, strict=True))

    def by_category(self):
        rows = db.session.execute(
            select(
                ProblemCategory.code,
                ProblemCategory.name,
                ProblemCategory.sort_order,
                func.count(Case.id),
            )
            .select_from(Case)
            .join(case_category, case_category.c.case_id == Case.id)
            .join(ProblemCategory, ProblemCategory.id == case_category.c.category_id)
            .where(self.handled)
            .group_by(
                ProblemCategory.id,
                ProblemCategory.code,
                ProblemCategory.name,
                ProblemCategory.sort_order,
            )
        )
        return {code: ([name], order, count) for code, name, order, count in rows}

    def by_referral_source(self):
        rows = db.session.execute(
            select(
                ReferralSource.code,
                ReferralSource.name,
                ReferralSource.sort_order,
                func.count(Case.id),
            )
            .select_from(Case)
            .outerjoin(ReferralSource, ReferralSource.id == Case.referral_source_id)
            .where(self.handled)
            .group_by(
                ReferralSource.id,
                ReferralSource.code,
                ReferralSource.name,
                ReferralSource.sort_order,
            )
        )
        return {
            code or "": ([name or _("Tidak tercatat")], LAST if code is None else order, count)
            for code, name, order, count in rows
        }

    def by_stage(self):
        # The latest recorded stage change before the end of the period, per case.
        ranked = (
            select(
                CaseEvent.case_id,
                CaseEvent.to_stage,
                func.row_number()
                .over(
                    partition_by=CaseEvent.case_id,
                    order_by=(CaseEvent.at.desc(), CaseEvent.id.desc()),
                )
                .label("rank"),
            )
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                self.open_at_end,
                CaseEvent.to_stage.is_not(None),
                CaseEvent.at < utc_start_of(self.end + timedelta(days=1)),
            )
            .subquery()
        )
        stage = func.coalesce(ranked.c.to_stage, Case.stage)
        rows = db.session.execute(
            select(stage, func.count(Case.id))
            .select_from(Case)
            .outerjoin(ranked, and_(ranked.c.case_id == Case.id, ranked.c.rank == 1))
            .where(self.open_at_end)
            .group_by(stage)
        )
        counts = dict(rows.all())
        return {
            member.value: ([str(member.label)], member.position, counts.get(member.value, 0))
            for member in Stage
        }

    def services(self):
        counts = dict(
            db.session.execute(
                select(ServiceDelivery.service_id, func.count(ServiceDelivery.id))
                .join(Case, Case.id == ServiceDelivery.case_id)
                .where(
                    Case.unit_id.in_(self.units),
                    ServiceDelivery.delivered_on >= self.start,
                    ServiceDelivery.delivered_on <= self.end,
                )
                .group_by(ServiceDelivery.service_id)
            ).all()
        )
        services = db.session.scalars(select(Service).order_by(Service.sort_order))
        return {
            service.code: ([service.name], service.sort_order, counts.get(service.id, 0))
            for service in services
            if service.active or counts.get(service.id)
        }

    def referrals(self):
        status_order = {
            member.value: member_index for member_index, member in enumerate(ReferralStatus)
        }
        rows = db.session.execute(
            select(
                Partner.id,
                Partner.name,
                Lk3Unit.code,
                Referral.status,
                func.count(Referral.id),
            )
            .select_from(Referral)
            .join(Case, Case.id == Referral.case_id)
            .join(Partner, Partner.id == Referral.partner_id)
            .join(Lk3Unit, Lk3Unit.id == Partner.unit_id)
            .where(
                Case.unit_id.in_(self.units),
                Referral.sent_on >= self.start,
                Referral.sent_on <= self.end,
            )
            .group_by(Partner.id, Partner.name, Lk3Unit.code, Referral.status)
        )
        return {
            f"{partner_id}:{status}": (
                [f"{name} ({unit_code})", str(ReferralStatus.label_of(status))],
                (name, unit_code, status_order.get(status, LAST)),
                count,
            )
            for partner_id, name, unit_code, status, count in rows
        }

    def overdue_follow_ups(self):
        return db.session.scalar(
            select(func.count(FollowUp.id))
            .join(Case, Case.id == FollowUp.case_id)
            .where(
                self.open_at_end,
                FollowUp.due_on <= self.end,
                or_(FollowUp.done_on.is_(None), FollowUp.done_on > self.end),
            )
        )

    def board_changes(self):
        memberships = (
            select(Membership)
            .join(BoardPeriod, BoardPeriod.id == Membership.period_id)
            .where(BoardPeriod.unit_id.in_(self.units))
            .subquery()
        )
        joined = db.session.scalar(
            select(func.count()).where(
                memberships.c.joined_on >= self.start, memberships.c.joined_on <= self.end
            )
        )
        left = db.session.execute(
            select(memberships.c.left_reason, func.count())
            .where(memberships.c.left_on >= self.start, memberships.c.left_on <= self.end)
            .group_by(memberships.c.left_reason)
        ).all()
        reason_order = {member.value: index for index, member in enumerate(LeaveReason)}
        rows = {"joined": ([_("Bergabung"), ""], -1, joined)}
        for reason, count in left:
            label = LeaveReason.label_of(reason) if reason else _("Tidak tercatat")
            rows[f"left:{reason or ''}"] = (
                [_("Keluar"), str(label)],
                reason_order.get(reason, LAST),
                count,
            )
        return rows

    def attendance(self):
        last_meetings = (
            select(Meeting.unit_id, func.max(Meeting.held_at).label("held_at"))
            .where(
                Meeting.unit_id.in_(self.units),
                # held_at is the meeting's local wall-clock time.
                Meeting.held_at < datetime.combine(self.end + timedelta(days=1), time.min),
            )
            .group_by(Meeting.unit_id)
            .subquery()
        )
        meeting_ids = select(Meeting.id).join(
            last_meetings,
            and_(
                last_meetings.c.unit_id == Meeting.unit_id,
                last_meetings.c.held_at == Meeting.held_at,
            ),
        )
        invited, attended = db.session.execute(
            select(
                func.count(MeetingInvitee.id),
                func.coalesce(func.sum(sql_case((MeetingInvitee.attended, 1), else_=0)), 0),
            ).where(MeetingInvitee.meeting_id.in_(meeting_ids))
        ).one()
        return {
            "invited": ([_("Diundang")], 0, invited),
            "attended": ([_("Hadir")], 1, attended),
        }


def _summary(current, previous):
    now, before = current.cases(), previous.cases()
    now["overdue_follow_ups"] = current.overdue_follow_ups()
    before["overdue_follow_ups"] = previous.overdue_follow_ups()
    labels = {
        "handled": _("Kasus ditangani"),
        "new": _("— klien baru"),
        "continuing": _("— klien binaan lanjutan"),
        "opened": _("Kasus dibuka"),
        "closed": _("Kasus ditutup"),
        "overdue_follow_ups": _("Tindak lanjut terlambat (akhir periode)"),
    }
    return [
        {"key": key, "label": label, "current": now[key], "previous": before[key]}
        for key, label in labels.items()
    ]


def _tables(current, previous):
    # (key, title, sheet name for the XLSX (at most 31 characters), label headers)
    specs = [
        ("by_category", _("Kasus menurut kategori masalah"), _("Kategori"), [_("Kategori")]),
        (
            "by_referral_source",
            _("Kasus menurut sumber rujukan"),
            _("Sumber rujukan"),
            [_("Sumber rujukan")],
        ),
        (
            "by_stage",
            _("Kasus berjalan menurut tahap pada akhir periode"),
            _("Tahap"),
            [_("Tahap")],
        ),
        ("services", _("Layanan yang diberikan"), _("Layanan"), [_("Layanan")]),
        (
            "referrals",
            _("Rujukan menurut mitra dan hasil"),
            _("Rujukan"),
            [_("Mitra"), _("Status")],
        ),
        (
            "board_changes",
            _("Perubahan pengurus"),
            _("Pengurus"),
            [_("Perubahan"), _("Alasan")],
        ),
        ("attendance", _("Kehadiran rapat terakhir"), _("Kehadiran"), [_("Peserta")]),
    ]
    return [
        {
            "key": key,
            "title": title,
            "sheet": sheet,
            "headers": headers,
            "rows": _merge(getattr(current, key)(), getattr(previous, key)()),
        }
        for key, title, sheet, headers in specs
    ]


def _merge(current, previous):
    """Rows of both periods, each value in its period's column, 0 where a period has none."""
    keys = sorted(
        set(current) | set(previous),
        key=lambda key: ((current.get(key) or previous.get(key))[1], key),
    )
    rows = []
    for key in keys:
        labels = (current.get(key) or previous[key])[0]
        rows.append(
            {
                "labels": labels,
                "current": current[key][2] if key in current else 0,
                "previous": previous[key][2] if key in previous else 0,
            }
        )
    return rows


def period_label(figures):
    start = date.fromisoformat(figures["period"]["start"])
    end = date.fromisoformat(figures["period"]["end"])
    return f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"
