"""One upload check for every attachment, and one way to hand a stored file back (ADR 0086).

A file is judged by its content, never by its name or the browser's type: PDF, Word (DOCX, DOC),
Excel (XLSX, XLS), JPEG or PNG, each field naming the kinds it takes. The size limit is the
kind's (settings.UPLOAD_MAX_BYTES). A refused file is stored nowhere: the form reports it with a
message naming the field, and the view audits the refusal (core.forms.form_refusal).
"""

import math
import unicodedata
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    label: str
    extension: str
    content_type: str


KINDS = {
    "pdf": Kind("PDF", ".pdf", "application/pdf"),
    "docx": Kind(
        "Word",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "doc": Kind("Word", ".doc", "application/msword"),
    "xlsx": Kind(
        "XLSX", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "xls": Kind("XLS", ".xls", "application/vnd.ms-excel"),
    "jpeg": Kind("JPG", ".jpg", "image/jpeg"),
    "png": Kind("PNG", ".png", "image/png"),
}

# What each kind of field takes.
SCAN = frozenset({"pdf", "jpeg", "png"})  # a scanned letter or photo (S3.1.1 书面报告)
DOCUMENT = frozenset({"pdf", "docx", "doc", "jpeg", "png"})  # a document: Word or a scan
SPREADSHEET = frozenset({"xlsx"})

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The main part an Office Open XML package declares in [Content_Types].xml.
_OOXML_MAIN = {
    b"wordprocessingml.document.main+xml": "docx",
    b"spreadsheetml.sheet.main+xml": "xlsx",
}
# The stream an OLE compound file of each kind holds (names are UTF-16 in its directory).
_OLE_STREAMS = {"WordDocument": "doc", "Workbook": "xls", "Book": "xls"}


def _ooxml_kind(f) -> str | None:
    try:
        with zipfile.ZipFile(f) as package:
            types = package.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return None
    for marker, kind in _OOXML_MAIN.items():
        if marker in types:
            return kind
    return None


def _ole_kind(data: bytes) -> str | None:
    for stream, kind in _OLE_STREAMS.items():
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return kind
    return None


def file_kind(f) -> str | None:
    """The kind of a file (an upload or a stored file, open for reading) by its content, or None;
    the file is left at its start."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            return _ooxml_kind(f)
        if head.startswith(_OLE):
            return _ole_kind(f.read())
        return None
    finally:
        f.seek(0)


def _kinds_text(kinds) -> str:
    return "、".join(dict.fromkeys(KINDS[k].label for k in sorted(kinds, key=list(KINDS).index)))


def _mb(limit: int) -> str:
    return f"{limit / 1048576:g}"


def _size_mb(size: int) -> str:
    return f"{math.ceil(size * 10 / 1048576) / 10:g}"  # rounded up: 10 MB and a byte is 10.1


def checked_upload(f, *, kinds: frozenset[str], what: str):
    """The upload if its content is one of `kinds` and within that kind's size limit, renamed to
    the kind's extension; otherwise a ValidationError naming the field (`what`) and the problem.
    Nothing is read beyond the largest limit: a huge file is refused by its size alone."""
    if not f:
        return f
    limits = settings.UPLOAD_MAX_BYTES
    if f.size > max(limits[k] for k in kinds):
        raise forms.ValidationError(
            _("%(what)s不能超过 %(mb)s MB（所传文件 %(size)s MB）")
            % {"what": what, "size": _size_mb(f.size), "mb": _mb(max(limits[k] for k in kinds))},
            code="upload_size",
        )
    kind = file_kind(f)
    if kind not in kinds:
        raise forms.ValidationError(
            _("%(what)s只能是 %(kinds)s 文件（按文件内容判断，与扩展名无关）")
            % {"what": what, "kinds": _kinds_text(kinds)},
            code="upload_kind",
        )
    if f.size > limits[kind]:
        raise forms.ValidationError(
            _("%(what)s（%(kind)s）不能超过 %(mb)s MB")
            % {"what": what, "kind": KINDS[kind].label, "mb": _mb(limits[kind])},
            code="upload_size",
        )
    f.name = safe_name(f.name, extension=KINDS[kind].extension)
    f.content_type = KINDS[kind].content_type
    return f


def safe_name(name: str, *, extension: str | None = None) -> str:
    """A file name without folders or control characters; with `extension`, ending in it."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem or "附件"  # a file name, the same in every language
    if extension is None:
        return base or stem
    return stem + extension


def file_download(file, *, name: str | None = None) -> FileResponse:
    """A stored file as a download: always an attachment under a safe name (RFC 5987 for
    Chinese names), its type from its content (unknown content is plain bytes), never sniffed."""
    handle = file.open("rb")
    kind = file_kind(handle)
    extension = KINDS[kind].extension if kind else None
    filename = safe_name(name or file.name, extension=extension)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=KINDS[kind].content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UploadField(forms.FileField):
    """A form's file field that takes `kinds` only (checked_upload); `what` names it in messages."""

    def __init__(self, *, kinds: frozenset[str], what, **kwargs):
        super().__init__(**kwargs)
        self.kinds, self.what = kinds, what

    def clean(self, data, initial=None):
        return checked_upload(super().clean(data, initial), kinds=self.kinds, what=str(self.what))


def upload_refusal(form) -> ValidationError | None:
    """The refusals of a bound form's upload fields as one ValidationError ("扫描件：…"), for
    audit_refusal; None when every file it was sent passed checked_upload."""
    lines = [
        f"{field.what}：{error}"
        for name, field in form.fields.items()
        if isinstance(field, UploadField)
        for error in form.errors.get(name, ())
    ]
    return ValidationError(lines) if lines else None
