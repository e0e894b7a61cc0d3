"""ADR 0056: every date picker of every form is prefilled as YYYY-MM-DD (datetime pickers as
YYYY-MM-DDTHH:MM) on a Chinese page as on an English one — the only values a browser keeps."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.utils import translation

import layoffwatch

DAY = dt.date(2026, 12, 7)
MOMENT = dt.datetime(2026, 12, 7, 9, 30)
ISO = {"date": 'value="2026-12-07"', "datetime-local": 'value="2026-12-07T09:30"'}


def every_form() -> list[type[forms.BaseForm]]:
    for app in pkgutil.iter_modules(layoffwatch.__path__):
        for part in ("forms", "views"):
            try:
                importlib.import_module(f"layoffwatch.{app.name}.{part}")
            except ModuleNotFoundError as exc:
                if exc.name != f"layoffwatch.{app.name}.{part}":
                    raise
    found, todo = [], [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("layoffwatch."):
                found.append(sub)
    return found


def pickers() -> list[tuple[str, str, forms.Widget]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field.widget.input_type, field.widget)
        for form in every_form()
        for name, field in form.base_fields.items()
        if getattr(field.widget, "input_type", "") in ISO
    ]


def test_the_project_has_date_pickers_to_check():
    names = [name for name, _kind, _widget in pickers()]
    assert "layoffwatch.monitoring.forms.VerificationForm.contacted_on" in names
    assert "layoffwatch.monitoring.forms.ClueForm.received_on" in names
    assert "layoffwatch.rights.forms.RightsCaseForm.received_at" in names


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_picker_is_prefilled_in_iso_form_whatever_the_language(language):
    wrong = []
    with translation.override(language):
        for name, kind, widget in pickers():
            html = widget.render("x", DAY if kind == "date" else MOMENT)
            if ISO[kind] not in html:
                wrong.append(f"{name}: {html}")
    assert not wrong, wrong
