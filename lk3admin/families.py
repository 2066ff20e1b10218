"""Client families and their members: identity numbers and the minor flag."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from lk3admin.errors import RuleViolation
from models.types import blind_index

ADULT_AGE = 18
_NIK = re.compile(r"[0-9]{16}")


def check_member(member, today=None):
    """Check the NIK, keep its search hash in step, and flag a minor from the birth date.

    Call it after the member's fields are set, in the transaction that saves them.
    """
    nik = (member.nik or "").strip() or None
    if nik is not None and not _NIK.fullmatch(nik):
        raise RuleViolation(_l("NIK harus 16 angka."), field="nik")
    member.nik = nik
    member.nik_index = blind_index(nik)
    if member.birth_date is not None:
        today = today or date.today()
        if member.birth_date > today:
            raise RuleViolation(_l("Tanggal lahir tidak boleh di masa depan."), field="birth_date")
        member.is_minor = _age(member.birth_date, today) < ADULT_AGE


def _age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
