"""A signal's history: each SignalEvent's summary is kept in Chinese with its recorded message
beside it in `data["message"]`, so the signal page says it in the reader's language (ADR 0100,
amended 2026-12-07 (2))."""

from __future__ import annotations

from layoffwatch.core.recorded import MESSAGE_KEY, Recorded, text_and_message

from ..models import SignalEvent


def signal_event(*, summary: Recorded | str, data: dict | None = None, **fields) -> SignalEvent:
    """An unsaved event (save it, or bulk_create a list); a plain-string summary (what a person
    typed) has no message and reads as written."""
    text, message = text_and_message(summary)
    return SignalEvent(
        summary=text[:500],
        data=(data or {}) | ({MESSAGE_KEY: message} if message else {}),
        **fields,
    )
