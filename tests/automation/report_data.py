"""A seeded period of raw rows for the report tests, and the figures computed from those rows
in plain Python, independently of lk3admin.reporting's SQL."""

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lk3admin.extensions import db
from models import (
    BoardPeriod,
    Case,
    CaseEvent,
    CaseEventKind,
    ClientType,
    Family,
    FollowUp,
    LeaveReason,
    Meeting,
    MeetingInvitee,
    Membership,
    Person,
    ProblemCategory,
    Referral,
    ReferralSource,
    ReferralStatus,
    Service,
    ServiceDelivery,
    Stage,
)
from tests import factories

PERIOD = (date(2031, 1, 1), date(2031, 3, 31))
PREVIOUS = (date(2030, 10, 3), date(2030, 12, 31))
# Rows are spread from well before the previous period to after the current one.
FIRST_DAY, LAST_DAY = date(2030, 6, 1), date(2031, 5, 15)
CATEGORIES = ["kdrt", "ka_fisik", "penelantaran_anak", "perceraian", "napza", "lansia_terlantar"]
SOURCES = ["datang_sendiri", "kepolisian", "sekolah", "dp3a", None]


def _day(rng, first=FIRST_DAY, last=LAST_DAY):
    return first + timedelta(days=rng.randint(0, (last - first).days))


def seed_report_rows(seed=20310331):
    """Two units in Kalimantan Timur and one elsewhere, each with cases, services, referrals,
    follow-ups, board changes and meetings. Returns the units {code: unit}. Commits."""
    rng = random.Random(seed)
    factories.province("63", "Kalimantan Selatan")
    units = {
        "BTG": factories.unit("BTG", "64.74", "Kota Bontang"),
        "SMD": factories.unit("SMD", "64.72", "Kota Samarinda"),
        "BJM": factories.unit("BJM", "63.71", "Kota Banjarmasin"),
    }
    categories = [factories.by_code(ProblemCategory, code) for code in CATEGORIES]
    sources = [code and factories.by_code(ReferralSource, code) for code in SOURCES]
    services = db.session.scalars(select(Service).order_by(Service.sort_order)).all()
    stages = list(Stage)
    with db.session.no_autoflush:
        for code, unit in units.items():
            _unit_rows(rng, code, unit, categories, sources, services, stages)
    db.session.commit()
    return units


def _unit_rows(rng, code, unit, categories, sources, services, stages):
    """Cases with their deliveries, referrals, follow-ups and history; a board; meetings."""
    partners = [
        factories.partner(unit, name=f"Polres {unit.code}"),
        factories.partner(unit, name=f"UPTD PPA {unit.code}", kind="uptd_ppa"),
    ]
    for number in range(1, 31):
        family = Family(unit=unit, label=f"Keluarga {code}-{number:03d}")
        opened = _day(rng)
        closed = None
        if rng.random() < 0.45:
            closed = min(opened + timedelta(days=rng.randint(0, 200)), LAST_DAY)
        case = Case(
            unit=unit,
            year=opened.year,
            sequence=number,
            number=f"{code}/{opened.year}/{number:04d}",
            family=family,
            opened_on=opened,
            closed_on=closed,
            client_type=rng.choice([ClientType.NEW, ClientType.NEW, ClientType.CONTINUING]),
            referral_source=rng.choice(sources),
            stage=rng.choice(stages),
            categories=rng.sample(categories, rng.randint(0, 2)),
        )
        db.session.add(case)
        _history(rng, case, stages)
        for _ in range(rng.randint(0, 4)):
            db.session.add(
                ServiceDelivery(
                    case=case,
                    service=rng.choice(services),
                    delivered_on=_day(rng, opened),
                    partner=rng.choice([None, *partners]),
                )
            )
        for _ in range(rng.randint(0, 2)):
            db.session.add(
                Referral(
                    case=case,
                    partner=rng.choice(partners),
                    status=rng.choice(list(ReferralStatus)),
                    reason="Rujukan uji",
                    sent_on=_day(rng, opened),
                )
            )
        for _ in range(rng.randint(0, 3)):
            due = _day(rng, opened)
            done = rng.choice([None, due + timedelta(days=rng.randint(-5, 30))])
            db.session.add(
                FollowUp(
                    case=case,
                    due_on=due,
                    done_on=done if done is None else max(done, opened),
                    description="Tindak lanjut uji",
                )
            )
    _board(rng, unit)
    _meetings(rng, unit)


def _history(rng, case, stages):
    """Stage changes at random times; some fall around the end of the period."""
    moments = sorted(
        datetime.combine(_day(rng, case.opened_on), time(rng.randint(0, 23), rng.randint(0, 59)))
        for _ in range(rng.randint(0, 4))
    )
    if rng.random() < 0.2:
        # Just before and after midnight at the period's end, in Jakarta time (UTC+7).
        moments.append(datetime(2031, 3, 31, 16, rng.choice([30, 59])))
        moments.append(datetime(2031, 3, 31, 17, 5))
    for moment in moments:
        case.events.append(
            CaseEvent(at=moment, kind=CaseEventKind.STAGE_FORWARD, to_stage=rng.choice(stages))
        )


