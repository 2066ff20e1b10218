"""The board (kepengurusan): period and membership dates, and carrying a board over into
the next period by decree in one action.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import BoardPeriod, Membership, Person


def check_period(period, ignore=()):
    """Refuse a period whose dates are reversed or overlap another period of its unit."""
    if period.ends_on and period.ends_on < period.starts_on:
        raise RuleViolation(
            _l("Tanggal berakhir tidak boleh sebelum tanggal mulai."), field="ends_on"
        )
    other = _overlapping_period(period, ignore={period.id, *ignore})
    if other is not None:
        if other.ends_on is None:
            message = _l(
                "Periode %(decree)s masih berjalan sejak %(start)s. Isi dulu tanggal "
                "berakhirnya, atau lanjutkan pengurusnya ke periode baru.",
                decree=other.decree_number,
                start=other.starts_on.strftime("%d-%m-%Y"),
            )
        else:
            message = _l(
                "Masa periode ini bertumpang tindih dengan periode %(decree)s "
                "(%(start)s s.d. %(end)s).",
                decree=other.decree_number,
                start=other.starts_on.strftime("%d-%m-%Y"),
                end=other.ends_on.strftime("%d-%m-%Y"),
            )
        raise RuleViolation(message, field="starts_on")


def _overlapping_period(period, ignore):
    unit_id = period.unit.id if period.unit is not None else period.unit_id
    query = select(BoardPeriod).where(
        BoardPeriod.unit_id == unit_id,
        BoardPeriod.id.not_in([i for i in ignore if i is not None]),
        or_(BoardPeriod.ends_on.is_(None), BoardPeriod.ends_on >= period.starts_on),
    )
    if period.ends_on is not None:
        query = query.where(BoardPeriod.starts_on <= period.ends_on)
    with db.session.no_autoflush:
        return db.session.scalars(query.order_by(BoardPeriod.starts_on).limit(1)).first()


def check_membership(membership):
    """Refuse joined/left dates that contradict each other or the period's term."""
    period = membership.period
    if membership.left_on and membership.left_on < membership.joined_on:
        raise RuleViolation(
            _l("Tanggal keluar tidak boleh sebelum tanggal bergabung."), field="left_on"
        )
    if membership.left_on and not membership.left_reason:
        raise RuleViolation(_l("Pilih alasan keluar."), field="left_reason")
    if membership.left_reason and not membership.left_on:
        raise RuleViolation(_l("Isi tanggal keluar."), field="left_on")
    starts_too_early = membership.joined_on < period.starts_on
    starts_too_late = period.ends_on is not None and membership.joined_on > period.ends_on
    if starts_too_early or starts_too_late:
        raise RuleViolation(
            _l(
                "Tanggal bergabung harus di dalam masa periode %(decree)s.",
                decree=period.decree_number,
            ),
            field="joined_on",
        )


def assign_person(membership, full_name=None, phone=None, email=None):
    """Give a new membership its holder: the registered person chosen, or a new person by
    name (a secretariat registers a new member in one step)."""
    full_name = (full_name or "").strip()
    if full_name and membership.person is not None:
        raise RuleViolation(
            _l("Pilih orang yang sudah terdaftar atau isi nama orang baru, bukan keduanya."),
            field="person",
        )
    if not full_name and membership.person is None:
        raise RuleViolation(
            _l("Pilih orang yang sudah terdaftar, atau isi nama orang baru."), field="person"
        )
    if full_name:
        membership.person = Person(full_name=full_name, phone=phone or None, email=email or None)


def serving_members(period):
    """The memberships of a period whose holders have not left."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.period_id == period.id, Membership.left_on.is_(None))
        .order_by(Membership.id)
    ).all()


def start_next_period(
    previous,
    decree_number,
    starts_on,
    ends_on=None,
    decree_date=None,
    inaugurated_on=None,
    note=None,
):
    """Start the unit's next period by decree, carrying over everyone still serving in
    `previous` (those who left stay behind) with their position, element and agency.

    An open-ended previous period is closed the day before the new one starts. Adds to the
    caller's transaction; returns the new period. Raises RuleViolation on invalid dates.
    """
    decree_number = (decree_number or "").strip()
    if not decree_number:
        raise RuleViolation(_l("Nomor SK wajib diisi."), field="decree_number")
    previous_end = previous.ends_on or previous.starts_on
    if starts_on <= previous_end:
        raise RuleViolation(
            _l(
                "Periode baru harus dimulai setelah %(date)s (periode %(decree)s).",
                date=previous_end.strftime("%d-%m-%Y"),
                decree=previous.decree_number,
            ),
            field="starts_on",
        )
    period = BoardPeriod(
        unit_id=previous.unit_id,
        decree_number=decree_number,
        decree_date=decree_date,
        starts_on=starts_on,
        ends_on=ends_on,
        inaugurated_on=inaugurated_on,
        note=note,
    )
    check_period(period, ignore={previous.id})
    carried = serving_members(previous)
    if previous.ends_on is None:
        previous.ends_on = starts_on - timedelta(days=1)
    for membership in carried:
        period.memberships.append(
            Membership(
                person_id=membership.person_id,
                position_id=membership.position_id,
                element_id=membership.element_id,
                origin_agency=membership.origin_agency,
                expertise=membership.expertise,
                joined_on=starts_on,
            )
        )
    db.session.add(period)
    return period
