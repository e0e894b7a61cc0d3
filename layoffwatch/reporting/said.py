"""The messages of a bulk upload's and a roster's check (ADR 0100, amended 2026-12-07 (2)):
shown at once on the page that submitted the file, in the reader's language, and written into
the audit log in Chinese, the bureau's words.

`said(msgid, **params)` is a lazy string: it renders `msgid` with `params` (as
`core.recorded.recorded` keeps them: a `Recorded` nested, a list by `listed`, a lazy label as a
term, names and what the file holds verbatim) in the language active when it is read — the
reader's on the page, Chinese where the audit entry is written under
`translation.override(settings.LANGUAGE_CODE)`. The Chinese reads as the f-strings did.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import Promise, lazy
from django.utils.translation import override

from layoffwatch.core.recorded import Recorded, joined, recorded, shown

_shown = lazy(shown, str)
_joined = lazy(joined, str)


def said(msgid: str, **params):
    """`msgid` with `params`, in the language active when it is read (see the module's note)."""
    message = recorded(msgid, **params)
    return _shown(message.message, message.text)


def said_list(items, sep: str = "、"):
    """Names listed by the reader's separator (、 or ", "), when read."""
    return _joined(list(items), sep)


def error_said(exc: ValidationError) -> Recorded | str:
    """The first message of a validator's error (`core.validators`: a lazy msgid with params) to
    quote in another message, said again when read; a plain message as it is."""
    error = exc.error_list[0]
    if not isinstance(error.message, Promise):
        return exc.messages[0]
    with override(settings.LANGUAGE_CODE):
        msgid = str(error.message)  # the source language: a msgid reads as itself
    return recorded(msgid, **(error.params or {}))
