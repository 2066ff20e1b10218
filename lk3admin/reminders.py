"""Reminders from a periodic scan of the database; each is written to the outbox once.

`scan(today)` finds what is due on `today` (the portal's local date unless a test or the
CLI passes another) and enqueues one email per reminder and recipient:

- a coordination meeting within MEETING_REMINDER_DAYS: to every invitee (board members,
  partner contacts, extra addresses), with date, venue, agenda and an .ics invitation;
- a follow-up due within FOLLOW_UP_REMINDER_DAYS: to the person it is assigned to (else the
  case's worker); once overdue: to that person and to the case's supervisor;
- referral feedback overdue: to the case's worker and to the partner's contact;
- a board term ending within TERM_ENDING_REMINDER_DAYS, a member leaving within that many
  days before the term ends, a partner MoU expiring within MOU_EXPIRY_REMINDER_DAYS: to the
  unit's secretariat.

The outbox key (kind, object, date it is about, recipient) makes every scan after the first
a no-op for the same reminder; a changed date (a meeting moved) gives a new reminder. The
window is "within N days", not "exactly N days before", so a day the scheduler missed still
gets its reminders. Emails name no client: a link into the portal and dates only.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from lk3admin import mail
from lk3admin.dates import local_today, portal_timezone
from lk3admin.extensions import db
from models import (
    BoardPeriod,
    Case,
    FollowUp,
    Lk3Unit,
    MailKind,
    Meeting,
    MeetingInvitee,
    Membership,
    Partner,
    Referral,
    ReferralStatus,
)

# Meetings have a start time only; calendar invitations block this long.
MEETING_DURATION = timedelta(hours=2)


@dataclass
class Reminder:
    kind: MailKind
    object_key: str
    period_key: str
    recipient: str
    subject: str
    body: str
    unit_id: int | None
    attachments: list = field(default_factory=list)


def scan(today=None):
    """Enqueue every reminder due on `today`; returns how many emails each kind added."""
    today = today or local_today()
    added = Counter()
    for find in (
        meeting_reminders,
        follow_up_reminders,
        referral_feedback_reminders,
        board_term_reminders,
        member_term_reminders,
        mou_reminders,
    ):
        for reminder in find(today):
            message_id = mail.enqueue(
                reminder.kind,
                reminder.object_key,
                reminder.recipient,
                reminder.subject,
                reminder.body,
                period_key=reminder.period_key,
                unit_id=reminder.unit_id,
                attachments=reminder.attachments,
            )
            if message_id:
                added[reminder.kind.value] += 1
    db.session.commit()
    return added


# --- coordination meetings -------------------------------------------------------------------


def meeting_reminders(today):
    days = current_app.config["MEETING_REMINDER_DAYS"]
    meetings = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.held_at >= datetime.combine(today, time.min),
            Meeting.held_at < datetime.combine(today + timedelta(days=days + 1), time.min),
        )
        .options(*invitee_loading(), selectinload(Meeting.unit))
    )
    for meeting in meetings:
        invitation = mail.Attachment("undangan-rapat.ics", "text/calendar", meeting_ics(meeting))
        for name, address in invitee_addresses(meeting):
            yield Reminder(
                MailKind.MEETING_COMING,
                f"meeting:{meeting.id}",
                meeting.held_at.isoformat(),
                address,
                _(
                    "Undangan %(title)s, %(day)s",
                    title=meeting.title,
                    day=format_date(meeting.held_at.date(), "long"),
                ),
                _meeting_body(meeting, name),
                meeting.unit_id,
                [invitation],
            )


def invitee_loading():
    return (
        selectinload(Meeting.invitees)
        .selectinload(MeetingInvitee.membership)
        .selectinload(Membership.person),
        selectinload(Meeting.invitees).selectinload(MeetingInvitee.partner),
    )


def invitee_addresses(meeting):
    """(name, address) of every invitee that has an email address, each address once."""
    seen = set()
    for invitee in meeting.invitees:
        person = invitee.membership.person if invitee.membership else None
        partner = invitee.partner
        address = invitee.email or (person and person.email) or (partner and partner.contact_email)
        address = mail.normalise_address(address)
        if address and address not in seen:
            seen.add(address)
            name = (
                invitee.name or (person and person.full_name) or (partner and partner.contact_name)
            )
            yield name, address


def _meeting_body(meeting, name):
    held_at = meeting.held_at
    zone = datetime.combine(held_at.date(), held_at.time(), tzinfo=portal_timezone()).tzname()
    return "\n".join(
        [
            _("Yth. %(name)s,", name=name or _("Bapak/Ibu")),
            "",
            _("Dengan hormat, kami mengingatkan undangan %(title)s:", title=meeting.title),
            "",
            _("Hari/tanggal : %(day)s", day=format_date(held_at.date(), "full")),
            _("Waktu        : %(time)s %(zone)s", time=f"{held_at:%H.%M}", zone=zone),
            _("Tempat       : %(venue)s", venue=meeting.venue),
            "",
            _("Agenda:"),
            meeting.agenda or "-",
            "",
            _("Undangan kalender (.ics) terlampir."),
            _("Rincian rapat di portal: %(link)s", link=mail.portal_link("rapat", meeting.id)),
            "",
            _("Salam,"),
            _("Sekretariat %(unit)s", unit=meeting.unit.name),
        ]
    )


def meeting_ics(meeting):
    """An iCalendar (RFC 5545) invitation; the same UID when sent again updates the event."""
    start = meeting.held_at.replace(tzinfo=portal_timezone()).astimezone(UTC)
    domain = current_app.config["PORTAL_URL"].split("//")[-1].split("/")[0].split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//LK3 Admin//Rapat Koordinasi//ID",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:lk3-meeting-{meeting.id}@{domain or 'lk3admin'}",
        f"DTSTAMP:{datetime.now(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{start + MEETING_DURATION:%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{_ics_escape(meeting.title)}",
        f"LOCATION:{_ics_escape(meeting.venue)}",
        f"DESCRIPTION:{_ics_escape(meeting.agenda or '')}",
        f"URL:{mail.portal_link('rapat', meeting.id)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_ics_fold(line) + "\r\n" for line in lines).encode()


def _ics_escape(text):
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line):
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    parts = []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        # Never cut inside a multi-byte character.
        while cut and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut])
        encoded = encoded[cut:]
    parts.append(encoded)
    return "\r\n ".join(part.decode() for part in parts)


# --- follow-ups and referrals ----------------------------------------------------------------


def follow_up_reminders(today):
    days = current_app.config["FOLLOW_UP_REMINDER_DAYS"]
    follow_ups = db.session.scalars(
        select(FollowUp)
        .join(Case, Case.id == FollowUp.case_id)
        .where(
            FollowUp.done_on.is_(None),
            FollowUp.due_on <= today + timedelta(days=days),
            Case.closed_on.is_(None),
        )
        .options(
            selectinload(FollowUp.assigned_to),
            selectinload(FollowUp.case).selectinload(Case.worker),
            selectinload(FollowUp.case).selectinload(Case.supervisor),
        )
    )
    for follow_up in follow_ups:
        case = follow_up.case
        overdue = follow_up.due_on < today
        recipients = [follow_up.assigned_to or case.worker]
        if overdue:
            recipients.append(case.supervisor)
        kind = MailKind.FOLLOW_UP_OVERDUE if overdue else MailKind.FOLLOW_UP_DUE
        day = format_date(follow_up.due_on, "long")
        subject = (
            _("Tindak lanjut terlambat sejak %(day)s", day=day)
            if overdue
            else _("Tindak lanjut jatuh tempo %(day)s", day=day)
        )
        opening = (
            _("Sebuah tindak lanjut kasus belum dikerjakan sejak %(day)s.", day=day)
            if overdue
            else _("Sebuah tindak lanjut kasus jatuh tempo pada %(day)s.", day=day)
        )
        for user in _active_users(recipients):
            yield Reminder(
                kind,
                f"follow_up:{follow_up.id}",
                follow_up.due_on.isoformat(),
                user.email,
                subject,
                _case_body(user, opening, case.id),
                case.unit_id,
            )


def referral_feedback_reminders(today):
    referrals = db.session.scalars(
        select(Referral)
        .where(
            Referral.status.in_([ReferralStatus.SENT, ReferralStatus.ACCEPTED]),
            Referral.feedback_due_on < today,
        )
        .options(
            selectinload(Referral.partner),
            selectinload(Referral.sent_by),
            selectinload(Referral.case).selectinload(Case.worker),
            selectinload(Referral.case).selectinload(Case.unit),
        )
    )
    for referral in referrals:
        case = referral.case
        day = format_date(referral.feedback_due_on, "long")
        subject = _("Umpan balik rujukan terlambat sejak %(day)s", day=day)
        for user in _active_users([case.worker or referral.sent_by]):
            opening = _(
                "Umpan balik dari %(partner)s atas sebuah rujukan belum diterima; jatuh tempo "
                "%(day)s.",
                partner=referral.partner.name,
                day=day,
            )
            yield Reminder(
                MailKind.REFERRAL_FEEDBACK_OVERDUE,
                f"referral:{referral.id}",
                referral.feedback_due_on.isoformat(),
                user.email,
                subject,
                _case_body(user, opening, case.id),
                case.unit_id,
            )
        if referral.partner.contact_email:
            yield Reminder(
                MailKind.REFERRAL_FEEDBACK_OVERDUE,
                f"referral:{referral.id}",
                referral.feedback_due_on.isoformat(),
                referral.partner.contact_email,
                subject,
                _partner_body(referral, day),
                case.unit_id,
            )


def _case_body(user, opening, case_id):
    return "\n".join(
        [
            _("Yth. %(name)s,", name=f"{user.first_name} {user.last_name}".strip()),
            "",
            opening,
            _("Buka kasusnya di portal: %(link)s", link=mail.portal_link("kasus", case_id)),
            "",
            _("Demi kerahasiaan klien, email ini tidak memuat data kasus."),
        ]
    )


def _partner_body(referral, day):
    unit = referral.case.unit
    contact = " / ".join(filter(None, [unit.phone, unit.email]))
    lines = [
        _("Yth. %(name)s,", name=referral.partner.contact_name or referral.partner.name),
        "",
        _(
            "%(unit)s menunggu umpan balik atas rujukan nomor R-%(number)s yang dikirim pada "
            "%(sent)s; umpan balik dijadwalkan paling lambat %(day)s.",
            unit=unit.name,
            number=referral.id,
            sent=format_date(referral.sent_on, "long"),
            day=day,
        ),
        _("Mohon sampaikan umpan balik kepada %(unit)s.", unit=unit.name),
    ]
    if contact:
        lines.append(_("Kontak: %(contact)s", contact=contact))
    lines += ["", _("Demi kerahasiaan klien, email ini tidak memuat data klien.")]
    return "\n".join(lines)


def _active_users(users):
    seen = set()
    for user in users:
        if user is not None and user.active and user.email and user.id not in seen:
            seen.add(user.id)
            yield user


# --- board terms and partner agreements (to the unit's secretariat) --------------------------


def board_term_reminders(today):
    days = current_app.config["TERM_ENDING_REMINDER_DAYS"]
    periods = db.session.scalars(
        select(BoardPeriod)
        .join(Lk3Unit, Lk3Unit.id == BoardPeriod.unit_id)
        .where(
            BoardPeriod.ends_on >= today,
            BoardPeriod.ends_on <= today + timedelta(days=days),
            Lk3Unit.secretariat_email.is_not(None),
        )
        .options(selectinload(BoardPeriod.unit))
    )
    for period in periods:
        day = format_date(period.ends_on, "long")
        yield _secretariat_reminder(
            MailKind.BOARD_TERM_ENDING,
            f"board_period:{period.id}",
            period.ends_on,
            period.unit,
            _("Masa bakti kepengurusan berakhir %(day)s", day=day),
            _(
                "Masa bakti kepengurusan %(unit)s menurut SK %(decree)s berakhir pada %(day)s. "
                "Mohon siapkan SK kepengurusan berikutnya.",
                unit=period.unit.name,
                decree=period.decree_number,
                day=day,
            ),
            mail.portal_link("periode", period.id),
        )


def member_term_reminders(today):
    """Members whose membership ends before their board's term (a planned departure)."""
    days = current_app.config["TERM_ENDING_REMINDER_DAYS"]
    memberships = db.session.scalars(
        select(Membership)
        .join(BoardPeriod, BoardPeriod.id == Membership.period_id)
        .join(Lk3Unit, Lk3Unit.id == BoardPeriod.unit_id)
        .where(
            Membership.left_on >= today,
            Membership.left_on <= today + timedelta(days=days),
            or_(BoardPeriod.ends_on.is_(None), Membership.left_on < BoardPeriod.ends_on),
            Lk3Unit.secretariat_email.is_not(None),
        )
        .options(
            selectinload(Membership.person),
            selectinload(Membership.position),
            selectinload(Membership.period).selectinload(BoardPeriod.unit),
        )
    )
    for membership in memberships:
        day = format_date(membership.left_on, "long")
        yield _secretariat_reminder(
            MailKind.MEMBER_TERM_ENDING,
            f"membership:{membership.id}",
            membership.left_on,
            membership.period.unit,
            _("Masa bakti anggota pengurus berakhir %(day)s", day=day),
            _(
                "Masa bakti %(name)s sebagai %(position)s berakhir pada %(day)s. Mohon siapkan "
                "penggantinya.",
                name=membership.person.full_name,
                position=membership.position.name,
                day=day,
            ),
            mail.portal_link("anggota", membership.id),
        )


