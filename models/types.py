"""Column types for sensitive data: encrypted at rest with keys from the configuration."""

import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

_fernets = {}


def field_cipher():
    """MultiFernet over FIELD_ENCRYPTION_KEYS: the first key encrypts, all of them decrypt."""
    keys = current_app.config["FIELD_ENCRYPTION_KEYS"]
    if keys not in _fernets:
        _fernets[keys] = MultiFernet([Fernet(_fernet_key(k)) for k in keys.split(",") if k])
    return _fernets[keys]


def _fernet_key(secret):
    """Accept a real Fernet key, or derive one from any secret string."""
    secret = secret.strip()
    try:
        Fernet(secret)
        return secret
    except ValueError:
        import base64

        return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).decode()


def blind_index(value):
    """A keyed hash for finding an encrypted value by equality (e.g. a NIK) without decrypting."""
    if not value:
        return None
    key = current_app.config["FIELD_ENCRYPTION_KEYS"].split(",")[0].encode()
    return hmac.new(key, value.strip().encode(), hashlib.sha256).hexdigest()


class EncryptedText(TypeDecorator):
    """Text stored as Fernet ciphertext; a database dump shows no plaintext."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return field_cipher().encrypt(value.encode()).decode()

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return field_cipher().decrypt(value.encode()).decode()
