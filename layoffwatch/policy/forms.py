from django import forms
from django.utils.translation import gettext_lazy as _

from layoffwatch.core.forms import DateInput

from .loader import parameter_files


def file_choices() -> list[tuple[str, str]]:
    """Every registered parameter file, the policy's own and the apps' (ADR 0092)."""
    return [(f.key, str(f.title)) for f in parameter_files()]


class RevisionForm(forms.Form):
    file_key = forms.ChoiceField(
        label=_("参数文件"),
        choices=file_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effective_date = forms.DateField(
        label=_("生效日期"),
        widget=DateInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        label=_("修订说明（依据的文件、会议纪要等）"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    yaml_text = forms.CharField(
        label=_("参数文件内容（YAML）"),
        widget=forms.Textarea(
            attrs={"rows": 30, "class": "form-control font-monospace small", "spellcheck": "false"}
        ),
        max_length=200_000,
    )


class TrialForm(forms.Form):
    """Try a one-time cut against the rules in force (the page's calculator; same as `policy grade`)."""

    cut = forms.IntegerField(label=_("一次性裁减人数（含派遣）"), min_value=0, max_value=10_000_000)
    staff = forms.IntegerField(
        label=_("职工总数（含派遣）"), min_value=1, max_value=10_000_000, required=False
    )
    dispatched = forms.IntegerField(
        label=_("其中派遣等人员"), min_value=0, max_value=10_000_000, required=False
    )
