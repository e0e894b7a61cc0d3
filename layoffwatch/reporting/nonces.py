"""The public QR form's one-time nonces (ADR 0086, amending ADR 0040).

Showing the form stores nothing: the nonce is a random value bound to the QR link and signed with
a timestamp (django.core.signing), so anyone may open the form as often as they like. Only a
report actually sent records its nonce (FormNonce, with its receipt), so that a replayed or
double-tapped POST shows the first receipt instead of making a second report; those rows are kept
only while the nonce could still be sent (NONCE_MAX_AGE) and purged daily (tasks.py).
"""

import datetime as dt
import secrets

from django.core import signing
from django.db import IntegrityError, transaction

from .models import FormNonce, QrLink

# How long a shown form may be sent (the nonce's life) and a sent nonce's row is kept.
NONCE_MAX_AGE = dt.timedelta(days=1)
_SALT = "layoffwatch.reporting.public-form-nonce"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT)


def form_nonce_issue(*, link: QrLink) -> str:
    """A fresh signed nonce for one showing of the link's form; writes nothing."""
    return _signer().sign(f"{link.pk}.{secrets.token_urlsafe(16)}")


def form_nonce_read(*, link: QrLink, signed: str) -> tuple[str, dt.datetime] | None:
    """The nonce's random value and when it was issued, if `signed` is one this site issued for
    this link less than NONCE_MAX_AGE ago; None if it was altered, is for another link or expired."""
    signer = _signer()
    try:
        value = signer.unsign(signed or "", max_age=NONCE_MAX_AGE)
        issued = signing.b62_decode(signed.rsplit(signer.sep, 2)[1])
    except (signing.BadSignature, IndexError, ValueError):
        return None
    link_pk, _sep, random_part = value.partition(".")
    if link_pk != str(link.pk) or not random_part:
        return None
    return random_part, dt.datetime.fromtimestamp(issued, tz=dt.UTC)


def form_nonce_use(*, link: QrLink, value: str, issued_at: dt.datetime, at: dt.datetime):
    """Record that a report is being sent with this nonce (inside the caller's transaction).

    Returns (row, None) for the first use, or (None, earlier row) if the nonce was used before:
    a concurrent twin waits here on the unique value until the first commits (PostgreSQL), then
    finds its receipt.
    """
    try:
        with transaction.atomic():
            return FormNonce.objects.create(
                link=link, value=value, issued_at=issued_at, used_at=at
            ), None
    except IntegrityError:
        return None, FormNonce.objects.filter(link=link, value=value).first()


def form_nonces_purge(*, at: dt.datetime) -> int:
    """Delete the rows of nonces that can no longer be sent; returns how many."""
    deleted, _by_model = FormNonce.objects.filter(issued_at__lt=at - NONCE_MAX_AGE).delete()
    return deleted
