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


def redact_text(text: str) -> str:
    """Mask every ID number inside free text (audit summaries, error messages)."""
    return ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(1)), text)


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised ID number: joins records about one person without storing the ID."""
    normalised = (value or "").strip().upper()
    return hmac.new(settings.PII_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()
