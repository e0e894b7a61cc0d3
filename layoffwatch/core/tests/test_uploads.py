"""One upload check for every attachment (ADR 0086): a file is judged by its content against the
kinds its field takes, within the kind's size limit, whatever its name says."""

import importlib
import inspect
import io
import zipfile

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from layoffwatch.core.uploads import UploadField, file_kind, safe_name
from layoffwatch.reporting.forms import LayoffForm, StaffLayoffForm, StaffMonthlyForm
from layoffwatch.response.forms import FilingForm, NoteForm, OtherFilingForm, TaskNoteForm

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def ooxml(main: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/x" ContentType="application/vnd.openxmlformats-'
            f'officedocument.{main}.main+xml"/></Types>',
        )
    return out.getvalue()


def ole(stream: str) -> bytes:
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\0\0"
    )


# Every form with a file field, the field, what its messages call it, and how to build the form.
FORMS = [
    (LayoffForm, "resettlement_file", "职工安置方案附件", {}),
    (LayoffForm, "roster_file", "受影响职工名单", {}),
    (StaffLayoffForm, "attachment", "扫描件", {}),
    (StaffMonthlyForm, "attachment", "扫描件", {}),
    (NoteForm, "attachment", "附件", {}),
    (TaskNoteForm, "attachment", "附件", {}),
    (FilingForm, "document", "文书", {}),
    (OtherFilingForm, "document", "文书", {"bodies": []}),
]
# Spreadsheet imports are read row by row by their import service, which refuses a bad file with
# a message and an audit entry (ADR 0062, 0081); they are never stored as attachments or served.
IMPORTS = {
    "monitoring.UploadForm",
    "assistance.UploadForm",
    "enterprises.ImportForm",
    "opinion.ImportForm",  # public-opinion files, read item by item (opinion/reading.py, ADR 0107)
}


def bound(form_class, field, kwargs, upload):
    return form_class(data={}, files={field: upload}, **kwargs)


def test_every_file_field_of_every_form_is_an_upload_field_or_an_import():
    seen = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("layoffwatch."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field in cls.base_fields.values():
                if isinstance(field, forms.FileField) and not isinstance(field, UploadField):
                    seen.add(f"{config.label}.{name}")
    assert seen == IMPORTS


@pytest.mark.parametrize("form_class, field, what, kwargs", FORMS)
def test_it_refuses_a_web_page_renamed_pdf_by_its_content(form_class, field, what, kwargs):
    form = bound(form_class, field, kwargs, SimpleUploadedFile("通知.pdf", HTML))
    assert not form.is_valid()
    assert form.errors[field][0].startswith(f"{what}只能是 ")
    assert "按文件内容判断" in form.errors[field][0]


@pytest.mark.parametrize("form_class, field, what, kwargs", FORMS)
def test_it_refuses_a_file_just_over_the_size_limit(settings, form_class, field, what, kwargs):
    settings.UPLOAD_MAX_BYTES = dict.fromkeys(settings.UPLOAD_MAX_BYTES, 64 * 1024)
    upload = SimpleUploadedFile("大文件.html", HTML + b" " * (64 * 1024))
    form = bound(form_class, field, kwargs, upload)
    assert not form.is_valid()
    assert form.errors[field] == [f"{what}不能超过 0.0625 MB（所传文件 0.1 MB）"]


@pytest.mark.parametrize(
    "content, kind",
    [
        (PDF, "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "png"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 16, "jpeg"),
        (ooxml("wordprocessingml.document"), "docx"),
        (ooxml("spreadsheetml.sheet"), "xlsx"),
        (ole("WordDocument"), "doc"),
        (ole("Workbook"), "xls"),
        (b"PK\x03\x04 not really a zip", None),
        (HTML, None),
    ],
)
def test_it_knows_a_file_by_its_content(content, kind):
    assert file_kind(io.BytesIO(content)) == kind


def test_a_word_document_is_not_taken_as_a_roster_spreadsheet():
    form = LayoffForm(
        data={},
        files={"roster_file": SimpleUploadedFile("名单.xlsx", ooxml("wordprocessingml.document"))},
    )
    assert not form.is_valid()
    assert form.errors["roster_file"][0].startswith("受影响职工名单只能是 XLSX 文件")


def test_an_accepted_file_takes_the_extension_of_its_content():
    form = NoteForm(data={}, files={"attachment": SimpleUploadedFile("../../通知\x07.html", PDF)})
    assert form.is_valid()
    assert form.cleaned_data["attachment"].name == "通知.pdf"


@pytest.mark.parametrize(
    "name, safe",
    [
        ("response/steps/2026/03/处置方案.pdf", "处置方案.pdf"),
        ("..\\..\\etc\\passwd", "passwd"),
        ("报告\r\nSet-Cookie: x.pdf", "报告Set-Cookie: x.pdf"),
        ("", "附件"),
    ],
)
def test_a_served_name_has_no_folders_or_control_characters(name, safe):
    assert safe_name(name) == safe
