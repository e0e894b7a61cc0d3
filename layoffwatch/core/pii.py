"""Personal data helpers: masking for screens and logs (plan-wide rule: ID numbers never in clear)."""

import hashlib
import hmac
import re

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


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised ID number: joins records about one person without storing the ID."""
    normalised = (value or "").strip().upper()
    return hmac.new(settings.PII_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()
