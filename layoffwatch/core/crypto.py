"""Field encryption for personal data at rest (ARCHITECTURE: PII encrypted at rest, masked on screen).

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a key derived from settings.PII_KEY by
HKDF-SHA256, so that the database alone reveals nothing and the key is never stored beside it.
Equality lookups on an encrypted value are impossible by design (every ciphertext differs):
store `core.pii.keyed_hash(value)` beside it for uniqueness and matching.

    class AffectedWorker(models.Model):
        id_number = EncryptedTextField()
        id_hash = models.CharField(max_length=64)   # keyed_hash(id_number)
"""

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"layoffwatch field encryption v1"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(value: str) -> str:
    return PREFIX + _fernet(settings.PII_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The clear text; raises ValueError when the key does not fit (PII_KEY changed)."""
    if not token.startswith(PREFIX):
        raise ValueError("not an encrypted value")
    try:
        return _fernet(settings.PII_KEY).decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise ValueError("the encrypted value does not match LAYOFFWATCH_PII_KEY") from None


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; Python code sees the clear text.

    Empty strings stay empty (nothing to hide, and blank=True keeps working).
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
