"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import fields as model_fields
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The only value an <input type=date> / <input type=datetime-local> accepts (HTML spec), whatever
# the page's language: Django's default is the language's first DATE_INPUT_FORMATS entry, which
# for zh-hans is "2026/12/07" — the browser drops it and shows an empty field (ADR 0056).
ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


# The empty choice of every select a form builds from a model (a field with choices, a foreign
# key): Django's default is "---------"; staff read "（请选择）".
EMPTY_CHOICE_LABEL = gettext_lazy("（请选择）")


def use_chinese_empty_choice() -> None:
    """Make EMPTY_CHOICE_LABEL the empty choice of every form select, once at start-up
    (CoreConfig.ready): a model field's choices take Django's shared BLANK_CHOICE_DASH (changed
    in place, as its default argument holds that list), a foreign key's ModelChoiceField its
    `empty_label` default. A form that names its own empty label keeps it."""
    model_fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
    forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE_LABEL


class DateInput(forms.DateInput):
    """A browser date picker, prefilled as YYYY-MM-DD. Every date field of the project uses it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    """A browser date-and-time picker, prefilled as YYYY-MM-DDTHH:MM (the form's DateTimeField
    reads that form back: Django parses ISO 8601 before the language's formats)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


class Bootstrap:
    """Mixin: Bootstrap 5 classes on every widget (small controls, as on the project's pages),
    and an empty required field's message names the field ("请填写核实日期")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
                missing = _("请勾选%(label)s")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
                missing = _("请选择%(label)s")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
                missing = _("请填写%(label)s")
            if field.required and field.label:
                field.error_messages["required"] = missing % {"label": field.label}


def form_refusal(form: forms.BaseForm) -> ValidationError:
    """A form's errors as one ValidationError ("核实日期：请填写核实日期"), for audit_refusal: a
    form refused before its service ran is audited like one the service refused (STYLE)."""
    return ValidationError(
        [
            f"{form.fields[name].label}：{error}" if name in form.fields else str(error)
            for name, errors in form.errors.items()
            for error in errors
        ]
    )


def search_text(raw: str | None, *, max_length: int = 80) -> str:
    """The words of a search box read straight from the query string: control characters (NUL,
    which PostgreSQL refuses in text) dropped, trimmed, at most `max_length` characters."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return text.strip()[:max_length]