def _board(rng, unit):
    period = BoardPeriod(unit=unit, decree_number=f"SK/{unit.code}/2029", starts_on=FIRST_DAY)
    positions = [factories.position(code) for code in ("anggota", "konselor", "sekretaris")]
    elements = [factories.element(code) for code in ("peksos", "polri", "dokter")]
    for number in range(25):
        joined = _day(rng)
        left = None
        if rng.random() < 0.4:
            left = min(joined + timedelta(days=rng.randint(0, 150)), LAST_DAY)
        db.session.add(
            Membership(
                period=period,
                person=Person(full_name=f"Anggota Fiktif {unit.code}-{number}"),
                position=rng.choice(positions),
                element=rng.choice(elements),
                joined_on=joined,
                left_on=left,
                left_reason=left and rng.choice([None, *LeaveReason]),
            )
        )


def _meetings(rng, unit):
    for held in (date(2030, 11, 20), date(2030, 12, 31), date(2031, 3, 31), date(2031, 4, 2)):
        meeting = Meeting(
            unit=unit,
            title=f"Rakor {unit.code} {held}",
            held_at=datetime.combine(held, time(rng.randint(8, 20))),
            venue="Aula",
            period_start=held - timedelta(days=90),
            period_end=held - timedelta(days=1),
        )
        meeting.invitees = [
            MeetingInvitee(email=f"undangan{n}@example.id", attended=rng.random() < 0.6)
            for n in range(rng.randint(3, 9))
        ]
        db.session.add(meeting)


# --- the same figures, counted in Python ------------------------------------------------------


def expected_figures(unit_ids, start, end):
    """{"summary": {key: n}, table key: {labels: n}} for one period, from the raw rows."""
    cases = [c for c in db.session.scalars(select(Case)) if c.unit_id in unit_ids]
    handled = [c for c in cases if c.opened_on <= end and not (c.closed_on and c.closed_on < start)]
    open_at_end = [
        c for c in cases if c.opened_on <= end and not (c.closed_on and c.closed_on <= end)
    ]

    def between(day):
        return day is not None and start <= day <= end

    summary = {
        "handled": len(handled),
        "new": sum(c.client_type == ClientType.NEW for c in handled),
        "continuing": sum(c.client_type == ClientType.CONTINUING for c in handled),
        "opened": sum(between(c.opened_on) for c in handled),
        "closed": sum(between(c.closed_on) for c in handled),
        "overdue_follow_ups": sum(
            f.due_on <= end and (f.done_on is None or f.done_on > end)
            for c in open_at_end
            for f in c.follow_ups
        ),
    }
    end_of_period = (
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=ZoneInfo("Asia/Jakarta"))
        .astimezone(UTC)
        .replace(tzinfo=None)
    )
    stage_counts = Counter()
    for case in open_at_end:
        changes = [e for e in case.events if e.to_stage and e.at < end_of_period]
        latest = max(changes, key=lambda e: (e.at, e.id)) if changes else None
        stage_counts[Stage.label_of(latest.to_stage if latest else case.stage)] += 1

    memberships = [
        m for m in db.session.scalars(select(Membership)) if m.period.unit_id in unit_ids
    ]
    board = Counter({("Bergabung", ""): sum(between(m.joined_on) for m in memberships)})
    for m in memberships:
        if between(m.left_on):
            reason = LeaveReason.label_of(m.left_reason) if m.left_reason else "Tidak tercatat"
            board[("Keluar", str(reason))] += 1

    invited = attended = 0
    for unit_id in unit_ids:
        held = [
            m
            for m in db.session.scalars(select(Meeting).where(Meeting.unit_id == unit_id))
            if m.held_at.date() <= end
        ]
        if held:
            last = max(held, key=lambda m: m.held_at)
            invited += len(last.invitees)
            attended += sum(i.attended for i in last.invitees)

    return {
        "summary": summary,
        "by_category": Counter((cat.name,) for c in handled for cat in c.categories),
        "by_referral_source": Counter(
            (c.referral_source.name if c.referral_source else "Tidak tercatat",) for c in handled
        ),
        "by_stage": Counter({(label,): n for label, n in stage_counts.items()}),
        "services": Counter(
            (d.service.name,) for c in cases for d in c.deliveries if between(d.delivered_on)
        ),
        "referrals": Counter(
            (f"{r.partner.name} ({r.partner.unit.code})", str(ReferralStatus.label_of(r.status)))
            for c in cases
            for r in c.referrals
            if between(r.sent_on)
        ),
        "board_changes": board,
        "attendance": Counter({("Diundang",): invited, ("Hadir",): attended}),
    }
