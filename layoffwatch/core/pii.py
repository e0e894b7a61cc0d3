"""Personal data helpers: masking for screens and logs (plan-wide rule: ID numbers never in clear)."""

import hashlib
import re
from functools import cache

from django.conf import settings

# 18-character resident ID numbers (17 digits + digit or X), and the old 15-digit form.
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_id_number(value: str) -> str:
    """500223199001011234 -> 500223********1234 (region kept for staff, birth date hidden)."""
    value = (value or "").strip()
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    value = (value or "").strip()
    if len(value) != 11:
        return value
    return value[:3] + "****" + value[-4:]


def _looks_like_id_number(number: str) -> bool:
    """A birth date where an ID number has one (the check digit is not required: a mistyped ID
    number is still personal data). This spares all-digit unified social credit codes such as
    915001522030123456, whose "date" 15220301 is no date."""
    if len(number) == 18:
        year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
        plausible_year = 1900 <= year <= 2099
    else:  # old 15-digit form: YYMMDD
        month, day = int(number[8:10]), int(number[10:12])
        plausible_year = True
    return plausible_year and 1 <= month <= 12 and 1 <= day <= 31


def redact_text(text: str) -> str:
    """Mask every ID number inside free text (audit summaries, error messages)."""

    def mask(m: re.Match) -> str:
        number = m.group(1)
        return mask_id_number(number) if _looks_like_id_number(number) else number

    return ID_NUMBER_RE.sub(mask, text)


@cache
def _pii_subkey(secret: str) -> bytes:
    return hashlib.sha256(b"layoffwatch.keyed_hash.v2\0" + secret.encode()).digest()


def pii_subkey() -> bytes:
    """The 32-byte key of keyed_hash, derived from settings.PII_KEY (the lake importer uses it too)."""
    return _pii_subkey(settings.PII_KEY)


def keyed_hash(value: str) -> str:
    """Keyed SHA-256 of a normalised ID number: joins records about one person without storing it.

    SHA-256(k ‖ id) with a derived 32-byte secret k (ADR 0061): one compression block for an ID
    number, so the data lake can hash 10^7 IDs in SQL at DuckDB speed. Length extension gives an
    attacker nothing here: it only yields digests of k ‖ id ‖ padding ‖ …, and no ID number
    contains padding bytes, so it cannot produce the digest of another ID number.
    """
    normalised = (value or "").strip().upper()
    return hashlib.sha256(pii_subkey() + normalised.encode()).hexdigest()
