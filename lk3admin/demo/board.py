"""The board: periods appointed by decree and the members of each."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from lk3admin.demo.common import NamePicker, add_years, city_of, phone, slug, weighted
from lk3admin.demo.data import (
    ARMY_RANKS,
    COUNSELLOR_ELEMENTS,
    EXPERTISE,
    LEADERSHIP,
    MEMBER_ELEMENT_WEIGHTS,
    POLICE_RANKS,
    SEED,
    SMALL_LEADERSHIP,
)
from lk3admin.extensions import db
from models import (
    BoardPeriod,
    LeaveReason,
    Membership,
    Person,
    Sex,
)


def seed_board(unit, profile, refs, today):
    """The unit's board periods and members, if it has none yet."""
    if db.session.scalar(select(BoardPeriod.id).where(BoardPeriod.unit_id == unit.id).limit(1)):
        return
    rng = random.Random(f"{SEED}-{profile.code}-board")
    names = NamePicker(rng)
    if profile.past_period:
        start, end = profile.past_period
        period = _period(unit, profile, start, end, today)
        _appoint(period, _new_seats(profile, refs, names, rng, profile.board_size), rng, today)
        db.session.flush()
        return

    end = today + timedelta(days=profile.term_ends_in_days)
    start = add_years(end, -profile.term_years) + timedelta(days=1)
    current = _period(unit, profile, start, end, today)
    if profile.code != "BTG":
        _appoint(current, _new_seats(profile, refs, names, rng, profile.board_size), rng, today)
        db.session.flush()
        return

    # Bontang: the previous period, then the current one, which reappointed 70 members.
    previous = _period(unit, profile, add_years(start, -5), start - timedelta(days=1), today)
    previous_seats = _new_seats(profile, refs, names, rng, 128)
    _appoint(previous, previous_seats, rng, today, leavers=4)
    # Three members leave this period and two replacements join: 149 remain on the board.
    seats = _new_seats(profile, refs, names, rng, profile.board_size + 1)
    _reappoint(seats, previous_seats, 70)
    _appoint(current, seats, rng, today, leavers=3)
    replacements = _new_seats(profile, refs, names, rng, 2, members_only=True)
    for seat in replacements:
        seat.joined_on = today - timedelta(days=rng.randint(20, 80))
    _appoint(current, replacements, rng, today)
    db.session.flush()


def _period(unit, profile, start, end, today):
    period = BoardPeriod(
        unit=unit,
        decree_number=f"188.45/{start.year % 100:02d}{len(profile.short):02d}/LK3/{start.year}",
        decree_date=start - timedelta(days=10),
        starts_on=start,
        ends_on=end,
        inaugurated_on=min(start + timedelta(days=14), today),
        note=f"Kepengurusan LK3 {profile.short} masa bakti {start.year}–{end.year}.",
    )
    db.session.add(period)
    return period


@dataclass
class Seat:
    """A person's place on a board: their position and element, before the period exists."""

    person: Person
    position: object
    element: object
    origin_agency: str
    expertise: str
    joined_on: date | None = None
    left: bool = False


