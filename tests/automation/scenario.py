"""Data for the automation tests: one unit with something due for every reminder kind.

Everything is dated around MEETING_DAY, far from the real date, so that the scheduler's
own passes (which use the real date) never find it: only a scan given an injected day does.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lk3admin.extensions import db
from models import (
    BoardPeriod,
    FollowUp,
    LeaveReason,
    MailKind,
    Meeting,
    MeetingInvitee,
    Membership,
    Person,
    Referral,
    ReferralStatus,
)
from tests import factories

MEETING_DAY = date(2031, 3, 10)
SECRETARIAT = "sekretariat.lk3@bontang.example.id"

# The reminder windows the tests use (app config and worker environment alike).
REMINDER_CONFIG = {
    "MEETING_REMINDER_DAYS": 3,
    "REPORT_BEFORE_MEETING_DAYS": 2,
    "FOLLOW_UP_REMINDER_DAYS": 1,
    "TERM_ENDING_REMINDER_DAYS": 30,
    "MOU_EXPIRY_REMINDER_DAYS": 14,
    "PERIODIC_REPORTS": "off",
}


@dataclass
class ReminderScenario:
    unit_id: int
    meeting_id: int
    worker_email: str
    supervisor_email: str
    invitee_emails: set
    shelter_email: str

    def expected(self):
        """{day: {(kind, recipient)}}: what each injected day adds, and nothing else."""
        day = MEETING_DAY
        invitees = self.invitee_emails
        return {
            day - timedelta(days=9): set(),
            day - timedelta(days=8): {(MailKind.MEMBER_TERM_ENDING, SECRETARIAT)},
            day - timedelta(days=4): set(),
            day - timedelta(days=3): {(MailKind.MEETING_COMING, a) for a in invitees}
            | {(MailKind.FOLLOW_UP_DUE, self.worker_email)},
            day - timedelta(days=2): {
                (MailKind.BOARD_TERM_ENDING, SECRETARIAT),
                (MailKind.MOU_EXPIRING, SECRETARIAT),
            }
            | {(MailKind.MEETING_REPORT, a) for a in invitees},
            day - timedelta(days=1): {
                (MailKind.FOLLOW_UP_OVERDUE, self.worker_email),
                (MailKind.FOLLOW_UP_OVERDUE, self.supervisor_email),
                (MailKind.REFERRAL_FEEDBACK_OVERDUE, self.worker_email),
                (MailKind.REFERRAL_FEEDBACK_OVERDUE, self.shelter_email),
            },
            day: set(),
        }


def reminder_scenario(extra_invitees=0):
    """A unit, its board, partners, a case and a meeting on MEETING_DAY. Commits."""
    with db.session.no_autoflush:
        return _reminder_scenario(extra_invitees)


def _reminder_scenario(extra_invitees):
    day = MEETING_DAY
    unit = factories.unit(
        secretariat_email=SECRETARIAT, email="lk3@bontang.example.id", phone="0548-21000"
    )
    worker = factories.user("peksos_rina")
    supervisor = factories.user("supervisor_dedi")
    police = factories.partner(
        unit,
        name="Polres Bontang",
        contact_name="Unit PPA Polres Bontang",
        contact_email="ppa@polres-bontang.example.id",
    )
    shelter = factories.partner(
        unit,
        name="Rumah Aman Harapan",
        kind="rumah_aman",
        address_confidential=True,
        contact_name="Pengelola Rumah Aman",
        contact_email="pengelola@rumahaman.example.id",
        mou_number="MoU/07/LK3/2029",
        mou_expires_on=day + timedelta(days=12),
    )
    period = BoardPeriod(
        unit=unit,
        decree_number="188.4/045/DINSOS/2028",
        starts_on=date(2028, 4, 8),
        ends_on=day + timedelta(days=28),
    )
    secretary = Person(full_name="Nur Aisyah Fiktif", email="nur.aisyah@example.id")
    leaving = Person(full_name="Bambang Contoh", email="bambang.contoh@example.id")
    db.session.add_all(
        [
            Membership(
                period=period,
                person=secretary,
                position=factories.position("sekretaris"),
                element=factories.element("dinsos"),
                joined_on=period.starts_on,
            ),
            Membership(
                period=period,
                person=leaving,
                position=factories.position("anggota"),
                element=factories.element("polri"),
                joined_on=period.starts_on,
                # A transfer announced ahead: leaves before the term ends.
                left_on=day + timedelta(days=22),
                left_reason=LeaveReason.TRANSFER,
            ),
        ]
    )
    meeting = Meeting(
        unit=unit,
        title="Rapat Koordinasi Triwulan I",
        held_at=datetime.combine(day, time(9, 0)),
        venue="Aula Dinas Sosial Kota Bontang",
        agenda="1. Rekap kasus triwulan\n2. Evaluasi jalur rujukan",
        period_start=date(2030, 12, 1),
        period_end=date(2031, 2, 28),
    )
    db.session.add(meeting)
    db.session.flush()
    invitees = [
        MeetingInvitee(meeting=meeting, membership=period.memberships[0]),
        MeetingInvitee(meeting=meeting, partner=police),
        MeetingInvitee(meeting=meeting, name="Camat Bontang Selatan", email="camat@example.id"),
        # The same address twice is invited once.
        MeetingInvitee(meeting=meeting, email="CAMAT@example.id"),
    ]
    invitees += [
        MeetingInvitee(meeting=meeting, email=f"undangan{n}@example.id")
        for n in range(1, extra_invitees + 1)
    ]
    db.session.add_all(invitees)
    case = factories.case(
        unit,
        year=2031,
        opened_on=date(2031, 1, 5),
        worker_id=worker.id,
        supervisor_id=supervisor.id,
    )
    db.session.add_all(
        [
            FollowUp(case=case, due_on=day - timedelta(days=2), description="Kunjungan rumah"),
            # Done: never reminded.
            FollowUp(
                case=case,
                due_on=day - timedelta(days=2),
                done_on=day - timedelta(days=5),
                description="Konseling kedua",
            ),
            Referral(
                case=case,
                partner=shelter,
                status=ReferralStatus.ACCEPTED,
                reason="Perlindungan sementara",
                sent_on=day - timedelta(days=20),
                feedback_due_on=day - timedelta(days=2),
                sent_by_id=worker.id,
            ),
        ]
    )
    db.session.commit()
    return ReminderScenario(
        unit_id=unit.id,
        meeting_id=meeting.id,
        worker_email=worker.email,
        supervisor_email=supervisor.email,
        invitee_emails={
            "nur.aisyah@example.id",
            "ppa@polres-bontang.example.id",
            "camat@example.id",
            *(f"undangan{n}@example.id" for n in range(1, extra_invitees + 1)),
        },
        shelter_email="pengelola@rumahaman.example.id",
    )
