"""Partner institutions of every kind, with MoUs (one expiring soon)."""

import random
from datetime import timedelta

from sqlalchemy import select

from lk3admin.demo.common import NamePicker, city_of, phone, slug
from lk3admin.demo.data import BONTANG_PARTNERS, PARTNERS, SEED, STREET_NAMES
from lk3admin.extensions import db
from models import (
    Partner,
    Sex,
)


def seed_partners(unit, profile, refs, today):
    """The unit's partner institutions, if it has none yet."""
    if db.session.scalar(select(Partner.id).where(Partner.unit_id == unit.id).limit(1)):
        return
    rng = random.Random(f"{SEED}-{profile.code}-partners")
    names = NamePicker(rng)
    templates = PARTNERS + (BONTANG_PARTNERS if profile.code == "BTG" else [])
    for number, template in enumerate(templates, start=1):
        name = template.name.format(
            city=city_of(profile),
            short=profile.short,
            police=profile.police,
            hospital=profile.hospital,
        )
        district = rng.choice(list(profile.districts))
        contact = names.full(rng.choice([Sex.MALE, Sex.FEMALE]))
        partner = Partner(
            unit=unit,
            name=name,
            kind=refs.partner_kinds[template.kind],
            address=(
                f"Jl. {rng.choice(STREET_NAMES)} No. {rng.randint(1, 90)}, {district}"
                if template.confidential
                else f"Kecamatan {district}, {city_of(profile)}"
            ),
            address_confidential=template.confidential,
            contact_name=contact,
            contact_phone=phone(rng),
            contact_email=f"{slug(contact)}.mitra{number}.{profile.code.lower()}@example.id",
            services=[refs.services[code] for code in template.services],
        )
        if template.mou_days is not None:
            signed = today + timedelta(days=template.mou_days) - timedelta(days=3 * 365)
            partner.mou_number = f"400.5/{number:03d}/LK3-{profile.code}/{signed.year}"
            partner.mou_expires_on = today + timedelta(days=template.mou_days)
        db.session.add(partner)
    db.session.flush()
