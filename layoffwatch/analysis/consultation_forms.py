"""The consultation form (plan S6.1): it reads the fields; the service checks them all at once and
names each problem's field (`consultations.consultation_record`), so every field is optional here
and only a value the browser cannot have sent (a date that is not one, an owner not offered) is
the form's to refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import Bootstrap, DateInput

from .consultations import action_key, input_key, owners
from .models import MonthlyAnalysis
from .organisations import organisation_choices

# blank action rows the form offers (ADR 0102): a page layout, not a limit of the service
ACTION_ROWS = 5


class OwnerChoice(forms.ModelChoiceField):
    """A bureau user by name, then unit (two 张伟 are told apart)."""

    def label_from_instance(self, user) -> str:
        return user.name_and_unit


class ConsultationForm(Bootstrap, forms.Form):
    held_on = forms.DateField(label=_("会商日期"), widget=DateInput(), required=False)
    subject = forms.CharField(label=_("议题"), max_length=200, required=False)
    analysis = forms.ModelChoiceField(
        label=_("研讨的月度分析"),
        queryset=MonthlyAnalysis.objects.all(),
        required=False,
        empty_label=_("（不关联）"),
        to_field_name="period",
    )
    participants = forms.MultipleChoiceField(
        label=_("参会单位"), required=False, widget=forms.CheckboxSelectMultiple
    )
    conclusions = forms.CharField(
        label=_("会商结论"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisation_choices()
        self.fields["participants"].choices = self.organisations
        self.fields["analysis"].label_from_instance = lambda a: a.period
        for code, name in self.organisations:
            self.fields[input_key(code)] = forms.CharField(
                label=name,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        people = owners()
        for n in range(1, ACTION_ROWS + 1):
            self.fields[action_key(n, "text")] = forms.CharField(
                label=_("事项%(n)s") % {"n": n}, max_length=300, required=False
            )
            self.fields[action_key(n, "owner")] = OwnerChoice(
                label=_("事项%(n)s的责任人") % {"n": n}, queryset=people, required=False
            )
            self.fields[action_key(n, "due_on")] = forms.DateField(
                label=_("事项%(n)s的完成时限") % {"n": n}, widget=DateInput(), required=False
            )
        for field in self.fields.values():  # Bootstrap styled the fields declared above only
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs = {"class": "form-check-input"}
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def input_fields(self):
        """(organisation's code, its textarea) in the form's order."""
        return [(code, self[input_key(code)]) for code, _name in self.organisations]

    def action_rows(self):
        """(number, text, owner, due date) bound fields of each row."""
        return [
            (
                n,
                self[action_key(n, "text")],
                self[action_key(n, "owner")],
                self[action_key(n, "due_on")],
            )
            for n in range(1, ACTION_ROWS + 1)
        ]

    def service_arguments(self) -> dict:
        """The cleaned form as `consultation_record`'s arguments; an action row left empty is no
        action."""
        data = self.cleaned_data
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            row = {
                "number": n,
                "text": data.get(action_key(n, "text")) or "",
                "owner": data.get(action_key(n, "owner")),
                "due_on": data.get(action_key(n, "due_on")),
            }
            if row["text"].strip() or row["owner"] or row["due_on"]:
                actions.append(row)
        return {
            "held_on": data.get("held_on"),
            "subject": data.get("subject") or "",
            "analysis": data.get("analysis"),
            "participants": list(data.get("participants") or []),
            "inputs": [
                {"organisation": code, "text": data.get(input_key(code)) or ""}
                for code, _name in self.organisations
            ],
            "conclusions": data.get("conclusions") or "",
            "actions": actions,
        }

    def add_refusal(self, exc) -> None:
        """The service's refusal onto the fields it names; the rest above the form."""
        for key, errors in exc.error_dict.items():
            self.add_error(key if key in self.fields else None, errors)