def _new_seats(profile, refs, names, rng, count, members_only=False):
    """`count` new people with seats: the leadership first, then counsellors, then members."""
    if members_only:
        positions = []
    else:
        leadership = LEADERSHIP if count >= 100 else SMALL_LEADERSHIP
        counsellors = [("konselor", rng.choice(COUNSELLOR_ELEMENTS)) for _ in range(count // 5)]
        positions = leadership + counsellors
    # The first members cover every element; the rest follow the usual mix.
    elements = list(MEMBER_ELEMENT_WEIGHTS)
    while len(positions) < count:
        element = elements.pop(0) if elements else weighted(rng, MEMBER_ELEMENT_WEIGHTS)
        positions.append(("anggota", element))
    seats = []
    for position, element in positions[:count]:
        person = Person(full_name=_titled(names.full(rng.choice(list(Sex))), element, rng))
        person.email = f"{slug(person.full_name)}.{profile.code.lower()}@example.id"
        person.phone = phone(rng)
        seats.append(
            Seat(
                person=person,
                position=refs.positions[position],
                element=refs.elements[element],
                origin_agency=_origin_agency(profile, element, rng),
                expertise=EXPERTISE[element],
            )
        )
    return seats


def _reappoint(seats, previous_seats, count):
    """Seat up to `count` members of the previous board again, each in their own element."""
    stayed = {}
    for seat in previous_seats:
        if not seat.left:
            stayed.setdefault(seat.element.code, []).append(seat)
    for seat in seats:
        if count and stayed.get(seat.element.code):
            earlier = stayed[seat.element.code].pop(0)
            seat.person, seat.origin_agency = earlier.person, earlier.origin_agency
            count -= 1


def _appoint(period, seats, rng, today, leavers=0):
    """Memberships of `seats` in `period`; the last `leavers` seats leave during it."""
    leave_reasons = [
        LeaveReason.HEALTH,
        LeaveReason.TRANSFER,
        LeaveReason.RESIGNED,
        LeaveReason.DECEASED,
    ]
    leave_notes = {
        LeaveReason.HEALTH: "Mengundurkan diri karena alasan kesehatan.",
        LeaveReason.TRANSFER: "Dimutasi ke instansi di luar daerah.",
        LeaveReason.RESIGNED: "Mengundurkan diri atas permintaan sendiri.",
        LeaveReason.DECEASED: "Meninggal dunia.",
    }
    last_day = min(period.ends_on, today)
    for index, seat in enumerate(seats):
        joined_on = seat.joined_on or period.starts_on
        membership = Membership(
            period=period,
            person=seat.person,
            position=seat.position,
            element=seat.element,
            origin_agency=seat.origin_agency,
            expertise=seat.expertise,
            joined_on=joined_on,
        )
        if index >= len(seats) - leavers:
            reason = leave_reasons[(len(seats) - 1 - index) % len(leave_reasons)]
            span = (last_day - joined_on).days
            membership.left_on = joined_on + timedelta(days=rng.randint(span // 2, span))
            membership.left_reason = reason
            membership.left_note = leave_notes[reason]
            seat.left = True
        db.session.add(membership)


def _origin_agency(profile, element, rng):
    district = rng.choice(list(profile.districts))
    village = rng.choice(profile.districts[district])
    city = city_of(profile)
    return {
        "dinsos": profile.dinsos,
        "polri": f"Polsek {district}",
        "tni": f"Koramil {district}" if rng.random() < 0.7 else profile.military,
        "dokter": profile.hospital if rng.random() < 0.5 else f"Puskesmas {village}",
        "psikolog": rng.choice([f"UPTD PPA {city}", "HIMPSI Wilayah Kalimantan Timur"]),
        "advokat": rng.choice(
            [f"Posbakum Pengadilan Negeri {profile.short}", f"Peradi {profile.short}"]
        ),
        "peksos": rng.choice([profile.dinsos, "Sakti Peksos Kementerian Sosial"]),
        "tksk": f"TKSK Kecamatan {district}",
        "tagana": f"Tagana {city}",
        "pkh": f"Pendamping PKH Kecamatan {district}",
        "puskesos": f"Puskesos {village}",
        "tokoh_masyarakat": f"LPM {village}",
        "tokoh_agama": rng.choice([f"MUI {city}", f"FKUB {city}"]),
        "akademisi": profile.campus,
    }[element]


def _titled(name, element, rng):
    if element == "dokter":
        return f"dr. {name}"
    if element == "psikolog":
        return f"{name}, M.Psi., Psikolog"
    if element == "advokat":
        return f"{name}, S.H."
    if element == "peksos":
        return f"{name}, S.Tr.Sos."
    if element == "polri":
        return f"{rng.choice(POLICE_RANKS)} {name}"
    if element == "tni":
        return f"{rng.choice(ARMY_RANKS)} {name}"
    if element == "akademisi":
        return f"{name}, M.Si."
    return name
