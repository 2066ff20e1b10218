"""Acceptance 3: a raw dump of the database holds no plaintext NIK, client address or
assessment narrative; and `flask lk3 rotate-field-key` moves every value to a new key."""

import subprocess
from datetime import date

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Text, select, type_coerce
from sqlalchemy.engine import make_url

from lk3admin.extensions import db
from models import Assessment, Case, FamilyMember
from models.types import blind_index
from tests import factories

NIK = "6474015505880002"
ADDRESS = "Jalan Cipto Mangunkusumo No. 17, Bontang"
NARRATIVE = "Klien menceritakan kekerasan yang dialami sejak tahun lalu"


def sensitive_case():
    case = factories.case(factories.unit())
    member = case.family.members[0]
    member.nik = NIK
    member.nik_index = blind_index(NIK)
    case.family.address = ADDRESS
    db.session.add(
        Assessment(case=case, kind="awal", assessed_on=date(2026, 1, 20), narrative=NARRATIVE)
    )
    db.session.commit()
    return case


def test_a_database_dump_shows_ciphertext_only(backend, database_url, app_ctx):
    if backend != "postgresql":
        pytest.skip("pg_dump reads PostgreSQL")
    sensitive_case()
    url = make_url(database_url)
    dump = subprocess.run(
        ["pg_dump", "--data-only", "-h", url.host, "-p", str(url.port or 5432)]
        + ["-U", url.username, url.database],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "COPY public.family_member" in dump  # the dump holds the rows
    for plaintext in (NIK, ADDRESS, NARRATIVE, "Cipto Mangunkusumo", "kekerasan yang dialami"):
        assert plaintext not in dump
    assert dump.count("gAAAAA") >= 3  # Fernet tokens in their place


def test_rotating_the_key_reencrypts_everything(app, app_ctx, runner):
    case = sensitive_case()
    old_key = app.config["FIELD_ENCRYPTION_KEYS"]
    new_key = Fernet.generate_key().decode()
    app.config["FIELD_ENCRYPTION_KEYS"] = f"{new_key},{old_key}"

    result = runner.invoke(args=["lk3", "rotate-field-key"])
    assert result.exit_code == 0, result.output

    app.config["FIELD_ENCRYPTION_KEYS"] = new_key  # the old key is gone
    db.session.expire_all()
    member = db.session.get(FamilyMember, case.family.members[0].id)
    assert member.nik == NIK
    assert member.nik_index == blind_index(NIK)  # the keyed hash follows the new key
    assert db.session.get(Case, case.id).family.address == ADDRESS
    assert db.session.scalar(select(Assessment.narrative)) == NARRATIVE
    stored = db.session.scalar(select(type_coerce(FamilyMember.nik, Text)))
    Fernet(new_key.encode()).decrypt(stored.encode())  # the new key alone reads it