def mou_reminders(today):
    days = current_app.config["MOU_EXPIRY_REMINDER_DAYS"]
    partners = db.session.scalars(
        select(Partner)
        .join(Lk3Unit, Lk3Unit.id == Partner.unit_id)
        .where(
            and_(
                Partner.mou_expires_on >= today,
                Partner.mou_expires_on <= today + timedelta(days=days),
            ),
            Lk3Unit.secretariat_email.is_not(None),
        )
        .options(selectinload(Partner.unit))
    )
    for partner in partners:
        day = format_date(partner.mou_expires_on, "long")
        yield _secretariat_reminder(
            MailKind.MOU_EXPIRING,
            f"partner:{partner.id}",
            partner.mou_expires_on,
            partner.unit,
            _("MoU dengan %(partner)s berakhir %(day)s", partner=partner.name, day=day),
            _(
                "Nota kesepahaman (MoU) %(number)s dengan %(partner)s berakhir pada %(day)s. "
                "Mohon jadwalkan pembaruannya.",
                number=partner.mou_number or "",
                partner=partner.name,
                day=day,
            ),
            mail.portal_link("mitra", partner.id),
        )


def _secretariat_reminder(kind, object_key, day, unit, subject, text, link):
    body = "\n".join(
        [
            _("Yth. Sekretariat %(unit)s,", unit=unit.name),
            "",
            text,
            _("Rincian di portal: %(link)s", link=link),
        ]
    )
    return Reminder(
        kind, object_key, day.isoformat(), unit.secretariat_email, subject, body, unit.id
    )
