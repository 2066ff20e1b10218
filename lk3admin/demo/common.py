"""Small helpers shared by the demo data's parts."""

from lk3admin.demo.data import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, REGENCIES
from lk3admin.extensions import db
from models import Sex


class NamePicker:
    """Fictional names from the lists in lk3admin.demo.data, never the same full name twice."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def surname(self):
        return self.rng.choice(FAMILY_NAMES)

    def full(self, sex, surname=None):
        firsts = FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES
        for _ in range(50):
            name = f"{self.rng.choice(firsts)} {surname or self.surname()}"
            if name not in self.used:
                break
            surname = None
        self.used.add(name)
        return name


def added(row):
    db.session.add(row)
    return row


def phone(rng):
    return f"08{rng.randint(11, 59)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def scaled(mix, total):
    """`mix` scaled to add up to `total`, every part at least one."""
    parts = [max(1, round(share * total / sum(mix))) for share in mix]
    parts[mix.index(max(mix))] += total - sum(parts)
    return parts


def city_of(profile):
    return next(name for code, name, _kind in REGENCIES if code == profile.regency_code)


def slug(name):
    words = [w for w in name.replace(",", " ").replace(".", " ").split() if w[0].isupper()]
    return ".".join(w.lower() for w in words[:2]) or "kontak"


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)
