"""Coordination meetings (rakor): the last one, held, and the next one, in five days."""

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from lk3admin.demo.common import add_months
from lk3admin.demo.data import MONTHS, RAKOR_PARTNER_KINDS, SEED
from lk3admin.extensions import db
from models import (
    ActionItem,
    BoardPeriod,
    BoardPosition,
    Meeting,
    MeetingInvitee,
    Membership,
    Partner,
)


def seed_meetings(unit, today):
    """Bontang's last rakor (held, with minutes) and the next one, in five days."""
    if db.session.scalar(select(Meeting.id).where(Meeting.unit_id == unit.id).limit(1)):
        return
    rng = random.Random(f"{SEED}-{unit.code}-meetings")
    leadership = db.session.scalars(
        select(Membership)
        .join(BoardPeriod)
        .join(BoardPosition)
        .where(
            BoardPeriod.unit_id == unit.id,
            BoardPeriod.starts_on <= today,
            BoardPeriod.ends_on >= today,
            Membership.left_on.is_(None),
            BoardPosition.code != "anggota",
            BoardPosition.code != "konselor",
        )
        .order_by(BoardPosition.sort_order, Membership.id)
    ).all()
    partners = [
        p
        for p in db.session.scalars(select(Partner).where(Partner.unit_id == unit.id))
        if p.kind.code in RAKOR_PARTNER_KINDS
    ]
    upcoming = _meeting(unit, today + timedelta(days=5), leadership, partners)
    past_day = today - timedelta(days=86)
    past = _meeting(unit, past_day, leadership, partners)
    for invitee in past.invitees:
        invitee.attended = rng.random() < 0.75
    past.minutes = (
        "1. Sekretariat memaparkan rekap kasus periode lalu: kasus KDRT dan kekerasan "
        "terhadap anak masih terbanyak.\n"
        "2. Unit PPA Polres dan UPTD PPA menyepakati jalur rujukan cepat untuk kasus "
        "berisiko tinggi.\n"
        "3. Tindak lanjut rujukan yang belum mendapat umpan balik dibahas satu per satu.\n"
        "4. Rapat berikutnya dijadwalkan tiga bulan lagi."
    )
    past.action_items = [
        ActionItem(
            description="Menyusun SOP rujukan cepat kasus berisiko tinggi.",
            owner="Sekretariat LK3",
            due_on=past_day + timedelta(days=30),
            done_on=past_day + timedelta(days=26),
        ),
        ActionItem(
            description="Memperbarui MoU dengan UPTD PPA sebelum berakhir.",
            owner="Ketua LK3",
            due_on=today + timedelta(days=15),
        ),
        ActionItem(
            description="Mendata anak putus sekolah dari kasus anak jalanan.",
            owner="Koordinator Bidang Penjangkauan",
            due_on=today - timedelta(days=10),
        ),
        ActionItem(
            description="Sosialisasi layanan LK3 di tiga kelurahan.",
            owner="Koordinator Bidang Konseling",
            due_on=past_day + timedelta(days=45),
            done_on=past_day + timedelta(days=50),
        ),
    ]
    db.session.add_all([upcoming, past])
    db.session.flush()


def _meeting(unit, day, leadership, partners):
    period_end = day.replace(day=1) - timedelta(days=1)
    period_start = add_months(period_end.replace(day=1), -2)
    period = f"{MONTHS[period_start.month - 1]}–{MONTHS[period_end.month - 1]} {period_end.year}"
    meeting = Meeting(
        unit=unit,
        title=f"Rapat Koordinasi {unit.name} — Periode {period}",
        # Meeting times are local wall-clock times, as people type them in the form.
        held_at=datetime.combine(day, time(9)),
        venue=f"Aula {unit.responsible_agency}",
        agenda=(
            "1. Pembukaan oleh Ketua LK3\n"
            f"2. Laporan penanganan kasus periode {period}\n"
            "3. Evaluasi rujukan dan umpan balik mitra\n"
            "4. Perubahan susunan pengurus\n"
            "5. Rencana tindak lanjut dan penutup"
        ),
        period_start=period_start,
        period_end=period_end,
    )
    meeting.invitees = (
        [MeetingInvitee(membership=membership) for membership in leadership]
        + [MeetingInvitee(partner=partner, name=partner.contact_name) for partner in partners]
        + [
            MeetingInvitee(
                name="Bidang Rehabilitasi Sosial, Dinas Sosial Provinsi Kalimantan Timur",
                email="rehsos.dinsos.kaltim@example.id",
            )
        ]
    )
    return meeting
