"""Rotation of the key that encrypts sensitive fields (models.types.EncryptedText).

FIELD_ENCRYPTION_KEYS lists Fernet keys, newest first: the first encrypts, all decrypt.
Rotating is: prepend a new key, run `flask lk3 rotate-field-key` (this module: every
encrypted value re-encrypted with the newest key, and the keyed NIK hashes recomputed with
it), then drop the old key from the list. See README, "Key rotation".
"""

from sqlalchemy import Text, and_, select, tuple_, type_coerce

from lk3admin import audit
from lk3admin.extensions import db
from models import AuditAction, FamilyMember, Model
from models.types import EncryptedText, blind_index, field_cipher

# Keyed hashes made with the newest key: (model, hash column) -> the encrypted column hashed.
BLIND_INDEXES = {(FamilyMember, "nik_index"): "nik"}


def rotate_field_key(batch_size=500):
    """Re-encrypt every encrypted value with the newest key; returns {table: values}."""
    cipher = field_cipher()
    counts = {}
    for table in Model.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText)]
        if columns:
            counts[table.name] = _rotate_table(table, columns, cipher, batch_size)
    for (model, index_column), source in BLIND_INDEXES.items():
        _rehash(model, index_column, source, batch_size)
    audit.record(AuditAction.KEY_ROTATION, details={"values": counts})
    db.session.commit()
    return counts


def _rotate_table(table, columns, cipher, batch_size):
    """Read the ciphertexts as plain text, rotate them, write them back, in primary-key order."""
    key = list(table.primary_key.columns)
    raw = [type_coerce(c, Text).label(c.name) for c in columns]
    rotated, last = 0, None
    while True:
        query = select(*key, *raw).order_by(*key).limit(batch_size)
        if last is not None:
            query = query.where(tuple_(*key) > tuple_(*last))
        rows = db.session.execute(query).all()
        if not rows:
            return rotated
        for row in rows:
            values = {
                c.name: type_coerce(cipher.rotate(getattr(row, c.name).encode()).decode(), Text)
                for c in columns
                if getattr(row, c.name)
            }
            if values:
                same_row = and_(*(k == getattr(row, k.name) for k in key))
                db.session.execute(table.update().where(same_row).values(values))
                rotated += len(values)
        last = [getattr(rows[-1], k.name) for k in key]


def _rehash(model, index_column, source, batch_size):
    source_column = getattr(model, source)
    last_id = 0
    while True:
        rows = db.session.execute(
            select(model.id, source_column)
            .where(model.id > last_id, source_column.is_not(None))
            .order_by(model.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        for row_id, value in rows:
            db.session.execute(
                model.__table__.update()
                .where(model.id == row_id)
                .values({index_column: blind_index(value)})
            )
        last_id = rows[-1][0]
